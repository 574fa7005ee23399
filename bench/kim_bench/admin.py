"""The Django admin change list of cases, as a quick build would give it: the reference that the
case list of KIM is compared with in ``make bench``. Registered only in the benchmark's settings,
never in the application: the admin bypasses ``visible_to`` and the access log."""

from django.contrib import admin

from kim.cases.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "client", "case_manager", "phase", "opened_on", "closed_on"]
    list_filter = ["phase", "client__municipality", "access_channel"]
    search_fields = ["number", "client__last_name", "client__first_name"]
    list_per_page = 50  # the page size of the case list, for a fair comparison
