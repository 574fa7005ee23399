from django.urls import path

from .views import agreements, meetings, minutes

app_name = "governance"

urlpatterns = [
    # bodies, members, meetings, agenda, attendance, resolutions, calendars (views/meetings.py)
    path("", meetings.body_list, name="body_list"),
    path("bodies/<int:pk>/", meetings.body_detail, name="body_detail"),
    path("bodies/<int:pk>/feed.ics", meetings.body_feed, name="body_feed"),
    path("bodies/<int:pk>/members/new/", meetings.membership_create, name="membership_create"),
    path("members/<int:pk>/end/", meetings.membership_end, name="membership_end"),
    path("bodies/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/agenda/new/", meetings.agenda_item_create, name="agenda_item_create"),
    path(
        "meetings/<int:pk>/attachments/new/", meetings.attachment_upload, name="attachment_upload"
    ),
    path("attachments/<int:pk>/", meetings.attachment_download, name="attachment_download"),
    path("meetings/<int:pk>/attendance/", meetings.attendance_edit, name="attendance_edit"),
    path(
        "meetings/<int:pk>/resolutions/new/", meetings.resolution_create, name="resolution_create"
    ),
    # minutes, distribution, activity report (views/minutes.py)
    path("meetings/<int:pk>/minutes/", minutes.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/correct/", minutes.minutes_correct, name="minutes_correct"),
    path("minutes/<int:pk>/pdf/", minutes.minutes_pdf, name="minutes_pdf"),
    path("minutes/<int:pk>/distribute/", minutes.minutes_distribute, name="minutes_distribute"),
    path("activity-report/", minutes.activity_report, name="activity_report"),
    # cooperation agreements (views/agreements.py)
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/new/", agreements.agreement_edit, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/document/", agreements.agreement_document, name="agreement_document"),
    path(
        "agreements/<int:pk>/evaluations/new/",
        agreements.evaluation_create,
        name="evaluation_create",
    ),
]
