"""Referrals, contacts and appointments, documents: the tabs "Vermittlungen", "Kontakte und
Termine" and "Dokumente" of a case file.

Reads follow ``Case.objects.visible_to`` (another case manager gets 404). Writes need
``cases.work_case`` on the case (the responsible case manager or a substitute, else 403) and an
open case, and go through ``services``; their German errors are shown as form errors.
"""

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core import dates
from kim.core.downloads import attachment_response
from kim.directory.models import Responsibility

from .. import services, workflow
from ..forms.activities import (
    AppointmentForm,
    ContactForm,
    DocumentForm,
    NeedForm,
    ReferralForm,
    ReferralStateForm,
)
from ..models import Appointment, Case, Contact, Document, Referral, ReferralState

STATE_BADGE = {
    ReferralState.PROPOSED: "info",
    ReferralState.SENT: "info",
    ReferralState.ACCEPTED: "success",
    ReferralState.DECLINED: "danger",
    ReferralState.COMPLETED: "success",
    ReferralState.WITHDRAWN: "warning",
}
SUGGESTIONS_TARGET = "finder-suggestions"


# --- helpers ----------------------------------------------------------------------------------


def _visible_case(request, pk):
    return get_object_or_404(Case.objects.visible_to(request.user).with_client(), pk=pk)


def _may_work(user, case):
    return user.has_perm("cases.work_case", case) and not case.is_closed


def _refusal(request, case):
    """``None`` when the user may change the case; 403 otherwise (with a German page when the
    case is closed)."""
    if not request.user.has_perm("cases.work_case", case):
        raise PermissionDenied
    if case.is_closed:
        return render(request, "cases/activities/case_closed.html", {"case": case}, status=403)
    return None


def _add_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _render_case_page(request, template, context):
    """A page of the case file: every opening is logged (who, when, which case)."""
    services.log_case_file_opened(context["case"])
    return render(request, template, context)


# --- referrals --------------------------------------------------------------------------------


def _referral_rows(case, failed=None):
    """The referrals with their allowed next steps, each as a small form. ``failed`` is
    ``(referral_pk, target, bound_form)`` of a step that was refused, shown with its errors."""
    referrals = case.referrals.select_related(
        "office__organisation",
        "office__municipality",
        "service__provider",
        "life_domain",
        "created_by",
    )
    rows = []
    for referral in referrals:
        steps = []
        for transition in workflow.referral_transitions_from(referral.state):
            if failed and failed[0] == referral.pk and failed[1] == transition.target:
                form = failed[2]
            else:
                form = ReferralStateForm(referral=referral, target=transition.target)
            steps.append({"transition": transition, "form": form})
        rows.append({"referral": referral, "badge": STATE_BADGE[referral.state], "steps": steps})
    return rows


def _suggestions(request, case, need_form):
    """The responsibility finder for the client's municipality and age and the chosen need."""
    if not need_form.is_bound or not need_form.is_valid():
        return None
    search = {**need_form.search_kwargs(), "age": case.client.age}
    return Responsibility.objects.visible_to(request.user).for_need(
        case.client.municipality, **search
    )


def _referral_context(request, case, *, need_form=None, failed=None, state_errors=None):
    need_form = need_form or NeedForm()
    context = {
        "case": case,
        "active_tab": "referrals",
        "rows": _referral_rows(case, failed),
        "may_work": _may_work(request.user, case),
        "need_form": need_form,
        "suggestions": _suggestions(request, case, need_form),
        "client_age": case.client.age,
        "state_errors": state_errors or [],
        "failed_referral": failed[0] if failed else None,
    }
    return context


@permission_required("cases.view_referral", raise_exception=True)
def referral_list(request, pk):
    case = _visible_case(request, pk)
    need_form = NeedForm(request.GET if "need" in request.GET else None)
    context = _referral_context(request, case, need_form=need_form)
    if request.htmx and request.htmx.target == SUGGESTIONS_TARGET:
        # only the suggestion box is replaced, but it shows case data too: logged like a page
        services.log_case_file_opened(case)
        return render(request, "cases/activities/_referral_suggestions.html", context)
    return _render_case_page(request, "cases/activities/referral_list.html", context)


def _prefill(params):
    return {
        name: params[name]
        for name in ("office", "service", "life_domain")
        if params.get(name, "").isdigit()
    }


@permission_required("cases.add_referral", raise_exception=True)
def referral_create(request, pk):
    case = _visible_case(request, pk)
    if refused := _refusal(request, case):
        return refused
    consent_missing = False
    if request.method == "POST":
        form = ReferralForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.propose_referral(
                    case,
                    by=request.user,
                    office=data["office"],
                    service=data["service"],
                    life_domain=data["life_domain"],
                    reason=data["reason"],
                )
            except services.CaseError as exc:
                _add_error(form, exc)
                consent_missing = isinstance(exc, services.ConsentMissing)
            else:
                messages.success(
                    request,
                    _("Die Vermittlung an „%(target)s“ wurde vorgeschlagen.")
                    % {"target": referral.target_label},
                )
                return redirect("cases:referral_list", pk=case.pk)
    else:
        form = ReferralForm(user=request.user, initial=_prefill(request.GET))
    context = {
        "case": case,
        "active_tab": "referrals",
        "form": form,
        "consent_missing": consent_missing,
    }
    return _render_case_page(request, "cases/activities/referral_form.html", context)


@require_POST
@permission_required("cases.change_referral", raise_exception=True)
def referral_state(request, pk):
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    case = _visible_case(request, referral.case_id)
    if refused := _refusal(request, case):
        return refused
    target = request.POST.get("target", "")
    form = ReferralStateForm(request.POST, referral=referral, target=target)
    if form.is_valid():
        try:
            referral = services.change_referral_state(
                referral,
                form.cleaned_data["target"],
                by=request.user,
                on=form.cleaned_data["on"],
                outcome=form.cleaned_data.get("outcome", ""),
            )
        except services.CaseError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Die Vermittlung an „%(target)s“ steht jetzt auf „%(state)s“.")
                % {"target": referral.target_label, "state": referral.get_state_display()},
            )
            return redirect(reverse("cases:referral_list", args=[case.pk]) + f"#vm-{referral.pk}")
    errors = [str(e) for errors in form.errors.values() for e in errors]
    context = _referral_context(
        request, case, failed=(referral.pk, target, form), state_errors=errors
    )
    return _render_case_page(request, "cases/activities/referral_list.html", context)


# --- contacts and appointments ---------------------------------------------------------------


@permission_required("cases.view_contact", raise_exception=True)
def contact_list(request, pk):
    case = _visible_case(request, pk)
    now = timezone.now()
    appointments = list(case.appointments.select_related("case_manager").order_by("starts_at"))
    context = {
        "case": case,
        "active_tab": "contacts",
        "contacts": case.contacts.select_related("by").prefetch_related("life_domains"),
        "upcoming": [a for a in appointments if a.starts_at >= now],
        "past": [a for a in reversed(appointments) if a.starts_at < now],
        "may_work": _may_work(request.user, case),
    }
    return _render_case_page(request, "cases/activities/contact_list.html", context)


@permission_required("cases.add_contact", raise_exception=True)
def contact_create(request, pk):
    case = _visible_case(request, pk)
    if refused := _refusal(request, case):
        return refused
    # the instance knows its case before validation: Contact.clean checks the case start
    form = ContactForm(
        request.POST or None,
        instance=Contact(case=case, by=request.user),
        initial={"interpreter_used": case.client.interpreter_needed},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.log_contact(case, form, by=request.user)
        except services.CaseError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Der Kontakt vom %(day)s wurde gespeichert.")
                % {"day": dates.day(contact.contact_on)},
            )
            return redirect("cases:contact_list", pk=case.pk)
    context = {"case": case, "active_tab": "contacts", "form": form}
    return _render_case_page(request, "cases/activities/contact_form.html", context)


@permission_required("cases.add_appointment", raise_exception=True)
def appointment_create(request, pk):
    case = _visible_case(request, pk)
    if refused := _refusal(request, case):
        return refused
    form = AppointmentForm(
        request.POST or None, instance=Appointment(case=case, case_manager=case.case_manager)
    )
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.schedule_appointment(case, form, by=request.user)
        except services.CaseError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Der Termin am %(when)s wurde eingetragen.")
                % {"when": dates.day_time(appointment.starts_at)},
            )
            return redirect("cases:contact_list", pk=case.pk)
    context = {"case": case, "active_tab": "contacts", "form": form}
    return _render_case_page(request, "cases/activities/appointment_form.html", context)


@require_POST
@permission_required("cases.change_appointment", raise_exception=True)
def appointment_cancel(request, pk):
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    case = _visible_case(request, appointment.case_id)
    if refused := _refusal(request, case):
        return refused
    try:
        services.cancel_appointment(appointment, by=request.user)
    except services.CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Der Termin am %(when)s wurde abgesagt.")
            % {"when": dates.day_time(appointment.starts_at)},
        )
    return redirect("cases:contact_list", pk=case.pk)


# --- documents --------------------------------------------------------------------------------


def _document_page(request, case, form=None):
    documents = list(case.documents.select_related("uploaded_by"))
    for document in documents:
        document.size_kb = document.size / 1024
    may_work = _may_work(request.user, case)
    return {
        "case": case,
        "active_tab": "documents",
        "documents": documents,
        "may_work": may_work,
        "form": form or (DocumentForm() if may_work else None),
    }


@permission_required("cases.view_document", raise_exception=True)
def document_list(request, pk):
    case = _visible_case(request, pk)
    context = _document_page(request, case)
    return _render_case_page(request, "cases/activities/document_list.html", context)


@permission_required("cases.add_document", raise_exception=True)
def document_upload(request, pk):
    case = _visible_case(request, pk)
    if refused := _refusal(request, case):
        return refused
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.attach_document(
                case,
                form.cleaned_data["file"],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        except services.CaseError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Das Dokument „%(name)s“ wurde gespeichert.") % {"name": document.original_name},
            )
            return redirect("cases:document_list", pk=case.pk)
    context = _document_page(request, case, form)
    return _render_case_page(request, "cases/activities/document_list.html", context)


@permission_required("cases.view_document", raise_exception=True)
def document_download(request, pk):
    """The only way to a stored file: checked, logged, and never shown inline by the browser."""
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    accessed.send(sender=Document, instance=document)
    return attachment_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
