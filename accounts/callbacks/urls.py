"""Pages of the callbacks app: the queue and each callback."""

from django.urls import path

from accounts.callbacks import views as callbacks

urlpatterns = [
    path(
        "staff/customers/<int:pk>/callbacks/new/",
        callbacks.staff_callback_new,
        name="staff_callback_new",
    ),
    # Callback requests.
    path("staff/callbacks/", callbacks.callback_queue, name="callback_queue"),
    path("callbacks/<int:pk>/", callbacks.callback_detail, name="callback_detail"),
    path("callbacks/<int:pk>/take/", callbacks.callback_take, name="callback_take"),
    path(
        "callbacks/<int:pk>/done/",
        callbacks.callback_complete,
        name="callback_complete",
    ),
    path(
        "callbacks/<int:pk>/owner/",
        callbacks.callback_assign,
        name="callback_assign",
    ),
    path(
        "reseller/callbacks/", callbacks.reseller_callbacks, name="reseller_callbacks"
    ),
    path(
        "reseller/callbacks/new/",
        callbacks.reseller_callback_new,
        name="reseller_callback_new",
    ),
    path(
        "customer/callback/",
        callbacks.customer_callback_new,
        name="customer_callback_new",
    ),
]
