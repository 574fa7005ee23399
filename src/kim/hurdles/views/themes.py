"""Generative themes (concept § 3.3): created by coordination from held reconstructions, moved to
the steering group, and shown to the steering group as a clustered overview (page and PDF).

Theme list, detail and state steps show reports and reconstructions: coordination only. The
overview and its PDF are for coordination and steering group members; they never show report
texts, report numbers or case numbers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.pdf import pdf_response

from .. import services
from ..forms.themes import ThemeForm, ThemeOverviewFilterForm, ThemeStateForm
from ..models import CaseReconstruction, GenerativeTheme, HurdleReport, ThemeState
from ..pdf import OVERVIEW_TITLE, clustered_overview, overview_themes
from ..pdf import theme_overview_pdf as build_overview_pdf
from ..workflow import theme_transitions_from

TEMPLATES = "hurdles/themes/"

# the later steps (working group, target system, decision, monitoring) are taken in governance
# and target systems; they call the same service
UI_TRANSITIONS = {
    (ThemeState.DEVELOPED, ThemeState.BEFORE_STEERING_GROUP),
    (ThemeState.BEFORE_STEERING_GROUP, ThemeState.DEVELOPED),
}

# theme list and detail show the linked reports and reconstructions
COORDINATION_READ = (
    "hurdles.view_generativetheme",
    "hurdles.view_hurdlereport",
    "hurdles.view_casereconstruction",
)


def _theme_or_404(request, pk, queryset=None):
    queryset = queryset if queryset is not None else GenerativeTheme.objects.all()
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def _ids(values):
    return [value for value in values if value.isdigit()]


@permission_required(COORDINATION_READ, raise_exception=True)
def theme_list(request):
    filter_form = ThemeOverviewFilterForm(request.GET or None)
    state = filter_form.selected_state()
    themes = (
        GenerativeTheme.objects.visible_to(request.user)
        .with_figures()
        .annotate(reconstruction_count=Count("reconstructions", distinct=True))
        .order_by("cluster", "title")
    )
    if state:
        themes = themes.filter(state=state)
    context = {
        "themes": themes,
        "filter_form": filter_form,
        "can_add": request.user.has_perm("hurdles.add_generativetheme"),
    }
    return render(request, TEMPLATES + "list.html", context)


@permission_required("hurdles.add_generativetheme", raise_exception=True)
def theme_create(request):
    """A theme from held reconstructions; ``?reconstruction=<id>`` preselects one."""
    initial = {"reconstructions": _ids(request.GET.getlist("reconstruction"))}
    form = ThemeForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.create_theme(form, by=request.user)
        except services.HurdleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Das generative Thema „%(title)s“ ist angelegt.") % {"title": theme}
            )
            return redirect("hurdles:theme_detail", pk=theme.pk)
    context = {"form": form, "clusters": ThemeForm.existing_clusters()}
    return render(request, TEMPLATES + "form.html", context)


def _state_forms(theme, bound=None):
    steps = []
    for transition in theme_transitions_from(theme.state):
        if (transition.source, transition.target) not in UI_TRANSITIONS:
            continue
        if bound is not None and bound.data.get("target") == transition.target:
            form = bound
        else:
            form = ThemeStateForm(
                initial={"target": transition.target}, auto_id=f"id_{transition.target}_%s"
            )
        steps.append(
            {
                "transition": transition,
                "target_label": ThemeState(transition.target).label,
                "form": form,
            }
        )
    return steps


def _detail(request, theme, *, bound=None, errors=(), status=200):
    reports = HurdleReport.objects.select_related("topic", "municipality").order_by("pk")
    theme = _theme_or_404(
        request,
        theme.pk,
        GenerativeTheme.objects.with_figures().prefetch_related(
            Prefetch("reports", queryset=reports),
            Prefetch(
                "reconstructions", queryset=CaseReconstruction.objects.order_by("held_on", "pk")
            ),
            "state_changes__by",
        ),
    )
    can_change = request.user.has_perm("hurdles.change_generativetheme")
    context = {
        "theme": theme,
        "state_changes": list(theme.state_changes.all()),
        "steps": _state_forms(theme, bound) if can_change else [],
        "state_errors": list(errors),
        "can_change": can_change,
    }
    return render(request, TEMPLATES + "detail.html", context, status=status)


@permission_required(COORDINATION_READ, raise_exception=True)
def theme_detail(request, pk):
    return _detail(request, _theme_or_404(request, pk))


@require_POST
@permission_required("hurdles.change_generativetheme", raise_exception=True)
def theme_change_state(request, pk):
    """One step of the theme's state table (any step of the table; the page offers the first
    two); a step the table does not allow is refused with the reason."""
    theme = _theme_or_404(request, pk)
    target = request.POST.get("target", "")
    form = ThemeStateForm(request.POST, auto_id=f"id_{target}_%s")
    if form.is_valid():
        try:
            theme = services.change_theme_state(
                theme, form.cleaned_data["target"], by=request.user, note=form.cleaned_data["note"]
            )
        except services.HurdleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Das Thema „%(title)s“ steht jetzt auf „%(state)s“.")
                % {"title": theme, "state": theme.get_state_display()},
            )
            return redirect("hurdles:theme_detail", pk=theme.pk)
    errors = [error for errors in form.errors.values() for error in errors]
    return _detail(request, theme, bound=form, errors=errors, status=400)


def _overview(request):
    filter_form = ThemeOverviewFilterForm(request.GET or None)
    state = filter_form.selected_state()
    clusters = clustered_overview(overview_themes(request.user, state))
    return filter_form, state, clusters


@permission_required("hurdles.view_generativetheme", raise_exception=True)
def theme_overview(request):
    """The clustered overview for the steering group."""
    filter_form, state, clusters = _overview(request)
    context = {
        "title": OVERVIEW_TITLE,
        "filter_form": filter_form,
        "state": state,
        "clusters": clusters,
        "theme_count": sum(len(cluster.themes) for cluster in clusters),
        "today": timezone.localdate(),
        "can_manage": request.user.has_perms(COORDINATION_READ),
    }
    return render(request, TEMPLATES + "overview.html", context)


@permission_required("hurdles.view_generativetheme", raise_exception=True)
def theme_overview_pdf(request):
    """The same overview as an A4 PDF to download and print."""
    _form, state, clusters = _overview(request)
    now = timezone.localtime()
    data = build_overview_pdf(
        clusters, state_label=ThemeState(state).label if state else None, created_at=now
    )
    return pdf_response(data, filename=f"generative-themen-{now:%Y-%m-%d}.pdf")
