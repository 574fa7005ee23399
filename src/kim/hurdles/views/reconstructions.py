"""Case reconstructions (Fallrekonstruktion, concept § 3.3): coordination selects reports (and
with them their cases), plans a session, records the path across institutions step by step and
then the findings. Only coordination sees reconstructions (``CaseReconstruction.objects
.visible_to``); the role gates are the model permissions of ``accounts/roles.py``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms.reconstructions import ReconstructionForm, RecordForm, StepForm
from ..models import CaseReconstruction, HurdleReport, ReconstructionState, ReconstructionStep

TEMPLATES = "hurdles/reconstructions/"
PAGE_SIZE = 50


def _reconstruction_or_404(request, pk):
    return get_object_or_404(CaseReconstruction.objects.visible_to(request.user), pk=pk)


def _service_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _ids(values):
    return [value for value in values if value.isdigit()]


@permission_required("hurdles.view_casereconstruction", raise_exception=True)
def reconstruction_list(request):
    state = request.GET.get("state", "")
    reconstructions = (
        CaseReconstruction.objects.visible_to(request.user)
        .select_related("moderator")
        .annotate(
            report_count=Count("reports", distinct=True),
            step_count=Count("steps", distinct=True),
            theme_count=Count("themes", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    if state in ReconstructionState.values:
        reconstructions = reconstructions.filter(state=state)
    else:
        state = ""
    context = {
        "page": Paginator(reconstructions, PAGE_SIZE).get_page(request.GET.get("page")),
        "state": state,
        "states": ReconstructionState.choices,
        "can_add": request.user.has_perm("hurdles.add_casereconstruction"),
    }
    return render(request, TEMPLATES + "list.html", context)


@permission_required("hurdles.add_casereconstruction", raise_exception=True)
def reconstruction_create(request):
    """Plan a reconstruction; ``?report=<id>`` (repeatable) preselects reports."""
    initial = {"moderator": request.user.pk, "reports": _ids(request.GET.getlist("report"))}
    form = ReconstructionForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            reconstruction = services.plan_reconstruction(form, by=request.user)
        except services.HurdleError as exc:
            _service_error(form, exc)
        else:
            messages.success(
                request,
                _("Die Fallrekonstruktion „%(title)s“ ist geplant.") % {"title": reconstruction},
            )
            return redirect("hurdles:reconstruction_detail", pk=reconstruction.pk)
    return render(request, TEMPLATES + "form.html", {"form": form})


@permission_required("hurdles.view_casereconstruction", raise_exception=True)
def reconstruction_detail(request, pk):
    reports = HurdleReport.objects.select_related(
        "topic", "municipality", "case", "reporter_organisation"
    ).order_by("pk")
    reconstruction = get_object_or_404(
        CaseReconstruction.objects.visible_to(request.user)
        .select_related("moderator", "created_by")
        .prefetch_related(
            Prefetch("reports", queryset=reports),
            "participants",
            "external_organisations",
            Prefetch("steps", queryset=ReconstructionStep.objects.select_related("organisation")),
            "themes",
        ),
        pk=pk,
    )
    steps = list(reconstruction.steps.all())
    can_change = request.user.has_perm("hurdles.change_casereconstruction")
    context = {
        "reconstruction": reconstruction,
        "reports": list(reconstruction.reports.all()),
        "steps": steps,
        "total_waiting_days": sum(step.waiting_days or 0 for step in steps),
        "break_point_count": sum(1 for step in steps if step.is_break_point),
        "can_change": can_change,
        "can_add_theme": can_change
        and reconstruction.state == ReconstructionState.DONE
        and request.user.has_perm("hurdles.add_generativetheme"),
        "can_open_cases": request.user.has_perm("cases.view_case"),
    }
    return render(request, TEMPLATES + "detail.html", context)


@permission_required("hurdles.change_casereconstruction", raise_exception=True)
def step_create(request, pk):
    """One step of the timeline; its position defaults to the next one."""
    reconstruction = _reconstruction_or_404(request, pk)
    last = reconstruction.steps.aggregate(last=Max("position"))["last"] or 0
    form = StepForm(
        request.POST if request.method == "POST" else None,
        reconstruction=reconstruction,
        user=request.user,
        initial={"position": last + 1},
    )
    if request.method == "POST" and form.is_valid():
        step = services.add_reconstruction_step(form, by=request.user)
        messages.success(
            request, _("Schritt %(position)s wurde eingetragen.") % {"position": step.position}
        )
        if "another" in request.POST:
            return redirect("hurdles:step_create", pk=reconstruction.pk)
        return redirect("hurdles:reconstruction_detail", pk=reconstruction.pk)
    context = {"reconstruction": reconstruction, "form": form}
    return render(request, TEMPLATES + "step_form.html", context)


@permission_required("hurdles.change_casereconstruction", raise_exception=True)
def reconstruction_record(request, pk):
    """Record a held reconstruction: findings and date (not in the future)."""
    reconstruction = _reconstruction_or_404(request, pk)
    form = RecordForm(
        request.POST if request.method == "POST" else None,
        reconstruction=reconstruction,
        initial={"findings": reconstruction.findings, "held_on": reconstruction.held_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_reconstruction(
                reconstruction,
                by=request.user,
                findings=form.cleaned_data["findings"],
                held_on=form.cleaned_data["held_on"],
            )
        except services.HurdleError as exc:
            _service_error(form, exc)
        else:
            messages.success(
                request,
                _("Die Erkenntnisse der Fallrekonstruktion „%(title)s“ sind festgehalten.")
                % {"title": reconstruction},
            )
            return redirect("hurdles:reconstruction_detail", pk=reconstruction.pk)
    context = {"reconstruction": reconstruction, "form": form}
    return render(request, TEMPLATES + "record_form.html", context)
