"""Case management (Baustein 2, concept § 3.4, § 3.6; DOMAIN.md § 3).

A client (Klient:in) with an immigration history and a need for advice gets a case (Fall) with one
responsible case manager, who works it through the phases of ``workflow.py``.

Every model here that belongs to a case returns ``{"case_id": …}`` from ``get_additional_data``,
so django-auditlog files its change history under the case, and the case page shows one history.

Free texts that can hold health or residence details (assessments, notes, referral reasons and
outcomes, the legal basis of a residence) are ``Encrypted…Field``s: stored encrypted, readable in
Python as usual, but not searchable or sortable in the database (``kim/core/encryption.py``).
Names are not encrypted: the search by name works on them.
"""

import datetime

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from kim.core import dates
from kim.core.encryption import EncryptedCharField, EncryptedTextField
from kim.core.models import QuickChoiceLabels

from .names import name_key
from .queries import (
    ActionQuerySet,
    CaseQuerySet,
    ClientQuerySet,
    ConsentQuerySet,
    RelatedToCaseQuerySet,
)


class LifeDomain(models.Model):
    """Lebensbereich: residence, language, education/school, training/work, housing, health,
    family/childcare, finances/benefits, social participation (DOMAIN.md § 3)."""

    code = models.SlugField(_("Kürzel"), max_length=30, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Lebensbereich")
        verbose_name_plural = _("Lebensbereiche")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the user's language (the seeded names have English, see
        reference_names.py); a name the district added itself as entered."""
        return gettext(self.name) if self.name else ""


class ResidenceStatus(models.Model):
    """A maintained list of residence titles (Aufenthaltsstatus)."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=150, unique=True)
    needs_section = models.BooleanField(
        _("mit Rechtsgrundlage"),
        default=False,
        help_text=_(
            "z. B. Aufenthaltserlaubnis: der Paragraf (§ 25 Abs. 2 AufenthG) wird erfasst."
        ),
    )
    group = models.CharField(
        _("Gruppe für Statistiken"),
        max_length=30,
        choices=[
            ("asylum", _("Asylverfahren/Duldung")),
            ("temporary", _("befristeter Aufenthalt")),
            ("permanent", _("unbefristeter Aufenthalt")),
            ("eu", _("EU-Freizügigkeit")),
            ("german", _("deutsche Staatsangehörigkeit")),
            ("other", _("sonstiges")),
        ],
        default="other",
    )
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Aufenthaltsstatus")
        verbose_name_plural = _("Aufenthaltsstatus")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the user's language (the seeded names have English, see
        reference_names.py); a name the district added itself as entered."""
        return gettext(self.name) if self.name else ""


class Language(models.Model):
    """A language a client speaks (ISO 639 code), as a maintained list."""

    code = models.CharField(_("ISO-639-Code"), max_length=8, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the user's language (the seeded names have English, see
        reference_names.py); a name the district added itself as entered."""
        return gettext(self.name) if self.name else ""


class Gender(models.TextChoices):
    FEMALE = "female", _("weiblich")
    MALE = "male", _("männlich")
    DIVERSE = "diverse", _("divers")
    NOT_STATED = "not_stated", _("keine Angabe")


# --- inputs of the Baustein 3 pre-check (kim/residence; §§ 25a, 25b AufenthG, § 10 StAG) --------


class Known(models.TextChoices):
    """A yes/no fact that may not be known yet; "nicht bekannt" makes the pre-check say
    "Angabe fehlt" instead of guessing."""

    UNKNOWN = "unknown", _("nicht bekannt")
    YES = "yes", _("ja")
    NO = "no", _("nein")


class Employment(models.TextChoices):
    UNKNOWN = "unknown", _("nicht bekannt")
    FULL_TIME = "full_time", _("Vollzeit")
    PART_TIME = "part_time", _("Teilzeit")
    MARGINAL = "marginal", _("geringfügig (Minijob)")
    TRAINING = "training", _("in Ausbildung")
    NONE = "none", _("nicht erwerbstätig")


class Livelihood(models.TextChoices):
    UNKNOWN = "unknown", _("nicht bekannt")
    SECURED = "secured", _("gesichert, ohne Leistungen nach SGB II/XII oder AsylbLG")
    MOSTLY_BY_WORK = "mostly_by_work", _("überwiegend durch Erwerbstätigkeit gesichert")
    PARTLY = "partly", _("teilweise gesichert")
    NOT_SECURED = "not_secured", _("nicht gesichert")


class SchoolAttendance(models.TextChoices):
    UNKNOWN = "unknown", _("nicht bekannt")
    NOT_APPLICABLE = "not_applicable", _("keine Kinder im schulpflichtigen Alter")
    PROVEN = "proven", _("Schulbesuch nachgewiesen")
    NOT_PROVEN = "not_proven", _("Schulbesuch nicht nachgewiesen")


class Client(models.Model):
    """Klient:in: a person with an immigration history and a need for advice (§ 3.4)."""

    first_name = models.CharField(_("Vorname(n)"), max_length=150)
    last_name = models.CharField(_("Nachname"), max_length=150)
    first_name_original = models.CharField(
        _("Vorname in Originalschrift"), max_length=150, blank=True
    )
    last_name_original = models.CharField(
        _("Nachname in Originalschrift"), max_length=150, blank=True
    )
    # search index for likely duplicates (Kölner Phonetik of the transliterated names)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    date_of_birth = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(
        _("Geburtsjahr (wenn das Datum unbekannt ist)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
    )
    gender = models.CharField(
        _("Geschlecht"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    nationalities = CountryField(_("Staatsangehörigkeiten"), multiple=True, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="speakers", verbose_name=_("Sprachen")
    )
    interpreter_needed = models.BooleanField(_("Dolmetschung nötig"), default=False)
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Sprache der Dolmetschung"),
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("Wohnort (Kommune)"),
    )
    residence_status = models.ForeignKey(
        ResidenceStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("Aufenthaltsstatus"),
    )
    residence_section = EncryptedCharField(
        _("Rechtsgrundlage des Aufenthalts"),
        max_length=60,
        blank=True,
        help_text=_("z. B. § 25 Abs. 2 AufenthG"),
    )
    residence_valid_until = models.DateField(
        _("Aufenthaltsstatus gültig bis"), null=True, blank=True
    )
    entered_germany_on = models.DateField(_("Einreise nach Deutschland"), null=True, blank=True)
    entered_district_on = models.DateField(_("Zuzug in den Kreis"), null=True, blank=True)
    household_members = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("Haushaltsangehörige")
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(pgettext_lazy("Adresse", "Ort"), max_length=100, blank=True)
    # inputs of the Baustein 3 pre-check; periods, certificates and schooling are own models below
    identity_clarified = models.CharField(
        _("Identität und Staatsangehörigkeit geklärt"),
        max_length=10,
        choices=Known.choices,
        default=Known.UNKNOWN,
    )
    commitment_declared = models.CharField(
        _("Bekenntnis zur freiheitlichen demokratischen Grundordnung abgegeben"),
        max_length=10,
        choices=Known.choices,
        default=Known.UNKNOWN,
    )
    relevant_convictions = models.CharField(
        _("Verurteilung wegen einer Straftat"),
        max_length=10,
        choices=Known.choices,
        default=Known.UNKNOWN,
        help_text=_(
            "Nur Verurteilungen, die mehr als geringfügig sind (z. B. Geldstrafe über 90 "
            "Tagessätze oder Freiheitsstrafe, vgl. § 12a StAG, § 54 AufenthG). Die Bewertung im "
            "Einzelnen trifft die Behörde."
        ),
    )
    lives_with_minor_child = models.CharField(
        _("lebt mit einem minderjährigen ledigen Kind zusammen"),
        max_length=10,
        choices=Known.choices,
        default=Known.UNKNOWN,
    )
    children_school_attendance = models.CharField(
        _("Schulbesuch der Kinder im schulpflichtigen Alter"),
        max_length=15,
        choices=SchoolAttendance.choices,
        default=SchoolAttendance.UNKNOWN,
    )
    employment = models.CharField(
        _("Erwerbstätigkeit"), max_length=10, choices=Employment.choices, default=Employment.UNKNOWN
    )
    employment_since = models.DateField(
        _("erwerbstätig in dieser Form seit"), null=True, blank=True
    )
    livelihood = models.CharField(
        _("Lebensunterhalt"), max_length=15, choices=Livelihood.choices, default=Livelihood.UNKNOWN
    )
    integration_course_completed_on = models.DateField(
        _("Integrationskurs erfolgreich abgeschlossen am"), null=True, blank=True
    )
    orientation_test_passed_on = models.DateField(
        _("Test „Leben in Deutschland“ bestanden am"), null=True, blank=True
    )
    naturalisation_test_passed_on = models.DateField(
        _("Einbürgerungstest bestanden am"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = IntegerVersionField()

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("Klient:in")
        verbose_name_plural = _("Klient:innen")
        ordering = ["last_name", "first_name"]
        indexes = [
            # the client list in its order, and the clients of a municipality (case list
            # filter, counted from the index alone); issue #12
            models.Index(fields=["last_name", "first_name", "id"], name="client_name_order_idx"),
            models.Index(fields=["municipality", "id"], name="client_municipality_idx"),
            # the clients a case manager created, read from the index alone: those without a
            # case are visible to them (ClientQuerySet.visible_to, the client search)
            models.Index(fields=["created_by", "id"], name="client_created_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(year_of_birth__isnull=True),
                name="client_birth_date_or_year",
                violation_error_message=_(
                    "Bitte geben Sie entweder das Geburtsdatum oder nur das Geburtsjahr an."
                ),
            )
        ]

    def __str__(self):
        return f"{self.last_name}, {self.first_name}"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cases:client_detail", args=[self.pk])

    def get_additional_data(self):
        return {"client_id": self.pk}

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def birth_year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.year_of_birth

    def age_on(self, day: datetime.date) -> int | None:
        """Age in full years; with only the year known, the age reached during that year."""
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.year_of_birth:
            return day.year - self.year_of_birth
        return None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("Das Geburtsdatum darf nicht in der Zukunft liegen.")
        if self.year_of_birth and self.year_of_birth > today.year:
            errors["year_of_birth"] = _("Das Geburtsjahr darf nicht in der Zukunft liegen.")
        if self.date_of_birth and self.year_of_birth:
            errors["year_of_birth"] = _(
                "Bitte geben Sie entweder das Geburtsdatum oder nur das Geburtsjahr an."
            )
        for field in ("entered_germany_on", "entered_district_on"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("Dieses Datum darf nicht in der Zukunft liegen.")
            elif value and self.date_of_birth and value < self.date_of_birth:
                errors[field] = _("Dieses Datum liegt vor dem Geburtsdatum.")
        if (
            self.entered_germany_on
            and self.entered_district_on
            and self.entered_district_on < self.entered_germany_on
        ):
            errors["entered_district_on"] = _(
                "Der Zuzug in den Kreis kann nicht vor der Einreise nach Deutschland liegen."
            )
        if self.interpreter_language_id and not self.interpreter_needed:
            errors["interpreter_needed"] = _(
                "Bitte kreuzen Sie „Dolmetschung nötig“ an, wenn Sie eine Sprache dafür angeben."
            )
        if (
            self.residence_section
            and self.residence_status_id
            and not self.residence_status.needs_section
        ):
            errors["residence_section"] = _(
                "Für diesen Aufenthaltsstatus wird keine Rechtsgrundlage erfasst."
            )
        if errors:
            raise ValidationError(errors)


class CasePhase(models.TextChoices):
    """The phases of a case (§ 3.6); allowed transitions are in ``workflow.py``."""

    INTAKE = "intake", _("Zugang/Clearing")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Hilfeplanung")
    IMPLEMENTATION = "implementation", _("Umsetzung und Vermittlung")
    MONITORING = "monitoring", _("Monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Abschluss")


class AccessChannel(models.TextChoices):
    """Zugangsweg: how the client came to KIM case management."""

    SELF = "self", _("Selbstmelder:in")
    KI_FIRST_ADVICE = "ki_first_advice", _("Erstberatung neu zugewanderter Familien (KI)")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Ausländerbehörde (Sachgebiet Asyl)")
    JOBCENTER = "jobcenter", _("Jobcenter")
    EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
    MBE = "mbe", _("Migrationsberatung (MBE)")
    JMD = "jmd", _("Jugendmigrationsdienst (JMD)")
    YOUTH_OFFICE = "youth_office", _("Jugendamt")
    SOCIAL_OFFICE = "social_office", _("Sozialamt")
    MUNICIPALITY = "municipality", _("Kommune/Integrationsbeauftragte")
    SCHOOL = "school", _("Schule/Kita")
    VOLUNTEER = "volunteer", _("Ehrenamt/Migrantenselbstorganisation")
    OTHER = "other", _("Sonstige")


class ClosureReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Ziele erreicht")
    REGULAR_SERVICES = "regular_services", _("an Regelsysteme übergeben")
    NO_NEED = "no_need", _("kein weiterer Bedarf")
    MOVED_AWAY = "moved_away", _("Wegzug aus dem Kreis")
    CONTACT_ENDED = "contact_ended", _("Kontakt abgebrochen")
    CLIENT_WISH = "client_wish", _("auf Wunsch der Klientin/des Klienten")
    OTHER = "other", _("sonstiger Grund")


class Case(QuickChoiceLabels, models.Model):
    """Fall: one case-management process of a client with one responsible case manager."""

    number = models.CharField(_("Fallnummer"), max_length=20, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("Klient:in")
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("Case Manager:in"),
    )
    access_channel = models.CharField(_("Zugangsweg"), max_length=30, choices=AccessChannel.choices)
    phase = models.CharField(
        _("Phase"), max_length=20, choices=CasePhase.choices, default=CasePhase.INTAKE
    )
    opened_on = models.DateField(_("Fallbeginn"), default=timezone.localdate)
    closed_on = models.DateField(_("Abschluss am"), null=True, blank=True)
    closure_reason = models.CharField(
        _("Abschlussgrund"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_outcome = EncryptedTextField(_("Ergebnis des Falls"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    version = IntegerVersionField()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            # a case manager's cases (own and stood in for: workable_by) with phase, id and
            # client in the index: the subqueries of visibility, overdue actions and the week's
            # appointments read only the index, not 2,000 rows of a long-serving case manager
            # at state scale (issue #12)
            models.Index(
                fields=["case_manager", "phase", "id", "client"], name="case_manager_cover_idx"
            ),
            # the case lists (issue #12): newest first, all or only the open ones, and a case
            # manager's open cases (start page, own list); PostgreSQL reads a page of 50 from
            # them instead of sorting every case (with the client: filtered by municipality, the
            # ids of a page come from the indexes alone)
            models.Index(fields=["-opened_on", "-id", "client"], name="case_newest_idx"),
            models.Index(
                fields=["-opened_on", "-id"],
                condition=~Q(phase="closed"),
                name="case_open_newest_idx",
            ),
            models.Index(
                fields=["case_manager", "-opened_on", "-id"],
                condition=~Q(phase="closed"),
                name="case_open_by_manager_idx",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("cases:case_detail", args=[self.pk])

    def get_additional_data(self):
        return {"case_id": self.pk, "client_id": self.client_id}

    @property
    def is_closed(self):
        return self.phase == CasePhase.CLOSED


class PhaseTransition(models.Model):
    """One step of a case from phase to phase: who, when, with an optional note (append-only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(_("von"), max_length=20, choices=CasePhase.choices, blank=True)
    to_phase = models.CharField(_("nach"), max_length=20, choices=CasePhase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("durch"),
    )
    at = models.DateTimeField(_("am"), default=timezone.now)
    note = EncryptedTextField(_("Notiz"), blank=True)

    class Meta:
        verbose_name = _("Phasenwechsel")
        verbose_name_plural = _("Phasenwechsel")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case}: {self.from_phase} → {self.to_phase}"


class Substitution(models.Model):
    """Vertretung: ``substitute`` works the cases of ``absent`` for a period (holiday, illness)."""

    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="substituted_by",
        verbose_name=_("vertretene Person"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="substitutes_for",
        verbose_name=_("Vertretung"),
    )
    starts_on = models.DateField(_("von"))
    ends_on = models.DateField(_("bis"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Vertretung")
        verbose_name_plural = _("Vertretungen")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(absent=models.F("substitute")),
                name="substitution_not_self",
                violation_error_message=_("Eine Person kann sich nicht selbst vertreten."),
            )
        ]

    def __str__(self):
        return f"{self.substitute} für {self.absent}"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("„bis“ darf nicht vor „von“ liegen.")})


class CaseRelated(models.Model):
    """Base for everything that belongs to one case: history and visibility follow the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, verbose_name=_("Fall"))

    objects = RelatedToCaseQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self):
        return {"case_id": self.case_id}


class NeedLevel(models.TextChoices):
    NONE = "none", _("kein Bedarf")
    LOW = "low", _("geringer Bedarf")
    MEDIUM = "medium", _("mittlerer Bedarf")
    HIGH = "high", _("hoher Bedarf")


class Assessment(CaseRelated):
    """Situation, need and resources per life domain. A re-assessment is a new one."""

    assessed_on = models.DateField(_("Datum"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("durch"),
    )
    summary = EncryptedTextField(_("Zusammenfassung"), blank=True)

    class Meta:
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")
        ordering = ["-assessed_on", "-pk"]
        default_related_name = "assessments"

    def __str__(self):
        return f"Assessment {dates.day(self.assessed_on)}"


class AssessmentEntry(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("Lebensbereich")
    )
    situation = EncryptedTextField(_("Situation"), blank=True)
    need = models.CharField(
        _("Bedarf"), max_length=10, choices=NeedLevel.choices, default=NeedLevel.NONE
    )
    resources = EncryptedTextField(_("Ressourcen"), blank=True)

    class Meta:
        verbose_name = _("Einschätzung je Lebensbereich")
        verbose_name_plural = _("Einschätzungen je Lebensbereich")
        ordering = ["life_domain__ordering"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "life_domain"], name="assessment_entry_unique_domain"
            )
        ]

    def __str__(self):
        return f"{self.life_domain}: {self.get_need_display()}"

    def get_additional_data(self):
        return {"case_id": self.assessment.case_id}


class GoalOutcome(models.TextChoices):
    OPEN = "open", _("offen")
    ACHIEVED = "achieved", _("erreicht")
    PARTLY = "partly", _("teilweise erreicht")
    NOT_ACHIEVED = "not_achieved", _("nicht erreicht")
    DROPPED = "dropped", _("verworfen")


class Goal(CaseRelated):
    """A goal of the support plan (Hilfeplan), agreed with the client, in one life domain."""

    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="goals", verbose_name=_("Lebensbereich")
    )
    description = models.TextField(_("Ziel"))
    agreed_on = models.DateField(_("vereinbart am"), default=timezone.localdate)
    target_date = models.DateField(_("Zieldatum"))
    outcome = models.CharField(
        _("Ergebnis"), max_length=15, choices=GoalOutcome.choices, default=GoalOutcome.OPEN
    )
    outcome_on = models.DateField(_("Ergebnis festgestellt am"), null=True, blank=True)
    version = IntegerVersionField()

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["target_date", "pk"]
        default_related_name = "goals"

    def __str__(self):
        return self.description[:80]

    def clean(self):
        super().clean()
        errors = {}
        if self.target_date and self.case_id and self.target_date < self.case.opened_on:
            errors["target_date"] = _("Das Zieldatum darf nicht vor dem Fallbeginn liegen.")
        if self.agreed_on and self.target_date and self.target_date < self.agreed_on:
            errors["target_date"] = _("Das Zieldatum darf nicht vor der Vereinbarung liegen.")
        if self.outcome == GoalOutcome.OPEN and self.outcome_on:
            errors["outcome_on"] = _("Ein offenes Ziel hat noch kein Ergebnisdatum.")
        if errors:
            raise ValidationError(errors)


class ActionResponsible(models.TextChoices):
    CLIENT = "client", _("Klient:in")
    CASE_MANAGER = "case_manager", _("Case Manager:in")
    ORGANISATION = "organisation", _("Organisation")


class Action(QuickChoiceLabels, models.Model):
    """Handlungsschritt: who does what by when, for a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("Schritt"), max_length=300)
    responsible = models.CharField(
        _("Wer"), max_length=15, choices=ActionResponsible.choices, default=ActionResponsible.CLIENT
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    due_on = models.DateField(_("bis"))
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Handlungsschritt")
        verbose_name_plural = _("Handlungsschritte")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    def get_additional_data(self):
        return {"case_id": self.goal.case_id}

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()

    def clean(self):
        super().clean()
        if self.responsible == ActionResponsible.ORGANISATION and not self.organisation_id:
            raise ValidationError({"organisation": _("Bitte wählen Sie die Organisation.")})
        if self.responsible != ActionResponsible.ORGANISATION and self.organisation_id:
            raise ValidationError(
                {
                    "organisation": _(
                        "Eine Organisation nur angeben, wenn sie den Schritt übernimmt."
                    )
                }
            )
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("„Erledigt am“ darf nicht in der Zukunft liegen.")})


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("Einwilligung in die Datenverarbeitung")
    WAIVER = "waiver", _("Schweigepflichtentbindung")


class Consent(models.Model):
    """The client's consent to processing, or a confidentiality waiver naming organisations.

    A waiver covers data exchange (and referrals) with the organisations it names, from
    ``given_on`` until ``valid_until``; a revocation ends it on the day it is recorded.
    """

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("Klient:in")
    )
    kind = models.CharField(_("Art"), max_length=12, choices=ConsentKind.choices)
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("Organisationen"),
        help_text=_(
            "Bei einer Schweigepflichtentbindung: mit wem Daten ausgetauscht werden dürfen."
        ),
    )
    given_on = models.DateField(_("erteilt am"))
    scope = models.TextField(_("Umfang"), help_text=_("Welche Daten, zu welchem Zweck."))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    scan = models.FileField(_("Scan der Unterschrift"), upload_to="consents/%Y/", blank=True)
    revoked_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    revocation_note = EncryptedTextField(_("Notiz zum Widerruf"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return gettext("%(kind)s vom %(day)s") % {
            "kind": self.get_kind_display(),
            "day": dates.day(self.given_on),
        }

    def get_additional_data(self):
        return {"client_id": self.client_id}

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.given_on <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.revoked_on is None or day < self.revoked_on)
        )

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            raise ValidationError({"given_on": _("Das Datum darf nicht in der Zukunft liegen.")})
        if self.valid_until and self.given_on and self.valid_until < self.given_on:
            raise ValidationError(
                {"valid_until": _("„Gültig bis“ darf nicht vor dem Erteilungsdatum liegen.")}
            )


class ReferralState(models.TextChoices):
    PROPOSED = "proposed", _("vorgeschlagen")
    SENT = "sent", _("übermittelt")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")
    COMPLETED = "completed", _("abgeschlossen")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class Referral(CaseRelated):
    """Vermittlung to an office or a service from the directory (needs consent covering it)."""

    office = models.ForeignKey(
        "directory.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Dienststelle"),
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Angebot"),
    )
    life_domain = models.ForeignKey(
        LifeDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Lebensbereich"),
    )
    reason = EncryptedTextField(_("Anlass"), blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=ReferralState.choices, default=ReferralState.PROPOSED
    )
    proposed_on = models.DateField(_("vorgeschlagen am"), default=timezone.localdate)
    sent_on = models.DateField(_("übermittelt am"), null=True, blank=True)
    answered_on = models.DateField(_("Antwort am"), null=True, blank=True)
    closed_on = models.DateField(_("beendet am"), null=True, blank=True)
    outcome = EncryptedTextField(
        _("Ergebnis"), blank=True, help_text=_("z. B. Integrationskurs begonnen am …")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = IntegerVersionField()

    class Meta:
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        ordering = ["-proposed_on", "-pk"]
        default_related_name = "referrals"
        constraints = [
            models.CheckConstraint(
                condition=Q(office__isnull=False) | Q(service__isnull=False),
                name="referral_has_target",
                violation_error_message=_("Bitte wählen Sie eine Dienststelle oder ein Angebot."),
            )
        ]

    def __str__(self):
        return f"{self.target_label} ({self.get_state_display()})"

    @property
    def organisation(self):
        if self.office_id:
            return self.office.organisation
        return self.service.provider

    @property
    def target_label(self):
        parts = [
            str(self.service.name) if self.service_id else "",
            str(self.office) if self.office_id else "",
        ]
        return " – ".join(p for p in parts if p)

    def clean(self):
        super().clean()
        if not self.office_id and not self.service_id:
            raise ValidationError(
                {"office": _("Bitte wählen Sie eine Dienststelle oder ein Angebot.")}
            )
        if (
            self.office_id
            and self.service_id
            and self.office.organisation_id != self.service.provider_id
        ):
            raise ValidationError(
                {"office": _("Diese Dienststelle gehört nicht zum Träger des Angebots.")}
            )


class ContactChannel(models.TextChoices):
    IN_PERSON = "in_person", _("persönlich")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Hausbesuch")
    ACCOMPANIMENT = "accompaniment", _("Begleitung")
    WRITTEN = "written", _("schriftlich/E-Mail")


class Contact(CaseRelated):
    """Beratungskontakt."""

    contact_on = models.DateField(_("Datum"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    channel = models.CharField(_("Art"), max_length=15, choices=ContactChannel.choices)
    interpreter_used = models.BooleanField(_("mit Dolmetschung"), default=False)
    life_domains = models.ManyToManyField(
        LifeDomain, blank=True, related_name="contacts", verbose_name=_("Lebensbereiche")
    )
    note = EncryptedTextField(_("Notiz"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("durch"),
    )

    class Meta:
        verbose_name = _("Beratungskontakt")
        verbose_name_plural = _("Beratungskontakte")
        ordering = ["-contact_on", "-pk"]
        default_related_name = "contacts"

    def __str__(self):
        return gettext("%(channel)s am %(day)s") % {
            "channel": self.get_channel_display(),
            "day": dates.day(self.contact_on),
        }

    def clean(self):
        super().clean()
        if self.contact_on and self.contact_on > timezone.localdate():
            raise ValidationError(
                {
                    "contact_on": _(
                        "Ein Kontakt kann nicht in der Zukunft liegen – dafür gibt es Termine."
                    )
                }
            )
        if self.contact_on and self.case_id and self.contact_on < self.case.opened_on:
            raise ValidationError({"contact_on": _("Der Kontakt liegt vor dem Fallbeginn.")})


class Appointment(CaseRelated):
    """Termin with the client."""

    starts_at = models.DateTimeField(_("Beginn"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    place = models.CharField(_("Ort"), max_length=200)
    note = EncryptedCharField(_("Notiz"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("abgesagt"), default=False)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("Case Manager:in"),
    )

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]
        default_related_name = "appointments"

    def __str__(self):
        return f"{dates.day_time(self.starts_at)} {self.place}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class Document(CaseRelated):
    """A file on a case, stored outside the web root and served only through an authorised view."""

    file = models.FileField(_("Datei"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-uploaded_at"]
        default_related_name = "documents"

    def __str__(self):
        return self.original_name


# --- the client's record for the Baustein 3 pre-check (kim/residence) ------------------------


class ClientRecordEntry(models.Model):
    """An entry of a client's record (a residence period, a certificate, …); its history is
    filed under the client, like consents."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, verbose_name=_("Klient:in"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        abstract = True

    def get_additional_data(self):
        return {"client_id": self.client_id}


def _not_in_future(day, message):
    if day and day > timezone.localdate():
        return message
    return None


class ResidencePeriod(ClientRecordEntry):
    """Aufenthaltszeit: a stretch of the stay in Germany with one status (Gestattung, Duldung,
    Aufenthaltserlaubnis nach § …). The pre-check counts uninterrupted residence from these
    (§ 25a Abs. 1 Satz 1 Nr. 1, § 25b Abs. 1 Satz 2 Nr. 1 AufenthG, § 10 Abs. 1 Satz 1 StAG)."""

    status = models.ForeignKey(
        ResidenceStatus,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Aufenthaltsstatus"),
    )
    legal_basis = EncryptedCharField(
        _("Rechtsgrundlage"),
        max_length=60,
        blank=True,
        help_text=_("z. B. § 25 Abs. 2 AufenthG oder § 104c AufenthG"),
    )
    started_on = models.DateField(_("von"))
    ended_on = models.DateField(
        _("bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, solange dieser Status andauert."),
    )
    note = EncryptedCharField(_("Notiz"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Aufenthaltszeit")
        verbose_name_plural = _("Aufenthaltszeiten")
        ordering = ["started_on", "pk"]
        default_related_name = "residence_periods"

    def __str__(self):
        until = dates.day(self.ended_on) if self.ended_on else _("heute")
        return f"{self.status} {dates.day(self.started_on)}–{until}"

    def clean(self):
        super().clean()
        errors = {}
        if message := _not_in_future(
            self.started_on, _("Der Beginn darf nicht in der Zukunft liegen.")
        ):
            errors["started_on"] = message
        if message := _not_in_future(
            self.ended_on,
            _("Ein Ende in der Zukunft bitte leer lassen: Der Zeitraum dauert dann noch an."),
        ):
            errors["ended_on"] = message
        elif self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("Das Ende liegt vor dem Beginn.")
        if self.status_id:
            if self.status.needs_section and not self.legal_basis.strip():
                errors["legal_basis"] = _(
                    "Bitte geben Sie die Rechtsgrundlage an, z. B. § 25 Abs. 2 AufenthG."
                )
            elif self.legal_basis and not self.status.needs_section:
                errors["legal_basis"] = _(
                    "Für diesen Aufenthaltsstatus wird keine Rechtsgrundlage erfasst."
                )
        if errors:
            raise ValidationError(errors)


class CefrLevel(models.TextChoices):
    """Levels of the Common European Framework of Reference for Languages (GER)."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class LanguageSkills(models.TextChoices):
    ALL = "all", _("alle Fertigkeiten (mündlich und schriftlich)")
    ORAL = "oral", _("nur mündlich")


class LanguageCertificate(ClientRecordEntry):
    """Sprachnachweis: a certificate of a language level (e.g. DTZ B1, telc A2)."""

    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("Sprache")
    )
    level = models.CharField(_("Niveau (GER)"), max_length=2, choices=CefrLevel.choices)
    skills = models.CharField(
        _("Umfang"), max_length=5, choices=LanguageSkills.choices, default=LanguageSkills.ALL
    )
    issued_on = models.DateField(_("ausgestellt am"))
    issuer = models.CharField(
        _("ausgestellt von"),
        max_length=200,
        blank=True,
        help_text=_("z. B. telc, Goethe-Institut, BAMF (Deutsch-Test für Zuwanderer)"),
    )

    class Meta:
        verbose_name = _("Sprachnachweis")
        verbose_name_plural = _("Sprachnachweise")
        ordering = ["-issued_on", "pk"]
        default_related_name = "language_certificates"

    def __str__(self):
        return f"{self.language} {self.level} ({dates.day(self.issued_on)})"

    def clean(self):
        super().clean()
        if message := _not_in_future(
            self.issued_on, _("Das Ausstellungsdatum darf nicht in der Zukunft liegen.")
        ):
            raise ValidationError({"issued_on": message})


class EducationKind(models.TextChoices):
    SCHOOL_ATTENDANCE = "school_attendance", _("Schulbesuch in Deutschland")
    VOCATIONAL_TRAINING = "vocational_training", _("Berufsausbildung in Deutschland")
    STUDIES = "studies", _("Hochschulstudium in Deutschland")
    SCHOOL_CERTIFICATE = "school_certificate", _("Schulabschluss in Deutschland")
    VOCATIONAL_QUALIFICATION = "vocational_qualification", _("anerkannter Berufsabschluss")

    @classmethod
    def certificates(cls):
        return (cls.SCHOOL_CERTIFICATE, cls.VOCATIONAL_QUALIFICATION)


class EducationRecord(ClientRecordEntry):
    """Schule und Ausbildung: attendance (from … until) or a qualification (obtained on …)."""

    kind = models.CharField(_("Art"), max_length=30, choices=EducationKind.choices)
    institution = models.CharField(_("Schule/Einrichtung"), max_length=200, blank=True)
    started_on = models.DateField(_("von"), null=True, blank=True)
    ended_on = models.DateField(
        _("bis"), null=True, blank=True, help_text=_("Leer lassen, solange er/sie andauert.")
    )
    obtained_on = models.DateField(_("erworben am"), null=True, blank=True)
    note = EncryptedCharField(_("Notiz"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Schule und Ausbildung")
        verbose_name_plural = _("Schule und Ausbildung")
        ordering = ["started_on", "obtained_on", "pk"]
        default_related_name = "education_records"

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_certificate(self):
        return self.kind in EducationKind.certificates()

    def clean(self):
        super().clean()
        errors = {}
        if self.is_certificate:
            if not self.obtained_on:
                errors["obtained_on"] = _("Bitte geben Sie an, wann der Abschluss erworben wurde.")
            if self.started_on or self.ended_on:
                errors["started_on"] = _(
                    "Bei einem Abschluss nur „erworben am“ angeben; den Schulbesuch oder die "
                    "Ausbildung erfassen Sie bitte als eigenen Eintrag."
                )
        elif self.kind:
            if not self.started_on:
                errors["started_on"] = _("Bitte geben Sie den Beginn an.")
            if self.obtained_on:
                errors["obtained_on"] = _(
                    "„Erworben am“ gilt nur für Abschlüsse. Erfassen Sie den Abschluss bitte als "
                    "eigenen Eintrag."
                )
        for name in ("started_on", "obtained_on"):
            if name not in errors and (
                message := _not_in_future(
                    getattr(self, name), _("Dieses Datum darf nicht in der Zukunft liegen.")
                )
            ):
                errors[name] = message
        if message := _not_in_future(
            self.ended_on, _("Ein Ende in der Zukunft bitte leer lassen: Er/sie dauert dann an.")
        ):
            errors["ended_on"] = message
        elif self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("Das Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)
