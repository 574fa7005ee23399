from django.urls import path

from .views import activities, case_file, caseload, clients, residence_record

app_name = "cases"

urlpatterns = [
    # caseload (views/caseload.py)
    path("", caseload.case_list, name="case_list"),
    path("calendar/", caseload.calendar, name="calendar"),
    path("caseload/", caseload.caseload_overview, name="caseload"),
    path("substitutions/", caseload.substitution_list, name="substitution_list"),
    path("substitutions/<int:pk>/end/", caseload.substitution_end, name="substitution_end"),
    # clients and consent (views/clients.py)
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<int:pk>/consents/new/", clients.consent_create, name="consent_create"),
    path("consents/<int:pk>/revoke/", clients.consent_revoke, name="consent_revoke"),
    path("consents/<int:pk>/scan/", clients.consent_scan, name="consent_scan"),
    path("clients/<int:pk>/open-case/", clients.case_open, name="case_open"),
    # the client's record for the Baustein 3 pre-check (views/residence_record.py)
    path("clients/<int:pk>/residence/", residence_record.record, name="residence_record"),
    path(
        "clients/<int:pk>/residence/facts/",
        residence_record.facts_edit,
        name="residence_facts_edit",
    ),
    path(
        "clients/<int:pk>/residence/<slug:kind>/new/",
        residence_record.entry_create,
        name="residence_entry_create",
    ),
    path(
        "clients/<int:pk>/residence/<slug:kind>/<int:entry_pk>/edit/",
        residence_record.entry_edit,
        name="residence_entry_edit",
    ),
    path(
        "clients/<int:pk>/residence/<slug:kind>/<int:entry_pk>/delete/",
        residence_record.entry_delete,
        name="residence_entry_delete",
    ),
    # the case file: overview, phases, handover, history, assessment, plan (views/case_file.py)
    path("<int:pk>/", case_file.case_detail, name="case_detail"),
    path("<int:pk>/phase/", case_file.case_change_phase, name="case_change_phase"),
    path("<int:pk>/handover/", case_file.case_handover, name="case_handover"),
    path("<int:pk>/history/", case_file.case_history, name="case_history"),
    path("<int:pk>/assessment/", case_file.assessment_list, name="assessment_list"),
    path("<int:pk>/assessment/new/", case_file.assessment_create, name="assessment_create"),
    path("<int:pk>/plan/", case_file.plan, name="plan"),
    path("<int:pk>/plan/goals/new/", case_file.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", case_file.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/actions/new/", case_file.action_create, name="action_create"),
    path("actions/<int:pk>/done/", case_file.action_done, name="action_done"),
    # referrals, contacts, appointments, documents (views/activities.py)
    path("<int:pk>/referrals/", activities.referral_list, name="referral_list"),
    path("<int:pk>/referrals/new/", activities.referral_create, name="referral_create"),
    path("referrals/<int:pk>/state/", activities.referral_state, name="referral_state"),
    path("<int:pk>/contacts/", activities.contact_list, name="contact_list"),
    path("<int:pk>/contacts/new/", activities.contact_create, name="contact_create"),
    path("<int:pk>/appointments/new/", activities.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/cancel/", activities.appointment_cancel, name="appointment_cancel"),
    path("<int:pk>/documents/", activities.document_list, name="document_list"),
    path("<int:pk>/documents/upload/", activities.document_upload, name="document_upload"),
    path("documents/<int:pk>/download/", activities.document_download, name="document_download"),
]
