from django.contrib.auth.forms import AuthenticationForm

from kim.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    pass
