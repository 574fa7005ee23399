from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    pass


class SecondFactorForm(KernForm):
    """The six-digit code of the authenticator app (spaces, as some apps show them, are fine)."""

    code = forms.CharField(
        label=_("Code aus der Authenticator-App"),
        help_text=_("Sechs Ziffern; die App zeigt alle 30 Sekunden einen neuen Code."),
        max_length=9,
        error_messages={
            "required": _("Bitte geben Sie den Code ein."),
            "max_length": _("Der Code hat sechs Ziffern."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Der Code besteht aus sechs Ziffern."))
        return code


class KimPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    pass
