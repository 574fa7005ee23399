"""Positions (Stellen) per funding module and case managers' assignments (Einsatzgebiete).

Coordination reads and edits everything; a case manager reads their own assignments only
(``Assignment.objects.visible_to``). Every other role gets 403 from the model permissions."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.directory.models import Municipality

from .. import services
from ..forms.positions import AssignmentForm, PositionForm
from ..models import Assignment, DistributionKey, FundingModule, Position

ZERO = Decimal("0")


def _sum(values):
    return sum(values, ZERO)


def _not_ended(until, today):
    return until is None or until >= today


# --- positions ---------------------------------------------------------------------------------


@dataclass
class ModuleSummary:
    module: FundingModule
    positions: list = field(default_factory=list)

    @property
    def current(self):
        return [p for p in self.positions if not p.ended]

    @property
    def approved(self):
        return _sum(p.fte for p in self.current)

    @property
    def forwarded(self):
        return _sum(p.forwarded_fte for p in self.current)

    @property
    def filled(self):
        return _sum(p.fte for p in self.current if p.holder_id)

    @property
    def vacant(self):
        return self.approved - self.filled


def position_summary(today=None):
    """Positions per funding module with approved, forwarded, filled and vacant FTE. Positions
    whose funding has ended are listed but not counted."""
    today = today or timezone.localdate()
    modules = {module: ModuleSummary(module) for module in FundingModule}
    for position in Position.objects.select_related("holder"):
        position.ended = not _not_ended(position.funded_until, today)
        modules[FundingModule(position.funding_module)].positions.append(position)
    return list(modules.values())


@permission_required("staffing.view_position", raise_exception=True)
def position_overview(request):
    modules = position_summary()
    totals = {
        name: _sum(getattr(m, name) for m in modules)
        for name in ("approved", "forwarded", "filled", "vacant")
    }
    context = {
        "modules": modules,
        "totals": totals,
        "can_edit": request.user.has_perm("staffing.change_position"),
        "can_add": request.user.has_perm("staffing.add_position"),
        "active_tab": "positions",
    }
    return render(request, "staffing/positions/overview.html", context)


def position_edit(request, pk=None):
    """Create (no ``pk``) or change a position."""
    if not request.user.has_perm(
        "staffing.add_position" if pk is None else "staffing.change_position"
    ):
        raise PermissionDenied
    position = get_object_or_404(Position, pk=pk) if pk is not None else None
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            position = form.save()
        messages.success(
            request, _("Die Stelle „%(p)s“ wurde gespeichert.") % {"p": position.title}
        )
        return redirect("staffing:position_overview")
    context = {"form": form, "position": position, "active_tab": "positions"}
    return render(request, "staffing/positions/edit.html", context)


# --- assignments -------------------------------------------------------------------------------


@dataclass
class MunicipalityRow:
    municipality: Municipality
    key_fte: Decimal | None
    assigned: Decimal

    @property
    def difference(self):
        return None if self.key_fte is None else self.assigned - self.key_fte

    @property
    def gap(self):
        return self.key_fte is not None and self.assigned < self.key_fte

    @property
    def over(self):
        return self.key_fte is not None and self.assigned > self.key_fte


@dataclass
class CaseManagerRow:
    user: User
    assigned: Decimal
    position_fte: Decimal

    @property
    def available(self):
        return self.position_fte - self.assigned

    @property
    def over(self):
        return self.assigned > self.position_fte


def municipality_rows(active_assignments, key):
    key_fte = {line.municipality_id: line.fte for line in key.lines.all()} if key else {}
    rows = []
    for municipality in Municipality.objects.order_by("name"):
        assigned = _sum(a.fte for a in active_assignments if a.municipality_id == municipality.pk)
        rows.append(MunicipalityRow(municipality, key_fte.get(municipality.pk), assigned))
    return rows


def case_manager_rows(users, active_assignments, today):
    position_fte = Position.objects.filter(holder__in=users).fte_by_holder(today)
    assigned = defaultdict(list)
    for assignment in active_assignments:
        assigned[assignment.case_manager_id].append(assignment.fte)
    return [
        CaseManagerRow(user, _sum(assigned[user.pk]), position_fte.get(user.pk, ZERO))
        for user in users
    ]


@permission_required("staffing.view_assignment", raise_exception=True)
def assignment_overview(request):
    """Coordination: per municipality the key in force vs assigned FTE, per case manager the
    assigned vs position FTE. A case manager: their own assignments, read only."""
    user = request.user
    today = timezone.localdate()
    coordination = user.has_perm("staffing.change_assignment")
    assignments = list(
        Assignment.objects.visible_to(user)
        .select_related("case_manager", "municipality")
        .order_by("case_manager__last_name", "case_manager__first_name", "municipality__name")
    )
    for assignment in assignments:
        assignment.active = assignment.valid_from <= today and _not_ended(
            assignment.valid_until, today
        )
        assignment.upcoming = assignment.valid_from > today
    active = [a for a in assignments if a.active]
    context = {
        "assignments": assignments,
        "coordination": coordination,
        "today": today,
        "active_tab": "assignments",
    }
    if coordination:
        key = DistributionKey.objects.filter(in_force=True).first()
        rows = municipality_rows(active, key)
        users = User.objects.filter(
            groups__name=Role.CASE_MANAGER.value, is_active=True
        ) | User.objects.filter(pk__in={a.case_manager_id for a in assignments})
        users = users.distinct().order_by("last_name", "first_name", "username")
        context |= {
            "key": key,
            "municipality_rows": rows,
            "municipality_totals": {
                "key_fte": _sum(r.key_fte for r in rows if r.key_fte is not None),
                "assigned": _sum(r.assigned for r in rows),
            },
            "case_manager_rows": case_manager_rows(users, active, today),
        }
    else:
        context["case_manager_rows"] = case_manager_rows([user], active, today)
    return render(request, "staffing/positions/assignments.html", context)


def assignment_edit(request, pk=None):
    """Create (no ``pk``) or change an assignment; the shares never exceed the position."""
    if not request.user.has_perm(
        "staffing.add_assignment" if pk is None else "staffing.change_assignment"
    ):
        raise PermissionDenied
    assignment = (
        get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
        if pk is not None
        else None
    )
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.save_assignment(form, by=request.user)
        except services.StaffingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Das Einsatzgebiet von %(name)s in %(municipality)s wurde gespeichert.")
                % {"name": assignment.case_manager, "municipality": assignment.municipality.name},
            )
            return redirect("staffing:assignment_overview")
    context = {"form": form, "assignment": assignment, "active_tab": "assignments"}
    return render(request, "staffing/positions/assignment_edit.html", context)
