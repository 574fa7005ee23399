from django.shortcuts import render

from kim.accounts.roles import Role
from kim.directory.models import District


def home(request):
    """Start page: the areas of the main navigation; for a case manager also the own open cases,
    overdue actions and this week's appointments."""
    context = {"district": District.objects.first()}
    if request.user.has_role(Role.CASE_MANAGER):
        from kim.cases.views.caseload import start_page_context

        context.update(start_page_context(request.user))
        context["is_case_manager"] = True
    return render(request, "core/home.html", context)
