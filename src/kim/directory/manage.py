"""What administration maintains in the directory: one table, read by the generic manage views."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import forms, models


@dataclass(frozen=True)
class ManagedKind:
    slug: str
    model: type
    form_class: type
    columns: tuple[tuple[str, str], ...]  # (label, attribute path)
    select_related: tuple[str, ...] = ()

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def label_singular(self):
        return self.model._meta.verbose_name

    def row(self, obj) -> list:
        return [cell(obj, path) for _label, path in self.columns]

    def perm(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"


KINDS = [
    ManagedKind(
        "municipalities",
        models.Municipality,
        forms.MunicipalityForm,
        ((_("Name"), "name"), (_("AGS"), "ags"), (_("Kreis"), "district")),
        ("district",),
    ),
    ManagedKind(
        "population-figures",
        models.PopulationFigures,
        forms.PopulationFiguresForm,
        (
            (_("Kommune"), "municipality"),
            (_("Jahr"), "year"),
            (_("Einwohner:innen"), "inhabitants"),
            (_("ohne dt. Staatsangehörigkeit"), "without_german_citizenship"),
        ),
        ("municipality",),
    ),
    ManagedKind(
        "legal-domains",
        models.LegalDomain,
        forms.LegalDomainForm,
        ((_("Kürzel"), "code"), (_("Bezeichnung"), "name")),
    ),
    ManagedKind(
        "organisations",
        models.Organisation,
        forms.OrganisationForm,
        ((_("Name"), "name"), (_("Art"), "get_type_display")),
    ),
    ManagedKind(
        "offices",
        models.Office,
        forms.OfficeForm,
        (
            (_("Bezeichnung"), "name"),
            (_("Organisation"), "organisation"),
            (_("Kommune"), "municipality"),
        ),
        ("organisation", "municipality"),
    ),
    ManagedKind(
        "service-types",
        models.ServiceType,
        forms.ServiceTypeForm,
        ((_("Kürzel"), "code"), (_("Bezeichnung"), "name")),
    ),
    ManagedKind(
        "services",
        models.Service,
        forms.ServiceForm,
        ((_("Bezeichnung"), "name"), (_("Träger"), "provider"), (_("Alter"), "age_band_label")),
        ("provider", "type"),
    ),
    ManagedKind(
        "responsibilities",
        models.Responsibility,
        forms.ResponsibilityForm,
        (
            (_("Kommune"), "municipality"),
            (_("Bedarf"), "need_label"),
            (_("Dienststelle"), "office"),
            (_("Stand"), "get_status_display"),
        ),
        ("municipality", "legal_domain", "service__provider", "office"),
    ),
    ManagedKind(
        "contact-persons",
        models.ContactPerson,
        forms.ContactPersonForm,
        (
            (_("Name"), "__str__"),
            (_("Funktion"), "get_role_display"),
            (_("Organisation"), "organisation"),
            (_("Kommune"), "municipality"),
        ),
        ("organisation", "municipality"),
    ),
]

KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


def cell(obj, path: str):
    value = obj
    for part in path.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value
