"""Pages of the Löschkonzept and the data subject rights (thin: the work is in services.py).

- ``/privacy/``: the retention periods (coordination, administration, auditor) and the deletion
  runs (coordination, auditor), with the clients due today;
- ``/privacy/runs/<id>/``: a run with what its erasure would do (the dry run), approve (a
  second person of coordination) or reject;
- ``/privacy/clients/<id>/erasure/``: erasure on request (coordination);
- ``/privacy/clients/<id>/auskunft.json`` and ``.pdf``: the Art. 15 export (coordination and
  the client's case manager), logged as a read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from kim.cases.models import Client
from kim.core.pdf import pdf_response

from . import erasure, retention, services
from .disclosure import disclose
from .forms import ApproveForm, ErasureRequestForm, RejectForm, RetentionRuleForm
from .models import DeletionRun, ItemState, RetentionRule
from .queries import erased_item, pending_item

TEMPLATES = "privacy/"
DUE_PARAM, DUE_TARGET = "faellig", "due-count"
RECOUNT_PARAM = "neu"  # count again instead of showing the kept count


def _show_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- overview and periods ----------------------------------------------------------------------


@require_safe
@permission_required("privacy.view_retentionrule", raise_exception=True)
@vary_on_headers("HX-Request", "HX-Target")
def overview(request):
    user = request.user
    see_runs = user.has_perm("privacy.view_deletionrun")
    context = {
        "rules": RetentionRule.objects.select_related("updated_by"),
        "can_change_rules": user.has_perm("privacy.change_retentionrule"),
        "see_runs": see_runs,
        "can_propose": user.has_perm("privacy.propose_deletion"),
        "plan": erasure.PLAN,
        "log_label": erasure.LOG_LABEL,
        "log_effect": erasure.LOG_EFFECT,
    }
    if see_runs:
        # Counting who is due reads every client's file (seconds at state scale): the count is
        # kept for a while and shown with its "Stand" (retention.kept_due_count). Without a kept
        # count, or with ?neu=1, the page comes at once and fetches the count after (htmx), or
        # counts with ?faellig=1 (without script); ?faellig=1&neu=1 counts again.
        counted = DUE_PARAM in request.GET
        recount = RECOUNT_PARAM in request.GET
        if counted:
            due = retention.kept_due_count(refresh=recount)
        else:
            due = None if recount else retention.peek_due_count()
        context["due"] = due
        context["due_count"] = due.value if due else None
        context["due_recountable"] = due is not None and due.refreshable
        context["due_query"] = f"{DUE_PARAM}=1&{RECOUNT_PARAM}=1" if recount else f"{DUE_PARAM}=1"
        context["recount_param"] = RECOUNT_PARAM
        if counted and request.htmx and request.htmx.target == DUE_TARGET:
            return render(request, TEMPLATES + "_due.html", context)
        context["runs"] = DeletionRun.objects.with_counts()[:50]
    return render(request, TEMPLATES + "overview.html", context)


@permission_required("privacy.change_retentionrule", raise_exception=True)
def rule_edit(request, pk):
    rule = get_object_or_404(RetentionRule, pk=pk)
    form = RetentionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_rule(form, by=request.user)
        except services.PrivacyError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("Die Frist „%(kind)s“ beträgt jetzt %(months)s Monate.")
                % {"kind": rule.get_kind_display(), "months": rule.months},
            )
            return redirect("privacy:overview")
    return render(request, TEMPLATES + "rule_form.html", {"form": form, "rule": rule})


# --- deletion runs ----------------------------------------------------------------------------


@require_POST
@permission_required("privacy.propose_deletion", raise_exception=True)
def propose_now(request):
    """What the daily command does, started by coordination (then four eyes apply)."""
    run, added = services.propose_due(by=request.user)
    if added:
        messages.success(
            request,
            _("%(n)s Person(en) in den Löschvorschlag Nr. %(run)s aufgenommen.")
            % {"n": added, "run": run.pk},
        )
        return redirect(run)
    messages.info(
        request, _("Heute ist niemand zur Löschung fällig, der nicht schon vorgeschlagen ist.")
    )
    return redirect("privacy:overview")


def _run_page(request, run, *, approve_form=None, reject_form=None, status=200):
    user = request.user
    items = list(run.items.select_related("client__municipality").order_by("due_on", "pk"))
    pending = [item for item in items if item.state == ItemState.PENDING]
    may_decide = run.is_open and user.has_perm("privacy.decide_deletion_run", run)
    context = {
        "run": run,
        "items": items,
        "pending_count": len(pending),
        "preview": erasure.preview([i.client_id for i in pending]) if run.is_open else [],
        "summary": _summary_rows(run) if run.summary else [],
        "may_decide": may_decide,
        "may_approve": may_decide and user.has_perm("privacy.approve_deletion_run", run),
        "approve_form": approve_form or ApproveForm(initial={"version": run.version}),
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, TEMPLATES + "run_detail.html", context, status=status)


def _summary_rows(run):
    labels = {part.key: (part.label, part.effect) for part in erasure.PLAN}
    labels[erasure.LOG_KEY] = (erasure.LOG_LABEL, erasure.LOG_EFFECT)
    return [
        {"label": labels[key][0], "effect": labels[key][1], "count": count}
        for key, count in run.summary.items()
        if key in labels
    ]


@require_safe
@permission_required("privacy.view_deletionrun", raise_exception=True)
def run_detail(request, pk):
    return _run_page(request, get_object_or_404(DeletionRun, pk=pk))


@require_POST
@permission_required("privacy.decide_deletion_run", raise_exception=True)
def run_approve(request, pk):
    run = get_object_or_404(DeletionRun, pk=pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            run = services.approve_run(
                run,
                by=request.user,
                confirmed=form.cleaned_data["confirm"],
                expected_version=form.cleaned_data["version"],
            )
        except services.PrivacyError as exc:
            _show_error(form, exc)
        else:
            erased = run.items.filter(state=ItemState.ERASED).count()
            messages.success(
                request,
                _("Löschvorschlag Nr. %(run)s ist ausgeführt: %(n)s Person(en) anonymisiert.")
                % {"run": run.pk, "n": erased},
            )
            return redirect(run)
    return _run_page(request, run, approve_form=form)


@require_POST
@permission_required("privacy.decide_deletion_run", raise_exception=True)
def run_reject(request, pk):
    run = get_object_or_404(DeletionRun, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_run(run, by=request.user, reason=form.cleaned_data["reason"])
        except services.PrivacyError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request, _("Löschvorschlag Nr. %(run)s ist verworfen.") % {"run": run.pk}
            )
            return redirect(run)
    return _run_page(request, run, reject_form=form)


# --- the client: erasure on request and Art. 15 export ----------------------------------------


def _visible_client(request, pk):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


@permission_required("privacy.propose_deletion", raise_exception=True)
def erasure_request(request, pk):
    client = _visible_client(request, pk)
    if erased_item(client) is not None:
        raise Http404(_("Die Daten dieser Person sind bereits gelöscht."))
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.request_erasure(
                client,
                by=request.user,
                reason=form.cleaned_data["reason"],
                requested_on=form.cleaned_data["requested_on"],
            )
        except services.PrivacyError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Die Löschung auf Antrag ist als Löschvorschlag Nr. %(run)s angelegt. Eine "
                    "andere Person der Koordination prüft und gibt ihn frei."
                )
                % {"run": run.pk},
            )
            return redirect(run)
    context = {
        "client": client,
        "form": form,
        "open_cases": client.cases.exclude(phase="closed").order_by("opened_on"),
        "waiting": pending_item(client),
        "plan": erasure.PLAN,
        "log_label": erasure.LOG_LABEL,
        "log_effect": erasure.LOG_EFFECT,
    }
    return render(request, TEMPLATES + "erasure_request.html", context)


FORMATS = ("json", "pdf")


@require_safe
def client_export(request, pk, file_format):
    """Auskunft nach Art. 15 DSGVO as JSON or PDF; the download is logged."""
    if file_format not in FORMATS:
        raise Http404
    client = _visible_client(request, pk)
    if not request.user.has_perm("privacy.export_client_data", client):
        raise PermissionDenied
    disclosure = disclose(client, by=request.user)
    services.record_export(client, by=request.user, file_format=file_format)
    filename = f"auskunft-art15-klient-{client.pk}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "pdf":
        return pdf_response(disclosure.as_pdf(), filename=filename)
    response = HttpResponse(disclosure.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
