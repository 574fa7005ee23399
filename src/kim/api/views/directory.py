"""The directory and the responsibility finder. Who may read it: the role permissions
``directory.view_*`` (``DirectoryQuerySet.visible_to``), as on the web pages."""

from drf_spectacular.utils import extend_schema

from kim.directory.forms import LEGAL_DOMAIN_PREFIX, SERVICE_TYPE_PREFIX, FinderForm
from kim.directory.models import (
    LegalDomain,
    Municipality,
    Office,
    Organisation,
    Responsibility,
    Service,
    ServiceType,
)

from .. import forms
from ..serializers import directory as s
from .base import DetailView, ListView

TAG = ["Verzeichnis"]


class DirectoryView:
    """List or detail of one directory model, for users with its view permission."""

    model = None
    select_related: tuple[str, ...] = ()

    @property
    def required_permissions(self):
        opts = self.model._meta
        return (f"{opts.app_label}.view_{opts.model_name}",)

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


def directory_views(model, serializer, *, filter_form=None, select_related=(), summary=""):
    """The list and the detail view of a directory model."""
    attrs = {
        "model": model,
        "serializer_class": serializer,
        "select_related": select_related,
    }
    name = model.__name__
    list_view = type(
        f"{name}List", (DirectoryView, ListView), {**attrs, "filter_form": filter_form}
    )
    detail_view = type(f"{name}Detail", (DirectoryView, DetailView), attrs)
    plural = str(model._meta.verbose_name_plural)
    singular = str(model._meta.verbose_name)
    return (
        extend_schema(tags=TAG, summary=summary or plural)(list_view),
        extend_schema(tags=TAG, summary=singular)(detail_view),
    )


MunicipalityList, MunicipalityDetail = directory_views(
    Municipality, s.MunicipalitySerializer, select_related=("district",)
)
OrganisationList, OrganisationDetail = directory_views(
    Organisation, s.OrganisationSerializer, filter_form=forms.OrganisationFilterForm
)
OfficeList, OfficeDetail = directory_views(
    Office, s.OfficeSerializer, filter_form=forms.OfficeFilterForm
)
ServiceList, ServiceDetail = directory_views(
    Service,
    s.ServiceSerializer,
    filter_form=forms.ServiceFilterForm,
    select_related=("type", "legal_domain"),
)
ResponsibilityList, ResponsibilityDetail = directory_views(
    Responsibility,
    s.ResponsibilitySerializer,
    filter_form=forms.ResponsibilityFilterForm,
    select_related=("legal_domain",),
)
LegalDomainList = directory_views(LegalDomain, s.LegalDomainSerializer)[0]
ServiceTypeList = directory_views(ServiceType, s.ServiceTypeSerializer)[0]


@extend_schema(
    tags=TAG,
    summary="Zuständigkeitsfinder",
    description=(
        "Kommune + Bedarf (+ Alter) → zuständige Stellen mit Adresse und Kontakt, wie auf der "
        "Seite „Zuständigkeitsfinder“. Ein Eintrag mit `status` „unknown“ heißt: Die Quellen "
        "sagen nicht, wer zuständig ist. Eine leere Liste heißt: Keine Zuständigkeit hinterlegt."
    ),
)
class Finder(ListView):
    required_permissions = ("directory.view_responsibility",)
    serializer_class = s.FinderResultSerializer
    filter_form = FinderForm
    filter_schema = {
        "need": {
            "type": "string",
            "pattern": f"^({LEGAL_DOMAIN_PREFIX}|{SERVICE_TYPE_PREFIX})-[0-9]+$",
            "description": (
                f"„{LEGAL_DOMAIN_PREFIX}-<ID>“ für einen Rechtskreis (/legal-domains/) oder "
                f"„{SERVICE_TYPE_PREFIX}-<ID>“ für eine Angebotsart (/service-types/)"
            ),
        }
    }

    def get_queryset(self):
        return Responsibility.objects.visible_to(self.request.user)

    def apply_filter_form(self, form, queryset):
        # the web finder's own query (directory.views.finder)
        return queryset.for_need(form.cleaned_data["municipality"], **form.search_kwargs())
