"""Target systems, their agreements, states and versions (concept § 3.3; issue #5).

Who sees a target system is ``TargetSystem.objects.visible_to`` (404 for anyone else); who may do
what with a visible one are the object rules of ``rules.py`` (403). Only a draft changes; the
services refuse a frozen one, and the views show their German message as a form error (400).
"""

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kim.accounts.rules import is_coordination
from kim.governance.models import Body, BodyKind
from kim.hurdles.models import GenerativeTheme

from .. import services, workflow
from ..chains import total_days
from ..forms.targets import (
    AgreementForm,
    DecisionForm,
    TargetSystemFilterForm,
    TargetSystemForm,
)
from ..models import (
    Agreement,
    ChainVariant,
    TargetSystem,
    TargetSystemState,
)
from ..queries import _current_memberships

TEMPLATES = "targetsystems/"

CONFLICT_MESSAGE = gettext_lazy(
    "Das Zielsystem wurde inzwischen von jemand anderem geändert. Ihre Änderungen wurden nicht "
    "gespeichert; Ihre Eingaben stehen noch im Formular. Bitte laden Sie die Seite neu, prüfen "
    "Sie den aktuellen Stand und tragen Sie Ihre Änderungen erneut ein."
)

# the state steps a POST to ``change_state`` takes; the decision has its own page (``decide``)
STATE_SERVICES = {
    TargetSystemState.PROPOSED: services.propose,
    TargetSystemState.DRAFT: services.withdraw,
}


# --- helpers ----------------------------------------------------------------------------------


def _target_system_or_404(request, pk):
    return get_object_or_404(
        TargetSystem.objects.visible_to(request.user).select_related(
            "working_group__theme", "resolution__meeting", "rule_service_type", "rule_life_domain"
        ),
        pk=pk,
    )


def _agreement_or_404(request, pk):
    return get_object_or_404(
        Agreement.objects.filter(
            target_system__in=TargetSystem.objects.visible_to(request.user)
        ).select_related("target_system"),
        pk=pk,
    )


def _require(request, permission, target_system):
    if not request.user.has_perm(permission, target_system):
        raise PermissionDenied


def _frozen_message(target_system):
    if target_system.state == TargetSystemState.PROPOSED:
        return _(
            "Das Zielsystem liegt der Lenkungsgruppe vor und kann nicht geändert werden; für "
            "Änderungen nehmen Sie es zur Überarbeitung zurück."
        )
    return _("Beschlossen und unveränderlich; Änderungen nur über eine neue Fassung.")


def _refuse_if_frozen(request, target_system):
    """On opening a form of a frozen target system: back to its page with the reason."""
    if target_system.is_frozen:
        messages.error(request, _frozen_message(target_system))
        return redirect(target_system)
    return None


def _add_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def may_create_target_system(user, working_group):
    """Coordination, or a lead of the working group (the same rule as for editing a draft)."""
    return user.has_perm(
        "targetsystems.edit_target_system", TargetSystem(working_group=working_group)
    )


# --- list and create ----------------------------------------------------------------------------


def _creatable_groups(user):
    groups = Body.objects.filter(kind=BodyKind.WORKING_GROUP, active=True)
    if not is_coordination(user):
        groups = groups.filter(pk__in=_current_memberships(user, lead_only=True))
    return groups.select_related("theme")


def target_system_list(request):
    """Visible target systems grouped by working group (and its theme), with a state filter."""
    filter_form = TargetSystemFilterForm(request.GET or None)
    state = filter_form.selected_state()
    target_systems = TargetSystem.objects.visible_to(request.user).select_related(
        "working_group__theme"
    )
    if state:
        target_systems = target_systems.filter(state=state)
    groups = {}
    for target_system in target_systems.order_by("working_group__name", "title", "-version"):
        group = target_system.working_group
        groups.setdefault(group.pk, {"body": group, "items": [], "can_create": False})
        groups[group.pk]["items"].append(target_system)
    for body in _creatable_groups(request.user):
        if not state:  # a group without target systems is only listed to start one
            groups.setdefault(body.pk, {"body": body, "items": [], "can_create": False})
        if body.pk in groups:
            groups[body.pk]["can_create"] = True
    context = {
        "filter_form": filter_form,
        "state": state,
        "groups": sorted(groups.values(), key=lambda g: g["body"].name.casefold()),
        "count": sum(len(g["items"]) for g in groups.values()),
    }
    return render(request, TEMPLATES + "target_list.html", context)


def target_system_create(request, body_pk):
    working_group = get_object_or_404(
        Body.objects.visible_to(request.user).select_related("theme"),
        pk=body_pk,
        kind=BodyKind.WORKING_GROUP,
    )
    if not may_create_target_system(request.user, working_group):
        raise PermissionDenied
    form = TargetSystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_system = services.create_target_system(
                working_group=working_group,
                title=data["title"],
                summary=data["summary"],
                case_rule=data["case_rule"],
                rule_service_type=data["rule_service_type"],
                rule_life_domain=data["rule_life_domain"],
                by=request.user,
            )
        except services.TargetSystemError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Das Zielsystem „%(title)s“ ist als Entwurf angelegt. Legen Sie nun die "
                    "Dienstleistungsketten an."
                )
                % {"title": target_system.title},
            )
            return redirect(target_system)
    context = {"form": form, "working_group": working_group, "target_system": None}
    return render(
        request, TEMPLATES + "target_form.html", context, status=400 if form.errors else 200
    )


# --- detail -------------------------------------------------------------------------------------


def _chain_rows(target_system):
    rows = []
    for chain in target_system.chains.prefetch_related("steps"):
        steps = list(chain.steps.all())
        as_is = [s for s in steps if s.variant == ChainVariant.AS_IS]
        to_be = [s for s in steps if s.variant == ChainVariant.TO_BE]
        rows.append(
            {
                "chain": chain,
                "as_is_count": len(as_is),
                "to_be_count": len(to_be),
                "as_is_days": total_days(as_is),
                "to_be_days": total_days(to_be),
                "as_is_breaks": sum(s.is_break_point for s in as_is),
                "to_be_breaks": sum(s.is_break_point for s in to_be),
            }
        )
    return rows


def _versions(target_system):
    """All versions of the lineage, oldest first: predecessors, this one, its successors."""
    older = []
    current = target_system
    while current.predecessor_id:
        current = TargetSystem.objects.select_related("resolution__meeting").get(
            pk=current.predecessor_id
        )
        older.append(current)
    newer = []
    current = target_system
    while True:
        current = (
            TargetSystem.objects.select_related("resolution__meeting")
            .filter(predecessor=current)
            .first()
        )
        if current is None:
            break
        newer.append(current)
    return [*reversed(older), target_system, *newer]


def _detail(request, target_system, *, errors=(), status=200):
    user = request.user
    target_system = _target_system_or_404(request, target_system.pk)
    theme = target_system.working_group.theme
    versions = _versions(target_system)
    visible_versions = set(
        TargetSystem.objects.visible_to(user)
        .filter(pk__in=[v.pk for v in versions])
        .values_list("pk", flat=True)
    )
    can_edit = not target_system.is_frozen and user.has_perm(
        "targetsystems.edit_target_system", target_system
    )
    may_shape = user.has_perm("targetsystems.propose_target_system", target_system)
    transitions = workflow.transitions_for(target_system, user)
    context = {
        "target_system": target_system,
        "frozen_message": _frozen_message(target_system) if target_system.is_frozen else "",
        "errors": list(errors),
        "can_edit": can_edit,
        "state_steps": [t for t in transitions if not t.needs_resolution],
        "can_decide": any(t.needs_resolution for t in transitions),
        "can_new_version": may_shape
        and target_system.state == TargetSystemState.IN_FORCE
        and versions[-1] == target_system,
        "can_link_cases": user.has_perm("targetsystems.link_cases", target_system),
        "chain_rows": _chain_rows(target_system),
        "agreements": target_system.agreements.prefetch_related("parties"),
        "indicators": target_system.indicators.select_related(
            "service_type", "organisation", "life_domain"
        ),
        "versions": versions,
        "visible_versions": visible_versions,
        "can_see_group": user.has_perm("governance.view_body")
        and Body.objects.visible_to(user).filter(pk=target_system.working_group_id).exists(),
        "can_see_theme": theme is not None
        and user.has_perm("hurdles.change_generativetheme")
        and GenerativeTheme.objects.visible_to(user).filter(pk=theme.pk).exists(),
    }
    return render(request, TEMPLATES + "target_detail.html", context, status=status)


def target_system_detail(request, pk):
    return _detail(request, _target_system_or_404(request, pk))


# --- edit, states, decision, versions -------------------------------------------------------


def target_system_edit(request, pk):
    """Title, summary and case rule of a draft."""
    target_system = _target_system_or_404(request, pk)
    _require(request, "targetsystems.edit_target_system", target_system)
    if request.method != "POST":
        refused = _refuse_if_frozen(request, target_system)
        if refused:
            return refused
    title = target_system.title
    form = TargetSystemForm(request.POST or None, instance=target_system)
    if request.method == "POST" and form.is_valid():
        try:
            target_system = services.update_target_system(form)
        except services.TargetSystemError as exc:
            _add_error(form, exc)
        except RecordModifiedError:
            form.add_error(None, CONFLICT_MESSAGE)
        else:
            messages.success(
                request,
                _("Das Zielsystem „%(title)s“ ist gespeichert.") % {"title": target_system.title},
            )
            return redirect(target_system)
    context = {
        "form": form,
        "working_group": target_system.working_group,
        "target_system": target_system,
        "stored_title": title,
    }
    return render(
        request, TEMPLATES + "target_form.html", context, status=400 if form.errors else 200
    )


@require_POST
def target_system_change_state(request, pk):
    """Put a draft before the steering group, or take it back for revision (POST ``target``)."""
    target_system = _target_system_or_404(request, pk)
    _require(request, "targetsystems.propose_target_system", target_system)
    target = request.POST.get("target", "")
    if target == TargetSystemState.IN_FORCE and request.user.has_perm(
        "targetsystems.decide_target_system", target_system
    ):
        return redirect("targetsystems:decide", pk=target_system.pk)
    step = STATE_SERVICES.get(target)
    if step is None:
        error = _("Diesen Schritt gibt es hier nicht. Bitte nutzen Sie die Schaltflächen.")
        return _detail(request, target_system, errors=[error], status=400)
    try:
        target_system = step(target_system, by=request.user)
    except services.TargetSystemError as exc:
        return _detail(request, target_system, errors=[exc.message], status=400)
    messages.success(
        request,
        _("Das Zielsystem „%(title)s“ steht jetzt auf „%(state)s“.")
        % {"title": target_system.title, "state": target_system.get_state_display()},
    )
    return redirect(target_system)


def target_system_decide(request, pk):
    """Record the steering group's resolution and the date in force (coordination)."""
    target_system = _target_system_or_404(request, pk)
    _require(request, "targetsystems.decide_target_system", target_system)
    if request.method != "POST" and target_system.state != TargetSystemState.PROPOSED:
        messages.error(
            request,
            _(
                "Einen Beschluss tragen Sie nur für ein Zielsystem ein, das der Lenkungsgruppe "
                "vorliegt; dieses steht auf „%(state)s“."
            )
            % {"state": target_system.get_state_display()},
        )
        return redirect(target_system)
    resolutions = services.resolutions_for(target_system)
    form = DecisionForm(request.POST or None, resolutions=resolutions)
    if request.method == "POST" and form.is_valid():
        try:
            target_system = services.put_in_force(
                target_system,
                resolution=form.cleaned_data["resolution"],
                in_force_from=form.cleaned_data["in_force_from"],
                by=request.user,
            )
        except services.TargetSystemError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Das Zielsystem „%(title)s“ ist in Kraft seit %(day)s.")
                % {
                    "title": target_system.title,
                    "day": date_format(target_system.in_force_from, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(target_system)
    context = {
        "target_system": target_system,
        "form": form,
        "has_resolutions": resolutions.exists(),
    }
    return render(
        request, TEMPLATES + "target_decide.html", context, status=400 if form.errors else 200
    )


@require_POST
def target_system_new_version(request, pk):
    """A new draft from the version in force; it supersedes that one once it is decided."""
    target_system = _target_system_or_404(request, pk)
    _require(request, "targetsystems.propose_target_system", target_system)
    try:
        new = services.new_version(target_system, by=request.user)
    except services.TargetSystemError as exc:
        return _detail(request, target_system, errors=[exc.message], status=400)
    messages.success(
        request,
        _(
            "Fassung %(version)s ist als Entwurf angelegt. Fassung %(old)s bleibt in Kraft, bis "
            "die Lenkungsgruppe die neue beschlossen hat."
        )
        % {"version": new.version, "old": target_system.version},
    )
    return redirect(new)


# --- agreements ---------------------------------------------------------------------------------


def _agreement_page(request, target_system, agreement=None):
    _require(request, "targetsystems.edit_target_system", target_system)
    if request.method != "POST":
        refused = _refuse_if_frozen(request, target_system)
        if refused:
            return refused
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.save_agreement(form, target_system=target_system)
        except services.TargetSystemError as exc:
            _add_error(form, exc)
            if agreement is None:  # the service rolled its work back
                form.instance.pk = None
                form.instance._state.adding = True
        else:
            messages.success(request, _("Die Vereinbarung ist gespeichert."))
            return redirect(target_system.get_absolute_url() + "#agreements")
    context = {"form": form, "target_system": target_system, "agreement": agreement}
    return render(
        request, TEMPLATES + "agreement_form.html", context, status=400 if form.errors else 200
    )


def agreement_create(request, pk):
    return _agreement_page(request, _target_system_or_404(request, pk))


def agreement_edit(request, pk):
    agreement = _agreement_or_404(request, pk)
    return _agreement_page(request, agreement.target_system, agreement)


@require_POST
def agreement_delete(request, pk):
    agreement = _agreement_or_404(request, pk)
    target_system = agreement.target_system
    _require(request, "targetsystems.edit_target_system", target_system)
    try:
        services.delete_part(agreement)
    except services.TargetSystemError as exc:
        return _detail(request, target_system, errors=[exc.message], status=400)
    messages.success(request, _("Die Vereinbarung ist gelöscht."))
    return redirect(target_system.get_absolute_url() + "#agreements")
