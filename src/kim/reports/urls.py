from django.urls import path

from .views import dashboard, exports, state_report

app_name = "reports"

urlpatterns = [
    # the dashboard (views/dashboard.py)
    path("", dashboard.dashboard, name="dashboard"),
    path("table/<slug:key>/", dashboard.dashboard_table, name="dashboard_table"),
    # the state controlling report (views/state_report.py)
    path("state/", state_report.state_report, name="state_report"),
    # export jobs with progress (views/exports.py)
    path("exports/new/", exports.export_create, name="export_create"),
    path("exports/<int:pk>/", exports.export_status, name="export_status"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
