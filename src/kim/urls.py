from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kim.accounts.forms import LoginForm
from kim.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("directory/", include("kim.directory.urls")),
    path("cases/", include("kim.cases.urls")),
    path("hurdles/", include("kim.hurdles.urls")),
    path("staffing/", include("kim.staffing.urls")),
    path("governance/", include("kim.governance.urls")),
    path("targetsystems/", include("kim.targetsystems.urls")),
    path("reports/", include("kim.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
