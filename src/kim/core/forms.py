"""Form rendering with KERN UX markup.

Every field renders as label, optional hint, the input, and a German error message. Django links
hint and error to the input (``aria-describedby``) and sets ``aria-invalid`` (WCAG 3.3.1); the
templates give the matching ids ``<id>_helptext`` and ``<id>_error``.
"""

from html import escape as escape_text

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class KernFormRenderer(DjangoTemplates):
    form_template_name = "kim/forms/form.html"
    field_template_name = "kim/forms/field.html"


def _kern_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


class KernFormMixin:
    """Adds the KERN classes to the widgets of a form, and their error variant after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = _kern_class(field.widget)
            if css:
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = _kern_class(widget)
                if css and f"{css}--error" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] += f" {css}--error"


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass


class QuickSelect(forms.Select):
    """A select that writes its options in Python instead of one template per option.

    The same markup as ``forms.Select`` (also with option groups); in a state-wide installation a
    filter lists some 1,000 case managers or 400 municipalities, which Django's option
    templates took tens of milliseconds per page to render (issue #12). Every value and label is
    escaped here."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}

        def options(choices):
            # the standard library's escape on plain strings (what Django's escape does, without
            # its lazy-string wrapper: 1,400 options, two calls each)
            return "".join(
                f'<option value="{escape_text(key)}"{" selected" if key in selected else ""}>'
                f"{escape_text(str(label))}</option>"
                for key, label in ((str(v), label) for v, label in choices)
            )

        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(
                    f'<optgroup label="{escape(group_value)}">{options(group_label)}</optgroup>'
                )
            else:
                parts.append(options([(group_value, group_label)]))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),
        )


class ValuesChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a ``QuickModelChoiceField`` from one ``values_list`` query: no model
    instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, self.field.label_from_values(*values))


class QuickModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` for long lists (1,000 case managers, 400 municipalities in a state,
    issue #12): the options are read with ``values_list`` and written by ``QuickSelect``.
    ``label_fields`` are read for each option and ``label_from_values(*values)`` makes the label
    from them; it must give what ``str(instance)`` gives (default: the first field, e.g. a
    name). Validation is that of ``ModelChoiceField``."""

    widget = QuickSelect
    iterator = ValuesChoiceIterator
    label_fields = ("name",)

    def __init__(self, *args, label_fields=None, **kwargs):
        if label_fields is not None:
            self.label_fields = tuple(label_fields)
        super().__init__(*args, **kwargs)

    def label_from_values(self, *values):
        return str(values[0])


class PersonChoiceField(QuickModelChoiceField):
    """Users by their full name, or user name without one (as ``User.__str__``)."""

    label_fields = ("first_name", "last_name", "username")

    def label_from_values(self, first_name, last_name, username):
        return f"{first_name} {last_name}".strip() or username
