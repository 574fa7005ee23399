"""Consent: referrals and data exchange need a valid waiver naming the organisation."""

import datetime

import pytest
from django.utils import timezone

from kim.cases import services
from kim.cases.models import Consent, ConsentKind, Referral, ReferralState
from kim.cases.tests.factories import CaseFactory, ConsentFactory, ReferralFactory
from kim.directory.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


@pytest.fixture
def office(db):
    return OfficeFactory()


def test_referral_without_consent_is_refused(case, office, case_manager):
    with pytest.raises(services.ConsentMissing, match="keine gültige Schweigepflichtentbindung"):
        services.propose_referral(case, by=case_manager, office=office)
    assert not Referral.objects.exists()


def test_referral_with_consent_naming_the_organisation(case, office, case_manager):
    ConsentFactory(client=case.client, organisations=[office.organisation])
    referral = services.propose_referral(case, by=case_manager, office=office)
    assert referral.state == ReferralState.PROPOSED


def test_consent_for_another_organisation_does_not_cover(case, office, case_manager):
    ConsentFactory(client=case.client, organisations=[OfficeFactory().organisation])
    with pytest.raises(services.ConsentMissing):
        services.propose_referral(case, by=case_manager, office=office)


def test_processing_consent_is_no_waiver(case, office, case_manager):
    ConsentFactory(
        client=case.client, kind=ConsentKind.PROCESSING, organisations=[office.organisation]
    )
    with pytest.raises(services.ConsentMissing):
        services.propose_referral(case, by=case_manager, office=office)


@pytest.mark.parametrize(
    ("given", "valid_until"),
    [(1, None), (-30, -1)],
    ids=["given-tomorrow", "expired-yesterday"],
)
def test_consent_outside_its_period_does_not_cover(case, office, case_manager, given, valid_until):
    ConsentFactory(
        client=case.client,
        organisations=[office.organisation],
        given_on=TODAY() + datetime.timedelta(days=given),
        valid_until=None if valid_until is None else TODAY() + datetime.timedelta(days=valid_until),
    )
    with pytest.raises(services.ConsentMissing):
        services.require_consent(case.client, office.organisation)


def test_revocation_takes_effect_at_once(case, office, case_manager):
    consent = ConsentFactory(client=case.client, organisations=[office.organisation])
    referral = services.propose_referral(case, by=case_manager, office=office)
    services.revoke_consent(consent, by=case_manager, note="mündlich widerrufen")
    with pytest.raises(services.ConsentMissing):
        services.change_referral_state(referral, ReferralState.SENT, by=case_manager)
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED
    with pytest.raises(services.CaseError, match="bereits widerrufen"):
        services.revoke_consent(Consent.objects.get(pk=consent.pk), by=case_manager)


def test_referral_states_follow_the_table(case, office, case_manager):
    ConsentFactory(client=case.client, organisations=[office.organisation])
    referral = ReferralFactory(case=case, office=office)
    with pytest.raises(services.TransitionNotAllowed):
        services.change_referral_state(referral, ReferralState.COMPLETED, by=case_manager)
    for state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.COMPLETED):
        services.change_referral_state(referral, state, by=case_manager, outcome="Kurs begonnen")
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED
    assert referral.sent_on == referral.answered_on == referral.closed_on == TODAY()
    assert referral.outcome == "Kurs begonnen"


def test_state_date_before_the_proposal_is_refused(case, office, case_manager):
    ConsentFactory(client=case.client, organisations=[office.organisation])
    referral = ReferralFactory(case=case, office=office, proposed_on=TODAY())
    with pytest.raises(services.CaseError, match="vor dem Vorschlag"):
        services.change_referral_state(
            referral, ReferralState.SENT, by=case_manager, on=TODAY() - datetime.timedelta(days=1)
        )
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROPOSED
