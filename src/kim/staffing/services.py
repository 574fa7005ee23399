"""Writes of staffing: one transaction each; django-auditlog keeps old and new values."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kim.directory.models import Municipality, PopulationFigures

from .distribution import DistributionError, distribute
from .importers import parse_indicators, read_table
from .models import (
    Assignment,
    ConsultationHours,
    DistributionKey,
    DistributionKeyLine,
    Position,
)
from .queries import overlapping_period


class StaffingError(Exception):
    """A step that cannot be done; ``problems`` lists what is wrong (German)."""

    def __init__(self, message, field=None, problems=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = list(problems)


@transaction.atomic
def import_indicators(uploaded, *, year, by, source=""):
    """Write the population figures of ``year`` for every municipality, or nothing at all."""
    municipalities = list(Municipality.objects.all())
    try:
        rows = read_table(uploaded)
    except (ValueError, KeyError, OSError) as exc:
        raise StaffingError(
            _("Die Datei kann nicht gelesen werden: %(e)s") % {"e": exc}, field="file"
        ) from exc
    values, problems = parse_indicators(rows, municipalities)
    if problems:
        raise StaffingError(
            _("Die Datei enthält %(n)s Fehler. Es wurde nichts gespeichert.")
            % {"n": len(problems)},
            field="file",
            problems=problems,
        )
    for municipality, figures in values.items():
        PopulationFigures.objects.update_or_create(
            municipality=municipality, year=year, defaults={**figures, "source": source}
        )
    return len(values)


def indicator_rows(year):
    figures = PopulationFigures.objects.filter(year=year).select_related("municipality")
    return [
        (
            f.municipality.ags,
            f.municipality.name,
            {
                "immigration": f.immigration,
                "asylum_applications": f.asylum_applications,
                "without_eu_citizenship": f.without_eu_citizenship,
            },
            f.municipality,
        )
        for f in figures
    ]


def preview_key(*, year, weights, fte_total, step):
    """Compute without saving (for the page before 'save')."""
    rows = indicator_rows(year)
    missing = Municipality.objects.exclude(pk__in=[r[3].pk for r in rows])
    if missing.exists():
        raise StaffingError(
            _("Für %(year)s fehlen die Kennzahlen von: %(names)s.")
            % {"year": year, "names": ", ".join(m.name for m in missing)},
            field="year",
        )
    try:
        result = distribute([r[:3] for r in rows], weights, fte_total, step)
    except DistributionError as exc:
        raise StaffingError(exc.message, field=exc.field) from exc
    municipalities = {r[0]: r[3] for r in rows}
    return result, municipalities


@transaction.atomic
def save_key(*, name, year, weights, fte_total, step, by, note=""):
    """Compute and save a key with all its inputs and intermediate figures."""
    result, municipalities = preview_key(year=year, weights=weights, fte_total=fte_total, step=step)
    key = DistributionKey.objects.create(
        name=name,
        year=year,
        weight_immigration=weights["immigration"],
        weight_asylum=weights["asylum_applications"],
        weight_non_eu=weights["without_eu_citizenship"],
        fte_total=fte_total,
        step=step,
        note=note,
        computed_by=by,
    )
    q = Decimal("0.0000000001")
    DistributionKeyLine.objects.bulk_create(
        DistributionKeyLine(
            key=key,
            municipality=municipalities[line.key],
            immigration=line.values["immigration"],
            asylum_applications=line.values["asylum_applications"],
            without_eu_citizenship=line.values["without_eu_citizenship"],
            share_immigration=line.shares["immigration"].quantize(q),
            share_asylum=line.shares["asylum_applications"].quantize(q),
            share_non_eu=line.shares["without_eu_citizenship"].quantize(q),
            weighted_share=line.weighted_share.quantize(q),
            quota=line.quota.quantize(Decimal("0.00000001")),
            whole_steps=line.whole_steps,
            remainder=line.remainder.quantize(q),
            extra_step=line.extra_step,
            fte=result.fte(line),
        )
        for line in result.lines
    )
    return key


@transaction.atomic
def put_key_in_force(key, *, by):
    DistributionKey.objects.filter(in_force=True).exclude(pk=key.pk).update(in_force=False)
    key.in_force = True
    key.save(update_fields=["in_force"])
    return key


def position_fte_of(user, day=None):
    """FTE of the case-management positions a user holds."""
    positions = Position.objects.case_management_on(day).filter(holder=user)
    return positions.aggregate(total=Sum("fte"))["total"] or Decimal("0")


@transaction.atomic
def save_assignment(form, *, by):
    """A case manager's shares never exceed the FTE of their position(s)."""
    assignment = form.save(commit=False)
    others = Assignment.objects.filter(case_manager=assignment.case_manager).exclude(
        pk=assignment.pk
    ).filter(overlapping_period(assignment.valid_from, assignment.valid_until)).aggregate(
        total=Sum("fte")
    )["total"] or Decimal("0")
    available = position_fte_of(assignment.case_manager, assignment.valid_from)
    if others + assignment.fte > available:
        raise StaffingError(
            _(
                "%(name)s hätte damit %(total)s VZÄ in Einsatzgebieten, die Stelle umfasst "
                "aber nur %(available)s VZÄ."
            )
            % {
                "name": assignment.case_manager,
                "total": number_format(others + assignment.fte, 2),
                "available": number_format(available, 2),
            },
            field="fte",
        )
    assignment.save()
    return assignment


@transaction.atomic
def save_consultation_hours(form, *, by):
    """Refuse hours that clash: the same person or the same room twice at the same time."""
    hours = form.save(commit=False)
    clash = (
        ConsultationHours.objects.clashing_with(hours)
        .select_related("room", "case_manager")
        .first()
    )
    if clash is not None:
        same_person = clash.case_manager_id == hours.case_manager_id
        raise StaffingError(
            (
                _("%(name)s hat zu dieser Zeit schon eine Sprechzeit: %(clash)s.")
                if same_person
                else _("Der Raum ist zu dieser Zeit schon belegt: %(clash)s (%(name)s).")
            )
            % {"name": clash.case_manager, "clash": clash},
            field="starts_at",
        )
    hours.save()
    return hours
