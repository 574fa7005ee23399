"""Indicators of a target system: created, changed and deleted in a draft by coordination or the
lead of the working group. Bad input (no measure, an unknown one, a parameter the measure needs)
gets a German message from ``services.check_indicator`` and changes nothing; a frozen target system
shows no buttons and refuses every change."""

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests.factories import life_domain
from kim.directory.tests.factories import OrganisationFactory, ServiceTypeFactory
from kim.targetsystems import services
from kim.targetsystems.forms.monitoring import IndicatorForm
from kim.targetsystems.models import Indicator, TargetSystemState
from kim.targetsystems.tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    TargetSystemFactory,
)

pytestmark = pytest.mark.django_db

NO_MEASURE = "Bitte wählen Sie eine der festgelegten Messgrößen."
FROZEN = "kann nicht mehr geändert werden"


@pytest.fixture
def draft():
    return TargetSystemFactory()


@pytest.fixture
def course():
    return ServiceTypeFactory(code="IK", name="Integrationskurs")


def data(**overrides):
    values = {
        "name": "Tage bis zum Kursbeginn",
        "measure": "days_to_course_start",
        "service_type": "",
        "organisation": "",
        "life_domain": "",
        "within_days": "",
        "target_value": "",
    }
    values.update(overrides)
    return values


def create_url(ts):
    return reverse("targetsystems:indicator_create", args=[ts.pk])


def member(ts, *, is_lead=False, role=Role.CASE_MANAGER):
    user = UserFactory(role=role)
    MembershipFactory(body=ts.working_group, user=user, is_lead=is_lead)
    return user


# --- create ------------------------------------------------------------------------------------


def test_coordination_creates_an_indicator(as_user, draft, course):
    client = as_user("coordinator")

    response = client.post(
        create_url(draft), data(service_type=course.pk, target_value="42,5"), follow=True
    )

    indicator = draft.indicators.get()
    assert (indicator.name, indicator.measure, indicator.service_type) == (
        "Tage bis zum Kursbeginn",
        "days_to_course_start",
        course,
    )
    assert str(indicator.target_value) == "42.5"
    assert indicator.position == 1
    assert "Der Indikator „Tage bis zum Kursbeginn“ wurde angelegt." in response.content.decode()


def test_the_form_shows_each_measure_with_its_definition(as_user, draft):
    response = as_user("coordinator").get(create_url(draft))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tage vom Erstkontakt bis zum Kursbeginn" in page
    assert "Noch offene Vermittlungen innerhalb der Frist zählen nicht mit." in page
    assert "nötige Angabe: Frist in Tagen" in page
    assert 'aria-describedby="id_measure_0_definition"' in page


def test_lead_of_the_working_group_creates_an_indicator(client, draft):
    lead = member(draft, is_lead=True)
    client.force_login(lead)

    response = client.post(
        create_url(draft), data(measure="referrals_accepted_within", within_days="30")
    )

    assert response.status_code == 302
    assert draft.indicators.get().within_days == 30


@pytest.mark.parametrize(
    ("measure", "missing", "message"),
    [
        (
            "days_to_course_start",
            "service_type",
            "Für die Messgröße „Tage vom Erstkontakt bis zum Kursbeginn“ geben Sie bitte die "
            "Angebotsart an.",
        ),
        (
            "referrals_accepted_within",
            "within_days",
            "Für die Messgröße „Anteil der Vermittlungen, die innerhalb der Frist angenommen "
            "wurden“ geben Sie bitte die Frist in Tagen an.",
        ),
        (
            "goals_achieved",
            "life_domain",
            "Für die Messgröße „Anteil erreichter Ziele im Lebensbereich“ geben Sie bitte den "
            "Lebensbereich an.",
        ),
    ],
)
def test_a_parameter_the_measure_needs_is_missing(as_user, draft, measure, missing, message):
    response = as_user("coordinator").post(create_url(draft), data(measure=measure))

    assert response.status_code == 400
    assert response.context["form"].errors[missing] == [message]
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("measure", ["", "days_to_everything"])
def test_no_measure_or_an_unknown_one_is_refused(as_user, draft, course, measure):
    response = as_user("coordinator").post(
        create_url(draft), data(measure=measure, service_type=course.pk)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["measure"] == [NO_MEASURE]
    assert NO_MEASURE in response.content.decode()  # shown under the choice of measures
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Bitte geben Sie eine Bezeichnung an."),
        ("within_days", "0", "Die Frist muss zwischen 1 und 365 Tagen liegen."),
        ("within_days", "400", "Die Frist muss zwischen 1 und 365 Tagen liegen."),
        ("within_days", "dreißig", "Bitte geben Sie die Frist als ganze Zahl von Tagen an."),
        ("target_value", "viel", "Bitte geben Sie den Zielwert als Zahl an, z. B. 80 oder 42,5."),
        ("target_value", "1,25", "Der Zielwert hat höchstens eine Nachkommastelle."),
    ],
)
def test_bad_input_in_the_form(as_user, draft, field, value, message):
    response = as_user("coordinator").post(
        create_url(draft),
        data(**{"measure": "referrals_accepted_within", "within_days": "30", field: value}),
    )

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Indicator.objects.exists()


# --- the service on its own --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"measure": ""}, "measure"),
        ({"measure": "share_of_luck"}, "measure"),
        ({"measure": "days_to_course_start"}, "service_type"),
        ({"measure": "referrals_accepted_within"}, "within_days"),
        ({"measure": "goals_achieved"}, "life_domain"),
    ],
)
def test_check_indicator_refuses_with_a_german_message(values, field):
    with pytest.raises(services.TargetSystemError) as refused:
        services.check_indicator(Indicator(name="X", **values))

    assert refused.value.field == field
    assert refused.value.message.startswith(("Bitte wählen", "Für die Messgröße"))


def test_check_indicator_accepts_a_complete_indicator():
    indicator = Indicator(name="Ziele Sprache", measure="goals_achieved")
    indicator.life_domain = life_domain("language")

    assert services.check_indicator(indicator).code == "goals_achieved"


def test_optional_parameters_do_not_block(draft):
    indicator = Indicator(
        target_system=draft,
        name="Annahme",
        measure="referrals_accepted_within",
        within_days=30,
        organisation=OrganisationFactory(),
    )

    assert services.check_indicator(indicator).code == "referrals_accepted_within"


def test_the_form_marks_what_each_parameter_is_needed_for():
    form = IndicatorForm()

    assert "Tage vom Erstkontakt bis zum Kursbeginn" in form.fields["service_type"].help_text
    assert "wahlweise" in form.fields["organisation"].help_text
    assert "Anteil erreichter Ziele" in form.fields["life_domain"].help_text


# --- edit and delete -----------------------------------------------------------------------------


def test_coordination_edits_an_indicator(as_user, draft):
    indicator = IndicatorFactory(target_system=draft)

    response = as_user("coordinator").post(
        reverse("targetsystems:indicator_edit", args=[indicator.pk]),
        data(name="Kursbeginn", service_type=indicator.service_type_id, target_value="40"),
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, str(indicator.target_value)) == ("Kursbeginn", "40.0")


def test_edit_with_a_missing_parameter_changes_nothing(as_user, draft):
    indicator = IndicatorFactory(target_system=draft)

    response = as_user("coordinator").post(
        reverse("targetsystems:indicator_edit", args=[indicator.pk]),
        data(name="Neuer Name", measure="goals_achieved"),
    )

    assert response.status_code == 400
    indicator.refresh_from_db()
    assert (indicator.name, indicator.measure) == (
        "Tage bis zum Kursbeginn",
        "days_to_course_start",
    )


def test_delete_asks_then_deletes(as_user, draft):
    indicator = IndicatorFactory(target_system=draft)
    client = as_user("coordinator")
    url = reverse("targetsystems:indicator_delete", args=[indicator.pk])

    asked = client.get(url)
    deleted = client.post(url, follow=True)

    assert "Soll der Indikator „Tage bis zum Kursbeginn“" in asked.content.decode()
    assert not Indicator.objects.exists()
    assert "wurde gelöscht" in deleted.content.decode()


# --- frozen target systems -----------------------------------------------------------------------


@pytest.fixture(params=[TargetSystemState.PROPOSED, TargetSystemState.IN_FORCE])
def frozen(request):
    return TargetSystemFactory(state=request.param)


def test_frozen_create_is_refused_and_saves_nothing(as_user, frozen, course):
    response = as_user("coordinator").post(create_url(frozen), data(service_type=course.pk))

    assert response.status_code == 400
    assert FROZEN in " ".join(response.context["form"].non_field_errors())
    assert not Indicator.objects.exists()


def test_frozen_edit_is_refused_and_changes_nothing(as_user, frozen):
    indicator = IndicatorFactory(target_system=frozen)

    response = as_user("coordinator").post(
        reverse("targetsystems:indicator_edit", args=[indicator.pk]),
        data(name="Geändert", service_type=indicator.service_type_id),
    )

    assert response.status_code == 400
    indicator.refresh_from_db()
    assert indicator.name == "Tage bis zum Kursbeginn"


def test_frozen_delete_is_refused(as_user, frozen):
    indicator = IndicatorFactory(target_system=frozen)

    response = as_user("coordinator").post(
        reverse("targetsystems:indicator_delete", args=[indicator.pk]), follow=True
    )

    assert FROZEN in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize("view", ["indicator_create", "indicator_edit", "indicator_delete"])
def test_frozen_forms_are_not_offered(as_user, frozen, view):
    indicator = IndicatorFactory(target_system=frozen)
    pk = frozen.pk if view == "indicator_create" else indicator.pk

    response = as_user("coordinator").get(reverse(f"targetsystems:{view}", args=[pk]))

    assert response.status_code == 302
    assert response.url == frozen.get_absolute_url() + "#indicators"


def test_frozen_monitoring_page_has_no_indicator_buttons(as_user, frozen):
    indicator = IndicatorFactory(target_system=frozen)

    page = (
        as_user("coordinator")
        .get(reverse("targetsystems:monitoring", args=[frozen.pk]))
        .content.decode()
    )

    assert reverse("targetsystems:indicator_edit", args=[indicator.pk]) not in page
    assert reverse("targetsystems:indicator_create", args=[frozen.pk]) not in page


def test_draft_monitoring_page_offers_the_indicator_buttons(as_user, draft):
    indicator = IndicatorFactory(target_system=draft)

    page = (
        as_user("coordinator")
        .get(reverse("targetsystems:monitoring", args=[draft.pk]))
        .content.decode()
    )

    assert reverse("targetsystems:indicator_edit", args=[indicator.pk]) in page
    assert reverse("targetsystems:indicator_create", args=[draft.pk]) in page


# --- who may ----------------------------------------------------------------------------------


def _urls(ts, indicator):
    return [
        reverse("targetsystems:indicator_create", args=[ts.pk]),
        reverse("targetsystems:indicator_edit", args=[indicator.pk]),
        reverse("targetsystems:indicator_delete", args=[indicator.pk]),
    ]


def test_members_who_do_not_lead_may_not(client, draft):
    indicator = IndicatorFactory(target_system=draft)
    client.force_login(member(draft))

    for url in _urls(draft, indicator):
        assert client.get(url).status_code == 403
        assert client.post(url, data(name="X")).status_code == 403
    assert Indicator.objects.get().name == "Tage bis zum Kursbeginn"


def test_the_lead_of_another_working_group_does_not_see_the_draft(client, draft):
    indicator = IndicatorFactory(target_system=draft)
    client.force_login(member(TargetSystemFactory(), is_lead=True))

    for url in _urls(draft, indicator):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role", ["case_manager", "external_partner", "auditor", "administrator", "steering_member"]
)
def test_others_do_not_see_the_draft(as_user, draft, role):
    indicator = IndicatorFactory(target_system=draft)
    client = as_user(role)

    for url in _urls(draft, indicator):
        assert client.get(url).status_code == 404
        assert client.post(url, data()).status_code == 404
    assert Indicator.objects.count() == 1


def test_steering_members_read_but_do_not_edit(as_user):
    proposed = TargetSystemFactory(state=TargetSystemState.PROPOSED)
    indicator = IndicatorFactory(target_system=proposed)
    client = as_user("steering_member")

    for url in _urls(proposed, indicator):
        assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_the_login(client, draft):
    indicator = IndicatorFactory(target_system=draft)

    for url in _urls(draft, indicator):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
