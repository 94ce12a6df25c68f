from django.urls import path

from ordering.shipping import webhooks

urlpatterns = [
    path(
        "webhooks/carriers/<slug:code>/",
        webhooks.carrier_webhook,
        name="carrier_webhook",
    ),
]
