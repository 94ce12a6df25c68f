from django.urls import path

from . import views

urlpatterns = [
    path("reseller/orders/", views.orders, name="orders"),
    path("reseller/stock/", views.stock, name="stock"),
]
