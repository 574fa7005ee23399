"""What the erasure of a client does, in one table (``PLAN``), used by the dry run (counts) and
by the erasure itself, so that both say the same.

The choice: anonymise in place, do not delete. The client row, the cases and the rows the
statistics count (contacts, referrals, goals, phase changes, assessments) stay, without anything
that names or describes the person: names, contact, address, the Baustein 3 facts and every free
text are erased; what the state controlling indicators (``reports/indicators.py``), the dashboard
and the monitoring of target systems (``targetsystems/measures.py``) count stays as it was
(dates, phases, access channel, closure reason, channel of a contact, life domain, outcome of a
goal, state of a referral, municipality, gender, nationalities, residence status group). So
every figure of a past period is the same after the erasure as before, and the reports need no
second source of "anonymous statistics rows". Appointments, documents, consents (with their scans)
and the residence record are deleted: no figure counts them.

The date of birth keeps month and year (the 1st of the month): the age group at the end of every
month is the same as with the full date, so every reporting period made of whole months (month,
quarter, half-year, year) counts the same. Only the year would move a person born before 1 July
into a younger age group for up to half a year (the reports take 1 July when only the year is
known). A person born on 29 February keeps that day: in February of a year without it, the
reports count the birthday on 1 March, and the 1st of February would change the age group on
the 28th. A period that ends in the middle of a month may count a person whose birthday falls
after that day in the same month in the next age group: that is the rest of the date of birth
that is erased.

Every field of a model below that is not listed in ``keep`` is erased: an empty text, no date,
the default value, no relation; a later field is thereby erased by default, until someone decides
the statistics need it. The case number stays: it is made of the opening year and the row's id,
which stay anyway, and names no one.

The log keeps its entries (who did what, when, to which object) with the personal data blanked
(``redact_log``); as pretix's shredder does.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from concurrency.fields import VersionField
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kim.audit.redaction import allow_redaction

# what stands in for a name in the client row and the log
ANONYMOUS = "Anonymisiert"
REDACTED = "[gelöscht]"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    effect: str
    model: str  # "app_label.Model"
    client_path: str  # from the model to the client ("" for the client itself)
    delete: bool = False
    keep: frozenset = field(default_factory=frozenset)
    files: tuple = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def rows(self, client_ids):
        lookup = f"{self.client_path}__in" if self.client_path else "pk__in"
        return self.model_class._default_manager.filter(**{lookup: client_ids})


def _keep(*names):
    return frozenset({"id", *names})


PLAN = [
    Part(
        "clients",
        _("Klient:innen"),
        _(
            "Namen, Kontakt, Anschrift, Sprachen, Haushalt und Angaben für die Vorprüfung "
            "gelöscht; Geburtsdatum auf Monat und Jahr gekürzt; Kommune, Geschlecht, "
            "Staatsangehörigkeiten und Aufenthaltsstatus bleiben für die Statistik"
        ),
        "cases.Client",
        "",
        keep=_keep(
            "municipality",
            "gender",
            "nationalities",
            "residence_status",
            "date_of_birth",  # shortened to month and year below
            "year_of_birth",
            "interpreter_needed",
            "created_by",
            "created_at",
            "updated_at",
        ),
    ),
    Part(
        "cases",
        _("Fälle"),
        _("Ergebnis des Falls gelöscht; Daten, Phase, Zugangsweg und Abschlussgrund bleiben"),
        "cases.Case",
        "client",
        keep=_keep(
            "number",
            "client",
            "case_manager",
            "access_channel",
            "phase",
            "opened_on",
            "closed_on",
            "closure_reason",
            "created_at",
        ),
    ),
    Part(
        "transitions",
        _("Phasenwechsel"),
        _("Notizen gelöscht"),
        "cases.PhaseTransition",
        "case__client",
        keep=_keep("case", "from_phase", "to_phase", "by", "at"),
    ),
    Part(
        "assessments",
        _("Assessments"),
        _("Zusammenfassungen gelöscht"),
        "cases.Assessment",
        "case__client",
        keep=_keep("case", "assessed_on", "by"),
    ),
    Part(
        "assessment_entries",
        _("Einschätzungen je Lebensbereich"),
        _("Situation und Ressourcen gelöscht; der Bedarf bleibt"),
        "cases.AssessmentEntry",
        "assessment__case__client",
        keep=_keep("assessment", "life_domain", "need"),
    ),
    Part(
        "goals",
        _("Ziele"),
        _("Text gelöscht; Lebensbereich, Daten und Ergebnis bleiben"),
        "cases.Goal",
        "case__client",
        keep=_keep("case", "life_domain", "agreed_on", "target_date", "outcome", "outcome_on"),
    ),
    Part(
        "actions",
        _("Handlungsschritte"),
        _("Text gelöscht"),
        "cases.Action",
        "goal__case__client",
        keep=_keep("goal", "responsible", "organisation", "due_on", "done_on"),
    ),
    Part(
        "referrals",
        _("Vermittlungen"),
        _("Anlass und Ergebnis gelöscht; Ziel, Stand und Daten bleiben"),
        "cases.Referral",
        "case__client",
        keep=_keep(
            "case",
            "office",
            "service",
            "life_domain",
            "state",
            "proposed_on",
            "sent_on",
            "answered_on",
            "closed_on",
            "created_by",
        ),
    ),
    Part(
        "contacts",
        _("Beratungskontakte"),
        _("Notizen gelöscht; Datum, Dauer, Art und Lebensbereiche bleiben"),
        "cases.Contact",
        "case__client",
        keep=_keep("case", "contact_on", "duration_minutes", "channel", "interpreter_used", "by")
        | {"life_domains"},
    ),
    Part(
        "appointments",
        _("Termine"),
        _("gelöscht"),
        "cases.Appointment",
        "case__client",
        delete=True,
    ),
    Part(
        "documents",
        _("Dokumente"),
        _("Dateien und Einträge gelöscht"),
        "cases.Document",
        "case__client",
        delete=True,
        files=("file",),
    ),
    Part(
        "consents",
        _("Einwilligungen"),
        _("mit den Scans gelöscht"),
        "cases.Consent",
        "client",
        delete=True,
        files=("scan",),
    ),
    Part(
        "residence_periods",
        _("Aufenthaltszeiten"),
        _("gelöscht"),
        "cases.ResidencePeriod",
        "client",
        delete=True,
    ),
    Part(
        "language_certificates",
        _("Sprachnachweise"),
        _("gelöscht"),
        "cases.LanguageCertificate",
        "client",
        delete=True,
    ),
    Part(
        "education_records",
        _("Schule und Ausbildung"),
        _("gelöscht"),
        "cases.EducationRecord",
        "client",
        delete=True,
    ),
]
PLAN_BY_KEY = {part.key: part for part in PLAN}
LOG_KEY = "log_entries"
LOG_LABEL = _("Protokolleinträge")
LOG_EFFECT = _("bleiben erhalten; Namen, Werte und Beschreibungen darin geschwärzt")

# rows of other apps that point at a case and stay as they are (documented in README)
KEPT_LINKS = {
    # the monitoring of a target system counts the linked cases (anonymously)
    "targetsystems.CaseLink": "case",
    # a hurdle report holds no personal data; its internal link leads to the anonymous case
    "hurdles.HurdleReport": "case",
    # who proposed whom, for the record; no name
    "privacy.DeletionItem": "client",
}


def coarse_birth_date(born: datetime.date | None) -> datetime.date | None:
    """Month and year of birth as the 1st of the month; 29 February stays (module docstring)."""
    if born is None or (born.month, born.day) == (2, 29):
        return born
    return born.replace(day=1)


def _erased_value(model_field):
    if isinstance(model_field, VersionField):
        # a form still open on the old data is refused when saved (optimistic locking)
        return F(model_field.attname) + 1
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    raise ValueError(
        f"{model_field.model.__name__}.{model_field.name}: no empty value; add it to keep."
    )


def erased_values(part) -> dict:
    """{column: value} that erases every concrete field of the part's model not in ``keep``."""
    values = {}
    for model_field in part.model_class._meta.concrete_fields:
        if model_field.name in part.keep or model_field.primary_key:
            continue
        values[model_field.name] = _erased_value(model_field)
    if part.key == "clients":
        values["last_name"] = ANONYMOUS
    return values


def erased_m2m(part) -> list[str]:
    return [f.name for f in part.model_class._meta.many_to_many if f.name not in part.keep]


# --- the log ---------------------------------------------------------------------------------


def log_entries_about(client_ids):
    """Entries about the clients: the clients, their consents and record, their cases and every
    row of those (``kim.audit.queries.about_client``), also for rows deleted since."""
    from kim.cases.models import Case, Client

    case_ids = list(Case.objects.filter(client__in=client_ids).values_list("pk", flat=True))
    client_ids = list(client_ids)
    content_types = ContentType.objects.get_for_models(Client, Case)
    return LogEntry.objects.filter(
        Q(additional_data__client_id__in=client_ids)
        | Q(additional_data__case_id__in=case_ids)
        | Q(content_type=content_types[Client], object_id__in=client_ids)
        | Q(content_type=content_types[Case], object_id__in=case_ids)
    )


def _blank(value):
    return value if value in (None, "", "None") else REDACTED


def redacted_changes(changes):
    """The same fields, every value blanked: the log still says which fields were changed."""
    if not isinstance(changes, dict):
        return None
    result = {}
    for name, values in changes.items():
        if isinstance(values, dict) and values.get("type") == "m2m":
            result[name] = {**values, "objects": [REDACTED for _o in values.get("objects", [])]}
        elif isinstance(values, list):
            result[name] = [_blank(v) for v in values]
        else:
            result[name] = REDACTED
    return result


# additional_data keys that carry no personal data (ids, the channel, the API key's prefix)
SAFE_DATA_KEYS = ("client_id", "case_id", "via", "token", "export", "format", "deletion_run")


def names_in_log(client) -> set[str]:
    """Every ``str(client)`` the client had ("Nachname, Vorname"): the current one and each one
    before a change of the name, replayed from the client's own entries in the log."""
    from kim.cases.models import Client

    names = {str(client)}
    current = {}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Client), object_id=client.pk
    ).order_by("timestamp", "pk")
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in ("first_name", "last_name"):
            if isinstance(changes.get(name), list) and len(changes[name]) == 2:
                current[name] = changes[name][1]
        if current:
            last = current.get("last_name", client.last_name)
            first = current.get("first_name", client.first_name)
            names.add(f"{last}, {first}")
    return names


def household_mentions(names, *, exclude_client_ids):
    """Entries about other clients whose household list names one of ``names``, with those
    names blanked (not saved)."""
    from kim.cases.models import Client

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Client),
        changes__household_members__isnull=False,
    ).exclude(object_id__in=exclude_client_ids)
    found = []
    for entry in entries:
        change = entry.changes.get("household_members")
        objects = change.get("objects", []) if isinstance(change, dict) else []
        if any(o in names for o in objects):
            change["objects"] = [REDACTED if o in names else o for o in objects]
            found.append(entry)
    return found


def redact_log(client_ids, names, *, run) -> int:
    """Blank the personal data in the log entries about the clients, and their names (``names``)
    in the household lists of entries about others; returns how many entries were blanked. The
    entries themselves stay: who did what, when, to which object."""
    entries = list(log_entries_about(client_ids))
    for entry in entries:
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        entry.object_repr = REDACTED
        entry.changes = redacted_changes(entry.changes)
        entry.changes_text = ""
        entry.serialized_data = None
        entry.additional_data = {
            **{k: v for k, v in data.items() if k in SAFE_DATA_KEYS},
            "deletion_run": run.pk,
        }
    others = household_mentions(names, exclude_client_ids=client_ids)
    with allow_redaction():
        LogEntry.objects.bulk_update(
            entries,
            ["object_repr", "changes", "changes_text", "serialized_data", "additional_data"],
            batch_size=500,
        )
        LogEntry.objects.bulk_update(others, ["changes"], batch_size=500)
    return len(entries) + len(others)


# --- counting and erasing ----------------------------------------------------------------------


@dataclass
class PreviewRow:
    key: str
    label: str
    effect: str
    count: int


def preview(client_ids) -> list[PreviewRow]:
    """What the erasure of the clients would do, per part of the plan (the dry run)."""
    client_ids = list(client_ids)
    rows = [
        PreviewRow(part.key, str(part.label), str(part.effect), part.rows(client_ids).count())
        for part in PLAN
    ]
    rows.append(
        PreviewRow(LOG_KEY, str(LOG_LABEL), str(LOG_EFFECT), log_entries_about(client_ids).count())
    )
    return rows


def _files_of(part, rows):
    files = []
    for name in part.files:
        for value in rows.exclude(**{name: ""}).values_list(name, flat=True):
            if value:
                files.append((part.model_class._meta.get_field(name).storage, value))
    return files


def erase_clients(clients, *, run, by) -> dict:
    """Anonymise the clients after the plan, blank the log, and write one entry per client that
    says it was anonymised in ``run``; returns the counts per part. Files leave the storage after
    the commit, so that a failed erasure leaves them in place.

    django-auditlog is off meanwhile: its entries would keep the old values it erases."""
    from kim.cases.models import Client

    clients = list(clients)
    client_ids = [c.pk for c in clients]
    names = set().union(*(names_in_log(c) for c in clients))
    summary = {row.key: row.count for row in preview(client_ids)}
    files = []
    with transaction.atomic():
        with disable_auditlog():
            for part in PLAN:
                rows = part.rows(client_ids)
                if part.delete:
                    files.extend(_files_of(part, rows))
                    rows.delete()
                    continue
                for name in erased_m2m(part):
                    for obj in rows:
                        getattr(obj, name).clear()
                rows.update(**erased_values(part))
            for client in clients:
                Client.objects.filter(pk=client.pk).update(
                    date_of_birth=coarse_birth_date(client.date_of_birth)
                )
        summary[LOG_KEY] = redact_log(client_ids, names, run=run)
        content_type = ContentType.objects.get_for_model(Client)
        for pk in client_ids:  # one by one: in a request, the middleware adds the address
            LogEntry.objects.create(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=ANONYMOUS,
                action=LogEntry.Action.UPDATE,
                actor=by,
                actor_email=getattr(by, "email", None) or None,
                additional_data={"client_id": pk, "deletion_run": run.pk},
            )
        transaction.on_commit(lambda: _remove_files(files))
    return summary


def _remove_files(files):
    for storage, name in files:
        storage.delete(name)
