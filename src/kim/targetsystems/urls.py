from django.urls import path

from .views import chains, monitoring, targets

app_name = "targetsystems"

urlpatterns = [
    # target systems, agreements, states, versions (views/targets.py)
    path("", targets.target_system_list, name="list"),
    path("new/<int:body_pk>/", targets.target_system_create, name="create"),
    path("<int:pk>/", targets.target_system_detail, name="detail"),
    path("<int:pk>/edit/", targets.target_system_edit, name="edit"),
    path("<int:pk>/state/", targets.target_system_change_state, name="change_state"),
    path("<int:pk>/decide/", targets.target_system_decide, name="decide"),
    path("<int:pk>/new-version/", targets.target_system_new_version, name="new_version"),
    path("<int:pk>/agreements/new/", targets.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", targets.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/delete/", targets.agreement_delete, name="agreement_delete"),
    # service chains and their steps, the diagram, as-is vs to-be (views/chains.py)
    path("<int:pk>/chains/new/", chains.chain_create, name="chain_create"),
    path("chains/<int:pk>/", chains.chain_detail, name="chain_detail"),
    path("chains/<int:pk>/edit/", chains.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/delete/", chains.chain_delete, name="chain_delete"),
    path("chains/<int:pk>/copy/", chains.chain_copy_as_is, name="chain_copy_as_is"),
    path("chains/<int:pk>/steps/new/<str:variant>/", chains.step_create, name="step_create"),
    path("steps/<int:pk>/edit/", chains.step_edit, name="step_edit"),
    path("steps/<int:pk>/delete/", chains.step_delete, name="step_delete"),
    # indicators, linked cases and the monitoring on case level (views/monitoring.py)
    path("<int:pk>/indicators/new/", monitoring.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", monitoring.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", monitoring.indicator_delete, name="indicator_delete"),
    path("<int:pk>/monitoring/", monitoring.monitoring, name="monitoring"),
    path("<int:pk>/cases/", monitoring.case_links, name="case_links"),
    path("<int:pk>/cases/link/", monitoring.case_link_create, name="case_link_create"),
    path("<int:pk>/cases/apply-rule/", monitoring.case_links_apply_rule, name="apply_rule"),
    path("links/<int:pk>/delete/", monitoring.case_link_delete, name="case_link_delete"),
]
