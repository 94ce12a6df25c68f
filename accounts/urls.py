from django.urls import path

from accounts.views import api_tokens, callbacks, customers, installations
from accounts.views import customer_space as space
from accounts.views import team as views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "invitations/<str:token>/renew/",
        views.invitation_renew,
        name="invitation_renew",
    ),
    path("access-suspended/", views.access_suspended, name="access_suspended"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/team/", views.team, name="team"),
    path(
        "organisations/<slug:slug>/team/members/<int:pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/<slug:slug>/team/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/team/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/team/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisations/<slug:slug>/suspend/",
        views.organisation_suspend,
        name="organisation_suspend",
    ),
    path(
        "organisations/<slug:slug>/reactivate/",
        views.organisation_reactivate,
        name="organisation_reactivate",
    ),
    # Customer installations tab (resellers).
    path(
        "reseller/installations/",
        installations.installations,
        name="installations",
    ),
    path(
        "reseller/installations/new/",
        installations.installation_form,
        name="installation_new",
    ),
    path(
        "reseller/installations/drafts/<int:pk>/",
        installations.installation_form,
        name="installation_draft",
    ),
    path(
        "reseller/installations/drafts/<int:pk>/delete/",
        installations.installation_discard,
        name="installation_discard",
    ),
    path(
        "reseller/installations/<int:pk>/",
        installations.installation_detail,
        name="installation_detail",
    ),
    path(
        "reseller/installations/<int:pk>/leave-behind/",
        installations.installation_leave_behind,
        name="installation_leave_behind",
    ),
    path(
        "reseller/installations/<int:pk>/leave-behind/pdf/",
        installations.installation_leave_behind_pdf,
        name="installation_leave_behind_pdf",
    ),
    path(
        "installations/<int:pk>/consumables/<int:consumable_pk>/changed/",
        installations.consumable_changed,
        name="consumable_changed",
    ),
    path(
        "photos/<str:token>/",
        installations.installation_photo,
        name="installation_photo",
    ),
    # Customers, for staff.
    path("staff/customers/", customers.customer_list, name="customer_list"),
    path(
        "staff/customers/<int:pk>/",
        customers.customer_detail,
        name="customer_detail",
    ),
    path(
        "staff/customers/<int:pk>/export.json",
        customers.customer_export,
        name="customer_export",
    ),
    path(
        "staff/customers/<int:pk>/erase/",
        customers.customer_erase,
        name="customer_erase",
    ),
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
    # Personal tokens for the REST API.
    path("account/api-tokens/", api_tokens.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        api_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    # The customer space.
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
        space.customer_fault_codes,
        name="customer_fault_codes",
    ),
    path(
        "customer/installations/<int:pk>/fault-codes/<str:code>/",
        space.customer_fault_code,
        name="customer_fault_code",
    ),
    path(
        "customer/installations/<int:pk>/reorder/",
        space.customer_installation_reorder,
        name="customer_installation_reorder",
    ),
]
