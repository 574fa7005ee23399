from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kim.accounts import views as account_views
from kim.core import language as core_language
from kim.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/login/",
        account_views.LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("kim.accounts.urls")),
    path("directory/", include("kim.directory.urls")),
    path("cases/", include("kim.cases.urls")),
    path("hurdles/", include("kim.hurdles.urls")),
    path("staffing/", include("kim.staffing.urls")),
    path("governance/", include("kim.governance.urls")),
    path("targetsystems/", include("kim.targetsystems.urls")),
    path("reports/", include("kim.reports.urls")),
    path("residence/", include("kim.residence.urls")),
    path("api/", include("kim.api.urls")),
    path("audit/", include("kim.audit.urls")),
    path("privacy/", include("kim.privacy.urls")),
    # the header's language switch; also stores the choice on the user (kim/core/language.py)
    path("i18n/setlang/", core_language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
