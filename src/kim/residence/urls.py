from django.urls import path

from . import views

app_name = "residence"

urlpatterns = [
    path("", views.eligibility_list, name="eligibility_list"),
    path("clients/<int:pk>/refer/", views.refer, name="refer"),
]
