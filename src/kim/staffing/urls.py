from django.urls import path

from .views import hours, keys, positions

app_name = "staffing"

urlpatterns = [
    # positions and assignments (views/positions.py)
    path("", positions.position_overview, name="position_overview"),
    path("positions/new/", positions.position_edit, name="position_create"),
    path("positions/<int:pk>/", positions.position_edit, name="position_edit"),
    path("assignments/", positions.assignment_overview, name="assignment_overview"),
    path("assignments/new/", positions.assignment_edit, name="assignment_create"),
    path("assignments/<int:pk>/", positions.assignment_edit, name="assignment_edit"),
    # indicators and distribution keys (views/keys.py)
    path("indicators/", keys.indicator_import, name="indicator_import"),
    path("keys/", keys.key_list, name="key_list"),
    path("keys/new/", keys.key_compute, name="key_compute"),
    path("keys/compare/", keys.key_compare, name="key_compare"),
    path("keys/<int:pk>/", keys.key_detail, name="key_detail"),
    path("keys/<int:pk>/in-force/", keys.key_put_in_force, name="key_put_in_force"),
    # rooms and consultation hours (views/hours.py)
    path("hours/", hours.hours_list, name="hours_list"),
    path("hours/new/", hours.hours_edit, name="hours_create"),
    path("hours/<int:pk>/", hours.hours_edit, name="hours_edit"),
    path("hours/municipality/<int:pk>/week.pdf", hours.hours_week_pdf, name="hours_week_pdf"),
    path("hours/municipality/<int:pk>/feed.ics", hours.hours_feed, name="hours_feed"),
    path("rooms/", hours.room_list, name="room_list"),
    path("rooms/new/", hours.room_edit, name="room_create"),
    path("rooms/<int:pk>/", hours.room_edit, name="room_edit"),
]
