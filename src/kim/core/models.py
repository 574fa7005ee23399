"""Shared model behaviour (no models of its own)."""

from django.utils.encoding import force_str


class QuickChoiceLabels:
    """``get_<field>_display()`` from a table of labels made once per field.

    Django builds the table of a field's choices anew on every call (some 35 µs); a list of 50
    cases with their phase took about 2 ms for it (issue #12). The labels stay lazy, so each call
    gives the label in the active language; a value without a choice is given back as it is, as
    in Django."""

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_kim_choice_labels")
        if labels is None:
            labels = field._kim_choice_labels = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)
