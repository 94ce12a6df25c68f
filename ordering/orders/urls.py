"""The stock tab, cart, checkout, orders and statements."""

from django.urls import path

from ordering.orders import views

urlpatterns = [
    path("reseller/stock/", views.stock, name="stock"),
    path("reseller/products/<str:reference>/", views.product, name="product"),
    path("reseller/cart/", views.cart, name="cart"),
    path("reseller/cart/add/", views.cart_add, name="cart_add"),
    path("reseller/cart/update/", views.cart_update, name="cart_update"),
    path("reseller/cart/quick-order/", views.quick_order, name="quick_order"),
    path("reseller/cart/customer/", views.cart_customer, name="cart_customer"),
    path("reseller/cart/checkout/", views.checkout, name="checkout"),
    path("reseller/orders/", views.orders, name="orders"),
    path("reseller/statements/", views.statement, name="statements"),
    path("reseller/statements/export.csv", views.statement_csv, name="statement_csv"),
    path("staff/orders/<str:number>/credit/", views.order_credit, name="order_credit"),
    path(
        "staff/customers/<int:pk>/order/",
        views.staff_customer_order,
        name="staff_customer_order",
    ),
    path("reseller/orders/export.csv", views.orders_export, name="orders_export"),
    path("reseller/orders/<str:number>/", views.order_detail, name="order_detail"),
    path(
        "reseller/orders/<str:number>/reorder/",
        views.order_reorder,
        name="order_reorder",
    ),
    path(
        "reseller/orders/<str:number>/cancel/", views.order_cancel, name="order_cancel"
    ),
]
