from django.urls import path

from ordering.payments import views, webhooks

urlpatterns = [
    path("reseller/orders/<str:number>/pay/", views.order_pay, name="order_pay"),
    path("webhooks/stripe/", webhooks.stripe_webhook, name="stripe_webhook"),
]
