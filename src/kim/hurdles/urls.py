from django.urls import path

from .views import reconstructions, reports, themes

app_name = "hurdles"

urlpatterns = [
    # hurdle reports and topics (views/reports.py)
    path("", reports.report_list, name="report_list"),
    path("new/", reports.report_create, name="report_create"),
    path("from-case/<int:case_pk>/", reports.report_create_for_case, name="report_create_for_case"),
    path("<int:pk>/", reports.report_detail, name="report_detail"),
    path("<int:pk>/state/", reports.report_change_state, name="report_change_state"),
    path("topics/", reports.topic_list, name="topic_list"),
    path("topics/<int:pk>/", reports.topic_detail, name="topic_detail"),
    # case reconstructions (views/reconstructions.py)
    path("reconstructions/", reconstructions.reconstruction_list, name="reconstruction_list"),
    path(
        "reconstructions/new/", reconstructions.reconstruction_create, name="reconstruction_create"
    ),
    path(
        "reconstructions/<int:pk>/",
        reconstructions.reconstruction_detail,
        name="reconstruction_detail",
    ),
    path(
        "reconstructions/<int:pk>/record/",
        reconstructions.reconstruction_record,
        name="reconstruction_record",
    ),
    path("reconstructions/<int:pk>/steps/new/", reconstructions.step_create, name="step_create"),
    # generative themes and the steering group overview (views/themes.py)
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/new/", themes.theme_create, name="theme_create"),
    path("themes/overview/", themes.theme_overview, name="theme_overview"),
    path("themes/overview.pdf", themes.theme_overview_pdf, name="theme_overview_pdf"),
    path("themes/<int:pk>/", themes.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/state/", themes.theme_change_state, name="theme_change_state"),
]
