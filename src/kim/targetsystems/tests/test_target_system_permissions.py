"""Who may do what on the pages of target systems and agreements (issue #5, DOMAIN.md § 7):
coordination everything; the working group's lead edits drafts, proposes, withdraws and starts new
versions; its members read; steering group members read what lies before them or was decided;
everyone else sees nothing (404); a visible page without the right is 403; anonymous users are
sent to the login."""

import pytest
from django.urls import reverse

from kim.targetsystems.models import Agreement, TargetSystem, TargetSystemState

from .factories import AgreementFactory, complete_draft
from .test_target_system_pages import make_group, put_in_force

pytestmark = pytest.mark.django_db

OUTSIDERS = ["case_manager", "external_partner", "auditor", "administrator"]
EVERYONE = ["coordinator", "lead", "member", "steering_member", *OUTSIDERS]


@pytest.fixture
def world(coordinator):
    working_group, lead, member = make_group()
    draft = complete_draft(working_group=working_group, title="Entwurf")
    proposed = complete_draft(working_group=working_group, title="Vorgelegt")
    proposed.state = TargetSystemState.PROPOSED
    proposed.save()
    in_force = put_in_force(
        complete_draft(working_group=working_group, title="In Kraft"), by=coordinator
    )
    return {
        "working_group": working_group,
        "lead": lead,
        "member": member,
        "draft": draft,
        "draft_agreement": AgreementFactory(target_system=draft),
        "proposed": proposed,
        "in_force": in_force,
    }


@pytest.fixture
def as_role(client, world, request):
    def login(role):
        user = world[role] if role in ("lead", "member") else request.getfixturevalue(role)
        client.force_login(user)
        return client

    return login


def expect(table, role):
    return table.get(role, 404)


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_list_is_open_to_every_signed_in_user_with_what_they_may_see(as_role, world, role):
    response = as_role(role).get(reverse("targetsystems:list"))
    assert response.status_code == 200
    shown = {ts.pk for group in response.context["groups"] for ts in group["items"]}
    visible = {
        "coordinator": {"draft", "proposed", "in_force"},
        "lead": {"draft", "proposed", "in_force"},
        "member": {"draft", "proposed", "in_force"},
        "steering_member": {"proposed", "in_force"},
    }.get(role, set())
    assert shown == {world[name].pk for name in visible}


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("draft", {"coordinator": 200, "lead": 200, "member": 200}),
        ("proposed", {"coordinator": 200, "lead": 200, "member": 200, "steering_member": 200}),
        ("in_force", {"coordinator": 200, "lead": 200, "member": 200, "steering_member": 200}),
    ],
)
@pytest.mark.parametrize("role", EVERYONE)
def test_detail(as_role, world, role, name, table):
    response = as_role(role).get(reverse("targetsystems:detail", args=[world[name].pk]))
    assert response.status_code == expect(table, role)


def test_a_member_whose_membership_ended_sees_nothing(as_role, world):
    membership = world["member"].memberships.get()
    membership.ends_on = membership.starts_on
    membership.save()
    response = as_role("member").get(reverse("targetsystems:detail", args=[world["draft"].pk]))
    assert response.status_code == 404


# --- writing -----------------------------------------------------------------------------------

SHAPERS = {"coordinator": 200, "lead": 200, "member": 403}  # on a draft: steering members 404


@pytest.mark.parametrize("role", EVERYONE)
def test_create_page(as_role, world, role):
    response = as_role(role).get(reverse("targetsystems:create", args=[world["working_group"].pk]))
    assert response.status_code == expect(SHAPERS, role)


@pytest.mark.parametrize("role", ["member", "steering_member", *OUTSIDERS])
def test_create_is_refused_and_creates_nothing(as_role, world, role):
    before = TargetSystem.objects.count()
    response = as_role(role).post(
        reverse("targetsystems:create", args=[world["working_group"].pk]),
        {"title": "Heimlich", "summary": "x", "case_rule": "manual"},
    )
    assert response.status_code in (403, 404)
    assert TargetSystem.objects.count() == before


@pytest.mark.parametrize("role", EVERYONE)
def test_edit_page(as_role, world, role):
    response = as_role(role).get(reverse("targetsystems:edit", args=[world["draft"].pk]))
    assert response.status_code == expect(SHAPERS, role)


@pytest.mark.parametrize("role", ["member", "steering_member", *OUTSIDERS])
def test_edit_is_refused_and_changes_nothing(as_role, world, role):
    draft = world["draft"]
    response = as_role(role).post(
        reverse("targetsystems:edit", args=[draft.pk]),
        {"title": "Gekapert", "summary": "x", "case_rule": "manual"},
    )
    assert response.status_code == expect(SHAPERS, role)
    draft.refresh_from_db()
    assert draft.title == "Entwurf"


@pytest.mark.parametrize("role", EVERYONE)
def test_propose(as_role, world, role):
    draft = world["draft"]
    response = as_role(role).post(
        reverse("targetsystems:change_state", args=[draft.pk]), {"target": "proposed"}
    )
    assert response.status_code == expect({"coordinator": 302, "lead": 302, "member": 403}, role)
    draft.refresh_from_db()
    allowed = role in ("coordinator", "lead")
    assert draft.state == (TargetSystemState.PROPOSED if allowed else TargetSystemState.DRAFT)


@pytest.mark.parametrize("role", EVERYONE)
def test_withdraw(as_role, world, role):
    proposed = world["proposed"]
    response = as_role(role).post(
        reverse("targetsystems:change_state", args=[proposed.pk]), {"target": "draft"}
    )
    table = {"coordinator": 302, "lead": 302, "member": 403, "steering_member": 403}
    assert response.status_code == expect(table, role)
    proposed.refresh_from_db()
    allowed = role in ("coordinator", "lead")
    assert proposed.state == (TargetSystemState.DRAFT if allowed else TargetSystemState.PROPOSED)


@pytest.mark.parametrize("role", EVERYONE)
def test_decide_page(as_role, world, role):
    response = as_role(role).get(reverse("targetsystems:decide", args=[world["proposed"].pk]))
    table = {"coordinator": 200, "lead": 403, "member": 403, "steering_member": 403}
    assert response.status_code == expect(table, role)


@pytest.mark.parametrize("role", ["lead", "member", "steering_member", *OUTSIDERS])
def test_decide_is_refused_and_changes_nothing(as_role, world, role):
    proposed = world["proposed"]
    response = as_role(role).post(
        reverse("targetsystems:decide", args=[proposed.pk]),
        {"in_force_from": "2026-05-01"},
    )
    assert response.status_code in (403, 404)
    proposed.refresh_from_db()
    assert proposed.state == TargetSystemState.PROPOSED


@pytest.mark.parametrize("role", ["lead", "steering_member"])
def test_the_decision_is_not_taken_through_the_state_step_either(as_role, world, role):
    proposed = world["proposed"]
    response = as_role(role).post(
        reverse("targetsystems:change_state", args=[proposed.pk]), {"target": "in_force"}
    )
    assert response.status_code in (400, 403)
    proposed.refresh_from_db()
    assert proposed.state == TargetSystemState.PROPOSED


@pytest.mark.parametrize("role", EVERYONE)
def test_new_version(as_role, world, role):
    in_force = world["in_force"]
    response = as_role(role).post(reverse("targetsystems:new_version", args=[in_force.pk]))
    table = {"coordinator": 302, "lead": 302, "member": 403, "steering_member": 403}
    assert response.status_code == expect(table, role)
    assert TargetSystem.objects.filter(predecessor=in_force).exists() == (
        role in ("coordinator", "lead")
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_agreement_pages(as_role, world, role):
    client = as_role(role)
    create = client.get(reverse("targetsystems:agreement_create", args=[world["draft"].pk]))
    edit = client.get(reverse("targetsystems:agreement_edit", args=[world["draft_agreement"].pk]))
    assert create.status_code == expect(SHAPERS, role)
    assert edit.status_code == expect(SHAPERS, role)


@pytest.mark.parametrize("role", ["member", "steering_member", *OUTSIDERS])
def test_agreement_writes_are_refused_and_change_nothing(as_role, world, role):
    client = as_role(role)
    agreement = world["draft_agreement"]
    parties = [p.pk for p in agreement.parties.all()]
    responses = [
        client.post(
            reverse("targetsystems:agreement_create", args=[world["draft"].pk]),
            {"text": "Neu", "parties": parties},
        ),
        client.post(
            reverse("targetsystems:agreement_edit", args=[agreement.pk]),
            {"text": "Geändert", "parties": parties},
        ),
        client.post(reverse("targetsystems:agreement_delete", args=[agreement.pk])),
    ]
    assert {r.status_code for r in responses} == {expect(SHAPERS, role)}
    assert list(Agreement.objects.values_list("text", flat=True)) == [agreement.text]


@pytest.mark.parametrize("role", ["coordinator", "lead"])
def test_agreement_delete_by_who_shapes_the_draft(as_role, world, role):
    agreement = world["draft_agreement"]
    response = as_role(role).post(reverse("targetsystems:agreement_delete", args=[agreement.pk]))
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


# --- anonymous ---------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, world):
    draft, agreement = world["draft"], world["draft_agreement"]
    urls = [
        reverse("targetsystems:list"),
        reverse("targetsystems:create", args=[world["working_group"].pk]),
        reverse("targetsystems:detail", args=[draft.pk]),
        reverse("targetsystems:edit", args=[draft.pk]),
        reverse("targetsystems:decide", args=[world["proposed"].pk]),
        reverse("targetsystems:agreement_create", args=[draft.pk]),
        reverse("targetsystems:agreement_edit", args=[agreement.pk]),
    ]
    posts = [
        reverse("targetsystems:change_state", args=[draft.pk]),
        reverse("targetsystems:new_version", args=[world["in_force"].pk]),
        reverse("targetsystems:agreement_delete", args=[agreement.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    for url in posts:
        response = client.post(url, {"target": "proposed"})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    draft.refresh_from_db()
    assert draft.state == TargetSystemState.DRAFT
    assert Agreement.objects.filter(pk=agreement.pk).exists()


@pytest.mark.parametrize(
    "name", ["change_state", "new_version", "agreement_delete"], ids=lambda n: n
)
def test_state_steps_and_deletes_take_only_post(client, coordinator, world, name):
    pk = world["draft_agreement"].pk if name == "agreement_delete" else world["draft"].pk
    client.force_login(coordinator)
    assert client.get(reverse(f"targetsystems:{name}", args=[pk])).status_code == 405
