from django.urls import path

from portal.dashboards import views

urlpatterns = [
    path("reseller/dashboard/", views.reseller_dashboard, name="reseller_dashboard"),
    path("staff/dashboard/", views.staff_dashboard, name="staff_dashboard"),
]
