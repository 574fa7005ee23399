"""Auskunft nach Art. 15 DSGVO: all data KIM holds about one client, as JSON and as PDF.

One structure (``Disclosure``: groups of records, each record its fields with label and value)
feeds both formats, so the JSON and the PDF cannot disagree. What is in it:

- the person (master data, Baustein 3 facts), the consents, the residence record;
- every case with its phase changes, assessments, goals and steps, referrals, contacts,
  appointments, the list of documents (name, date, size; not the files), the target systems it
  is linked to and the hurdle reports made from it;
- the log of reads and changes of these data: when, what, which kind of object, by which role;
- the information of Art. 15 (1) GDPR: purposes, recipients (organisations that received a
  referral), storage period (the retention rules), rights, source.

Left out on purpose: names of staff who recorded or read something (not the person's data; the
role is given instead, cf. CJEU C-579/21), their IP addresses, technical fields (versions, search
keys), and the names of other people (household members are counted, Art. 15 (4) GDPR). The
case manager of a case is named: the person knows them.
"""

import datetime
import json
from dataclasses import dataclass, field

from concurrency.fields import VersionField
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_countries.fields import CountryField

from kim.accounts.roles import Role
from kim.audit.changes import ACTION_LABELS, changed_fields, object_type_label
from kim.core import dates
from kim.core.pdf import PdfDocument

from .erasure import log_entries_about
from .models import COUNTED_FROM, RetentionRule

# staff named in the export: only the person's case manager
NAMED_STAFF = frozenset({"case_manager"})
TECHNICAL = frozenset({"name_key"})
# fields whose model gives no German name
FIELD_LABELS = {"recorded_at": _lazy("erfasst am"), "created_at": _lazy("angelegt am")}


@dataclass
class Record:
    title: str
    fields: list  # (name, label, value)
    children: list = field(default_factory=list)  # Group

    def as_dict(self):
        data = {name: _json_value(value) for name, _label, value in self.fields}
        for child in self.children:
            data[child.key] = [record.as_dict() for record in child.records]
        return data


@dataclass
class Group:
    key: str
    title: str
    records: list


@dataclass
class Disclosure:
    client_id: int
    name: str
    made_at: datetime.datetime
    made_by_role: str
    groups: list
    notes: list  # (key, title, text or list of texts)

    def as_json(self) -> bytes:
        labels = {}
        data = {
            "auskunft": {
                "rechtsgrundlage": "Art. 15 DSGVO",
                "erstellt_am": self.made_at.isoformat(),
                "erstellt_durch": self.made_by_role,
            }
        }
        for group in self.groups:
            data[group.key] = [record.as_dict() for record in group.records]
            _collect_labels(labels, group)
        data["hinweise"] = {key: text for key, _title, text in self.notes}
        data["feldbezeichnungen"] = labels
        return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")

    def as_pdf(self, *, compress=None) -> bytes:
        document = PdfDocument(
            _("Auskunft nach Art. 15 DSGVO"),
            subtitle=_("%(name)s · erstellt am %(day)s")
            % {"name": self.name, "day": dates.day_time(self.made_at)},
            created_at=self.made_at,
            footer_note=_("Vertraulich: personenbezogene Daten"),
        )
        for _key, title, text in self.notes:
            document.heading(title, level=2)
            if isinstance(text, list) and text:
                document.bullet_list(text)
            else:
                document.paragraph(text or _("keine"))
        for group in self.groups:
            _pdf_group(document, group, level=1)
        return document.render(compress=compress)


def _collect_labels(labels, group):
    names = labels.setdefault(group.key, {})
    for record in group.records:
        for name, label, _v in record.fields:
            names.setdefault(name, label)
        for child in record.children:
            _collect_labels(labels, child)


def _pdf_group(document, group, *, level):
    document.heading(group.title, level=level)
    if not group.records:
        document.paragraph(_("keine"), muted=True)
    for record in group.records:
        if len(group.records) > 1 or record.title != group.title:
            document.heading(record.title, level=min(level + 1, 3))
        document.key_values([(label, _text(value)) for _name, label, value in record.fields])
        for child in record.children:
            _pdf_group(document, child, level=min(level + 1, 3))


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _text(value):
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.datetime):
        return dates.day_time(value)
    if isinstance(value, datetime.date):
        return dates.day(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- records from model instances ---------------------------------------------------------------


def _value(obj, model_field):
    if isinstance(model_field, models.ManyToManyField):
        return [str(o) for o in getattr(obj, model_field.name).all()]
    value = getattr(obj, model_field.name)
    if isinstance(model_field, CountryField):
        return [country.name for country in value] if model_field.multiple else value.name
    if model_field.choices:
        return (
            str(getattr(obj, f"get_{model_field.name}_display")())
            if value not in (None, "")
            else ""
        )
    if isinstance(model_field, models.FileField):
        return bool(value)
    if model_field.is_relation:
        return str(value) if value is not None else None
    return value


def _shown(model_field, parent):
    if model_field.primary_key or isinstance(model_field, VersionField):
        return False
    if model_field.name in TECHNICAL or model_field.name == parent:
        return False
    if model_field.is_relation and model_field.related_model is get_user_model():
        return model_field.name in NAMED_STAFF
    return True


def record_of(obj, *, title=None, parent=None, exclude=(), children=()):
    """The fields of ``obj`` with their German labels, without staff, technical fields and
    the relation to ``parent`` (the record it belongs to)."""
    meta = obj._meta
    fields = [
        (f.name, str(capfirst(FIELD_LABELS.get(f.name, f.verbose_name))), _value(obj, f))
        for f in [*meta.concrete_fields, *meta.many_to_many]
        if _shown(f, parent) and f.name not in exclude
    ]
    return Record(str(title or obj), fields, list(children))


def _group(key, title, objects, **kwargs):
    return Group(key, str(title), [record_of(obj, **kwargs) for obj in objects])


# --- the disclosure of one client -------------------------------------------------------------


def _role_of(user):
    if user is None:
        return _("System")
    labels = [str(Role(g.name).label) for g in user.groups.all() if g.name in Role.values]
    return ", ".join(labels) or _("Mitarbeiter:in")


def _log_records(client):
    entries = (
        log_entries_about([client.pk])
        .select_related("content_type", "actor")
        .prefetch_related("actor__groups")
        .order_by("timestamp", "pk")
    )
    records = []
    for entry in entries:
        model = entry.content_type.model_class()
        changed = [row["label"] for row in changed_fields(entry, model, lambda f, v: v)]
        fields = [
            ("zeitpunkt", _("Zeitpunkt"), entry.timestamp),
            ("aktion", _("Aktion"), str(ACTION_LABELS.get(entry.action, ""))),
            ("gegenstand", _("Gegenstand"), str(object_type_label(entry.content_type))),
            ("stelle", _("durch (Rolle)"), _role_of(entry.actor)),
            ("geaenderte_angaben", _("geänderte Angaben"), changed),
        ]
        records.append(Record(_text(entry.timestamp), fields))
    return records


def _case_record(case):
    from kim.hurdles.models import HurdleReport

    assessments = [
        record_of(
            a,
            parent="case",
            children=[
                _group("einschaetzungen", _("Einschätzungen"), a.entries.all(), parent="assessment")
            ],
        )
        for a in case.assessments.all()
    ]
    goals = [
        record_of(
            g,
            parent="case",
            children=[
                _group("handlungsschritte", _("Handlungsschritte"), g.actions.all(), parent="goal")
            ],
        )
        for g in case.goals.all()
    ]
    links = [
        Record(
            str(link.target_system),
            [
                ("zielsystem", _("Zielsystem"), str(link.target_system)),
                ("verknuepft_am", _("verknüpft am"), link.linked_at),
            ],
        )
        for link in case.target_system_links.select_related("target_system")
    ]
    reports = [
        record_of(
            report,
            parent="case",
            exclude=("personal_data_confirmed", "suggested_topic", "rejection_reason"),
        )
        for report in HurdleReport.objects.filter(case=case)
    ]
    children = [
        _group("phasenwechsel", _("Phasenwechsel"), case.transitions.all(), parent="case"),
        Group("assessments", _("Assessments"), assessments),
        Group("ziele", _("Ziele des Hilfeplans"), goals),
        _group("vermittlungen", _("Vermittlungen"), case.referrals.all(), parent="case"),
        _group("kontakte", _("Beratungskontakte"), case.contacts.all(), parent="case"),
        _group("termine", _("Termine"), case.appointments.all(), parent="case"),
        _group(
            "dokumente",
            _("Dokumente (Liste)"),
            case.documents.all(),
            parent="case",
            exclude=("file", "content_type"),
        ),
        Group("zielsysteme", _("Zielsysteme (Monitoring)"), links),
        Group("meldeboegen", _("Meldebögen zu Integrationshürden"), reports),
    ]
    return record_of(
        case,
        title=_("Fall %(number)s") % {"number": case.number},
        parent="client",
        children=children,
    )


def _notes(client):
    from kim.cases.models import Referral

    recipients = sorted(
        {
            f"{referral.organisation} ({dates.day(referral.sent_on)})"
            for referral in Referral.objects.filter(
                case__client=client, sent_on__isnull=False
            ).select_related("office__organisation", "service__provider")
        }
    )
    periods = [
        _("%(kind)s: %(months)s Monate ab %(start)s")
        % {"kind": rule.get_kind_display(), "months": rule.months, "start": COUNTED_FROM[rule.kind]}
        for rule in RetentionRule.objects.all()
    ]
    return [
        (
            "zwecke",
            _("Zwecke der Verarbeitung"),
            _(
                "Beratung und Begleitung im Case Management des Kommunalen "
                "Integrationsmanagements (§ 9 TIIntG NRW): Klärung des Bedarfs, Hilfeplanung, "
                "Vermittlung an zuständige Stellen und Angebote. Für Berichte an das Land werden "
                "nur Zahlen ohne Bezug zu einzelnen Personen gebildet."
            ),
        ),
        (
            "empfaenger",
            _("Empfänger (Vermittlungen mit Schweigepflichtentbindung)"),
            recipients,
        ),
        ("speicherdauer", _("Speicherdauer"), periods),
        (
            "herkunft",
            _("Herkunft der Daten"),
            _(
                "Von Ihnen selbst im Gespräch mit dem Case Management; der Zugangsweg in den "
                "Fällen nennt die Stelle, die Sie an das Case Management vermittelt hat."
            ),
        ),
        (
            "rechte",
            _("Ihre Rechte"),
            _(
                "Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung "
                "(Art. 18), Widerspruch (Art. 21) und Widerruf einer Einwilligung mit Wirkung für "
                "die Zukunft (Art. 7 Abs. 3 DSGVO); Beschwerde bei der Landesbeauftragten für "
                "Datenschutz und Informationsfreiheit Nordrhein-Westfalen (Art. 77 DSGVO)."
            ),
        ),
    ]


def disclose(client, *, by) -> Disclosure:
    """Everything about ``client`` (module docstring)."""
    person = record_of(client, title=_("Angaben zur Person"), exclude=("household_members",))
    person.fields.append(
        (
            "haushaltsangehoerige_anzahl",
            _("Haushaltsangehörige (Anzahl; Angaben zu anderen Personen sind nicht enthalten)"),
            client.household_members.count(),
        )
    )
    cases = client.cases.select_related("case_manager").order_by("opened_on", "pk")
    groups = [
        Group("person", _("Angaben zur Person"), [person]),
        _group("einwilligungen", _("Einwilligungen"), client.consents.all(), parent="client"),
        _group(
            "aufenthaltszeiten",
            _("Aufenthaltszeiten"),
            client.residence_periods.all(),
            parent="client",
        ),
        _group(
            "sprachnachweise",
            _("Sprachnachweise"),
            client.language_certificates.all(),
            parent="client",
        ),
        _group(
            "schule_und_ausbildung",
            _("Schule und Ausbildung"),
            client.education_records.all(),
            parent="client",
        ),
        Group("faelle", _("Fälle"), [_case_record(case) for case in cases]),
        Group("protokoll", _("Protokoll: Zugriffe und Änderungen"), _log_records(client)),
    ]
    return Disclosure(
        client_id=client.pk,
        name=client.full_name,
        made_at=timezone.localtime(),
        made_by_role=_role_of(by),
        groups=groups,
        notes=_notes(client),
    )
