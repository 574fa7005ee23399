"""The Baustein 3 list: the clients the user may see whose pre-check is positive now or within
six months, with the referral to the foreigners' or naturalisation authority through the
referral of case management (consent rules apply)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import CasePhase, Referral, ReferralState
from kim.cases.tests.factories import CaseFactory, ConsentFactory, ReferralFactory
from kim.directory.tests.factories import (
    LegalDomainFactory,
    OfficeFactory,
    ResponsibilityFactory,
)
from kim.residence.checks import add_months

from .factories import PositionFactory, make_eligible_for_25b

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("residence:eligibility_list")


@pytest.fixture
def baustein3(case_manager):
    PositionFactory(holder=case_manager)
    return case_manager


def _client_of(case_manager, **eligibility):
    case = CaseFactory(case_manager=case_manager)
    make_eligible_for_25b(case.client, today=TODAY, **eligibility)
    return case


@pytest.fixture
def authority(db):
    """The foreigners' authority that the directory names for AufenthG in a municipality."""
    return OfficeFactory(name="Ausländerbehörde Teststadt", organisation__name="Testkreis")


def _responsible(case, office):
    ResponsibilityFactory(
        municipality=case.client.municipality,
        legal_domain=LegalDomainFactory(code="AufenthG"),
        office=office,
    )


def _names(response):
    return [(row.client.pk, row.result.path.code) for row in response.context["rows"]]


def test_positive_now_and_within_six_months_are_listed_later_ones_not(as_user, baustein3):
    now = _client_of(baustein3, months_over=1)
    soon = _client_of(baustein3, months_short=2)
    edge = _client_of(baustein3, months_short=6)
    later = _client_of(baustein3, months_short=7)
    response = as_user("case_manager").get(LIST)
    listed = _names(response)
    assert (now.client.pk, "25b") in listed
    assert (soon.client.pk, "25b") in listed
    assert (edge.client.pk, "25b") in listed
    assert later.client.pk not in {pk for pk, _path in listed}
    html = response.content.decode()
    assert f"Voraussetzungen voraussichtlich erfüllt ab {add_months(TODAY, 2):%d.%m.%Y}" in html
    assert "Hinweis, keine Entscheidung der Ausländer-/Einbürgerungsbehörde" in html


def test_a_case_manager_sees_only_own_clients_coordination_all(as_user, baustein3):
    own = _client_of(baustein3)
    colleague = UserFactory(username="kollegin", role=Role.CASE_MANAGER)
    other = _client_of(colleague)
    mine = {pk for pk, _path in _names(as_user("case_manager").get(LIST))}
    assert mine == {own.client.pk}
    everyone = {pk for pk, _path in _names(as_user("coordinator").get(LIST))}
    assert {own.client.pk, other.client.pk} <= everyone


def test_referral_through_case_management_with_consent(as_user, baustein3, authority):
    case = _client_of(baustein3)
    _responsible(case, authority)
    ConsentFactory(client=case.client, organisations=[authority.organisation])
    web = as_user("case_manager")
    assert "an die Ausländerbehörde:" in web.get(LIST).content.decode()
    response = web.post(reverse("residence:refer", args=[case.client.pk]), {"path": "25b"})
    assert response.status_code == 302
    referral = Referral.objects.get(case=case)
    assert referral.office == authority
    assert referral.state == ReferralState.PROPOSED
    assert referral.life_domain.code == "residence"
    assert "Vorprüfung § 25b AufenthG" in referral.reason
    assert "keine Entscheidung der Behörde" in referral.reason
    # the list now shows the open referral instead of the button
    html = web.get(LIST).content.decode()
    assert "Vermittlung vorgeschlagen" in html
    assert "an die Ausländerbehörde:" not in html


def test_referral_without_consent_is_refused_with_the_consent_message(
    as_user, baustein3, authority
):
    case = _client_of(baustein3)
    _responsible(case, authority)
    web = as_user("case_manager")
    response = web.post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}, follow=True
    )
    assert "keine gültige Schweigepflichtentbindung" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_second_open_referral_to_the_same_authority_is_refused(as_user, baustein3, authority):
    case = _client_of(baustein3)
    _responsible(case, authority)
    ConsentFactory(client=case.client, organisations=[authority.organisation])
    ReferralFactory(case=case, office=authority, state=ReferralState.SENT)
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}, follow=True
    )
    assert "schon eine offene Vermittlung" in response.content.decode()
    assert Referral.objects.count() == 1


def test_no_referral_without_a_responsible_authority_in_the_directory(as_user, baustein3):
    case = _client_of(baustein3)
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}, follow=True
    )
    assert "keine zuständige Ausländerbehörde hinterlegt" in response.content.decode()
    assert not Referral.objects.exists()


def test_no_referral_from_a_closed_case(as_user, baustein3, authority):
    case = _client_of(baustein3)
    _responsible(case, authority)
    ConsentFactory(client=case.client, organisations=[authority.organisation])
    case.phase = CasePhase.CLOSED
    case.save()
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}, follow=True
    )
    assert "keinen offenen Fall" in response.content.decode()
    assert not Referral.objects.exists()


def test_an_unknown_path_is_refused(as_user, baustein3, authority):
    case = _client_of(baustein3)
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "99"}, follow=True
    )
    assert "Diesen Weg gibt es nicht." in response.content.decode()


def test_coordination_sees_the_list_but_cannot_refer(as_user, case_manager, authority):
    case = _client_of(case_manager)
    _responsible(case, authority)
    ConsentFactory(client=case.client, organisations=[authority.organisation])
    web = as_user("coordinator")
    html = web.get(LIST).content.decode()
    assert "durch die fallführende Case Manager:in" in html
    response = web.post(reverse("residence:refer", args=[case.client.pk]), {"path": "25b"})
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_referral_for_another_case_managers_client_is_not_found(as_user, baustein3, authority):
    colleague = UserFactory(username="kollegin", role=Role.CASE_MANAGER)
    case = _client_of(colleague)
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}
    )
    assert response.status_code == 404


def test_a_case_manager_without_baustein3_assignment_cannot_refer_from_the_list(
    as_user, case_manager, authority
):
    case = _client_of(case_manager)
    response = as_user("case_manager").post(
        reverse("residence:refer", args=[case.client.pk]), {"path": "25b"}
    )
    assert response.status_code == 403


def test_referral_needs_post(as_user, baustein3):
    case = _client_of(baustein3)
    response = as_user("case_manager").get(reverse("residence:refer", args=[case.client.pk]))
    assert response.status_code == 405
