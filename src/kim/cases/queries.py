"""Reads of case management. Who may see which case is decided here, and only here: every list,
detail page, search and export starts from ``visible_to(user)`` (DOMAIN.md § 7)."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from kim.accounts.roles import Role


def name_match_q(text: str, prefix: str = "") -> Q:
    """Rows whose (client's) name matches ``text`` as written or as it sounds.

    As written: every word is part of a first or last name, Latin or original script. As it
    sounds: the Kölner Phonetik of the transliterated name (``names.name_key``) finds
    "Mohamad Al Hasan" for "Mohammed Al-Hassan" and "Олександр" for "Oleksandr", the whole text as
    last or first name and every split into first and last name in both orders.
    ``prefix`` is the path to the client ("client__" from a case).
    """
    from .names import name_key

    text = " ".join(text.split())
    if not text:
        return Q()
    tokens = text.split(" ")
    fields = ("first_name", "last_name", "first_name_original", "last_name_original")
    written = Q()
    for token in tokens:
        token_q = Q()
        for field in fields:
            token_q |= Q(**{f"{prefix}{field}__icontains": token})
        written &= token_q
    query = written
    key_field = f"{prefix}name_key"
    last_only = name_key("", text)
    if last_only != "|":
        query |= Q(**{f"{key_field}__startswith": last_only})
    first_only = name_key(tokens[0], "")
    if len(tokens) == 1 and first_only != "|":
        query |= Q(**{f"{key_field}__endswith": first_only})
    for i in range(1, len(tokens)):
        head, tail = " ".join(tokens[:i]), " ".join(tokens[i:])
        for key in (name_key(head, tail), name_key(tail, head)):
            last, _sep, first = key.partition("|")
            if last and first:
                query |= Q(**{key_field: key})
    return query


def _stood_in_for(user):
    """Users whose cases ``user`` currently works as their substitute."""
    from .models import Substitution

    today = timezone.localdate()
    return (
        Substitution.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today), substitute=user, starts_on__lte=today
        )
        .order_by()
        .values("absent")
    )


def _self_and_stood_in_for(user):
    """The user and the users they stand in for, as one subquery.

    ``case_manager IN (… UNION …)`` rather than ``case_manager = user OR case_manager IN (…)``:
    PostgreSQL cannot use an index for an OR over a subquery and read every case (issue #12).
    """
    from kim.accounts.models import User

    return User.objects.filter(pk=user.pk).order_by().values("pk").union(_stood_in_for(user))


def caseload_counts(*, new_since, phases, clients=False):
    """The counts of a caseload as aggregate expressions over cases (``CaseQuerySet.caseload_by``
    and the totals of the caseload overview): ``open_cases``, ``new_cases`` (opened on or after
    ``new_since``), ``phase_<value>`` for each of ``phases`` and, with ``clients``,
    ``clients_with_open_case``."""
    is_open = ~Q(phase="closed")
    counts = {
        "open_cases": models.Count("pk", filter=is_open),
        "new_cases": models.Count("pk", filter=Q(opened_on__gte=new_since)),
        **{f"phase_{phase.value}": models.Count("pk", filter=Q(phase=phase)) for phase in phases},
    }
    if clients:
        counts["clients_with_open_case"] = models.Count("client", filter=is_open, distinct=True)
    return counts


class CaseQuerySet(models.QuerySet):
    def workable_by(self, user):
        """Cases the user works on: their own and those of people they stand in for."""
        if not (user.is_authenticated and user.has_role(Role.CASE_MANAGER)):
            return self.none()
        return self.filter(case_manager__in=_self_and_stood_in_for(user))

    def visible_to(self, user):
        """Coordination sees all cases of the district (read, logged); case managers their own
        and those they stand in for; every other role none."""
        if user.is_authenticated and user.has_role(Role.COORDINATION):
            return self.all()
        return self.workable_by(user)

    def open(self):
        return self.exclude(phase="closed")

    def caseload_by(self, field, *, new_since, phases, clients=False):
        """The caseload of these cases grouped by ``field`` ("case_manager",
        "client__municipality"), in one pass over the cases: ``{value: counts}`` with the counts
        of ``caseload_counts`` (``clients`` adds a distinct count: PostgreSQL then sorts the
        cases instead of hashing them, several times the time at state scale). Values without
        cases are not in it.

        Grouping the cases, not counting per case manager or municipality through a join with
        ``cases__in=visible``: that made PostgreSQL look up each of 1.2 million cases in a
        subquery of 1.2 million and did not finish in 20 minutes at state scale (issue #12)."""
        counts = caseload_counts(new_since=new_since, phases=phases, clients=clients)
        rows = self.order_by().values(field).annotate(**counts)
        return {row.pop(field): row for row in rows}

    def search(self, text):
        """By the client's name (also spelt otherwise) or by case number."""
        from .models import Case, Client

        text = " ".join(text.split())
        if not text:
            return self
        # one IN over a UNION of two index searches (trigram indexes on PostgreSQL) instead of
        # an OR across the join, which would read every case
        by_name = Case.objects.filter(client__in=Client.objects.filter(name_match_q(text)))
        by_number = Case.objects.filter(number__icontains=text)
        return self.filter(
            pk__in=by_name.order_by().values("pk").union(by_number.order_by().values("pk"))
        )

    def with_client(self):
        return self.select_related("client__municipality", "case_manager")

    def listed(self):
        """``with_client`` for lists (case list, start page): only the columns a row shows.
        Above all no encrypted text (outcome of the case, legal basis of the residence), which
        is then neither read nor decrypted; and four model instances per row stay small."""
        return self.with_client().only(
            "number",
            "phase",
            "opened_on",
            "closed_on",
            "client",
            "client__first_name",
            "client__last_name",
            "client__first_name_original",
            "client__last_name_original",
            "client__municipality",
            "client__municipality__name",
            "case_manager",
            "case_manager__first_name",
            "case_manager__last_name",
            "case_manager__username",
        )


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clients of visible cases; a case manager also sees a client they created who has no
        case yet (between creating the client and opening the case)."""
        if user.is_authenticated and user.has_role(Role.COORDINATION):
            return self.all()
        if not (user.is_authenticated and user.has_role(Role.CASE_MANAGER)):
            return self.none()
        return self.filter(pk__in=self._case_manager_sees(user))

    def _case_manager_sees(self, user):
        """The ids of the clients a case manager sees: of the cases they work on, and those
        they created that have no case. One IN over a UNION, not an OR with a join or an
        EXISTS per client: PostgreSQL would read every client, or misjudge how many pass."""
        from .models import Case

        visible_cases = Case.objects.workable_by(user).order_by().values("client")
        # NOT EXISTS, not a LEFT JOIN on the cases: PostgreSQL then answers it from the index
        # of the cases by client, without reading a case (2,000 clients: 2 instead of 10 ms)
        created_without_case = (
            self.model.objects.filter(created_by=user)
            .exclude(Exists(Case.objects.filter(client=OuterRef("pk"))))
            .order_by()
            .values("pk")
        )
        return visible_cases.union(created_without_case)

    def visible_among_matches(self, text, user):
        """The clients ``user`` may see (as ``visible_to``) whose name or case number matches
        ``text`` (as ``search``): the same rows as ``visible_to(user).search(text, user)``.

        The matches and the clients the case manager sees are two sets, and PostgreSQL joins
        them the cheaper way round: a rare name finds a handful of clients and looks each up; a
        common one ("Ahmad Al-Ahmad" matches 6,400 clients at state scale, "Andrii" 27,000)
        meets the case manager's one to two thousand clients in a hash. Checking visibility
        with an EXISTS per match, as before, cost 0.1-0.5 s for such names (issue #12).
        """
        if not " ".join(text.split()):
            return self.visible_to(user)
        matches = self.search(text, user)
        if user.is_authenticated and user.has_role(Role.COORDINATION):
            return matches
        if not (user.is_authenticated and user.has_role(Role.CASE_MANAGER)):
            return self.none()
        return matches.filter(pk__in=self._case_manager_sees(user))

    def in_list_order(self, searched=False):
        """The order of the client list: last name, first name, then id.

        A search (``searched``) is sorted by the names in lower case, which no index serves. On
        its own the name index would make PostgreSQL 15 read the list along that index, checking
        every client (a million in a state) against the search and its visibility: it costs the
        LIMIT of a page as if the count over all matches (``core/pagination.py``) stopped early,
        which it does not. A common first name alone ("Andrii", 27,000 matches) took a case
        manager 8 s that way; the matches first, then their order, take about 0.6 s (issue
        #12)."""
        if searched:
            return self.order_by(Lower("last_name"), Lower("first_name"), "pk")
        return self.order_by("last_name", "first_name", "pk")

    def search(self, text, user):
        """By name (also spelt otherwise) or by the number of a case ``user`` may see."""
        from .models import Case

        text = " ".join(text.split())
        if not text:
            return self
        by_number = (
            Case.objects.visible_to(user).filter(number__icontains=text).order_by().values("client")
        )
        by_name = self.model.objects.filter(name_match_q(text)).order_by().values("pk")
        return self.filter(pk__in=by_name.union(by_number))

    def likely_duplicates(self, *, first_name, last_name, birth_year=None):
        """Clients with the same name (also spelt otherwise) and the same year of birth.

        Duplicates are searched across the whole district, whoever may see them: the warning
        names no details of clients the user may not see.
        """
        from .names import name_key

        qs = self.filter(name_key=name_key(first_name, last_name))
        if birth_year:
            qs = qs.filter(
                Q(date_of_birth__year=birth_year)
                | Q(year_of_birth=birth_year)
                | Q(date_of_birth__isnull=True, year_of_birth__isnull=True)
            )
        return qs


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            given_on__lte=day,
        )

    def covering(self, client, organisation, day=None):
        """Valid confidentiality waivers of ``client`` that name ``organisation``."""
        day = day or timezone.localdate()
        return self.valid_on(day).filter(client=client, kind="waiver", organisations=organisation)


class RelatedToCaseQuerySet(models.QuerySet):
    """Rows that belong to a case are visible exactly when their case is."""

    case_path = "case"

    def visible_to(self, user):
        from .models import Case

        return self.filter(**{f"{self.case_path}__in": Case.objects.visible_to(user)})


class ActionQuerySet(RelatedToCaseQuerySet):
    case_path = "goal__case"

    def overdue(self):
        return self.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
