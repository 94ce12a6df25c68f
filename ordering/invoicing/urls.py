"""The invoices tab and the statement of account."""

from django.urls import path

from ordering.invoicing import views

urlpatterns = [
    path("reseller/invoices/", views.invoice_list, name="invoice_list"),
    path(
        "reseller/invoices/<str:number>/", views.invoice_detail, name="invoice_detail"
    ),
    path("reseller/invoices/<str:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("reseller/invoices/<str:number>/xml/", views.invoice_xml, name="invoice_xml"),
    # Not "statements": those are the commissions (ordering.orders).
    path(
        "reseller/statement-of-account/",
        views.statement_of_account_page,
        name="statement_of_account",
    ),
    path(
        "reseller/statement-of-account/export.csv",
        views.statement_of_account_csv,
        name="statement_of_account_csv",
    ),
]
