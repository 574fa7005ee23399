from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import FinderForm
from .manage import KINDS, KINDS_BY_SLUG
from .models import ContactRole, Municipality, Responsibility
from .services import EntryInUse, delete_directory_entry, save_directory_entry


@permission_required("directory.view_responsibility", raise_exception=True)
def finder(request):
    """Zuständigkeitsfinder: municipality + need (+ age) -> responsible offices and services."""
    form = FinderForm(request.GET or None)
    results = None
    if form.is_valid():
        results = Responsibility.objects.visible_to(request.user).for_need(
            form.cleaned_data["municipality"], **form.search_kwargs()
        )
    context = {"form": form, "results": results}
    template = "directory/_finder_results.html" if request.htmx else "directory/finder.html"
    return render(request, template, context)


@permission_required("directory.view_municipality", raise_exception=True)
def municipality_list(request):
    municipalities = Municipality.objects.visible_to(request.user).select_related("district")
    return render(request, "directory/municipality_list.html", {"municipalities": municipalities})


@permission_required("directory.view_municipality", raise_exception=True)
def municipality_detail(request, pk):
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), pk=pk)
    responsibilities = (
        Responsibility.objects.visible_to(request.user)
        .filter(municipality=municipality)
        .with_details()
        .order_by(
            "legal_domain__ordering", "legal_domain__code", "service__type__name", "office__name"
        )
    )
    context = {
        "municipality": municipality,
        "by_legal_domain": [r for r in responsibilities if r.legal_domain_id],
        "by_service": [r for r in responsibilities if r.service_id],
        "integration_officer": municipality.contact_persons.filter(
            role=ContactRole.INTEGRATION_OFFICER
        )
        .select_related("organisation")
        .first(),
        "population_figures": municipality.population_figures.all()[:5],
    }
    return render(request, "directory/municipality_detail.html", context)


def _kind_or_404(slug):
    try:
        return KINDS_BY_SLUG[slug]
    except KeyError:
        raise Http404 from None


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


@permission_required("directory.change_organisation", raise_exception=True)
def manage_index(request):
    kinds = [
        {"kind": kind, "count": kind.model.objects.count()}
        for kind in KINDS
        if request.user.has_perm(kind.perm("change"))
    ]
    return render(request, "directory/manage_index.html", {"kinds": kinds})


def manage_list(request, kind):
    kind = _kind_or_404(kind)
    _require(request.user, kind.perm("change"))
    queryset = kind.model.objects.visible_to(request.user).select_related(*kind.select_related)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = [(obj, kind.row(obj)) for obj in page]
    context = {
        "kind": kind,
        "page": page,
        "rows": rows,
        "can_add": request.user.has_perm(kind.perm("add")),
    }
    return render(request, "directory/manage_list.html", context)


def manage_edit(request, kind, pk=None):
    """Create (no ``pk``) or change one directory entry through its form."""
    kind = _kind_or_404(kind)
    instance = None
    if pk is None:
        _require(request.user, kind.perm("add"))
    else:
        _require(request.user, kind.perm("change"))
        instance = get_object_or_404(kind.model.objects.visible_to(request.user), pk=pk)
    form = kind.form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        entry = save_directory_entry(form, by=request.user)
        messages.success(request, _("„%(entry)s“ wurde gespeichert.") % {"entry": entry})
        return redirect("directory:manage_list", kind=kind.slug)
    context = {"kind": kind, "form": form, "entry": instance}
    return render(request, "directory/manage_edit.html", context)


def manage_delete(request, kind, pk):
    kind = _kind_or_404(kind)
    _require(request.user, kind.perm("delete"))
    entry = get_object_or_404(kind.model.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        try:
            delete_directory_entry(entry, by=request.user)
        except EntryInUse as exc:
            messages.error(
                request,
                _("„%(entry)s“ wird noch verwendet (%(count)s Verweise) und wurde nicht gelöscht.")
                % {"entry": entry, "count": len(exc.protected_objects)},
            )
            return redirect("directory:manage_edit", kind=kind.slug, pk=entry.pk)
        messages.success(request, _("„%(entry)s“ wurde gelöscht.") % {"entry": entry})
        return redirect("directory:manage_list", kind=kind.slug)
    return render(request, "directory/manage_delete.html", {"kind": kind, "entry": entry})
