from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("runs/propose/", views.propose_now, name="propose_now"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("runs/<int:pk>/reject/", views.run_reject, name="run_reject"),
    path("clients/<int:pk>/erasure/", views.erasure_request, name="erasure_request"),
    path(
        "clients/<int:pk>/auskunft.<slug:file_format>",
        views.client_export,
        name="client_export",
    ),
]
