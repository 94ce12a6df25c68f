from django.urls import path

from portal.dashboards import home, views

urlpatterns = [
    path("", home.home, name="home"),
    path("reseller/dashboard/", views.reseller_dashboard, name="reseller_dashboard"),
    path("staff/dashboard/", views.staff_dashboard, name="staff_dashboard"),
]
