"""The erasure keeps every figure: the state controlling indicators, the dashboard and the
monitoring of target systems count the same for past periods before and after (erasure.py)."""

import calendar
import datetime
from types import SimpleNamespace

import pytest

from kim.accounts.models import User
from kim.cases.models import Case, Client, LifeDomain
from kim.directory.models import Organisation, ServiceType
from kim.privacy import erasure, services
from kim.privacy.models import DeletionItem, ItemState
from kim.reports.dashboard import build_dashboard
from kim.reports.indicators import INDICATORS
from kim.reports.scope import AGE_GROUPS, age_group_of
from kim.reports.tests.fixtures import END, START, build
from kim.targetsystems.measures import MEASURES

from .factories import client_file

pytestmark = pytest.mark.django_db

d = datetime.date.fromisoformat
ERASED_ON = d("2030-01-01")

PERIODS = [
    (START, END),
    (d("2024-01-01"), d("2024-12-31")),
    (d("2024-01-01"), d("2025-12-31")),
    (d("2022-01-01"), d("2022-12-31")),
    *[
        (d(f"2025-{m:02d}-01"), d(f"2025-{m + 1:02d}-01") - datetime.timedelta(days=1))
        for m in range(1, 7)
    ],
    (d("2022-02-01"), d("2022-02-28")),  # the month a person born on 29 February turns 18
    (d("2025-03-01"), d("2025-03-31")),  # the month a person in the set turns 18
]


@pytest.fixture
def data(db):
    data = build()
    # two more, with full files: one turns 18 in March 2025, one was born on 29 February
    data.march = client_file(
        opened_on=d("2025-01-10"),
        closed_on=d("2025-03-31"),
        case_manager=data.cm1,
        municipality=data.altstadt,
        date_of_birth=d("2007-03-15"),
    )
    data.leap = client_file(
        opened_on=d("2021-11-01"),
        closed_on=d("2022-04-30"),
        case_manager=data.cm2,
        municipality=data.neudorf,
        date_of_birth=d("2004-02-29"),
        nationalities=("UA",),
    )
    data.coordinator = User.objects.get(username="fx_coord")
    return data


def _scopes(data):
    from kim.reports.scope import ReportScope

    for start, end in PERIODS:
        yield ReportScope(start=start, end=end)
        yield ReportScope(start=start, end=end, municipality=data.altstadt)
        yield ReportScope(start=start, end=end, residence_group="temporary")
        for code, _label, _low, _high in AGE_GROUPS:
            yield ReportScope(start=start, end=end, age_group=code)


def indicator_figures(data):
    return {
        (scope.describe(), scope.age_group, indicator.code): [
            (row.code, row.value, row.persons) for row in indicator.compute(scope)
        ]
        for scope in _scopes(data)
        for indicator in INDICATORS
    }


def _cells(row):
    return row and sorted((k, c.value, c.persons, c.suppressed) for k, c in row.cells.items())


def dashboard_figures(data, user):
    from kim.reports.scope import ReportScope

    figures = {}
    for start, end in PERIODS[:4]:
        dashboard = build_dashboard(ReportScope(start=start, end=end), user=user)
        figures[(start, "headline")] = [(c.label, c.value, c.persons) for c in dashboard.headline]
        for figure in dashboard.figures:
            figures[(start, figure.key)] = (
                [(row.label, _cells(row)) for row in figure.rows],
                _cells(figure.total),
                figure.median and (figure.median.value, figure.median.persons),
            )
    return figures


def monitoring_figures():
    case_ids = list(Case.objects.values_list("pk", flat=True))
    indicators = [
        SimpleNamespace(
            service_type_id=service_type, organisation_id=None, life_domain_id=None, within_days=14
        )
        for service_type in ServiceType.objects.values_list("pk", flat=True)
    ]
    indicators += [
        SimpleNamespace(
            service_type_id=None, organisation_id=org, life_domain_id=None, within_days=14
        )
        for org in Organisation.objects.values_list("pk", flat=True)
    ]
    indicators += [
        SimpleNamespace(
            service_type_id=None, organisation_id=None, life_domain_id=domain, within_days=14
        )
        for domain in LifeDomain.objects.values_list("pk", flat=True)
    ]
    return {
        (code, index): sorted(
            (o.case_id, o.day, o.value) for o in measure.observe(indicator, case_ids)
        )
        for code, measure in MEASURES.items()
        for index, indicator in enumerate(indicators)
    }


def test_every_figure_of_past_periods_is_the_same_after_the_erasure(
    data, django_capture_on_commit_callbacks
):
    before = (
        indicator_figures(data),
        dashboard_figures(data, data.coordinator),
        monitoring_figures(),
    )
    assert any(obs for obs in before[2].values())  # the monitoring has something to count

    run, _added = services.propose_due(on=ERASED_ON)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_run(run, by=data.coordinator, confirmed=True, on=ERASED_ON)
    erased = set(
        DeletionItem.objects.filter(state=ItemState.ERASED).values_list("client", flat=True)
    )
    # C4, C5, C9 of the reference set and the two full files (and a household member)
    expected = {data.clients[n].pk for n in (4, 5, 9)} | {
        data.march.client.pk,
        data.leap.client.pk,
    }
    assert expected <= erased
    assert Client.objects.get(pk=data.march.client.pk).last_name == erasure.ANONYMOUS

    after = (
        indicator_figures(data),
        dashboard_figures(data, data.coordinator),
        monitoring_figures(),
    )
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]


def _month_ends(first_year, last_year):
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            yield datetime.date(year, month, calendar.monthrange(year, month)[1])


@pytest.mark.parametrize("year", [1958, 1980, 1996, 2004, 2007, 2008])
def test_month_and_year_of_birth_keep_the_age_group_at_every_month_end(year):
    """Every day of the year of birth, every month end while the person crosses an age limit
    (18, 27, 45, 65); leap years included (2004, 2008, 1980, 1996)."""
    days = [datetime.date(year, 1, 1) + datetime.timedelta(days=n) for n in range(366)]
    days = [day for day in days if day.year == year]
    month_ends = list(_month_ends(year + 16, year + 67))
    for born in days:
        coarse = erasure.coarse_birth_date(born)
        for end in month_ends:
            assert age_group_of(born, None, end) == age_group_of(coarse, None, end), (born, end)


def test_the_year_alone_would_change_the_age_group_of_past_periods():
    """Why not only the year: the reports take 1 July for a person known by year only."""
    born, end = d("2007-03-15"), d("2025-03-31")
    assert age_group_of(born, None, end) == "18_26"
    assert age_group_of(None, born.year, end) == "under_18"
    assert age_group_of(erasure.coarse_birth_date(born), None, end) == "18_26"
