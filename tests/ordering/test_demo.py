"""The demo data: believable, consistent with the services, safe to rerun."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone

from accounts.network.models import Organisation
from ordering.catalogue.models import Compatibility, Product
from ordering.demo import large
from ordering.invoicing.models import Invoice, InvoiceLine, PaymentAllocation
from ordering.invoicing.services.credit import on_account_hold
from ordering.orders import services
from ordering.orders.models import Order, OrderEvent, OrderLine
from ordering.orders.selectors import products_back_in_stock
from ordering.payments.models import Payment
from ordering.shipping.models import Carrier, Shipment, ShipmentLine, TrackingEvent
from ordering.stock.models import StockLevel, StockReservation
from ordering.stock.selectors import Availability, availability_of, with_availability

pytestmark = pytest.mark.django_db

COUNTED = [
    Product,
    Compatibility,
    StockLevel,
    Carrier,
    Order,
    OrderLine,
    OrderEvent,
    StockReservation,
    Shipment,
    ShipmentLine,
    TrackingEvent,
    Payment,
    Invoice,
    InvoiceLine,
]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "stock": list(
            StockLevel.objects.order_by("pk").values_list("pk", "on_hand", "reserved")
        ),
        "orders": list(
            Order.objects.order_by("pk").values_list("number", "status", "placed_at")
        ),
    }


def assert_stock_matches_reservations():
    reserved = dict(
        StockReservation.objects.values("stock_level")
        .annotate(total=Sum("quantity"))
        .values_list("stock_level", "total")
    )
    for level in StockLevel.objects.all():
        assert level.reserved == reserved.get(level.pk, 0), level


def test_the_demo_catalogue_is_complete_and_every_appliance_has_its_parts():
    seed()

    appliances = Product.objects.filter(kind=Product.Kind.APPLIANCE)
    parts = Product.objects.exclude(kind=Product.Kind.APPLIANCE)
    assert appliances.count() >= 8
    assert parts.count() >= 40
    assert not appliances.filter(compatible_parts=None).exists()
    assert not parts.filter(fits=None).exists(), "a part fits no appliance"
    consumables = parts.filter(kind=Product.Kind.CONSUMABLE)
    assert not consumables.filter(replacement_interval_months=None).exists()
    assert Product.objects.get(reference="AQP-300").name.endswith("AquaPure 300")
    # Every appliance has its visit checklist; the terms differ by family.
    assert not appliances.filter(checklist_items=None).exists()
    assert Product.objects.get(reference="THP-200").warranty_months == 36
    assert Product.objects.get(reference="AIR-200").warranty_extension_months == 0

    availability = {
        p.reference: availability_of(p)
        for p in with_availability(Product.objects.all())
    }
    assert Availability.OUT in availability.values()
    assert Availability.LOW in availability.values()
    out = [ref for ref, value in availability.items() if value == Availability.OUT]
    assert StockLevel.objects.filter(
        product__reference__in=out, restock_date__isnull=False
    ).exists()

    lyon = Organisation.objects.get(slug="aqua-services-lyon")
    assert lyon.price_list.name == "Revendeur premium"
    assert lyon.price_list.entries.exists()
    assert set(Carrier.objects.values_list("code", flat=True)) == {
        "colissimo",
        "chronopost",
        "db-schenker",
    }
    assert not Carrier.objects.filter(webhook_secret="").exists()


def test_the_demo_history_has_every_status_with_coherent_timelines():
    seed()

    orders = Order.objects.all()
    assert set(orders.values_list("status", flat=True)) == set(Order.Status.values)
    assert orders.filter(channel=Order.Channel.CALL_CENTER).exists()
    assert orders.exclude(end_customer_name="").exists()
    assert orders.exclude(purchase_order_reference="").exists()
    for slug in ["aqua-services-lyon", "confort-eau-bretagne", "thermoplus-provence"]:
        assert orders.filter(organisation__slug=slug).count() >= 5
    now = timezone.now()
    assert orders.filter(placed_at__lt=now - timezone.timedelta(days=60)).exists()
    for order in orders.prefetch_related("events"):
        year = timezone.localtime(order.placed_at).year  # the French calendar
        assert order.number.endswith(f"-{year}-{order.pk:06d}")
        events = sorted(order.events.all(), key=lambda e: (e.created_at, e.pk))
        assert [e.pk for e in events] == sorted(e.pk for e in events), order
        assert events[0].status == Order.Status.PLACED
        assert events[0].created_at == order.placed_at
        assert events[-1].created_at <= now
        assert [e.status for e in events if e.status][-1] == order.status, order
    delivered = Shipment.objects.filter(status=Shipment.Status.DELIVERED)
    assert delivered.exists()
    assert not delivered.exclude(tracking_events__status="delivered").exists()
    for line in OrderLine.objects.annotate(sent=Sum("shipment_lines__quantity")):
        assert line.quantity_shipped == (line.sent or 0)
    assert_stock_matches_reservations()
    # Aqua Services Lyon's buyer sees what they order back in stock.
    lyon = Order.objects.filter(organisation__slug="aqua-services-lyon")
    back = products_back_in_stock(lyon).values_list("reference", flat=True)
    assert set(back) == {"FLT-CHB-10", "DES-RES-500"}
    # A back-order waits for stock: what was there left, the rest waits.
    waiting = OrderLine.objects.filter(
        quantity_backordered__gt=0, product__reference="MEM-OSM-400"
    ).get()
    assert waiting.order.shipping_preference == Order.ShippingPreference.AS_AVAILABLE
    assert waiting.order.status == Order.Status.PARTIALLY_SHIPPED


def test_the_demo_has_a_year_of_invoices_numbered_in_date_order():
    seed()

    invoices = Invoice.objects.invoices()
    today = timezone.localdate()
    assert invoices.filter(issue_date__lte=today - timezone.timedelta(days=330))
    # Every reseller shipment is invoiced once; ThermoPlus once a month.
    assert not Shipment.objects.filter(
        order__organisation__isnull=False, invoicing__isnull=True
    ).exclude(order__organisation__slug="thermoplus-provence")
    thermoplus = invoices.filter(organisation__slug="thermoplus-provence")
    assert thermoplus.count() >= 11
    assert all(
        i.issue_date.month != (i.issue_date + timezone.timedelta(days=1)).month
        for i in thermoplus
    )
    for year in {i.issue_date.year for i in invoices}:
        dated = list(invoices.filter(issue_date__year=year).order_by("number"))
        assert [i.issue_date for i in dated] == sorted(i.issue_date for i in dated)
        assert [int(i.number[-6:]) for i in dated] == list(range(1, len(dated) + 1))
    # Lyon pays on time (half of its latest in advance); ThermoPlus is late
    # enough to be refused on account; two credit notes.
    assert (
        on_account_hold(
            Organisation.objects.get(slug="aqua-services-lyon"), adding=Decimal("100")
        )
        is None
    )
    hold = on_account_hold(
        Organisation.objects.get(slug="thermoplus-provence"), adding=Decimal("100")
    )
    assert hold is not None and hold.kind == "overdue"
    assert Invoice.objects.credit_notes().count() == 2
    assert PaymentAllocation.objects.filter(
        invoice__organisation__slug="aqua-services-lyon",
        invoice__amount_paid__lt=F("invoice__total_incl_vat"),
    ).exists()
    # The invoices bill what the orders say, to the cent.
    for invoice in invoices.filter(organisation__slug="aqua-services-lyon"):
        order = invoice.lines.first().order_line.order
        if order.status == Order.Status.DELIVERED and order.shipments.count() == 1:
            assert invoice.total_incl_vat == order.total_incl_vat


def test_a_second_run_changes_nothing():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Created" not in output
    assert "Placed" not in output


def test_the_large_seed_builds_consistent_volume_that_the_services_extend():
    seed()
    scale = large.Scale(organisations=12, products=150, orders=400, lines=1_900)
    before = Order.objects.count()

    assert large.seed_large(log=lambda message: None, scale=scale)

    bench = Order.objects.filter(submission_key__startswith="bench-")
    assert bench.count() == scale.orders
    assert OrderLine.objects.filter(order__in=bench).count() == scale.lines
    assert Organisation.objects.filter(slug__startswith="bench-").count() == 12
    assert (
        Product.objects.filter(reference__startswith=large.REFERENCE_PREFIX).count()
        == 150
    )
    assert Order.objects.count() == before + scale.orders
    assert StockLevel.objects.filter(
        product__reference__startswith=large.REFERENCE_PREFIX
    ).count() == (300)
    for order in bench.prefetch_related("lines")[:50]:
        year = timezone.localtime(order.placed_at).year  # the French calendar
        assert order.number.endswith(f"-{year}-{order.pk:06d}")
        lines_total = sum(line.total_excl_vat for line in order.lines.all())
        assert order.total_excl_vat == lines_total
    shipped = bench.filter(status__in=["shipped", "delivered"])
    assert not shipped.filter(shipments=None).exists()
    assert bench.exclude(end_customer_name="").count() > scale.orders // 2
    assert_stock_matches_reservations()

    # The next order the portal places gets a number of its own.
    busiest = (
        Organisation.objects.filter(
            slug__startswith="bench-", may_order_on_account=True
        )
        .annotate(n=Count("orders"))
        .order_by("-n")
        .first()
    )
    buyer = busiest.memberships.get().user
    services.cart_add(user=buyer, product=Product.objects.last(), quantity=1)
    address = busiest.addresses.get(kind="delivery")
    order = services.order_place(
        user=buyer,
        submission_key="after-the-bench",
        payment_method=Order.PaymentMethod.ON_ACCOUNT,
        delivery=services.Delivery(
            name=busiest.name,
            line1=address.line1,
            postcode=address.postcode,
            city=address.city,
        ),
    )
    assert order.pk > bench.order_by("-pk").first().pk

    # A second run finds the volume there and adds nothing.
    counts = snapshot()["counts"]
    assert not large.seed_large(log=lambda message: None, scale=scale)
    assert snapshot()["counts"] == counts
