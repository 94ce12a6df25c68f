from django.urls import path

from pages import views

urlpatterns = [
    path("reseller/documentation/", views.documentation, name="documentation"),
    path(
        "reseller/documentation/alerts/",
        views.subscriptions,
        name="documentation_subscriptions",
    ),
    path(
        "reseller/documentation/alerts/<int:appliance_id>/",
        views.subscription_toggle,
        name="documentation_subscription_toggle",
    ),
]
