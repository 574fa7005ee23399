"""The journey of issue 3, as a new user would try it with the demo data (through the pages).

A case manager opens a case for a new client, records consent naming the Jobcenter, assesses,
agrees two goals, refers to an integration course and to the Jobcenter, logs contacts, moves the
case to monitoring and closes it; coordination sees it in the caseload overview; another case
manager cannot open it.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.models import Case, CasePhase, Client, LifeDomain, Referral, ReferralState
from kim.directory.models import Municipality, Organisation, Service

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _ok(response):
    """A successful form post redirects; otherwise show the errors of the page's forms."""
    if response.status_code != 302:
        errors = {
            key: value.errors
            for key, value in (response.context or {}).items()
            if hasattr(value, "errors") and value.errors
        }
        pytest.fail(f"expected a redirect, got {response.status_code}: {errors}")
    return response


def test_a_case_from_first_contact_to_closure(client):
    call_command("load_demo_data", stdout=io.StringIO())
    anna = User.objects.get(username="anna.berger")
    client.force_login(anna)
    balve = Municipality.objects.get(name="Balve")

    # a new client, then a case for her
    _ok(
        client.post(
            reverse("cases:client_create"),
            {
                "first_name": "Hanna",
                "last_name": "Testfall",
                "year_of_birth": 1994,
                "gender": "female",
                "nationalities": ["SY"],
                "municipality": balve.pk,
                "entered_germany_on": "2023-04-01",
            },
        )
    )
    person = Client.objects.get(last_name="Testfall")
    _ok(
        client.post(
            reverse("cases:case_open", args=[person.pk]),
            {"access_channel": "self", "case_manager": anna.pk, "opened_on": TODAY.isoformat()},
        )
    )
    case = Case.objects.get(client=person)
    assert case.case_manager == anna and case.phase == CasePhase.INTAKE

    # consent naming the Jobcenter and the VHS that runs the integration course
    jobcenter = Organisation.objects.get(name="Jobcenter Märkischer Kreis")
    course = Service.objects.get(type__code="IK", provider__short_name="VHS Hemer-Menden-Balve")
    _ok(
        client.post(
            reverse("cases:consent_create", args=[person.pk]),
            {
                "kind": "waiver",
                "organisations": [jobcenter.pk, course.provider_id],
                "given_on": TODAY.isoformat(),
                "scope": "Austausch zu Sprachkurs und Arbeitsvermittlung",
            },
        )
    )

    def step(target, **extra):
        case.refresh_from_db()
        data = {"target": target, "version": case.version, "note": "", **extra}
        return _ok(client.post(reverse("cases:case_change_phase", args=[case.pk]), data))

    step(CasePhase.ASSESSMENT)
    _ok(
        client.post(
            reverse("cases:assessment_create", args=[case.pk]),
            {
                "assessed_on": TODAY.isoformat(),
                "summary": "Sprachkurs und Arbeit sind die Anliegen.",
                "domain-language-need": "high",
                "domain-language-situation": "A1, kein Kurs begonnen",
                "domain-work-need": "medium",
                **{
                    f"domain-{code}-need": "none"
                    for code in (
                        "residence",
                        "education",
                        "housing",
                        "health",
                        "family",
                        "finances",
                        "participation",
                    )
                },
            },
        )
    )
    step(CasePhase.PLANNING)
    for domain, text in (("language", "Integrationskurs bis B1"), ("work", "Arbeitsaufnahme")):
        _ok(
            client.post(
                reverse("cases:goal_create", args=[case.pk]),
                {
                    "life_domain": LifeDomain.objects.get(code=domain).pk,
                    "description": text,
                    "agreed_on": TODAY.isoformat(),
                    "target_date": (TODAY + datetime.timedelta(days=180)).isoformat(),
                },
            )
        )
    assert case.goals.count() == 2
    step(CasePhase.IMPLEMENTATION)

    # referrals: integration course and Jobcenter
    for service in (course, Service.objects.get(provider=jobcenter)):
        _ok(
            client.post(
                reverse("cases:referral_create", args=[case.pk]),
                {"service": service.pk, "reason": "laut Hilfeplan"},
            )
        )
    referral = Referral.objects.get(case=case, service=course)
    _ok(
        client.post(
            reverse("cases:referral_state", args=[referral.pk]),
            {"target": ReferralState.SENT, "on": TODAY.isoformat()},
        )
    )

    # contacts
    for channel, minutes in (("in_person", 60), ("phone", 15)):
        _ok(
            client.post(
                reverse("cases:contact_create", args=[case.pk]),
                {"contact_on": TODAY.isoformat(), "duration_minutes": minutes, "channel": channel},
            )
        )
    assert case.contacts.count() == 2

    step(CasePhase.MONITORING)
    step(CasePhase.CLOSED, closure_reason="regular_services", closure_outcome="Kurs läuft")
    case.refresh_from_db()
    assert case.phase == CasePhase.CLOSED and case.closed_on == TODAY
    assert [t.to_phase for t in case.transitions.all()] == [
        "intake",
        "assessment",
        "planning",
        "implementation",
        "monitoring",
        "closed",
    ]

    # coordination sees it in the caseload overview and can open the case
    client.force_login(User.objects.get(username="jonas.keller"))
    overview = client.get(reverse("cases:caseload"))
    anna_row = next(r for r in overview.context["manager_rows"] if r["user"] == anna)
    assert anna_row["new_cases"] >= 1
    listed = client.get(reverse("cases:case_list"), {"q": "Testfall", "status": "alle"})
    assert [c.pk for c in listed.context["page"]] == [case.pk]
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200

    # another case manager cannot open it
    client.force_login(User.objects.get(username="mara.schulte"))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:client_detail", args=[person.pk])).status_code in (403, 404)
