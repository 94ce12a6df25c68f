"""The invoices tab's and the API's reads: search, what is owed, one invoice
with what was set against it, and whose invoices a staff member asked for.

Every function takes a queryset that already went through
``invoices_visible_to(user)``: none of them widens what a person sees.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.network.models import Organisation, User
from accounts.network.selectors import organisations_visible_to
from ordering.invoicing.models import ZERO, Invoice, PaymentAllocation, left_to_pay
from portal.money import money

# "F-2026-000042", "AV-2026-000003": anything else is no number of ours, and
# never reaches the database (a NUL would make PostgreSQL fail).
INVOICE_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,20}$")
SEARCH_MAX_LENGTH = 100
# What the list shows: the parties and lines stay in the table.
LIST_FIELDS = [
    "kind",
    "number",
    "organisation",
    "issue_date",
    "due_date",
    "currency",
    "order_references",
    "purchase_order_reference",
    "total_excl_vat",
    "total_vat",
    "total_incl_vat",
    "amount_paid",
    "amount_credited",
    "credited_invoice",
]
STATUSES = [choice for choice, _label in Invoice.Status.choices]


def is_invoice_number(text: str) -> bool:
    return bool(INVOICE_NUMBER.match(text or ""))


def invoice_search(
    invoices: QuerySet[Invoice],
    *,
    query: str = "",
    status: str = "",
    issued_from: date | None = None,
    issued_to: date | None = None,
    organisation: Organisation | None = None,
    on: date | None = None,
) -> QuerySet[Invoice]:
    """Invoices and credit notes matching the filters, newest first.

    ``query`` finds a document by its number, an order it bills or the
    buyer's purchase-order reference (and a credit note by the invoice it
    credits); ``status`` is one of ``Invoice.Status`` (unknown: ignored).
    """
    if organisation is not None:
        invoices = invoices.filter(organisation=organisation)
    if status in STATUSES:
        invoices = invoices.with_status(status, on=on)
    if issued_from:
        invoices = invoices.filter(issue_date__gte=issued_from)
    if issued_to:
        invoices = invoices.filter(issue_date__lte=issued_to)
    query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
    if query:
        invoices = invoices.filter(
            Q(number__icontains=query)
            | Q(order_references__icontains=query)
            | Q(purchase_order_reference__icontains=query)
            | Q(credited_invoice__number__icontains=query)
        )
    return invoices.order_by("-issue_date", "-number")


@dataclass(frozen=True)
class Owed:
    """What is still to pay on a set of invoices, and how much of it is late."""

    due: Decimal
    due_count: int
    overdue: Decimal
    overdue_count: int

    @property
    def not_late(self) -> Decimal:
        """Due, and not past its due date yet (the list's "due" status)."""
        return self.due - self.overdue

    @property
    def not_late_count(self) -> int:
        return self.due_count - self.overdue_count


def amounts_owed(invoices: QuerySet[Invoice], *, on: date | None = None) -> Owed:
    """Open invoices' amounts due, and the overdue part (one query)."""
    on = on or timezone.localdate()
    late = Q(due_date__lt=on)
    figures = invoices.open().aggregate(
        due=Sum(left_to_pay()),
        due_count=Count("pk"),
        overdue=Sum(left_to_pay(), filter=late),
        overdue_count=Count("pk", filter=late),
    )
    return Owed(
        due=money(Decimal(figures["due"] or ZERO)),
        due_count=figures["due_count"],
        overdue=money(Decimal(figures["overdue"] or ZERO)),
        overdue_count=figures["overdue_count"],
    )


def invoice_detail(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """With what the detail page and the API show, in four queries whatever
    the invoice: lines, payments set against it, credit notes issued on it."""
    return invoices.select_related("organisation", "credited_invoice").prefetch_related(
        "lines",
        Prefetch(
            "allocations",
            queryset=PaymentAllocation.objects.select_related("payment").order_by(
                "payment__received_on", "pk"
            ),
        ),
        Prefetch(
            "credit_notes",
            queryset=Invoice.objects.only(
                "pk",
                "kind",
                "number",
                "issue_date",
                "total_incl_vat",
                "currency",
                "credited_invoice",
                "reason",
            ).order_by("issue_date", "number"),
        ),
    )


def organisation_named(user: User, value: str) -> Organisation | None:
    """A reseller the user may see, by its slug or its id; None otherwise."""
    value = (value or "").strip()[:100]
    if not value or "\x00" in value:
        return None
    match = Q(slug=value)
    if value.isdecimal() and len(value) < 10:
        match |= Q(pk=int(value))
    return organisations_visible_to(user).filter(match).first()


def invoiced_organisations() -> QuerySet[Organisation]:
    """The resellers staff may pick in the invoices' filters: those invoiced."""
    return Organisation.objects.filter(
        pk__in=Invoice.objects.values("organisation_id")
    ).order_by("name")
