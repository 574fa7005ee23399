"""Writing steps of a service chain (services.save_step, delete_step, copy_as_is_to_to_be) with
the step form, and bad input of the step form (issue #5): a step without institution, an office
of another institution, a break point without note, a taken number, bad numbers. Bad input gets a
German message and changes nothing."""

import pytest
from django.urls import reverse

from kim.directory.tests.factories import OfficeFactory, OrganisationFactory
from kim.targetsystems import services
from kim.targetsystems.forms.chains import StepForm
from kim.targetsystems.models import ChainStep, TargetSystemState

from .factories import ChainStepFactory, MembershipFactory, ServiceChainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return ServiceChainFactory()


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Jobcenter Märkischer Kreis")


def form_for(chain, data, variant="as_is", instance=None):
    form = StepForm(data, instance=instance or ChainStep(chain=chain, variant=variant))
    assert form.is_valid(), form.errors
    return form


def steps(chain, variant="as_is"):
    return list(
        chain.steps.filter(variant=variant).order_by("position").values_list("position", "title")
    )


# --- save_step -------------------------------------------------------------------------------


def test_a_step_without_number_goes_to_the_end_of_its_variant(chain, organisation):
    ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    ChainStepFactory(chain=chain, variant="to_be", position=5, title="Anderswo")
    step = services.save_step(
        form_for(chain, {"organisation": organisation.pk, "title": "Antrag"}), chain=chain
    )
    assert (step.variant, step.position) == ("as_is", 2)


def test_the_first_step_is_number_one(chain, organisation):
    step = services.save_step(
        form_for(chain, {"organisation": organisation.pk, "title": "Antrag"}, "to_be"),
        chain=chain,
    )
    assert step.position == 1


def test_a_step_with_a_free_number_keeps_it(chain, organisation):
    step = services.save_step(
        form_for(chain, {"position": "4", "organisation": organisation.pk, "title": "Antrag"}),
        chain=chain,
    )
    assert step.position == 4


def test_a_step_needs_an_institution_whoever_calls_the_service(chain):
    form = StepForm({"title": "Ohne Institution"}, instance=ChainStep(chain=chain, variant="as_is"))
    form.fields["organisation"].required = False  # a caller that does not check it itself
    assert form.is_valid(), form.errors
    with pytest.raises(services.TargetSystemError) as error:
        services.save_step(form, chain=chain)
    assert error.value.field == "organisation"
    assert "Jeder Schritt braucht eine Institution" in error.value.message
    assert not ChainStep.objects.exists()


def test_the_office_must_belong_to_the_institution(chain, organisation):
    foreign = OfficeFactory(name="Sozialamt Hemer")
    with pytest.raises(services.TargetSystemError) as error:
        services.save_step(
            form_for(
                chain, {"organisation": organisation.pk, "office": foreign.pk, "title": "Antrag"}
            ),
            chain=chain,
        )
    assert error.value.field == "office"
    assert not ChainStep.objects.exists()


def test_an_office_of_the_institution_is_kept(chain, organisation):
    office = OfficeFactory(organisation=organisation, name="Jobcenter Iserlohn")
    step = services.save_step(
        form_for(chain, {"organisation": organisation.pk, "office": office.pk, "title": "Antrag"}),
        chain=chain,
    )
    assert step.office == office


def test_a_break_point_needs_a_note(chain, organisation):
    with pytest.raises(services.TargetSystemError) as error:
        services.save_step(
            form_for(
                chain,
                {"organisation": organisation.pk, "title": "Antrag", "is_break_point": "on"},
            ),
            chain=chain,
        )
    assert error.value.field == "break_point_note"
    assert not ChainStep.objects.exists()


def test_a_new_step_on_a_taken_number_is_inserted(chain, organisation):
    ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    services.save_step(
        form_for(chain, {"position": "1", "organisation": organisation.pk, "title": "Antrag"}),
        chain=chain,
    )
    assert steps(chain) == [(1, "Antrag"), (2, "Erstkontakt")]


def test_the_same_number_in_the_other_variant_is_fine(chain, organisation):
    ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    step = services.save_step(
        form_for(
            chain, {"position": "1", "organisation": organisation.pk, "title": "Antrag"}, "to_be"
        ),
        chain=chain,
    )
    assert (step.variant, step.position) == ("to_be", 1)


def test_a_step_keeps_its_number_when_edited(chain, organisation):
    step = ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    services.save_step(
        form_for(
            chain,
            {"position": "1", "organisation": organisation.pk, "title": "Erstgespräch"},
            instance=step,
        ),
        chain=chain,
    )
    assert steps(chain) == [(1, "Erstgespräch")]


def test_a_step_of_a_frozen_target_system_is_not_saved(chain, organisation):
    chain.target_system.state = TargetSystemState.IN_FORCE
    chain.target_system.save()
    with pytest.raises(services.TargetSystemError) as error:
        services.save_step(
            form_for(chain, {"organisation": organisation.pk, "title": "Antrag"}), chain=chain
        )
    assert "kann nicht mehr geändert werden" in error.value.message
    assert not ChainStep.objects.exists()


# --- delete_step and copy_as_is_to_to_be -----------------------------------------------------


def test_deleting_a_step_renumbers_the_rest_of_its_variant_only(chain):
    for n, title in enumerate(["A", "B", "C"], 1):
        ChainStepFactory(chain=chain, position=n, title=title)
    ChainStepFactory(chain=chain, variant="to_be", position=2, title="Soll B")
    services.delete_step(chain.steps.get(title="A"))
    assert steps(chain) == [(1, "B"), (2, "C")]
    assert steps(chain, "to_be") == [(2, "Soll B")]


def test_a_step_of_a_frozen_target_system_is_not_deleted(chain):
    step = ChainStepFactory(chain=chain, position=1)
    chain.target_system.state = TargetSystemState.PROPOSED
    chain.target_system.save()
    with pytest.raises(services.TargetSystemError):
        services.delete_step(step)
    assert ChainStep.objects.filter(pk=step.pk).exists()


def test_copy_takes_every_as_is_step_into_the_to_be(chain):
    ChainStepFactory(chain=chain, position=1, title="A", typical_days=3)
    ChainStepFactory(
        chain=chain, position=2, title="B", is_break_point=True, break_point_note="hakt"
    )
    assert services.copy_as_is_to_to_be(chain) == 2
    copies = list(chain.steps.filter(variant="to_be").order_by("position"))
    assert [(s.position, s.title, s.typical_days, s.is_break_point) for s in copies] == [
        (1, "A", 3, False),
        (2, "B", None, True),
    ]
    assert steps(chain) == [(1, "A"), (2, "B")]  # the as-is stays


def test_copy_refuses_to_overwrite_a_to_be(chain):
    ChainStepFactory(chain=chain, position=1, title="A")
    ChainStepFactory(chain=chain, variant="to_be", position=1, title="Soll")
    with pytest.raises(services.TargetSystemError):
        services.copy_as_is_to_to_be(chain)
    assert steps(chain, "to_be") == [(1, "Soll")]


def test_copy_refuses_an_empty_as_is(chain):
    with pytest.raises(services.TargetSystemError):
        services.copy_as_is_to_to_be(chain)
    assert not ChainStep.objects.exists()


def test_copy_refuses_a_frozen_target_system(chain):
    ChainStepFactory(chain=chain, position=1, title="A")
    chain.target_system.state = TargetSystemState.PROPOSED
    chain.target_system.save()
    with pytest.raises(services.TargetSystemError):
        services.copy_as_is_to_to_be(chain)
    assert steps(chain, "to_be") == []


# --- bad input through the form (German message, status 400, nothing saved) ------------------


@pytest.fixture
def lead_client(client, chain):
    lead = MembershipFactory(body=chain.target_system.working_group, is_lead=True).user
    client.force_login(lead)
    return client


def post_step(client, chain, data, variant="as_is"):
    return client.post(reverse("targetsystems:step_create", args=[chain.pk, variant]), data)


def test_the_form_asks_for_the_institution_in_the_words_of_the_service(lead_client, chain):
    response = post_step(lead_client, chain, {"title": "Antrag"})
    assert response.status_code == 400
    assert "Jeder Schritt braucht eine Institution aus dem Verzeichnis." in response.text
    assert 'id="id_organisation_error"' in response.text
    assert not ChainStep.objects.exists()


def test_the_form_shows_the_office_error_at_the_office(lead_client, chain, organisation):
    foreign = OfficeFactory(name="Sozialamt Hemer")
    response = post_step(
        lead_client, chain, {"organisation": organisation.pk, "office": foreign.pk, "title": "X"}
    )
    assert response.status_code == 400
    assert "Die Dienststelle gehört nicht zu der gewählten Institution." in response.text
    assert 'id="id_office_error"' in response.text
    assert not ChainStep.objects.exists()


def test_the_form_asks_for_a_note_at_a_break_point(lead_client, chain, organisation):
    response = post_step(
        lead_client,
        chain,
        {"organisation": organisation.pk, "title": "X", "is_break_point": "on"},
    )
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, was an der Bruchstelle passiert." in response.text
    assert not ChainStep.objects.exists()


def test_a_new_step_with_a_taken_number_is_inserted_before_it(lead_client, chain, organisation):
    ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    ChainStepFactory(chain=chain, position=2, title="Kursbeginn")
    response = post_step(
        lead_client,
        chain,
        {"position": "2", "organisation": organisation.pk, "title": "Einstufung"},
    )
    assert response.status_code == 302
    assert steps(chain) == [(1, "Erstkontakt"), (2, "Einstufung"), (3, "Kursbeginn")]


def test_moving_a_step_onto_a_taken_number_is_refused(lead_client, chain, organisation):
    ChainStepFactory(chain=chain, position=1, title="Erstkontakt")
    moved = ChainStepFactory(chain=chain, position=2, title="Kursbeginn", organisation=organisation)
    response = lead_client.post(
        reverse("targetsystems:step_edit", args=[moved.pk]),
        {"position": "1", "organisation": organisation.pk, "title": "Kursbeginn"},
    )
    assert response.status_code == 400
    assert "Schritt Nr. 1 gibt es in dieser Fassung der Kette schon." in response.text
    assert steps(chain) == [(1, "Erstkontakt"), (2, "Kursbeginn")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Bitte beschreiben Sie den Schritt in wenigen Worten."),
        ({"title": "x" * 201}, "Der Schritt ist zu lang"),
        ({"position": "0"}, "Die Schrittnummer beginnt bei 1."),
        ({"position": "zwei"}, "Bitte geben Sie die Schrittnummer als ganze Zahl an."),
        ({"typical_days": "-3"}, "Die Dauer kann nicht negativ sein."),
        ({"typical_days": "731"}, "Die Dauer kann höchstens 730 Tage betragen."),
        ({"typical_days": "drei"}, "Bitte geben Sie die Dauer als ganze Zahl von Tagen an."),
        ({"organisation": "99999"}, "Bitte wählen Sie eine Institution aus dem Verzeichnis."),
        ({"office": "99999"}, "Bitte wählen Sie eine Dienststelle der Liste."),
        ({"legal_domain": "99999"}, "Bitte wählen Sie einen Rechtskreis der Liste."),
    ],
)
def test_bad_fields_get_a_german_message(lead_client, chain, organisation, data, message):
    response = post_step(
        lead_client, chain, {"organisation": organisation.pk, "title": "X", **data}
    )
    assert response.status_code == 400
    assert message in response.text
    assert not ChainStep.objects.exists()


def test_a_failed_edit_changes_nothing(lead_client, chain, organisation):
    step = ChainStepFactory(chain=chain, position=1, title="Erstkontakt", organisation=organisation)
    foreign = OfficeFactory(name="Sozialamt Hemer")
    response = lead_client.post(
        reverse("targetsystems:step_edit", args=[step.pk]),
        {"position": "1", "title": "Neu", "organisation": organisation.pk, "office": foreign.pk},
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert (step.title, step.organisation) == ("Erstkontakt", organisation)


def test_the_office_list_is_grouped_by_institution(lead_client, chain, organisation):
    OfficeFactory(organisation=organisation, name="Jobcenter Iserlohn")
    response = lead_client.get(reverse("targetsystems:step_create", args=[chain.pk, "as_is"]))
    assert '<optgroup label="Jobcenter Märkischer Kreis">' in response.text
