"""Pages of the customers app: installations, the staff customer pages."""

from django.urls import path

from accounts.customers.views import customers, installation_records, installations

urlpatterns = [
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
        installation_records.installation_detail,
        name="installation_detail",
    ),
    path(
        "reseller/installations/<int:pk>/leave-behind/",
        installation_records.installation_leave_behind,
        name="installation_leave_behind",
    ),
    path(
        "reseller/installations/<int:pk>/leave-behind/pdf/",
        installation_records.installation_leave_behind_pdf,
        name="installation_leave_behind_pdf",
    ),
    path(
        "installations/<int:pk>/consumables/<int:consumable_pk>/changed/",
        installation_records.consumable_changed,
        name="consumable_changed",
    ),
    path(
        "photos/<str:token>/",
        installation_records.installation_photo,
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
]
