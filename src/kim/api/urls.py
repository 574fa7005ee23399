"""URLs of the REST API (``/api/v1/…``) and of the page "API-Zugänge" (``/api/tokens/``).

The API is versioned in the path: a change that breaks clients gets ``v2`` beside ``v1``."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import problems
from .views import cases, controlling, directory, hurdles, tokens

app_name = "api"

v1 = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    # Swagger UI with its start script as a file of its own: no inline script (CSP)
    path(
        "docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    # directory and responsibility finder
    path("municipalities/", directory.MunicipalityList.as_view(), name="municipality-list"),
    path(
        "municipalities/<int:pk>/",
        directory.MunicipalityDetail.as_view(),
        name="municipality-detail",
    ),
    path("organisations/", directory.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/",
        directory.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path("offices/", directory.OfficeList.as_view(), name="office-list"),
    path("offices/<int:pk>/", directory.OfficeDetail.as_view(), name="office-detail"),
    path("services/", directory.ServiceList.as_view(), name="service-list"),
    path("services/<int:pk>/", directory.ServiceDetail.as_view(), name="service-detail"),
    path("responsibilities/", directory.ResponsibilityList.as_view(), name="responsibility-list"),
    path(
        "responsibilities/<int:pk>/",
        directory.ResponsibilityDetail.as_view(),
        name="responsibility-detail",
    ),
    path("legal-domains/", directory.LegalDomainList.as_view(), name="legaldomain-list"),
    path("service-types/", directory.ServiceTypeList.as_view(), name="servicetype-list"),
    path("finder/", directory.Finder.as_view(), name="finder"),
    # clients and cases
    path("clients/", cases.ClientList.as_view(), name="client-list"),
    path("clients/<int:pk>/", cases.ClientDetail.as_view(), name="client-detail"),
    path("cases/", cases.CaseList.as_view(), name="case-list"),
    path("cases/<int:pk>/", cases.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:pk>/goals/", cases.CaseGoals.as_view(), name="case-goals"),
    path("cases/<int:pk>/referrals/", cases.CaseReferrals.as_view(), name="case-referrals"),
    path("cases/<int:pk>/contacts/", cases.CaseContacts.as_view(), name="case-contacts"),
    # system level
    path("hurdle-reports/", hurdles.ReportList.as_view(), name="hurdlereport-list"),
    path("hurdle-reports/<int:pk>/", hurdles.ReportDetail.as_view(), name="hurdlereport-detail"),
    path("topics/", hurdles.TopicList.as_view(), name="topic-list"),
    path("topics/<int:pk>/", hurdles.TopicDetail.as_view(), name="topic-detail"),
    path("themes/", hurdles.ThemeList.as_view(), name="theme-list"),
    path("themes/<int:pk>/", hurdles.ThemeDetail.as_view(), name="theme-detail"),
    # state controlling
    path("controlling/", controlling.Controlling.as_view(), name="controlling"),
    # anything else under v1/ that ends with a slash (also with control characters in it): 404
    # as problem+json; without the slash, CommonMiddleware first redirects to the path with slash
    re_path(r"^(?:[\s\S]*/)?\Z", problems.not_found, name="not-found"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
