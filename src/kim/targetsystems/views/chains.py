"""Service chains of a target system: the chain page with the swimlane diagrams of as-is and
to-be side by side and their comparison, and the forms of chains and steps (concept § 3.3,
issue #5).

Who sees a chain is decided by ``TargetSystem.objects.visible_to`` (404 for anyone else); who
edits it by the object rule ``targetsystems.edit_target_system`` (403). Only a draft changes:
the services refuse a frozen target system, and the pages show no edit buttons for it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import chains as chain_compare
from .. import services
from ..diagram import chain_diagrams, moves
from ..forms.chains import ChainForm, StepForm
from ..models import ChainStep, ChainVariant, ServiceChain, TargetSystem

TEMPLATES = "targetsystems/"
EDIT = "targetsystems.edit_target_system"
STACKED = "untereinander"
SIDE_BY_SIDE = "nebeneinander"
# up to this many steps both variants fit side by side on a wide screen; longer chains are drawn
# one above the other unless asked otherwise (the comparison table stays side by side)
SIDE_BY_SIDE_MAX_STEPS = 4

# what the comparison names when a step that stayed has changed: the fields' own labels
FIELD_LABELS = {
    name: ChainStep._meta.get_field(name.removesuffix("_id")).verbose_name
    for name in chain_compare.COMPARED
}


def _visible(request):
    return TargetSystem.objects.visible_to(request.user)


def _target_system_or_404(request, pk):
    return get_object_or_404(_visible(request).select_related("working_group"), pk=pk)


def _chain_or_404(request, pk):
    return get_object_or_404(
        ServiceChain.objects.filter(target_system__in=_visible(request)).select_related(
            "target_system__working_group", "service_type"
        ),
        pk=pk,
    )


def _step_or_404(request, pk):
    return get_object_or_404(
        ChainStep.objects.filter(chain__target_system__in=_visible(request)).select_related(
            "chain__target_system__working_group", "organisation"
        ),
        pk=pk,
    )


def _require_edit(request, target_system):
    if not request.user.has_perm(EDIT, target_system):
        raise PermissionDenied


def _frozen_message(target_system):
    return _(
        "Das Zielsystem „%(ts)s“ steht auf „%(state)s“ und kann nicht mehr geändert werden. "
        "Änderungen sind nur in einem Entwurf möglich (neue Fassung anlegen)."
    ) % {"ts": target_system, "state": target_system.get_state_display()}


def _refuse_frozen_form(request, target_system, back):
    """A form of a frozen target system is not shown; a POST still goes to the service, which
    refuses it (the form keeps what was typed)."""
    if request.method != "POST" and target_system.is_frozen:
        messages.error(request, _frozen_message(target_system))
        return redirect(back)
    return None


def _form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _render_form(request, template, context, form):
    return render(request, TEMPLATES + template, context, status=400 if form.errors else 200)


def _variant_label(variant):
    return _("Ist-Kette") if variant == ChainVariant.AS_IS else _("Soll-Kette")


# ---------------------------------------------------------------------------------------------
# chains


def chain_create(request, pk):
    target_system = _target_system_or_404(request, pk)
    _require_edit(request, target_system)
    refused = _refuse_frozen_form(request, target_system, target_system)
    if refused:
        return refused
    form = ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chain = services.save_chain(form, target_system=target_system)
        except services.TargetSystemError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("Die Kette „%(chain)s“ wurde angelegt. Tragen Sie nun die Schritte ein.")
                % {"chain": chain},
            )
            return redirect(chain)
    context = {"target_system": target_system, "chain": None, "form": form}
    return _render_form(request, "chain_form.html", context, form)


def chain_edit(request, pk):
    chain = _chain_or_404(request, pk)
    target_system = chain.target_system
    _require_edit(request, target_system)
    refused = _refuse_frozen_form(request, target_system, chain)
    if refused:
        return refused
    form = ChainForm(request.POST or None, instance=chain)
    if request.method == "POST" and form.is_valid():
        try:
            chain = services.save_chain(form, target_system=target_system)
        except services.TargetSystemError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Die Kette „%(chain)s“ wurde gespeichert.") % {"chain": chain}
            )
            return redirect(chain)
    context = {"target_system": target_system, "chain": chain, "form": form}
    return _render_form(request, "chain_form.html", context, form)


def chain_delete(request, pk):
    chain = _chain_or_404(request, pk)
    target_system = chain.target_system
    _require_edit(request, target_system)
    if request.method == "POST":
        try:
            services.delete_chain(chain)
        except services.TargetSystemError as exc:
            messages.error(request, exc.message)
            return redirect(chain)
        messages.success(request, _("Die Kette „%(chain)s“ wurde gelöscht.") % {"chain": chain})
        return redirect(target_system)
    refused = _refuse_frozen_form(request, target_system, chain)
    if refused:
        return refused
    context = {
        "target_system": target_system,
        "chain": chain,
        "step_count": chain.steps.count(),
    }
    return render(request, TEMPLATES + "chain_confirm_delete.html", context)


@require_POST
def chain_copy_as_is(request, pk):
    """Start the to-be as a copy of the as-is ("Ist-Kette als Soll übernehmen")."""
    chain = _chain_or_404(request, pk)
    _require_edit(request, chain.target_system)
    try:
        count = services.copy_as_is_to_to_be(chain)
    except services.TargetSystemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s Schritt der Ist-Kette wurde als Soll-Kette übernommen.",
                "%(n)s Schritte der Ist-Kette wurden als Soll-Kette übernommen.",
                count,
            )
            % {"n": count}
            + " "
            + _("Ändern Sie nun, was anders werden soll."),
        )
    return redirect(chain.get_absolute_url() + "#to_be")


def _days_text(days):
    if days is None:
        return _("unbekannt")
    return ngettext("%(n)s Tag", "%(n)s Tage", days) % {"n": days}


# short values are shown as "old → new"; for the texts the name of the field says enough
SHOWN = {
    "office_id": lambda s: s.office.name if s.office_id else "–",
    "legal_domain_id": lambda s: s.legal_domain.code if s.legal_domain_id else "–",
    "typical_days": lambda s: _days_text(s.typical_days),
    "is_break_point": lambda s: _("ja") if s.is_break_point else _("nein"),
}


def _changes(as_is, to_be, names):
    changes = []
    for name in names:
        shown = SHOWN.get(name)
        changes.append(
            {
                "label": FIELD_LABELS[name],
                "old": shown(as_is) if shown else "",
                "new": shown(to_be) if shown else "",
            }
        )
    return changes


def _comparison(rows):
    """The rows of ``chains.compare`` for the table; a step that only moved is one row
    "verschoben" at its new place (compare() gives it as removed and added)."""
    moved = moves(rows)
    moved_from = {step.pk: pk for pk, step in moved.items()}
    as_is_by_pk = {row.as_is.pk: row.as_is for row in rows if row.as_is is not None}
    result = []
    for row in rows:
        if row.status == "removed" and row.as_is.pk in moved:
            continue
        if row.status == "added" and row.to_be.pk in moved_from:
            old = as_is_by_pk[moved_from[row.to_be.pk]]
            names = [f for f in chain_compare.COMPARED if getattr(old, f) != getattr(row.to_be, f)]
            row = chain_compare.Row("moved", old, row.to_be, names)
        result.append({"row": row, "changes": _changes(row.as_is, row.to_be, row.changed)})
    return result


def _variant(variant, steps, diagram):
    days, unknown = chain_compare.total_days(steps)
    return {
        "key": variant.value,
        "label": _variant_label(variant),
        "steps": steps,
        "diagram": diagram,
        "total": {"days": days, "unknown": unknown},
    }


def _difference(as_is, to_be):
    if to_be < as_is:
        return _("%(days)s kürzer") % {"days": _days_text(as_is - to_be)}
    if to_be > as_is:
        return _("%(days)s länger") % {"days": _days_text(to_be - as_is)}
    return _("gleich lang")


def _stacked(choice, as_is, to_be):
    """One above the other for long chains (whole on a wide screen), side by side for short ones;
    the reader's choice wins."""
    if choice in (STACKED, SIDE_BY_SIDE):
        return choice == STACKED
    return max(len(as_is), len(to_be)) > SIDE_BY_SIDE_MAX_STEPS


def chain_detail(request, pk):
    chain = _chain_or_404(request, pk)
    target_system = chain.target_system
    steps = list(chain.steps.select_related("organisation", "office", "legal_domain"))
    as_is = [s for s in steps if s.variant == ChainVariant.AS_IS]
    to_be = [s for s in steps if s.variant == ChainVariant.TO_BE]
    rows = chain_compare.compare(as_is, to_be) if as_is and to_be else []
    as_is_diagram, to_be_diagram = chain_diagrams(as_is, to_be, rows)
    can_edit = request.user.has_perm(EDIT, target_system) and not target_system.is_frozen
    variants = [
        _variant(ChainVariant.AS_IS, as_is, as_is_diagram),
        _variant(ChainVariant.TO_BE, to_be, to_be_diagram),
    ]
    context = {
        "target_system": target_system,
        "chain": chain,
        "variants": variants,
        "comparison": _comparison(rows),
        "difference": _difference(variants[0]["total"]["days"], variants[1]["total"]["days"]),
        "can_edit": can_edit,
        "can_copy": bool(can_edit and as_is and not to_be),
        "frozen_message": _frozen_message(target_system) if target_system.is_frozen else "",
        "other_chains": target_system.chains.exclude(pk=chain.pk),
        "stacked": _stacked(request.GET.get("ansicht"), as_is, to_be),
        "stacked_value": STACKED,
        "side_by_side_value": SIDE_BY_SIDE,
    }
    return render(request, TEMPLATES + "chain_detail.html", context)


# ---------------------------------------------------------------------------------------------
# steps


def _save_step(request, form, chain):
    try:
        return services.save_step(form, chain=chain)
    except services.TargetSystemError as exc:
        _form_error(form, exc)
    except IntegrityError:  # the same number was saved in between
        form.add_error(
            "position", _("Diese Schrittnummer gibt es in dieser Fassung der Kette schon.")
        )
    return None


def _step_form_page(request, form, chain, variant, step):
    context = {
        "target_system": chain.target_system,
        "chain": chain,
        "step": step,
        "variant": variant,
        "variant_label": _variant_label(variant),
        "form": form,
        "steps": chain.steps.filter(variant=variant).select_related("organisation"),
    }
    return _render_form(request, "step_form.html", context, form)


def step_create(request, pk, variant):
    if variant not in ChainVariant.values:
        raise Http404
    chain = _chain_or_404(request, pk)
    _require_edit(request, chain.target_system)
    refused = _refuse_frozen_form(request, chain.target_system, chain)
    if refused:
        return refused
    form = StepForm(request.POST or None, instance=ChainStep(chain=chain, variant=variant))
    if request.method == "POST" and form.is_valid():
        step = _save_step(request, form, chain)
        if step is not None:
            messages.success(
                request,
                _("Schritt %(n)s „%(title)s“ wurde in die %(variant)s eingetragen.")
                % {"n": step.position, "title": step.title, "variant": _variant_label(variant)},
            )
            if "another" in request.POST:
                return redirect("targetsystems:step_create", pk=chain.pk, variant=variant)
            return redirect(chain.get_absolute_url() + f"#{variant}")
        form.instance.pk = None  # the service rolled its work back
    return _step_form_page(request, form, chain, variant, None)


def step_edit(request, pk):
    step = _step_or_404(request, pk)
    chain = step.chain
    _require_edit(request, chain.target_system)
    refused = _refuse_frozen_form(request, chain.target_system, chain)
    if refused:
        return refused
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        saved = _save_step(request, form, chain)
        if saved is not None:
            messages.success(
                request,
                _("Schritt %(n)s „%(title)s“ wurde gespeichert.")
                % {"n": saved.position, "title": saved.title},
            )
            return redirect(chain.get_absolute_url() + f"#{step.variant}")
    return _step_form_page(request, form, chain, step.variant, step)


def step_delete(request, pk):
    step = _step_or_404(request, pk)
    chain = step.chain
    _require_edit(request, chain.target_system)
    if request.method == "POST":
        try:
            services.delete_step(step)
        except services.TargetSystemError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Schritt „%(title)s“ wurde aus der %(variant)s gelöscht; die folgenden "
                    "Schritte rücken auf."
                )
                % {"title": step.title, "variant": _variant_label(step.variant)},
            )
        return redirect(chain.get_absolute_url() + f"#{step.variant}")
    refused = _refuse_frozen_form(request, chain.target_system, chain)
    if refused:
        return refused
    context = {
        "target_system": chain.target_system,
        "chain": chain,
        "step": step,
        "variant_label": _variant_label(step.variant),
    }
    return render(request, TEMPLATES + "step_confirm_delete.html", context)
