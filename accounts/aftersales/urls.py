"""The after-sales room's pages (global URL names, like the other rooms)."""

from django.urls import path

from accounts.aftersales import claim_views as claims
from accounts.aftersales import views
from accounts.aftersales.notices import views as notices

urlpatterns = [
    # Service visits.
    path(
        "reseller/installations/<int:pk>/visits/new/",
        views.visit_new,
        name="visit_new",
    ),
    path("visits/<int:pk>/report.pdf", views.visit_report_pdf, name="visit_report_pdf"),
    path("visits/photos/<str:token>/", views.visit_photo, name="visit_photo"),
    # Warranty claims (the staff decide them in the Wagtail admin).
    path("reseller/claims/", claims.claims, name="claims"),
    path("reseller/claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path(
        "reseller/installations/<int:pk>/claims/new/",
        claims.claim_new,
        name="claim_new",
    ),
    path("claims/photos/<str:token>/", claims.claim_photo, name="claim_photo"),
    # Safety notices: the installer's, the customer's, the managers' follow-up.
    path("reseller/notices/<int:pk>/", notices.unit_notice, name="unit_notice"),
    path("customer/notices/<int:pk>/", notices.customer_notice, name="customer_notice"),
    path(
        "staff/dashboard/notices/",
        notices.notice_follow_list,
        name="notice_follow_list",
    ),
    path(
        "staff/dashboard/notices/<int:page_id>/",
        notices.notice_follow,
        name="notice_follow",
    ),
]
