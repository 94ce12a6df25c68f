"""The customer space: what an end customer reaches with their e-mail code."""

from django.urls import path

from accounts.customer_space import triage
from accounts.customer_space import views as space

urlpatterns = [
    path(
        "customer/link/<str:token>/",
        space.customer_link,
        name="customer_link",
    ),
    path("customer/", space.customer_home, name="customer_home"),
    path("customer/details/", space.customer_contact, name="customer_contact"),
    path("customer/reorder/", space.customer_reorder, name="customer_reorder"),
    path("customer/orders/", space.customer_orders, name="customer_orders"),
    path(
        "customer/orders/<str:number>/",
        space.customer_order,
        name="customer_order",
    ),
    path(
        "customer/orders/<str:number>/pay/",
        space.customer_order_pay,
        name="customer_order_pay",
    ),
    path(
        "customer/installations/<int:pk>/",
        space.customer_installation,
        name="customer_installation",
    ),
    path(
        "customer/installations/<int:pk>/manual/",
        space.customer_manual,
        name="customer_manual",
    ),
    path(
        "customer/installations/<int:pk>/fault-codes/",
        triage.customer_fault_codes,
        name="customer_fault_codes",
    ),
    path(
        "customer/installations/<int:pk>/fault-codes/<str:code>/",
        triage.customer_fault_code,
        name="customer_fault_code",
    ),
    path(
        "customer/installations/<int:pk>/fault-codes/<str:code>/visit/",
        triage.customer_visit_ask,
        name="customer_visit_ask",
    ),
    path(
        "customer/installations/<int:pk>/reorder/",
        space.customer_installation_reorder,
        name="customer_installation_reorder",
    ),
]
