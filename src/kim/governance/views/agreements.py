"""Cooperation agreements with the municipalities, the city of Iserlohn's coordination office and
other regional actors, and their regular evaluations (concept § 3.5, § 3.8).

Coordination only: the model permissions of the other roles do not include cooperation agreements,
so they get 403."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim.core.downloads import attachment_response

from .. import services
from ..forms.agreements import AgreementForm, EvaluationForm
from ..models import CooperationAgreement

DUE_WITHIN_DAYS = 60


def _document_name(agreement):
    if agreement is None or not agreement.document:
        return ""
    return agreement.document.name.rsplit("/", 1)[-1]


def _rows(agreements, today):
    """Each agreement with its next due date, last evaluation and whether it is due soon."""
    limit = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    rows = []
    for agreement in agreements:
        evaluations = sorted(agreement.evaluations.all(), key=lambda e: e.evaluated_on)
        due_on = services.next_evaluation_due(agreement)
        rows.append(
            {
                "agreement": agreement,
                "due_on": due_on,
                "last_evaluation": evaluations[-1] if evaluations else None,
                "is_due": agreement.active and due_on <= limit,
                "is_overdue": agreement.active and due_on < today,
            }
        )
    return rows


@permission_required("governance.view_cooperationagreement", raise_exception=True)
def agreement_list(request):
    today = timezone.localdate()
    agreements = CooperationAgreement.objects.select_related("partner").prefetch_related(
        "evaluations"
    )
    rows = _rows(agreements, today)
    due = sorted((r for r in rows if r["is_due"]), key=lambda r: r["due_on"])
    others = [r for r in rows if not r["is_due"]]
    context = {
        "due_rows": due,
        "other_rows": others,
        "due_within_days": DUE_WITHIN_DAYS,
        "today": today,
        "can_add": request.user.has_perm("governance.add_cooperationagreement"),
    }
    return render(request, "governance/agreements/agreement_list.html", context)


@permission_required("governance.view_cooperationagreement", raise_exception=True)
def agreement_detail(request, pk):
    agreement = get_object_or_404(CooperationAgreement.objects.select_related("partner"), pk=pk)
    today = timezone.localdate()
    row = _rows([agreement], today)[0]
    context = {
        "agreement": agreement,
        "row": row,
        "evaluations": agreement.evaluations.select_related("by").order_by("-evaluated_on", "-pk"),
        "document_name": _document_name(agreement),
        "can_change": request.user.has_perm("governance.change_cooperationagreement"),
        "can_evaluate": request.user.has_perm("governance.add_agreementevaluation"),
    }
    return render(request, "governance/agreements/agreement_detail.html", context)


def agreement_edit(request, pk=None):
    """Create (no ``pk``) or change an agreement; a new PDF replaces the stored one."""
    agreement = None
    if pk is None:
        if not request.user.has_perm("governance.add_cooperationagreement"):
            raise PermissionDenied
    else:
        if not request.user.has_perm("governance.change_cooperationagreement"):
            raise PermissionDenied
        agreement = get_object_or_404(CooperationAgreement, pk=pk)
    # what is stored, before the bound form writes the input (or a new upload) into the instance
    stored_document = _document_name(agreement)
    stored_title = agreement.title if agreement else ""
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(
            request, _("Die Vereinbarung „%(title)s“ wurde gespeichert.") % {"title": saved.title}
        )
        return redirect("governance:agreement_detail", pk=saved.pk)
    return render(
        request,
        "governance/agreements/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "stored_title": stored_title,
            "document_name": stored_document,
        },
    )


@permission_required("governance.view_cooperationagreement", raise_exception=True)
def agreement_document(request, pk):
    """The stored PDF of an agreement, only through this view (needs a URL
    ``agreements/<pk>/document/``)."""
    agreement = get_object_or_404(CooperationAgreement, pk=pk)
    if not agreement.document:
        raise Http404(_("Zu dieser Vereinbarung ist kein Dokument hinterlegt."))
    return attachment_response(
        agreement.document, filename=_document_name(agreement), content_type="application/pdf"
    )


@permission_required("governance.add_agreementevaluation", raise_exception=True)
def evaluation_create(request, pk):
    agreement = get_object_or_404(CooperationAgreement.objects.select_related("partner"), pk=pk)
    form = EvaluationForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_evaluation(form, by=request.user)
        except services.GovernanceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:  # the model's own check (full_clean in the service)
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Die Evaluation vom %(date)s wurde gespeichert.")
                % {"date": date_format(form.instance.evaluated_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("governance:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "governance/agreements/evaluation_form.html",
        {"form": form, "agreement": agreement},
    )
