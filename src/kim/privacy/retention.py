"""When a client's data is due for erasure (Löschkonzept, issue 10; Art. 5 (1) e GDPR, § 84
SGB X).

The period is counted per person, because what is erased is the person's file as a whole:

- A client with an open case is never due: the case needs the data (legal hold). Closing the case
  starts the period.
- A client with cases, all closed: from the closure of the last case or from the last activity,
  whichever is later; period of ``DataKind.CLIENT_WITH_CASES`` (default 36 months).
- A client without any case: from the last activity; period of
  ``DataKind.CLIENT_WITHOUT_CASE`` (default 12 months).

*Activity* is anything that shows the file was in use: the client recorded or the master data
changed (``Client.created_at``/``updated_at``), a consent recorded or revoked, an entry of the
residence record recorded, and per case: its opening, a contact, a phase change (also handover
and closure). Reading the file is not activity.

The period ends on the same day ``months`` calendar months later (31 January + 1 month = 28/29
February); the data is due on that day.

Two ways to the same answer: ``retention_status`` gives each client's dates (for the proposal,
the run page and the four-eyes check), ``due_clients`` says in the database who is due on a day
(for the count on the overview and to find the clients whose status is needed). A test holds both
to each other.
"""

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from .models import Basis, DataKind, RetentionRule

logger = logging.getLogger(__name__)

# clients_due reads the dates of the clients found 5,000 at a time (at state scale about 2 s a
# batch; one pass over all million clients took 150 s and 840 MiB)
STATUS_BATCH = 5000

# the defaults of the data migration, if a rule is missing (e.g. in a test without migrations)
DEFAULT_MONTHS = {DataKind.CLIENT_WITH_CASES: 36, DataKind.CLIENT_WITHOUT_CASE: 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_start(on: datetime.date, months: int) -> datetime.date:
    """The last day from which a period of ``months`` has ended by ``on``: ``add_months(start,
    months) <= on`` exactly for ``start <= latest_start(on, months)`` (``add_months`` never
    decreases). 28 February 2027 and 12 months: 28 February 2026; 31 March and one month: the end
    of February."""
    start = add_months(on, -months)
    while add_months(start + datetime.timedelta(days=1), months) <= on:
        start += datetime.timedelta(days=1)
    return start


def periods() -> dict:
    """{DataKind: months} as configured."""
    months = dict(DEFAULT_MONTHS)
    months.update(RetentionRule.objects.values_list("kind", "months"))
    return months


@dataclass(frozen=True)
class RetentionStatus:
    client_id: int
    has_open_case: bool
    has_cases: bool
    last_case_closed: datetime.date | None
    last_activity: datetime.date
    basis: str  # Basis
    counted_from: datetime.date
    due_on: datetime.date | None  # None: not due while a case is open

    def is_due(self, on: datetime.date) -> bool:
        return self.due_on is not None and self.due_on <= on


def _day(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _latest(into, rows):
    for client_id, *values in rows:
        for value in values:
            value = _day(value)
            if value is not None and (into.get(client_id) is None or value > into[client_id]):
                into[client_id] = value


def retention_status(clients) -> dict:
    """{client id: RetentionStatus} for the clients of the queryset ``clients``, from a fixed
    number of grouped queries (not one per client)."""
    from kim.cases.models import (
        Case,
        Consent,
        Contact,
        EducationRecord,
        LanguageCertificate,
        PhaseTransition,
        ResidencePeriod,
    )

    ids = clients.values("pk")
    activity = {}
    _latest(activity, clients.values_list("pk", "created_at", "updated_at"))
    cases = {
        row["client"]: row
        for row in Case.objects.filter(client__in=ids)
        .values("client")
        .annotate(
            open=Count("pk", filter=Q(closed_on__isnull=True) | ~Q(phase="closed")),
            total=Count("pk"),
            last_closed=Max("closed_on"),
            last_opened=Max("opened_on"),
        )
        .order_by()
    }
    _latest(activity, ((c, row["last_opened"]) for c, row in cases.items()))
    _latest(
        activity,
        Contact.objects.filter(case__client__in=ids)
        .values("case__client")
        .annotate(last=Max("contact_on"))
        .values_list("case__client", "last")
        .order_by(),
    )
    _latest(
        activity,
        PhaseTransition.objects.filter(case__client__in=ids)
        .values("case__client")
        .annotate(last=Max("at"))
        .values_list("case__client", "last")
        .order_by(),
    )
    _latest(
        activity,
        Consent.objects.filter(client__in=ids)
        .values("client")
        .annotate(recorded=Max("recorded_at"), revoked=Max("revoked_on"))
        .values_list("client", "recorded", "revoked")
        .order_by(),
    )
    for model in (ResidencePeriod, LanguageCertificate, EducationRecord):
        _latest(
            activity,
            model.objects.filter(client__in=ids)
            .values("client")
            .annotate(last=Max("recorded_at"))
            .values_list("client", "last")
            .order_by(),
        )
    months = periods()
    result = {}
    for client_id, last_activity in activity.items():
        row = cases.get(client_id)
        if row is None:
            basis, start, kind = Basis.LAST_ACTIVITY, last_activity, DataKind.CLIENT_WITHOUT_CASE
        else:
            closed = row["last_closed"]
            if closed is not None and closed >= last_activity:
                basis, start = Basis.LAST_CASE_CLOSED, closed
            else:
                basis, start = Basis.LAST_ACTIVITY, last_activity
            kind = DataKind.CLIENT_WITH_CASES
        has_open = bool(row and row["open"])
        result[client_id] = RetentionStatus(
            client_id=client_id,
            has_open_case=has_open,
            has_cases=row is not None,
            last_case_closed=row["last_closed"] if row else None,
            last_activity=last_activity,
            basis=basis,
            counted_from=start,
            due_on=None if has_open else add_months(start, months[kind]),
        )
    return result


def erasable_clients():
    """Clients that may be proposed: not anonymised yet and not waiting in an open run."""
    from kim.cases.models import Client

    return Client.objects.exclude(
        Q(deletion_items__state="erased")
        | Q(deletion_items__state="pending", deletion_items__run__state="proposed")
    )


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    """The first moment that counts on a later local day than ``day``."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _no_activity_after(day: datetime.date) -> Q:
    """No activity of the client itself (not of its cases) later than ``day``: the client
    recorded or changed, a consent recorded or revoked, a record entry recorded. A moment counts on
    its local day, as in ``retention_status``."""
    from kim.cases.models import Consent, EducationRecord, LanguageCertificate, ResidencePeriod

    after = _start_of_day_after(day)
    client = OuterRef("pk")
    condition = Q(created_at__lt=after, updated_at__lt=after) & ~Exists(
        Consent.objects.filter(Q(recorded_at__gte=after) | Q(revoked_on__gt=day), client=client)
    )
    for model in (ResidencePeriod, LanguageCertificate, EducationRecord):
        condition &= ~Exists(model.objects.filter(client=client, recorded_at__gte=after))
    return condition


def _no_case_activity_after(day: datetime.date) -> Q:
    """The client has cases, none of them open, and none opened, closed, contacted or moved on
    in its phases later than ``day``."""
    from kim.cases.models import Case, Contact, PhaseTransition

    after = _start_of_day_after(day)
    client = OuterRef("pk")
    return (
        Exists(Case.objects.filter(client=client))
        & ~Exists(
            Case.objects.filter(
                Q(closed_on__isnull=True)
                | ~Q(phase="closed")
                | Q(opened_on__gt=day)
                | Q(closed_on__gt=day),
                client=client,
            )
        )
        & ~Exists(Contact.objects.filter(case__client=client, contact_on__gt=day))
        & ~Exists(PhaseTransition.objects.filter(case__client=client, at__gte=after))
    )


def due_clients(on: datetime.date | None = None) -> tuple:
    """The clients due on ``on`` (default today), found by the database: a queryset of those
    with cases and one of those without (apart, so that each is a plain anti-join)."""
    from kim.cases.models import Case

    on = on or timezone.localdate()
    months = periods()
    with_cases = latest_start(on, months[DataKind.CLIENT_WITH_CASES])
    without_case = latest_start(on, months[DataKind.CLIENT_WITHOUT_CASE])
    erasable = erasable_clients()
    return (
        erasable.filter(_no_case_activity_after(with_cases), _no_activity_after(with_cases)),
        erasable.filter(
            ~Exists(Case.objects.filter(client=OuterRef("pk"))),
            _no_activity_after(without_case),
        ),
    )


def count_due(on: datetime.date | None = None) -> int:
    """How many clients are due on ``on`` (default today), counted in the database."""
    return sum(clients.count() for clients in due_clients(on))


# --- the count of today, kept ------------------------------------------------------------------
# Counting reads every client's file: 7-16 s at state scale (a million clients), on every visit
# of the overview. The count is kept like the report figures (reports/snapshots.py: the cache
# ``reports``, ``KIM_REPORT_FIGURES_MAX_AGE_MINUTES``, never beyond the end of the day, one
# recount at a time) and shown with its "Stand"; it is counted on the main database, not a
# replica. Whatever changes who is due through KIM's own steps drops it once committed: a run
# proposed (also when nobody was due), approved or rejected, an erasure on request, a changed
# period, an entry of the residence record deleted. New activity in a file (a contact, say)
# only ever makes a person due later: until the recount the kept figure may be too high, and
# proposing counts afresh anyway.

DUE_COUNT_KEY = "kim:privacy:due-count"


def _due_count_key(on: datetime.date) -> str:
    return f"{DUE_COUNT_KEY}:{on.isoformat()}"


def _seconds_left(on: datetime.date) -> int:
    """Until the local midnight after ``on``: the count of a day is not kept into the next."""
    left = _start_of_day_after(on) - timezone.now()
    return max(1, int(left.total_seconds()))


def kept_due_count(*, refresh: bool = False):
    """The count of clients due today as a ``reports.snapshots.Snapshot`` (value: the number),
    kept for a while; ``refresh`` counts again (at most once a minute)."""
    from kim.reports import snapshots

    on = timezone.localdate()
    return snapshots.get_or_compute_named(
        _due_count_key(on),
        lambda: count_due(on),
        refresh=refresh,
        max_age=_seconds_left(on),
        from_replica=False,
    )


def peek_due_count():
    """The kept count of today, or ``None`` when there is none (without counting)."""
    from kim.reports import snapshots

    return snapshots.peek_named(_due_count_key(timezone.localdate()))


def forget_due_count():
    """Drop the kept count of today once the current transaction is committed (at once outside
    one): the next look counts afresh. A failure of the cache is logged; it never undoes the
    change that called this."""
    from django.db import transaction

    from kim.reports import snapshots

    name = _due_count_key(timezone.localdate())

    def forget():
        try:
            snapshots.forget(name)
        except Exception:
            logger.exception("The kept count of persons due could not be dropped.")

    transaction.on_commit(forget)


def clients_due(on: datetime.date | None = None) -> list[RetentionStatus]:
    """The clients whose retention period has ended on ``on`` (default today), earliest first.
    The database finds them; their dates come from ``retention_status``."""
    from kim.cases.models import Client

    on = on or timezone.localdate()
    # the search runs once; the dates are read for the ids found, a batch at a time (as a
    # subquery of every grouped query, the search would run a dozen times)
    ids = [
        pk for clients in due_clients(on) for pk in clients.order_by().values_list("pk", flat=True)
    ]
    due = []
    for start in range(0, len(ids), STATUS_BATCH):
        batch = Client.objects.filter(pk__in=ids[start : start + STATUS_BATCH])
        due.extend(status for status in retention_status(batch).values() if status.is_due(on))
    return sorted(due, key=lambda status: (status.due_on, status.client_id))
