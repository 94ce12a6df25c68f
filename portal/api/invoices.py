"""Invoices and credit notes (with their Factur-X file), and the statement of
account: what the invoices tab shows, with the same rights.

Read through ``invoices_visible_to``: an owner's or a buyer's token reads
their organisation's, a staff member's every reseller's, a technician's
none (403). Another organisation's invoice answers 404 like a missing one.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.network.models import Organisation, User
from accounts.network.rights import active_organisation_of, may
from ordering.invoicing import listings
from ordering.invoicing.downloads import CONTENT_TYPES, PDF, XML, invoice_file
from ordering.invoicing.listings import (
    LIST_FIELDS,
    invoice_detail,
    invoice_search,
    is_invoice_number,
)
from ordering.invoicing.models import Invoice
from ordering.invoicing.selectors import invoice_document, invoices_visible_to
from ordering.invoicing.statement import StatementOfAccount, statement_of_account
from portal.api.access import not_found, require_any, visible_organisation
from portal.api.invoice_schemas import (
    InvoiceFilters,
    InvoiceOut,
    InvoiceSummaryOut,
    StatementFilters,
    StatementOut,
)
from portal.api.pagination import PortalPagination
from portal.api.schemas import ErrorOut

router = Router(tags=["Invoices and statement of account"])

INVOICE_NUMBER = listings.INVOICE_NUMBER.pattern


def _require_invoices(user: User) -> None:
    require_any(
        user,
        "invoices.view_own",
        "invoices.view_network",
        message=_("Invoices are shown to the owners and buyers of your organisation."),
    )


def _summary(invoice: Invoice) -> dict:
    return {
        "kind": invoice.kind,
        "number": invoice.number,
        "status": invoice.status,
        "status_label": str(invoice.get_status_display()),
        "organisation": invoice.organisation.slug,
        "issue_date": invoice.issue_date,
        "due_date": None if invoice.is_credit_note else invoice.due_date,
        "currency": invoice.currency,
        "order_references": [r for r in invoice.order_references.split(", ") if r],
        "purchase_order_reference": invoice.purchase_order_reference,
        "total_excl_vat": invoice.total_excl_vat,
        "total_vat": invoice.total_vat,
        "total_incl_vat": invoice.total_incl_vat,
        "amount_paid": invoice.amount_paid,
        "amount_credited": invoice.amount_credited,
        "amount_due": invoice.amount_due,
        "credited_invoice": invoice.credited_invoice.number
        if invoice.credited_invoice_id
        else None,
    }


def _summaries(request: HttpRequest, invoices: list[Invoice], **params) -> list:
    return [_summary(invoice) for invoice in invoices]


@router.get(
    "/invoices",
    response={200: list[InvoiceSummaryOut], 403: ErrorOut, 404: ErrorOut},
    summary="List and search invoices and credit notes, newest first",
)
@paginate(PortalPagination, rows=_summaries)
def invoice_list(request: HttpRequest, filters: Query[InvoiceFilters]):
    _require_invoices(request.user)
    invoices = invoices_visible_to(request.user)
    organisation = None
    if filters.organisation and may(request.user, "invoices.view_network"):
        organisation = visible_organisation(request.user, filters.organisation)
    return (
        invoice_search(
            invoices,
            query=filters.q,
            status=filters.status or "",
            issued_from=filters.issued_from,
            issued_to=filters.issued_to,
            organisation=organisation,
        )
        .select_related("organisation", "credited_invoice")
        .only(
            *LIST_FIELDS,
            "organisation__slug",
            "credited_invoice__number",
        )
    )


def _visible_invoice(user: User, number: str) -> Invoice:
    invoice = None
    if is_invoice_number(number):
        visible = invoice_detail(invoices_visible_to(user))
        invoice = visible.filter(number=number).first()
    if invoice is None:
        raise not_found(
            _("No invoice or credit note %(number)s visible to you.")
            % {"number": number}
        )
    return invoice


def _party(party) -> dict | None:
    if party is None:
        return None
    return {
        "name": party.name,
        "address_lines": list(party.address_lines),
        "postcode": party.postcode,
        "city": party.city,
        "country": party.country,
        "siren": party.siren,
        "vat_number": party.vat_number,
    }


def _detail(invoice: Invoice) -> dict:
    document = invoice_document(invoice)
    return {
        **_summary(invoice),
        "payment_terms": str(invoice.payment_terms),
        "days_overdue": invoice.days_overdue(),
        "buyer": _party(document.buyer),
        "delivery": _party(document.delivery),
        "reason": document.reason,
        "lines": [
            {
                "reference": line.reference,
                "description": line.description,
                "order_number": line.order_number,
                "quantity": line.quantity,
                "unit_price_excl_vat": line.unit_price,
                "vat_rate": line.vat_rate,
                "total_excl_vat": line.total_excl_vat,
            }
            for line in document.lines
        ],
        "vat_breakdown": [
            {
                "rate": vat.rate,
                "category": vat.category,
                "taxable_amount": vat.taxable_amount,
                "vat_amount": vat.vat_amount,
            }
            for vat in document.vat_breakdown
        ],
        "payments": [
            {
                "received_on": a.payment.received_on,
                "method": a.payment.method,
                "reference": a.payment.reference,
                "amount": a.amount,
            }
            for a in invoice.allocations.all()
        ],
        "credit_notes": [
            {
                "number": credit.number,
                "issue_date": credit.issue_date,
                "total_incl_vat": credit.total_incl_vat,
            }
            for credit in invoice.credit_notes.all()
        ],
    }


@router.get(
    "/invoices/{number}",
    response={200: InvoiceOut, 404: ErrorOut},
    summary="One invoice or credit note: lines, VAT per rate, payments, credits",
)
def invoice_get(request: HttpRequest, number: str = Path(..., pattern=INVOICE_NUMBER)):
    return _detail(_visible_invoice(request.user, number))


def _file_operation(kind: str) -> dict:
    return {
        "response": {404: ErrorOut},
        "openapi_extra": {
            "responses": {
                200: {
                    "description": "The file, named after the document's number.",
                    "content": {
                        CONTENT_TYPES[kind]: {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                }
            }
        },
    }


def _download(user: User, number: str, kind: str) -> HttpResponse:
    file = invoice_file(_visible_invoice(user, number), kind=kind)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@router.get(
    "/invoices/{number}/pdf",
    summary="The Factur-X PDF (PDF/A-3 with the XML inside)",
    **_file_operation(PDF),
)
def invoice_get_pdf(
    request: HttpRequest, number: str = Path(..., pattern=INVOICE_NUMBER)
):
    return _download(request.user, number, PDF)


@router.get(
    "/invoices/{number}/xml",
    summary="The Cross Industry Invoice XML alone (Factur-X, EN 16931)",
    **_file_operation(XML),
)
def invoice_get_xml(
    request: HttpRequest, number: str = Path(..., pattern=INVOICE_NUMBER)
):
    return _download(request.user, number, XML)


def _statement_organisation(user: User, slug: str | None) -> Organisation:
    if may(user, "invoices.view_network"):
        if not slug:
            raise HttpError(
                400, _("Name the reseller whose account to show: organisation.")
            )
        return visible_organisation(user, slug)
    organisation = active_organisation_of(user)
    if organisation is None:
        raise HttpError(403, _("Your account is not attached to a reseller."))
    return organisation


def _statement_out(result: StatementOfAccount) -> dict:
    return {
        "organisation": result.organisation.slug,
        "on": result.on,
        "start": result.start,
        "end": result.end,
        "balance": result.balance,
        "overdue": result.overdue,
        "invoiced": result.invoiced,
        "received": result.received,
        "credited": result.credited,
        "unallocated": result.unallocated,
        "open_invoices": [
            {
                "number": row.invoice.number,
                "issue_date": row.invoice.issue_date,
                "due_date": row.invoice.due_date,
                "days_overdue": row.days_overdue,
                "purchase_order_reference": row.invoice.purchase_order_reference,
                "total_incl_vat": row.invoice.total_incl_vat,
                "paid_or_credited": row.settled,
                "amount_due": row.amount_due,
            }
            for row in result.open_invoices
        ],
        "payments": [
            {
                "received_on": p.payment.received_on,
                "method": p.payment.method,
                "reference": p.payment.reference,
                "amount": p.payment.amount,
                "currency": p.payment.currency,
                "allocations": [
                    {"invoice": a.invoice.number, "amount": a.amount}
                    for a in p.allocations
                ],
                "unallocated": p.unallocated,
            }
            for p in result.payments
        ],
        "credit_notes": [
            {
                "number": credit.number,
                "issue_date": credit.issue_date,
                "credited_invoice": credit.credited_invoice.number,
                "reason": credit.reason,
                "total_incl_vat": credit.total_incl_vat,
            }
            for credit in result.credit_notes
        ],
    }


@router.get(
    "/statement",
    response={200: StatementOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The statement of account: balance, open invoices, payments, credits",
)
def statement_get(request: HttpRequest, filters: Query[StatementFilters]):
    """What is owed today, invoice by invoice with its due date, and the
    payments received and credit notes issued over the period (all time
    without one)."""
    _require_invoices(request.user)
    organisation = _statement_organisation(request.user, filters.organisation)
    if filters.start and filters.end and filters.start > filters.end:
        raise HttpError(400, _("The end date is before the start date."))
    return _statement_out(
        statement_of_account(
            organisation=organisation,
            start=filters.start,
            end=filters.end,
            on=timezone.localdate(),
        )
    )
