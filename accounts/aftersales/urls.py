"""Pages of the after-sales room: service visits."""

from django.urls import path

from accounts.aftersales import views

urlpatterns = [
    path(
        "reseller/installations/<int:pk>/visits/new/",
        views.visit_new,
        name="visit_new",
    ),
    path("visits/<int:pk>/report.pdf", views.visit_report_pdf, name="visit_report_pdf"),
    path("visits/photos/<str:token>/", views.visit_photo, name="visit_photo"),
]
