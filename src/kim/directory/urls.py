from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("finder/", views.finder, name="finder"),
    path("municipalities/", views.municipality_list, name="municipality_list"),
    path("municipalities/<int:pk>/", views.municipality_detail, name="municipality_detail"),
    path("manage/", views.manage_index, name="manage_index"),
    path("manage/<slug:kind>/", views.manage_list, name="manage_list"),
    path("manage/<slug:kind>/new/", views.manage_edit, name="manage_create"),
    path("manage/<slug:kind>/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("manage/<slug:kind>/<int:pk>/delete/", views.manage_delete, name="manage_delete"),
]
