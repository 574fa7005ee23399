"""Clients and their consent: list and search, create (with the duplicate warning), detail, edit,
record and revoke consent, open a case (issue 3; DOMAIN.md § 3).

Who may see a client is decided by ``Client.objects.visible_to``; who may change one by the rule
``cases.work_client`` (the client's case manager or substitute, or the creator while no case
exists). Coordination reads, but does not edit.
"""

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kim.accounts.roles import Role
from kim.core import dates
from kim.core.downloads import attachment_response
from kim.core.pagination import counted_page

from .. import services
from ..forms.clients import (
    ClientForm,
    ConsentForm,
    DuplicateConfirmForm,
    OpenCaseForm,
    RevokeConsentForm,
)
from ..models import Case, Client, Consent

PAGE_SIZE = 50


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _visible_client(request, pk):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


def _show_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- list and search -----------------------------------------------------------------------


@permission_required("cases.view_client", raise_exception=True)
def client_list(request):
    user = request.user
    query = request.GET.get("q", "").strip()
    clients = Client.objects.visible_among_matches(query, user)
    clients = clients.select_related("municipality").prefetch_related(
        Prefetch(
            "cases",
            queryset=Case.objects.visible_to(user).open().order_by("opened_on"),
            to_attr="open_cases",
        )
    )
    clients = clients.in_list_order(searched=bool(query))
    if query or not user.has_role(Role.COORDINATION):
        # the count with the page's rows: a search, or a case manager's own clients, is
        # evaluated once, not twice (issue #12)
        page = counted_page(clients, request.GET.get("page"), PAGE_SIZE)
    else:
        # the coordination's whole list (a million clients in a state): a count over all of them
        # with the page's rows took 5 s; COUNT(*) and the page along the name index take 0.1 s
        page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "can_add": user.has_perm("cases.add_client"),
    }
    return render(request, "cases/clients/list.html", context)


# --- create and edit -------------------------------------------------------------------------


def find_duplicates(form, user):
    """Likely duplicates of the client in ``form`` across the district, as (visible, hidden)."""
    data = form.cleaned_data
    year = form.birth_year
    found = Client.objects.likely_duplicates(
        first_name=data["first_name"], last_name=data["last_name"], birth_year=year
    )
    if data.get("last_name_original"):
        found = found | Client.objects.likely_duplicates(
            first_name=data.get("first_name_original") or data["first_name"],
            last_name=data["last_name_original"],
            birth_year=year,
        )
    found = found.distinct()
    visible_pks = set(
        Client.objects.visible_to(user)
        .filter(pk__in=found.values("pk"))
        .values_list("pk", flat=True)
    )
    visible = [c for c in found.select_related("municipality") if c.pk in visible_pks]
    hidden_count = found.exclude(pk__in=visible_pks).count()
    return visible, hidden_count


@permission_required("cases.add_client", raise_exception=True)
def client_create(request):
    user = request.user
    form = ClientForm(request.POST or None, user=user)
    confirm = DuplicateConfirmForm(request.POST or None)
    context = {"form": form, "confirm_form": confirm, "client": None}
    if request.method == "POST" and form.is_valid():
        confirm.is_valid()
        visible, hidden_count = find_duplicates(form, user)
        if (visible or hidden_count) and not confirm.cleaned_data.get("confirm_not_duplicate"):
            context.update(
                duplicates=visible, hidden_duplicates=hidden_count, show_duplicate_warning=True
            )
            return render(request, "cases/clients/form.html", context)
        try:
            client = services.create_client(form, by=user)
        except services.CaseError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s wurde angelegt. Sie können jetzt einen Fall eröffnen.")
                % {"name": client.full_name},
            )
            return redirect("cases:client_detail", pk=client.pk)
    return render(request, "cases/clients/form.html", context)


@permission_required("cases.change_client", raise_exception=True)
def client_edit(request, pk):
    client = _visible_client(request, pk)
    _require(request.user, "cases.work_client", client)
    if request.method == "GET":  # the form shows all the client's data: a read (issue 10)
        accessed.send(sender=Client, instance=client)
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_versioned(form)
        except services.CaseError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request, _("Die Angaben zu %(name)s wurden gespeichert.") % {"name": client}
            )
            return redirect("cases:client_detail", pk=client.pk)
    if form.is_bound:
        # the form holds the input; the page title names the record as it is stored
        client.refresh_from_db()
    return render(request, "cases/clients/form.html", {"form": form, "client": client})


# --- detail ----------------------------------------------------------------------------------


@permission_required("cases.view_client", raise_exception=True)
def client_detail(request, pk):
    user = request.user
    client = get_object_or_404(
        Client.objects.visible_to(user).select_related(
            "municipality", "residence_status", "interpreter_language", "created_by"
        ),
        pk=pk,
    )
    accessed.send(sender=Client, instance=client)
    today = timezone.localdate()
    visible_clients = Client.objects.visible_to(user)
    members = client.household_members.all()
    consents = list(client.consents.prefetch_related("organisations").select_related("recorded_by"))
    for consent in consents:
        consent.valid_today = consent.is_valid_on(today)
    can_work = user.has_perm("cases.work_client", client)
    context = {
        "client": client,
        "languages": client.languages.all(),
        "household_members": members.filter(pk__in=visible_clients.values("pk")),
        "hidden_household_members": members.exclude(pk__in=visible_clients.values("pk")).count(),
        "cases": Case.objects.visible_to(user)
        .filter(client=client)
        .select_related("case_manager")
        .order_by("-opened_on", "-pk"),
        "consents": consents,
        "can_work": can_work,
        "can_open_case": can_work and user.has_perm("cases.add_case"),
        "can_record_consent": can_work and user.has_perm("cases.add_consent"),
        "can_edit": can_work and user.has_perm("cases.change_client"),
    }
    return render(request, "cases/clients/detail.html", context)


# --- consent ---------------------------------------------------------------------------------


@permission_required("cases.add_consent", raise_exception=True)
def consent_create(request, pk):
    client = _visible_client(request, pk)
    _require(request.user, "cases.work_client", client)
    form = ConsentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.record_consent(client, form, by=request.user)
        except services.CaseError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("%(consent)s wurde für %(name)s erfasst.")
                % {"consent": consent, "name": client.full_name},
            )
            return redirect("cases:client_detail", pk=client.pk)
    return render(request, "cases/clients/consent_form.html", {"form": form, "client": client})


@permission_required("cases.change_consent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consent_revoke(request, pk):
    consent = get_object_or_404(
        Consent.objects.filter(client__in=Client.objects.visible_to(request.user)).select_related(
            "client"
        ),
        pk=pk,
    )
    client = consent.client
    _require(request.user, "cases.work_client", client)
    form = RevokeConsentForm(request.POST or None)
    if consent.revoked_on and request.method == "GET":
        messages.info(
            request,
            _("Diese Einwilligung ist seit dem %(day)s widerrufen.")
            % {"day": dates.day(consent.revoked_on)},
        )
        return redirect("cases:client_detail", pk=client.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_consent(consent, by=request.user, note=form.cleaned_data["note"])
        except services.CaseError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("%(consent)s wurde widerrufen. Sie gilt ab heute nicht mehr.")
                % {"consent": consent},
            )
            return redirect("cases:client_detail", pk=client.pk)
    context = {"form": form, "consent": consent, "client": client}
    return render(request, "cases/clients/consent_revoke.html", context)


# --- open a case -----------------------------------------------------------------------------


@permission_required("cases.add_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_open(request, pk):
    user = request.user
    client = _visible_client(request, pk)
    _require(user, "cases.work_client", client)
    form = OpenCaseForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                client,
                case_manager=data["case_manager"],
                access_channel=data["access_channel"],
                opened_on=data["opened_on"],
                note=data["note"],
                by=user,
            )
        except services.CaseError as exc:
            _show_error(form, exc)
        else:
            if Case.objects.visible_to(user).filter(pk=case.pk).exists():
                messages.success(
                    request, _("Fall %(number)s wurde eröffnet.") % {"number": case.number}
                )
                return redirect("cases:case_detail", pk=case.pk)
            messages.success(
                request,
                _("Fall %(number)s wurde eröffnet und %(manager)s zugewiesen.")
                % {"number": case.number, "manager": case.case_manager},
            )
            return redirect("cases:client_list")
    context = {
        "form": form,
        "client": client,
        "open_cases": Case.objects.visible_to(user).filter(client=client).open(),
    }
    return render(request, "cases/clients/case_open.html", context)


@permission_required("cases.view_consent", raise_exception=True)
def consent_scan(request, pk):
    """The scanned signature of a consent: for whoever may see the client, logged."""
    consent = get_object_or_404(
        Consent.objects.filter(client__in=Client.objects.visible_to(request.user)), pk=pk
    )
    if not consent.scan:
        raise Http404(_("Zu dieser Einwilligung liegt kein Scan vor."))
    accessed.send(sender=Consent, instance=consent)
    extension = consent.scan.name.rsplit(".", 1)[-1].lower()
    return attachment_response(
        consent.scan, filename=f"einwilligung-{consent.given_on:%Y-%m-%d}.{extension}"
    )
