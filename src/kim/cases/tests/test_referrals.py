"""Referrals (Vermittlungen): consent enforcement, every state transition through the UI, and the
suggestion from the responsibility finder."""

import datetime
import itertools

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kim.cases import workflow
from kim.cases.models import Case, CasePhase, Referral, ReferralState
from kim.cases.tests.factories import (
    CaseFactory,
    ClientFactory,
    ConsentFactory,
    ReferralFactory,
    life_domain,
)
from kim.directory.models import LegalDomain, Municipality, Office
from kim.directory.tests.factories import OfficeFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

NO_CONSENT = "keine gültige Schweigepflichtentbindung vor"
TODAY = timezone.localdate


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


@pytest.fixture
def office(db):
    return OfficeFactory(name="Beratungsstelle Mitte", organisation__name="Caritas Teststadt")


@pytest.fixture
def consent(case, office):
    return ConsentFactory(client=case.client, organisations=[office.organisation])


def _create(client, case, **data):
    return client.post(reverse("cases:referral_create", args=[case.pk]), data)


def _step(client, referral, target, on=None, outcome=""):
    return client.post(
        reverse("cases:referral_state", args=[referral.pk]),
        {"target": target, "on": (on or TODAY()).isoformat(), "outcome": outcome},
    )


def _referral_in(state, case, office):
    dates = {
        ReferralState.SENT: {"sent_on": TODAY()},
        ReferralState.ACCEPTED: {"sent_on": TODAY(), "answered_on": TODAY()},
        ReferralState.DECLINED: {"sent_on": TODAY(), "answered_on": TODAY()},
        ReferralState.COMPLETED: {"sent_on": TODAY(), "answered_on": TODAY()},
        ReferralState.WITHDRAWN: {"closed_on": TODAY()},
    }
    extra = dates.get(state, {})
    if state == ReferralState.COMPLETED:
        extra["closed_on"] = TODAY()
    return ReferralFactory(case=case, office=office, state=state, **extra)


# --- proposing a referral ---------------------------------------------------------------------


def test_referral_without_consent_is_refused_and_nothing_saved(as_user, case, office):
    response = _create(as_user("case_manager"), case, office=office.pk, reason="Sprachkurs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Für „Caritas Teststadt“ liegt keine gültige Schweigepflichtentbindung vor." in html
    assert reverse("cases:consent_create", args=[case.client_id]) in html
    assert "Sprachkurs" in html  # the input is kept
    assert not Referral.objects.exists()


def test_referral_with_consent_is_created(as_user, case, office, consent, case_manager):
    response = _create(
        as_user("case_manager"),
        case,
        office=office.pk,
        life_domain=life_domain("language").pk,
        reason="Anmeldung Integrationskurs",
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:referral_list", args=[case.pk])
    referral = Referral.objects.get()
    assert referral.case == case
    assert referral.office == office
    assert referral.state == ReferralState.PROPOSED
    assert referral.proposed_on == TODAY()
    assert referral.created_by == case_manager
    assert referral.reason == "Anmeldung Integrationskurs"
    assert referral.life_domain.code == "language"


def test_consent_for_another_organisation_does_not_cover(as_user, case, office):
    ConsentFactory(client=case.client, organisations=[OrganisationFactory()])
    response = _create(as_user("case_manager"), case, office=office.pk)
    assert NO_CONSENT in response.content.decode()
    assert not Referral.objects.exists()


def test_expired_consent_does_not_cover(as_user, case, office):
    ConsentFactory(
        client=case.client,
        organisations=[office.organisation],
        given_on=TODAY() - datetime.timedelta(days=400),
        valid_until=TODAY() - datetime.timedelta(days=1),
    )
    response = _create(as_user("case_manager"), case, office=office.pk)
    assert NO_CONSENT in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_a_service_needs_consent_naming_its_provider(as_user, case):
    service = ServiceFactory(name="Integrationskurs Vormittag")
    client = as_user("case_manager")
    response = _create(client, case, service=service.pk)
    assert NO_CONSENT in response.content.decode()
    assert not Referral.objects.exists()
    ConsentFactory(client=case.client, organisations=[service.provider])
    assert _create(client, case, service=service.pk).status_code == 302
    assert Referral.objects.get().service == service


def test_referral_needs_a_target(as_user, case):
    response = _create(as_user("case_manager"), case, reason="ohne Ziel")
    assert "Bitte wählen Sie eine Dienststelle oder ein Angebot." in response.content.decode()
    assert not Referral.objects.exists()


def test_office_must_belong_to_the_provider_of_the_service(as_user, case, office, consent):
    service = ServiceFactory()  # another provider
    ConsentFactory(client=case.client, organisations=[service.provider])
    response = _create(as_user("case_manager"), case, office=office.pk, service=service.pk)
    assert "Diese Dienststelle gehört nicht zum Träger des Angebots." in response.content.decode()
    assert not Referral.objects.exists()


def test_unknown_office_is_refused(as_user, case):
    response = _create(as_user("case_manager"), case, office=999999)
    assert "Diese Dienststelle gibt es nicht." in response.content.decode()
    assert not Referral.objects.exists()


def test_create_form_is_prefilled_from_the_finder(as_user, case, office):
    service = ServiceFactory(provider=office.organisation)
    url = reverse("cases:referral_create", args=[case.pk])
    response = as_user("case_manager").get(url, {"office": office.pk, "service": service.pk})
    form = response.context["form"]
    assert str(form["office"].value()) == str(office.pk)
    assert str(form["service"].value()) == str(service.pk)
    assert f'<option value="{office.pk}" selected>' in response.content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_target_state_dates_and_outcome(as_user, case, office):
    ReferralFactory(
        case=case,
        office=office,
        life_domain=life_domain("work"),
        state=ReferralState.COMPLETED,
        proposed_on=datetime.date(2026, 1, 5),
        sent_on=datetime.date(2026, 1, 6),
        answered_on=datetime.date(2026, 1, 12),
        closed_on=datetime.date(2026, 2, 1),
        outcome="Integrationskurs begonnen",
    )
    response = as_user("case_manager").get(reverse("cases:referral_list", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Beratungsstelle Mitte",
        "Caritas Teststadt",
        "Ausbildung/Arbeit",
        "abgeschlossen",
        "05.01.2026",
        "06.01.2026",
        "12.01.2026",
        "01.02.2026",
        "Integrationskurs begonnen",
    ]:
        assert text in html, text


def test_list_offers_only_the_allowed_next_steps(as_user, case, office):
    referral = ReferralFactory(case=case, office=office)
    response = as_user("case_manager").get(reverse("cases:referral_list", args=[case.pk]))
    html = response.content.decode()
    steps = [s["transition"].target for s in response.context["rows"][0]["steps"]]
    assert steps == [ReferralState.SENT, ReferralState.WITHDRAWN]
    assert "Als übermittelt vermerken" in html
    assert "Zurückziehen" in html
    assert "Annahme vermerken" not in html
    assert reverse("cases:referral_state", args=[referral.pk]) in html
    assert f'value="{TODAY().isoformat()}"' in html  # the date defaults to today


def test_opening_the_list_is_logged_once(as_user, case):
    as_user("case_manager").get(reverse("cases:referral_list", args=[case.pk]))
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Case),
        object_pk=str(case.pk),
    )
    assert entries.count() == 1


# --- state transitions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "transition",
    workflow.REFERRAL_TRANSITIONS,
    ids=[f"{t.source}->{t.target}" for t in workflow.REFERRAL_TRANSITIONS],
)
def test_each_allowed_transition_through_the_ui(as_user, case, office, consent, transition):
    referral = _referral_in(transition.source, case, office)
    day = TODAY() - datetime.timedelta(days=1)
    response = _step(as_user("case_manager"), referral, transition.target, on=day, outcome="Ok")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == transition.target
    date_field = {
        ReferralState.SENT: "sent_on",
        ReferralState.ACCEPTED: "answered_on",
        ReferralState.DECLINED: "answered_on",
        ReferralState.COMPLETED: "closed_on",
        ReferralState.WITHDRAWN: "closed_on",
    }[transition.target]
    assert getattr(referral, date_field) == day


ALLOWED = {(t.source, t.target) for t in workflow.REFERRAL_TRANSITIONS}
DISALLOWED = [
    (source, target)
    for source, target in itertools.product(ReferralState.values, ReferralState.values)
    if (source, target) not in ALLOWED
]


@pytest.mark.parametrize("source,target", DISALLOWED, ids=[f"{s}->{t}" for s, t in DISALLOWED])
def test_each_disallowed_transition_is_refused(as_user, case, office, consent, source, target):
    referral = _referral_in(source, case, office)
    response = _step(as_user("case_manager"), referral, target)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der Schritt wurde nicht gespeichert" in html
    assert (
        f"Eine Vermittlung im Stand „{ReferralState(source).label}“ kann nicht auf "
        f"„{ReferralState(target).label}“ gesetzt werden."
    ) in html
    referral.refresh_from_db()
    assert referral.state == source


def test_outcome_is_recorded_on_completion(as_user, case, office):
    referral = _referral_in(ReferralState.ACCEPTED, case, office)
    _step(
        as_user("case_manager"),
        referral,
        ReferralState.COMPLETED,
        outcome="Integrationskurs begonnen am 02.03.",
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED
    assert referral.outcome == "Integrationskurs begonnen am 02.03."


def test_sending_without_consent_is_refused(as_user, case, office):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    response = _step(as_user("case_manager"), referral, ReferralState.SENT)
    assert NO_CONSENT in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED
    assert referral.sent_on is None


def test_sending_after_revocation_is_refused(as_user, case, office, consent):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    consent.revoked_on = TODAY()
    consent.save()
    response = _step(as_user("case_manager"), referral, ReferralState.SENT)
    assert response.status_code == 200
    assert "Für „Caritas Teststadt“ liegt keine gültige Schweigepflichtentbindung vor." in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED
    assert referral.sent_on is None


def test_future_date_is_refused(as_user, case, office, consent):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = _step(as_user("case_manager"), referral, ReferralState.SENT, on=tomorrow)
    html = response.content.decode()
    assert "Das Datum darf nicht in der Zukunft liegen." in html
    assert f'value="{tomorrow.isoformat()}"' in html  # the input is kept
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED


def test_missing_date_is_refused(as_user, case, office, consent):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    response = as_user("case_manager").post(
        reverse("cases:referral_state", args=[referral.pk]), {"target": "sent", "on": ""}
    )
    assert "Bitte geben Sie das Datum an." in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED


def test_state_change_needs_post(as_user, case, office):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    url = reverse("cases:referral_state", args=[referral.pk])
    assert as_user("case_manager").get(url).status_code == 405


def test_closed_case_refuses_new_referrals_and_steps(as_user, case, office, consent):
    referral = _referral_in(ReferralState.PROPOSED, case, office)
    Case.objects.filter(pk=case.pk).update(phase=CasePhase.CLOSED)
    client = as_user("case_manager")
    response = _create(client, case, office=office.pk)
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen." in response.content.decode()
    assert Referral.objects.count() == 1
    response = _step(client, referral, ReferralState.SENT)
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED
    listing = client.get(reverse("cases:referral_list", args=[case.pk]))
    assert listing.status_code == 200
    assert "Als übermittelt vermerken" not in listing.content.decode()


# --- suggestion from the responsibility finder ------------------------------------------------


@pytest.fixture
def balve_case(demo_directory, case_manager):
    client = ClientFactory(municipality=Municipality.objects.get(name="Balve"))
    return CaseFactory(client=client, case_manager=case_manager)


def _sgb_viii():
    return f"rechtskreis-{LegalDomain.objects.get(code='SGB VIII').pk}"


def test_finder_suggests_the_district_youth_office_for_balve(as_user, balve_case):
    response = as_user("case_manager").get(
        reverse("cases:referral_list", args=[balve_case.pk]), {"need": _sgb_viii()}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.office.name for r in response.context["suggestions"]] == [
        "Kreisjugendamt Märkischer Kreis"
    ]
    assert "Kreisjugendamt Märkischer Kreis" in html
    office = Office.objects.get(name="Kreisjugendamt Märkischer Kreis")
    prefill = reverse("cases:referral_create", args=[balve_case.pk]) + f"?office={office.pk}"
    assert prefill in html
    assert "Vermittlung an diese Stelle vorbereiten" in html


def test_finder_suggestion_via_htmx_returns_only_the_box(as_user, balve_case):
    response = as_user("case_manager").get(
        reverse("cases:referral_list", args=[balve_case.pk]),
        {"need": _sgb_viii()},
        headers={"HX-Request": "true", "HX-Target": "finder-suggestions"},
    )
    html = response.content.decode()
    assert "Kreisjugendamt Märkischer Kreis" in html
    assert "<html" not in html


def test_finder_with_unknown_need_says_so(as_user, balve_case):
    response = as_user("case_manager").get(
        reverse("cases:referral_list", args=[balve_case.pk]), {"need": "rechtskreis-999999"}
    )
    assert response.context["suggestions"] is None
    assert "Diesen Bedarf gibt es nicht." in response.content.decode()


def test_suggested_office_can_be_referred_with_consent(as_user, balve_case):
    office = Office.objects.get(name="Kreisjugendamt Märkischer Kreis")
    ConsentFactory(client=balve_case.client, organisations=[office.organisation])
    response = _create(as_user("case_manager"), balve_case, office=office.pk)
    assert response.status_code == 302
    assert Referral.objects.get().office == office
