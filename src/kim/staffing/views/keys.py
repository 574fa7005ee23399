"""Indicator import and the distribution key (concept § 3.6): compute with every intermediate
figure shown, save with its inputs, put one in force, compare two. Coordination only."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.directory.models import Municipality, PopulationFigures

from .. import services
from ..forms.keys import IndicatorImportForm, KeyCompareForm, KeyComputeForm
from ..models import DistributionKey

ZERO = Decimal("0")
HUNDRED = Decimal("100")
IMPORT_PERMS = ["staffing.add_distributionkey", "directory.add_populationfigures"]
TEMPLATE_HEADER = [
    "AGS",
    "Kommune",
    "Einwohner",
    "ohne deutsche Staatsangehörigkeit",
    "ohne EU-Staatsangehörigkeit",
    "Zuzüge",
    "Asylanträge",
]


# --- indicators --------------------------------------------------------------------------------


def indicator_template(year=None):
    """A CSV to fill in: the header and one row per municipality (with the figures of ``year``
    where they exist). Semicolons and a BOM, so that Excel opens it as a table."""
    figures = {}
    if year:
        figures = {f.municipality_id: f for f in PopulationFigures.objects.filter(year=year)}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kennzahlen-vorlage.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    for municipality in Municipality.objects.order_by("ags"):
        f = figures.get(municipality.pk)
        values = (
            [
                f.inhabitants,
                f.without_german_citizenship,
                f.without_eu_citizenship,
                f.immigration,
                f.asylum_applications,
            ]
            if f
            else [""] * 5
        )
        writer.writerow([municipality.ags, municipality.name, *values])
    return response


def figures_by_year():
    figures = PopulationFigures.objects.select_related("municipality").order_by(
        "-year", "municipality__name"
    )
    years = []
    for year, rows in groupby(figures, key=lambda f: f.year):
        rows = list(rows)
        totals = {
            name: sum(getattr(f, name) for f in rows)
            for name in (
                "inhabitants",
                "without_german_citizenship",
                "without_eu_citizenship",
                "immigration",
                "asylum_applications",
            )
        }
        years.append({"year": year, "rows": rows, "totals": totals})
    return years


@permission_required(IMPORT_PERMS, raise_exception=True)
def indicator_import(request):
    """Upload the indicators of one year (CSV/XLSX); every problem is listed by row and column,
    and nothing of a faulty file is saved. ``?template=1`` downloads a CSV to fill in."""
    if request.method == "GET" and request.GET.get("template"):
        year = request.GET.get("year", "")
        return indicator_template(int(year) if year.isdigit() else None)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = services.import_indicators(
                data["file"], year=data["year"], by=request.user, source=data["source"]
            )
        except services.StaffingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            problems = [str(problem) for problem in exc.problems]
        else:
            messages.success(
                request,
                _("Die Kennzahlen %(year)s von %(n)s Kommunen wurden gespeichert.")
                % {"year": data["year"], "n": count},
            )
            return redirect("staffing:indicator_import")
    context = {
        "form": form,
        "problems": problems,
        "years": figures_by_year(),
        "active_tab": "indicators",
    }
    return render(request, "staffing/keys/indicators.html", context)


# --- the table of a key ------------------------------------------------------------------------


@dataclass
class KeyRow:
    """One municipality's line, from a preview (``distribution.Line``) or a saved key."""

    name: str
    ags: str
    immigration: int
    asylum_applications: int
    without_eu_citizenship: int
    share_immigration: Decimal
    share_asylum: Decimal
    share_non_eu: Decimal
    weighted_share: Decimal
    quota: Decimal
    whole_steps: int
    remainder: Decimal
    extra_step: bool
    fte: Decimal
    rank: int = 0

    @property
    def pct_immigration(self):
        return self.share_immigration * HUNDRED

    @property
    def pct_asylum(self):
        return self.share_asylum * HUNDRED

    @property
    def pct_non_eu(self):
        return self.share_non_eu * HUNDRED

    @property
    def pct_weighted(self):
        return self.weighted_share * HUNDRED

    @property
    def steps(self):
        return self.whole_steps + (1 if self.extra_step else 0)


@dataclass
class KeyTable:
    rows: list
    fte_total: Decimal
    step: Decimal
    weights: dict

    def __post_init__(self):
        self.rows.sort(key=lambda r: r.name)
        # the order in which the steps left over are handed out (distribution.py)
        for rank, row in enumerate(
            sorted(self.rows, key=lambda r: (-r.remainder, -r.quota, r.ags)), start=1
        ):
            row.rank = rank

    @property
    def total_steps(self):
        return int(self.fte_total / self.step)

    @property
    def whole_steps(self):
        return sum(r.whole_steps for r in self.rows)

    @property
    def left_over(self):
        return self.total_steps - self.whole_steps

    @property
    def totals(self):
        rows = self.rows
        return {
            "immigration": sum(r.immigration for r in rows),
            "asylum_applications": sum(r.asylum_applications for r in rows),
            "without_eu_citizenship": sum(r.without_eu_citizenship for r in rows),
            "pct_immigration": sum((r.pct_immigration for r in rows), ZERO),
            "pct_asylum": sum((r.pct_asylum for r in rows), ZERO),
            "pct_non_eu": sum((r.pct_non_eu for r in rows), ZERO),
            "pct_weighted": sum((r.pct_weighted for r in rows), ZERO),
            "quota": sum((r.quota for r in rows), ZERO),
            "whole_steps": self.whole_steps,
            "remainder": sum((r.remainder for r in rows), ZERO),
            "extra_steps": sum(1 for r in rows if r.extra_step),
            "fte": sum((r.fte for r in rows), ZERO),
        }


def table_from_result(result, municipalities, weights):
    rows = [
        KeyRow(
            name=municipalities[line.key].name,
            ags=line.key,
            immigration=line.values["immigration"],
            asylum_applications=line.values["asylum_applications"],
            without_eu_citizenship=line.values["without_eu_citizenship"],
            share_immigration=line.shares["immigration"],
            share_asylum=line.shares["asylum_applications"],
            share_non_eu=line.shares["without_eu_citizenship"],
            weighted_share=line.weighted_share,
            quota=line.quota,
            whole_steps=line.whole_steps,
            remainder=line.remainder,
            extra_step=line.extra_step,
            fte=result.fte(line),
        )
        for line in result.lines
    ]
    return KeyTable(rows, result.fte_total, result.step, weights)


def table_from_key(key):
    rows = [
        KeyRow(
            name=line.municipality.name,
            ags=line.municipality.ags,
            immigration=line.immigration,
            asylum_applications=line.asylum_applications,
            without_eu_citizenship=line.without_eu_citizenship,
            share_immigration=line.share_immigration,
            share_asylum=line.share_asylum,
            share_non_eu=line.share_non_eu,
            weighted_share=line.weighted_share,
            quota=line.quota,
            whole_steps=line.whole_steps,
            remainder=line.remainder,
            extra_step=line.extra_step,
            fte=line.fte,
        )
        for line in key.lines.select_related("municipality")
    ]
    return KeyTable(rows, key.fte_total, key.step, key.weights)


# --- keys --------------------------------------------------------------------------------------


@permission_required("staffing.add_distributionkey", raise_exception=True)
def key_compute(request):
    """ "Berechnen" shows the preview with every intermediate figure; "Speichern" saves it."""
    form = KeyComputeForm(request.POST or None)
    table = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.key_kwargs()
        try:
            if request.POST.get("action") == "save":
                key = services.save_key(
                    name=form.cleaned_data["name"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                    **kwargs,
                )
                messages.success(
                    request,
                    _("Der Verteilungsschlüssel „%(name)s“ wurde gespeichert.")
                    % {"name": key.name},
                )
                return redirect("staffing:key_detail", pk=key.pk)
            result, municipalities = services.preview_key(**kwargs)
            table = table_from_result(result, municipalities, kwargs["weights"])
        except services.StaffingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    context = {
        "form": form,
        "table": table,
        "has_figures": bool(form.fields["year"].choices[1:]),
        "active_tab": "keys",
    }
    return render(request, "staffing/keys/compute.html", context)


@permission_required("staffing.view_distributionkey", raise_exception=True)
def key_list(request):
    keys = DistributionKey.objects.select_related("computed_by")
    context = {
        "keys": keys,
        "compare_form": KeyCompareForm(),
        "active_tab": "keys",
    }
    return render(request, "staffing/keys/list.html", context)


@permission_required("staffing.view_distributionkey", raise_exception=True)
def key_detail(request, pk):
    key = get_object_or_404(DistributionKey.objects.select_related("computed_by"), pk=pk)
    context = {"key": key, "table": table_from_key(key), "active_tab": "keys"}
    return render(request, "staffing/keys/detail.html", context)


@permission_required("staffing.change_distributionkey", raise_exception=True)
@require_POST
def key_put_in_force(request, pk):
    key = get_object_or_404(DistributionKey, pk=pk)
    services.put_key_in_force(key, by=request.user)
    messages.success(
        request,
        _("„%(name)s“ ist jetzt der Verteilungsschlüssel in Kraft.") % {"name": key.name},
    )
    return redirect("staffing:key_detail", pk=key.pk)


@dataclass
class CompareRow:
    name: str
    fte_a: Decimal | None
    fte_b: Decimal | None

    @property
    def difference(self):
        return (self.fte_b or ZERO) - (self.fte_a or ZERO)


@permission_required("staffing.view_distributionkey", raise_exception=True)
def key_compare(request):
    """Two keys side by side: their inputs and, per municipality, FTE of A and B."""
    form = KeyCompareForm(request.GET or None)
    context = {"form": form, "active_tab": "keys"}
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        fte_a = {line.municipality: line.fte for line in a.lines.select_related("municipality")}
        fte_b = {line.municipality: line.fte for line in b.lines.select_related("municipality")}
        rows = [
            CompareRow(m.name, fte_a.get(m), fte_b.get(m))
            for m in sorted(set(fte_a) | set(fte_b), key=lambda m: m.name)
        ]
        context |= {
            "a": a,
            "b": b,
            "rows": rows,
            "totals": {
                "a": sum(fte_a.values(), ZERO),
                "b": sum(fte_b.values(), ZERO),
                "difference": sum(fte_b.values(), ZERO) - sum(fte_a.values(), ZERO),
            },
            "changed": sum(1 for r in rows if r.difference),
        }
    return render(request, "staffing/keys/compare.html", context)
