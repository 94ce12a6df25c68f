"""Pages of the after-sales app: warranty claims (resellers)."""

from django.urls import path

from accounts.aftersales import views

urlpatterns = [
    path("reseller/claims/", views.claims, name="claims"),
    path("reseller/claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path(
        "reseller/installations/<int:pk>/claims/new/",
        views.claim_new,
        name="claim_new",
    ),
    path("claims/photos/<str:token>/", views.claim_photo, name="claim_photo"),
]
