from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from kim.accounts.roles import Role
from kim.directory.models import District


def _agreements_due():
    from kim.governance import services as governance_services

    today = timezone.localdate()
    return [
        {"agreement": agreement, "due_on": due_on, "overdue": due_on < today}
        for agreement, due_on in governance_services.agreements_due(60, today=today)
    ]


def home(request):
    """Start page: the areas of the main navigation; for a case manager also the own open cases,
    overdue actions and this week's appointments; for the coordination the cooperation
    agreements due for evaluation within 60 days."""
    context = {"district": District.objects.first()}
    if request.user.has_role(Role.CASE_MANAGER):
        from kim.cases.views.caseload import start_page_context

        context.update(start_page_context(request.user, request.GET))
        if context["own_cases_page"].error:
            messages.warning(request, context["own_cases_page"].error)
        context["is_case_manager"] = True
    if request.user.has_perm("governance.view_cooperationagreement"):
        context["agreements_due"] = _agreements_due()
    context["has_sections"] = "is_case_manager" in context or "agreements_due" in context
    return render(request, "core/home.html", context)
