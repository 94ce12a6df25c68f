from django.urls import path

from . import views

urlpatterns = [
    path("reseller/dashboard/", views.reseller_dashboard, name="reseller_dashboard"),
    path("staff/dashboard/", views.staff_dashboard, name="staff_dashboard"),
]
