"""Directory of integration actors (concept § 2.3, § 2.4; DOMAIN.md § 1).

Who is responsible for what in which municipality: municipalities, legal domains, organisations
with their offices and services, and the responsibilities that connect them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .queries import DirectoryQuerySet, ResponsibilityQuerySet

AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(130)]


class AgeBand(models.Model):
    """An optional age band in full years, both ends inclusive (e.g. JMD: 12 to 27)."""

    min_age = models.PositiveSmallIntegerField(
        _("Alter von"), null=True, blank=True, validators=AGE_VALIDATORS
    )
    max_age = models.PositiveSmallIntegerField(
        _("Alter bis"), null=True, blank=True, validators=AGE_VALIDATORS
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError(
                {"max_age": _("„Alter bis“ darf nicht kleiner sein als „Alter von“.")}
            )

    @property
    def age_band_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return ""
        if self.max_age is None:
            return _("ab %(min)s Jahren") % {"min": self.min_age}
        if self.min_age is None:
            return _("bis %(max)s Jahre") % {"max": self.max_age}
        return _("%(min)s bis %(max)s Jahre") % {"min": self.min_age, "max": self.max_age}

    def covers_age(self, age: int | None) -> bool:
        if age is None:
            return True
        return (self.min_age is None or self.min_age <= age) and (
            self.max_age is None or age <= self.max_age
        )

    @staticmethod
    def age_band_constraint(name):
        return models.CheckConstraint(
            condition=Q(min_age__isnull=True)
            | Q(max_age__isnull=True)
            | Q(min_age__lte=models.F("max_age")),
            name=name,
            violation_error_message=_("„Alter bis“ darf nicht kleiner sein als „Alter von“."),
        )


class District(models.Model):
    """The Kreis that runs this installation (one installation serves one district)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    key = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Der Kreisschlüssel hat genau 5 Ziffern."))],
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A kreisangehörige Kommune, identified by its official municipality key (AGS)."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("Kreis")
    )
    name = models.CharField(_("Name"), max_length=200)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{8}$", _("Der AGS hat genau 8 Ziffern."))],
        help_text=_("8 Ziffern, z. B. 05962024 für Iserlohn."),
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="municipality_unique_name_per_district",
                violation_error_message=_("Diese Kommune gibt es in diesem Kreis schon."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:municipality_detail", args=[self.pk])


class PopulationFigures(models.Model):
    """Population statistics of a municipality for one year (basis of the distribution key)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("Kommune"),
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    inhabitants = models.PositiveIntegerField(_("Einwohner:innen"))
    without_german_citizenship = models.PositiveIntegerField(_("ohne deutsche Staatsangehörigkeit"))
    without_eu_citizenship = models.PositiveIntegerField(
        _("davon ohne Staatsangehörigkeit eines EU-Staates")
    )
    immigration = models.PositiveIntegerField(_("Zuzüge"))
    asylum_applications = models.PositiveIntegerField(_("Asylanträge"))
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einwohnerstatistik")
        verbose_name_plural = _("Einwohnerstatistiken")
        ordering = ["municipality__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="population_figures_unique_year",
                violation_error_message=_(
                    "Für diese Kommune und dieses Jahr gibt es schon Zahlen."
                ),
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.without_german_citizenship is not None
            and self.inhabitants is not None
            and self.without_german_citizenship > self.inhabitants
        ):
            errors["without_german_citizenship"] = _(
                "Es können nicht mehr Menschen ohne deutsche Staatsangehörigkeit als "
                "Einwohner:innen sein."
            )
        if (
            self.without_eu_citizenship is not None
            and self.without_german_citizenship is not None
            and self.without_eu_citizenship > self.without_german_citizenship
        ):
            errors["without_eu_citizenship"] = _(
                "Diese Zahl ist eine Teilmenge der Menschen ohne deutsche Staatsangehörigkeit "
                "und kann nicht größer sein."
            )
        if errors:
            raise ValidationError(errors)


class LegalDomain(models.Model):
    """A Rechtskreis: SGB II, SGB III, SGB VIII, SGB XII, AsylbLG, AufenthG, StAG, …"""

    code = models.CharField(_("Kürzel"), max_length=30, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rechtskreis")
        verbose_name_plural = _("Rechtskreise")
        ordering = ["ordering", "code"]

    def __str__(self):
        return f"{self.code} – {self.display_name}"

    @property
    def display_name(self):
        """The name in the user's language (the initial names have English, see
        reference_names.py); a name the district added itself as entered."""
        return gettext(self.name) if self.name else ""


class OrganisationType(models.TextChoices):
    AUTHORITY = "authority", _("Behörde")
    JOBCENTER = "jobcenter", _("Jobcenter")
    EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
    WELFARE = "welfare", _("Freie Wohlfahrtspflege")
    EDUCATION = "education", _("Bildungsträger")
    MIGRANT_ORGANISATION = "mso", _("Migrantenselbstorganisation")
    VOLUNTEER = "volunteer", _("Ehrenamtliche Initiative")
    SCHOOL = "school", _("Schule")
    OTHER = "other", _("Sonstige")


class Organisation(models.Model):
    """An institution or provider (Träger): authority, welfare organisation, VHS, MSO, …"""

    name = models.CharField(_("Name"), max_length=300, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    type = models.CharField(
        _("Art"), max_length=30, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnete Organisation"),
    )
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    notes = models.TextField(_("Hinweise"), blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Office(models.Model):
    """A place of an organisation (Dienststelle, Beratungsstelle) with address and hours."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("Organisation"),
    )
    name = models.CharField(_("Bezeichnung"), max_length=300)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("Kommune (Standort)"),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Die Postleitzahl hat genau 5 Ziffern."))],
    )
    # the town of an address; "Ort" of an appointment or a meeting is its place
    city = models.CharField(pgettext_lazy("Adresse", "Ort"), max_length=100, blank=True)
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dienststelle")
        verbose_name_plural = _("Dienststellen")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="office_unique_name_per_organisation",
                violation_error_message=_(
                    "Diese Organisation hat schon eine Dienststelle mit diesem Namen."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street, " ".join(p for p in [self.postal_code, self.city] if p)]
        return [line for line in lines if line]


class ServiceType(models.Model):
    """A kind of offer that several providers run (Angebotsart): MBE, JMD, Integrationskurs, …

    The finder asks for a need by its kind ("MBE in Menden"), not by one provider's offer.
    """

    code = models.CharField(_("Kürzel"), max_length=30, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Angebotsart")
        verbose_name_plural = _("Angebotsarten")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the user's language (the initial names have English, see
        reference_names.py); a name the district added itself as entered."""
        return gettext(self.name) if self.name else ""


class Service(AgeBand):
    """An offer or benefit (Angebot/Leistung) of one provider: the MBE of the Caritas, …"""

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("Träger")
    )
    type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("Angebotsart"),
    )
    name = models.CharField(_("Bezeichnung"), max_length=300)
    legal_domain = models.ForeignKey(
        LegalDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("Rechtskreis"),
    )
    target_group = models.CharField(_("Zielgruppe"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["name", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"],
                name="service_unique_name_per_provider",
                violation_error_message=_("Dieser Träger hat schon ein Angebot mit diesem Namen."),
            ),
            AgeBand.age_band_constraint("service_age_band_ordered"),
        ]

    def __str__(self):
        return f"{self.name} – {self.provider.short_name or self.provider.name}"


class ResponsibilityStatus(models.TextChoices):
    KNOWN = "known", _("bekannt")
    UNKNOWN = "unknown", _("unbekannt")


class Responsibility(AgeBand):
    """Which office answers for a legal domain or a service in a municipality (Zuständigkeit).

    Exactly one of ``legal_domain`` and ``service`` is set. ``status = unknown`` records that the
    sources do not say who serves this municipality: the finder then says "unbekannt" instead of
    inventing an answer (concept § 2.4).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("Kommune"),
    )
    legal_domain = models.ForeignKey(
        LegalDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Rechtskreis"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Angebot"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("zuständige Dienststelle"),
    )
    status = models.CharField(
        _("Stand"),
        max_length=10,
        choices=ResponsibilityStatus.choices,
        default=ResponsibilityStatus.KNOWN,
    )
    note = models.CharField(_("Hinweis"), max_length=500, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["municipality__name", "legal_domain__ordering", "service__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(legal_domain__isnull=False) & Q(service__isnull=True))
                | (Q(legal_domain__isnull=True) & Q(service__isnull=False)),
                name="responsibility_for_legal_domain_xor_service",
                violation_error_message=_(
                    "Eine Zuständigkeit gilt entweder für einen Rechtskreis oder für ein Angebot."
                ),
            ),
            models.CheckConstraint(
                condition=Q(office__isnull=False) | Q(status=ResponsibilityStatus.UNKNOWN),
                name="responsibility_known_has_office",
                violation_error_message=_(
                    "Bitte wählen Sie die zuständige Dienststelle oder setzen Sie den Stand "
                    "auf „unbekannt“."
                ),
            ),
            AgeBand.age_band_constraint("responsibility_age_band_ordered"),
        ]

    def __str__(self):
        need = self.legal_domain.code if self.legal_domain_id else str(self.service)
        target = self.office or _("unbekannt")
        return f"{self.municipality}: {need} → {target}"

    @property
    def need_label(self) -> str:
        return str(self.legal_domain) if self.legal_domain_id else str(self.service)

    @property
    def effective_age_band_label(self) -> str:
        """The responsibility's own age band, else its service's (JMD: 12 to 27 Jahre)."""
        if self.age_band_label:
            return self.age_band_label
        return self.service.age_band_label if self.service_id else ""

    @property
    def is_unknown(self) -> bool:
        return self.status == ResponsibilityStatus.UNKNOWN

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.legal_domain_id) == bool(self.service_id):
            errors["service"] = _(
                "Bitte wählen Sie entweder einen Rechtskreis oder ein Angebot – nicht beides "
                "und nicht keins."
            )
        if self.status == ResponsibilityStatus.KNOWN and not self.office_id:
            errors["office"] = _(
                "Bitte wählen Sie die zuständige Dienststelle oder setzen Sie den Stand "
                "auf „unbekannt“."
            )
        if self.status == ResponsibilityStatus.UNKNOWN and self.office_id:
            errors["status"] = _("Eine Zuständigkeit mit Dienststelle kann nicht „unbekannt“ sein.")
        if errors:
            raise ValidationError(errors)


class ContactRole(models.TextChoices):
    INTEGRATION_OFFICER = "integration_officer", _("Integrationsbeauftragte:r")
    HEAD = "head", _("Leitung")
    ADVISOR = "advisor", _("Beratung")
    OTHER = "other", _("Ansprechperson")


class ContactPerson(models.Model):
    """A named contact at an organisation, e.g. a municipality's integration officer (§ 2.4)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("Organisation"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_persons",
        verbose_name=_("Dienststelle"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_persons",
        verbose_name=_("für Kommune"),
    )
    role = models.CharField(
        _("Funktion"), max_length=30, choices=ContactRole.choices, default=ContactRole.OTHER
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    job_title = models.CharField(_("Stellenbezeichnung"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(role="integration_officer"),
                name="one_integration_officer_per_municipality",
                violation_error_message=_(
                    "Für diese Kommune ist schon eine Integrationsbeauftragte oder ein "
                    "Integrationsbeauftragter eingetragen."
                ),
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        super().clean()
        if self.role == ContactRole.INTEGRATION_OFFICER and not self.municipality_id:
            raise ValidationError(
                {
                    "municipality": _(
                        "Bitte geben Sie die Kommune der oder des Integrationsbeauftragten an."
                    )
                }
            )
        if (
            self.office_id
            and self.organisation_id
            and self.office.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"office": _("Die Dienststelle gehört nicht zu der gewählten Organisation.")}
            )
