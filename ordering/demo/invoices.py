"""A year of the demo resellers' invoices, the payments received and two
credit notes.

The order history of ``history`` covers the last three months; the nine
months before are written here as delivered orders (no stock moves: the
goods left long ago). Invoices are then issued oldest first, each dated the
day its goods left (monthly invoices the month's last day), so numbers follow
dates as they would have: while the history plays, the invoice a shipment
would get at once waits (``invoicing_deferred``).
"""

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.network.models import Organisation, OrganisationAddress, User
from ordering.catalogue.models import Product
from ordering.catalogue.selectors import quote
from ordering.invoicing import receivers
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import (
    credit_note_issue,
    invoice_issue_for_shipments,
    invoice_issue_monthly,
    invoice_mark_paid_by_card,
)
from ordering.invoicing.services.payments import payment_record
from ordering.orders.models import Order, OrderEvent, OrderLine
from ordering.orders.services import Delivery
from ordering.orders.services.rows import order_line_of, order_row_create
from ordering.shipping.models import Carrier, Shipment, ShipmentLine, TrackingEvent
from ordering.shipping.signals import shipment_shipped

ASL, CEB, TPP = "aqua-services-lyon", "confort-eau-bretagne", "thermoplus-provence"
Status = Order.Status

# What each reseller bought, month after month, before the recent history:
# (organisation, day of the month, purchase-order prefix, lines).
ARCHIVE = [
    (ASL, 6, "BC-ASL", (("FLT-SED-20", 12), ("SEL-PAS-25", 20), ("JNT-TOR-10", 10))),
    (ASL, 19, "BC-ASL", (("CAR-OSM-PRE", 6), ("CAR-OSM-CHB", 6), ("KIT-TH", 4))),
    (TPP, 11, "TPP-25", (("ANO-MG-THP", 6), ("FLT-EVA-THP", 6), ("GRP-SEC-34", 1))),
    (CEB, 14, "CEB", (("FLT-POLY-10", 6), ("SEL-BLC-16", 8))),
]  # fmt: skip
ARCHIVE_MONTHS = range(12, 3, -1)  # from a year ago to four months ago


@contextmanager
def invoicing_deferred() -> Iterator[None]:
    """Shipments recorded inside wait for ``seed_invoices`` to be invoiced."""
    shipment_shipped.disconnect(receivers.invoice_the_shipment, sender=Shipment)
    try:
        yield
    finally:
        shipment_shipped.connect(receivers.invoice_the_shipment, sender=Shipment)


def _months_ago(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _archive_order(
    *,
    organisation: Organisation,
    buyer: User,
    carrier: Carrier,
    products: dict[str, Product],
    placed: datetime,
    purchase_order: str,
    lines,
) -> None:
    address = organisation.addresses.filter(
        kind=OrganisationAddress.Kind.DELIVERY
    ).first()
    priced = quote(
        organisation=organisation,
        items=[(products[reference], quantity) for reference, quantity in lines],
    )
    order = order_row_create(
        priced=priced,
        channel=Order.Channel.RESELLER,
        placed_by=buyer,
        payment_method=Order.PaymentMethod.ON_ACCOUNT
        if organisation.may_order_on_account
        else Order.PaymentMethod.CARD,
        delivery=Delivery(
            name=organisation.name,
            line1=address.line1,
            line2=address.line2,
            postcode=address.postcode,
            city=address.city,
        ),
        submission_key=f"demo-archive-{organisation.slug}-{placed:%Y%m%d}",
        placed_at=placed,
        status=Status.DELIVERED,
        contact_email=buyer.email,
        end_customer_name="",
        purchase_order_reference=purchase_order,
        organisation=organisation,
    )
    order_lines = OrderLine.objects.bulk_create(
        order_line_of(order=order, line=line, quantity_shipped=line.quantity)
        for line in priced.lines
    )
    shipped, delivered = placed + timedelta(days=1), placed + timedelta(days=3)
    shipment = Shipment.objects.create(
        order=order,
        carrier=carrier,
        tracking_number=f"6A{order.pk:09d}01",
        status=Shipment.Status.DELIVERED,
        shipped_at=shipped,
        delivered_at=delivered,
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, quantity=line.quantity)
        for line in order_lines
    )
    TrackingEvent.objects.create(
        shipment=shipment,
        occurred_at=delivered,
        status=TrackingEvent.Status.DELIVERED,
        location=address.city,
        carrier_event_id=f"{shipment.tracking_number}-delivered",
    )
    OrderEvent.objects.bulk_create(
        OrderEvent(order=order, created_at=when, status=status)
        for when, status in [
            (placed, Status.PLACED),
            (placed, Status.CONFIRMED),
            (shipped, Status.SHIPPED),
            (delivered, Status.DELIVERED),
        ]
    )


def seed_archive(*, products: dict[str, Product], log: Callable[[str], None]) -> None:
    """Nine months of delivered orders before the recent history (once)."""
    if Order.objects.filter(submission_key__startswith="demo-archive-").exists():
        return
    organisations = {o.slug: o for o in Organisation.objects.all()}
    buyers = {
        slug: organisation.memberships.filter(role="buyer").first().user
        for slug, organisation in organisations.items()
    }
    carrier = Carrier.objects.get(code="colissimo")
    today = timezone.localdate()
    count = 0
    for months in ARCHIVE_MONTHS:
        first = _months_ago(today, months)
        for slug, day, prefix, lines in ARCHIVE:
            placed = _at(first.replace(day=day), 9 + day % 6)
            _archive_order(
                organisation=organisations[slug],
                buyer=buyers[slug],
                carrier=carrier,
                products=products,
                placed=placed,
                purchase_order=f"{prefix}-{placed:%y%m}-{day:02d}",
                lines=lines,
            )
            count += 1
    log(f"Wrote {count} archived orders (a year of deliveries)")


def seed_invoices(*, log: Callable[[str], None]) -> None:
    """Invoice every reseller shipment not invoiced yet, oldest first: one per
    shipment, or one a month for ThermoPlus (monthly invoicing)."""
    Organisation.objects.filter(slug=TPP).update(
        invoicing_mode=Organisation.InvoicingMode.MONTHLY
    )
    pending = list(
        Shipment.objects.filter(
            invoicing__isnull=True, order__organisation__isnull=False
        )
        .select_related("order__organisation")
        .order_by("shipped_at", "id")
    )
    if not pending:
        return
    today = timezone.localdate()
    month_ends: set[date] = set()
    steps: list[tuple[date, Shipment | None]] = []
    for shipment in pending:
        day = timezone.localdate(shipment.shipped_at)
        organisation = shipment.order.organisation
        if organisation.invoicing_mode == Organisation.InvoicingMode.MONTHLY:
            end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            if end < today:  # this month's invoice is issued on the 1st
                month_ends.add(end)
            continue
        steps.append((day, shipment))
    steps += [(end, None) for end in month_ends]
    issued = 0
    for day, shipment in sorted(steps, key=lambda step: (step[0], step[1] is None)):
        if shipment is None:
            issued += len(invoice_issue_monthly(month=day))
            continue
        invoice = invoice_issue_for_shipments(
            organisation=shipment.order.organisation, shipments=[shipment], issued=day
        )
        if shipment.order.payment_method == Order.PaymentMethod.CARD:
            invoice_mark_paid_by_card(invoice=invoice)
        issued += 1
    log(f"Issued {issued} invoices ({Invoice.objects.count()} in all)")


# ThermoPlus stopped paying two months ago: its invoices are overdue and it
# may no longer order on account (the hold's message says whom to call).
UNPAID_SINCE_DAYS = {ASL: 0, TPP: 75}
CREDIT_LIMITS = {ASL: Decimal("25000.00"), TPP: Decimal("8000.00")}


def seed_payments(*, log: Callable[[str], None]) -> None:
    """Transfers received against the invoices on account (once per due
    date, several invoices each), one partial payment, two credit notes."""
    from_organisations = Organisation.objects.filter(slug__in=UNPAID_SINCE_DAYS)
    if (
        Invoice.objects.filter(organisation__in=from_organisations)
        .filter(amount_paid__gt=0)
        .exists()
    ):
        return
    manager = User.objects.get(email="manager@oxyplus.test")
    today = timezone.localdate()
    recorded = 0
    for organisation in from_organisations:
        organisation.credit_limit = CREDIT_LIMITS[organisation.slug]
        organisation.save(update_fields=["credit_limit"])
        paid_until = today - timedelta(days=UNPAID_SINCE_DAYS[organisation.slug])
        by_due: dict[date, list[Invoice]] = defaultdict(list)
        for invoice in Invoice.objects.filter(organisation=organisation).open():
            by_due[invoice.due_date].append(invoice)
        for due, invoices in sorted(by_due.items()):
            if due >= paid_until:
                continue
            received = due - timedelta(days=2)
            payment_record(
                organisation=organisation,
                amount=sum(invoice.amount_due for invoice in invoices),
                received_on=received,
                reference=f"VIR-{organisation.slug[:3].upper()}-{received:%Y%m%d}",
                by=manager,
            )
            recorded += 1
    # Aqua Services Lyon paid half of its latest invoice in advance.
    latest = Invoice.objects.filter(organisation__slug=ASL).open().first()
    if latest is not None:
        payment_record(
            organisation=latest.organisation,
            amount=(latest.amount_due / 2).quantize(Decimal("0.01")),
            received_on=today - timedelta(days=1),
            reference=f"VIR-ASL-{latest.number}",
            allocations={latest.pk: (latest.amount_due / 2).quantize(Decimal("0.01"))},
            by=manager,
        )
        recorded += 1
    _credit_notes(manager)
    log(f"Recorded {recorded} transfers and 2 credit notes")


def _credit_notes(manager: User) -> None:
    """A returned carton at Lyon, a commercial gesture for ThermoPlus."""
    lyon = (
        Invoice.objects.invoices()
        .filter(organisation__slug=ASL, lines__quantity__gte=2)
        .order_by("-issue_date")
        .distinct()
        .first()
    )
    line = lyon.lines.filter(quantity__gte=2).first()
    credit_note_issue(
        invoice=lyon,
        quantities={line.pk: 1},
        reason=Invoice.Reason.RETURN,
        details="Carton arrivé abîmé, retourné par le transporteur",
        by=manager,
    )
    thermoplus = Invoice.objects.invoices().filter(organisation__slug=TPP).first()
    cheapest = thermoplus.lines.order_by("unit_price").first()
    credit_note_issue(
        invoice=thermoplus,
        quantities={cheapest.pk: 1},
        reason=Invoice.Reason.GESTURE,
        details="Livraison en retard de cinq jours",
        by=manager,
    )
