"""Second factor, "Mein Konto" and "Anmeldesicherheit" (``/accounts/…``). Login and logout keep
their names ``login`` and ``logout`` in ``kim/urls.py``."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("second-factor/", views.second_factor_verify, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("me/", views.account, name="account"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/end-all-sessions/", views.end_all_sessions, name="end_all_sessions"),
    path("security/", views.login_security, name="login_security"),
    path(
        "security/<int:pk>/reset-second-factor/",
        views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("security/unlock/", views.unlock_login, name="unlock_login"),
]
