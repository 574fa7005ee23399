"""The client's record for the Baustein 3 pre-check (kim/residence): residence periods, language
certificates, schooling and the yes/no facts, on one page with a form for each kind of entry.

Reading follows ``Client.objects.visible_to`` (others get 404); changing needs the model
permission and the rule ``cases.work_client`` (the client's case manager, else 403), as the
other client pages do. Writes go through ``kim.residence.services``.
"""

from dataclasses import dataclass

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kim.core import dates
from kim.residence import services

from ..forms.residence_record import (
    EducationRecordForm,
    LanguageCertificateForm,
    ResidenceFactsForm,
    ResidencePeriodForm,
)
from ..models import Client, EducationRecord, LanguageCertificate, ResidencePeriod
from ..services import CaseError


@dataclass(frozen=True)
class EntryKind:
    model: type
    form: type
    title: str  # "Aufenthaltszeit erfassen" …
    related_name: str

    @property
    def model_name(self):
        return self.model._meta.model_name


KINDS = {
    "periods": EntryKind(
        ResidencePeriod,
        ResidencePeriodForm,
        gettext_lazy("Aufenthaltszeit"),
        "residence_periods",
    ),
    "certificates": EntryKind(
        LanguageCertificate,
        LanguageCertificateForm,
        gettext_lazy("Sprachnachweis"),
        "language_certificates",
    ),
    "education": EntryKind(
        EducationRecord,
        EducationRecordForm,
        gettext_lazy("Schule und Ausbildung"),
        "education_records",
    ),
}


def _kind(kind):
    if kind not in KINDS:
        raise Http404(_("Diese Art von Angabe gibt es nicht."))
    return KINDS[kind]


def _client(request, pk, *, work=False):
    client = get_object_or_404(
        Client.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    if work and not request.user.has_perm("cases.work_client", client):
        raise PermissionDenied
    return client


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _show_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _fact_display(client, name):
    value = getattr(client, name)
    if hasattr(client, f"get_{name}_display"):
        return getattr(client, f"get_{name}_display")()
    return dates.day(value)


@permission_required("cases.view_client", raise_exception=True)
def record(request, pk):
    client = _client(request, pk)
    accessed.send(sender=Client, instance=client)  # a read of the client's data (issue 10)
    context = {
        "client": client,
        "periods": client.residence_periods.select_related("status"),
        "certificates": client.language_certificates.select_related("language"),
        "education": client.education_records.all(),
        "facts": [
            (client._meta.get_field(name).verbose_name, _fact_display(client, name))
            for name in ResidenceFactsForm.Meta.fields
            if name != "version"
        ],
        "can_edit": request.user.has_perm("cases.work_client", client)
        and request.user.has_perm("cases.change_client"),
    }
    return render(request, "cases/residence_record/record.html", context)


@permission_required("cases.change_client", raise_exception=True)
def facts_edit(request, pk):
    client = _client(request, pk, work=True)
    form = ResidenceFactsForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_facts(form, by=request.user)
        except CaseError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("Die Angaben für die Vorprüfung wurden gespeichert."))
            return redirect("cases:residence_record", pk=client.pk)
    if form.is_bound:
        client.refresh_from_db()
    return render(
        request, "cases/residence_record/facts_form.html", {"form": form, "client": client}
    )


def _entry_form(request, client, kind_name, entry=None):
    kind = _kind(kind_name)
    form = kind.form(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_entry(client, form, by=request.user)
        except services.ResidenceError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s „%(entry)s“ wurde gespeichert.") % {"kind": kind.title, "entry": saved},
            )
            return redirect("cases:residence_record", pk=client.pk)
    context = {"form": form, "client": client, "kind": kind, "kind_name": kind_name, "entry": entry}
    return render(request, "cases/residence_record/entry_form.html", context)


def entry_create(request, pk, kind):
    _require(request.user, f"cases.add_{_kind(kind).model_name}")
    client = _client(request, pk, work=True)
    return _entry_form(request, client, kind)


def entry_edit(request, pk, kind, entry_pk):
    _require(request.user, f"cases.change_{_kind(kind).model_name}")
    client = _client(request, pk, work=True)
    entry = get_object_or_404(getattr(client, _kind(kind).related_name), pk=entry_pk)
    return _entry_form(request, client, kind, entry)


@require_POST
def entry_delete(request, pk, kind, entry_pk):
    _require(request.user, f"cases.delete_{_kind(kind).model_name}")
    client = _client(request, pk, work=True)
    entry = get_object_or_404(getattr(client, _kind(kind).related_name), pk=entry_pk)
    label = str(entry)
    services.delete_entry(entry, by=request.user)
    messages.success(
        request,
        _("%(kind)s „%(entry)s“ wurde gelöscht.") % {"kind": _kind(kind).title, "entry": label},
    )
    return redirect("cases:residence_record", pk=client.pk)
