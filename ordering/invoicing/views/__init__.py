"""The invoices tab: list, detail, downloads, and the statement of account.

Views parse, call a selector, and render. Invoices are always fetched
through ``invoices_visible_to(user)``, so another organisation's invoice
answers 404 whoever asks.
"""

from ordering.invoicing.views.invoices import (
    invoice_detail,
    invoice_list,
    invoice_pdf,
    invoice_xml,
)
from ordering.invoicing.views.statement import (
    statement_of_account_csv,
    statement_of_account_page,
)

__all__ = [
    "invoice_detail",
    "invoice_list",
    "invoice_pdf",
    "invoice_xml",
    "statement_of_account_csv",
    "statement_of_account_page",
]
