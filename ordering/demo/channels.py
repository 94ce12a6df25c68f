"""A month of the demo customers' web and call-center sales.

Customers reorder the consumables of their appliances from their space
(``customer_order_place``); agents order appliances and consumables for the
customers who phone (``call_center_order_place``), the callers of
``accounts.demo.callbacks`` among them. Each sale is credited by the real
attribution rule: to the installer, else to the reseller whose territory
holds the address, else to nobody. Then, as in the order history, each
order's story is played through the services and its steps dated.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.callbacks.working_hours import is_working_day
from accounts.customers.models import Customer, Installation
from accounts.network.models import User
from ordering.catalogue.models import Product
from ordering.demo.history import TRACKING_TEXT, demo_tracking_number
from ordering.orders import services
from ordering.orders.models import Order, OrderEvent
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Carrier, TrackingEvent

Log = Callable[[str], None]
Status = Order.Status
Track = TrackingEvent.Status
# Paid by bank transfer, as when card payment is off.
TRANSFER = Order.PaymentMethod.BANK_TRANSFER
AGENT, MANAGER = "agent@oxyplus.test", "manager@oxyplus.test"
WEB, CALL_CENTER = Order.Channel.WEB, Order.Channel.CALL_CENTER


@dataclass(frozen=True)
class ChannelOrder:
    key: str
    channel: str
    # The serial of the appliance the order is for, or a caller's email.
    customer: str
    days_ago: int
    at: int  # minutes after midnight
    story: str
    lines: tuple[tuple[str, int], ...]
    # Call center: ordered for that appliance; else credited by the rule
    # from the customer alone. The web always orders for an appliance.
    for_appliance: bool = True
    # Who places it for a call-center sale, who cancels it.
    by: str = AGENT
    note: str = ""


# Each story: (step, hours after the order was placed). Transfers are seen
# the next working morning or so; a step that would fall in the future
# squeezes the whole story into the time there was.
_TRANSIT = [("ship", 46), ("picked_up", 49), ("in_transit", 61)]
STORIES: dict[str, list[tuple[str, float]]] = {
    "placed": [],
    "paid": [("transfer", 38)],
    "preparing": [("transfer", 38), ("prepare", 42)],
    "shipped": [("transfer", 38), ("prepare", 42), *_TRANSIT],
    "delivered": [
        ("transfer", 38),
        ("prepare", 42),
        *_TRANSIT,
        ("out_for_delivery", 85),
        ("delivered", 90),
    ],
    # The transfer never came.
    "cancelled": [("cancel", 240)],
    # The customer changed their mind on the phone the next day.
    "cancelled_by_customer": [("cancel", 20)],
}

C = ChannelOrder
# fmt: off
ORDERS = [
    # --- The web: customers reorder the consumables of their appliances.
    C("morel-kit", WEB, "OS2-0155903", 28, 20 * 60 + 40, "delivered",
      (("KIT-OSM-DF3", 1),)),
    C("tanguy-sel", WEB, "AQ3-1160347", 26, 21 * 60 + 10, "delivered",
      (("SEL-BLC-16", 2),)),
    C("lecorre-kit", WEB, "OS2-0142718", 22, 22 * 60 + 5, "cancelled",
      (("KIT-OSM-DF3", 1),), by=MANAGER, note="Virement non reçu sous dix jours."),
    C("legall-cartouches", WEB, "OS1-2198470", 19, 12 * 60 + 35, "delivered",
      (("CAR-OSM-PRE", 1), ("CAR-OSM-CHB", 1))),
    C("boyer-finition", WEB, "OS1-2186355", 15, 20 * 60 + 55, "delivered",
      (("CAR-OSM-POST", 1), ("CAR-OSM-MIN", 1))),
    C("mercier-filtres", WEB, "AP4-0077310", 11, 7 * 60 + 50, "shipped",
      (("FLT-CHA-400", 1), ("PRE-AIR-2", 1))),
    C("quemener-lampe", WEB, "UV4-0371062", 5, 19 * 60 + 20, "preparing",
      (("LMP-UV-40", 1),)),
    C("mansouri-cartouches", WEB, "FP3-0660419", 4, 21 * 60 + 45, "paid",
      (("FLT-SED-20", 2), ("FLT-CHB-10", 1))),
    C("castellani-charbon", WEB, "AP4-0069824", 2, 20 * 60 + 25, "placed",
      (("FLT-CHA-400", 1),)),
    # --- The call center: agents order for the customers who phone.
    C("faure-filtres", CALL_CENTER, "AP2-0201458", 31, 10 * 60 + 15, "delivered",
      (("FLT-HEPA-200", 1), ("FLT-CHA-200", 1))),
    C("chevalier-sel", CALL_CENTER, "AQ3-1154820", 29, 14 * 60 + 40, "delivered",
      (("SEL-PAS-25", 2), ("FLT-SED-20", 2)), for_appliance=False),
    C("lemaire-purificateur", CALL_CENTER, "francois.lemaire@example.fr", 24,
      11 * 60 + 30, "delivered", (("AIR-200", 1), ("FLT-CHA-200", 1))),
    C("kerdraon-cartouches", CALL_CENTER, "FP3-0652277", 21, 9 * 60 + 50,
      "delivered", (("FLT-SED-20", 1), ("FLT-CHB-10", 1), ("FLT-POLY-10", 1))),
    C("marchand-purificateur", CALL_CENTER, "helene.marchand@example.fr", 17,
      15 * 60 + 5, "delivered", (("AIR-200", 1), ("PRE-AIR-2", 1)),
      by=MANAGER),
    C("arnaud-filtre", CALL_CENTER, "TP7-0096125", 14, 16 * 60 + 10,
      "cancelled_by_customer", (("FLT-EVA-THP", 2),),
      note="La cliente a acheté le filtre chez son installateur."),
    C("giraud-sel", CALL_CENTER, "AQ5-0561388", 12, 10 * 60 + 45, "delivered",
      (("SEL-BLC-16", 2),)),
    C("vidal-sterilisateur", CALL_CENTER, "pascal.vidal@example.fr", 9,
      9 * 60 + 35, "shipped", (("UVP-40", 1), ("FLT-SED-20", 1))),
    C("perrin-cartouches", CALL_CENTER, "FP3-0641182", 6, 11 * 60 + 20,
      "preparing", (("FLT-SED-20", 1), ("FLT-CHB-10", 1))),
    C("rey-filtration", CALL_CENTER, "amandine.rey@example.fr", 3, 14 * 60 + 55,
      "placed", (("FPT-3", 1),), for_appliance=False),
]
# fmt: on


def submission_key(spec: ChannelOrder) -> str:
    return f"demo-{'web' if spec.channel == WEB else 'call'}-{spec.key}"


def _placed_at(spec: ChannelOrder, *, today: date, now: datetime) -> datetime:
    """Customers order whenever they like, the call center on working days;
    never later than an hour ago."""
    day = today - timedelta(days=spec.days_ago)
    while spec.channel == CALL_CENTER and not is_working_day(day):
        day -= timedelta(days=1)
    midnight = datetime.combine(day, datetime.min.time())
    placed = timezone.make_aware(midnight + timedelta(minutes=spec.at))
    return min(placed, now - timedelta(hours=1))


def seed_channels(*, log: Log) -> None:
    """Place each demo web or call-center sale not placed yet, then play it."""
    done = set(
        Order.objects.filter(
            submission_key__in=[submission_key(spec) for spec in ORDERS]
        ).values_list("submission_key", flat=True)
    )
    todo = [spec for spec in ORDERS if submission_key(spec) not in done]
    if not todo:
        return
    today, now = timezone.localdate(), timezone.now()
    seller = _Seller(todo, now=now)
    placed: list[Order] = []
    dated = sorted(
        ((_placed_at(spec, today=today, now=now), spec) for spec in todo),
        key=lambda item: item[0],
    )
    for placed_at, spec in dated:
        order = seller.place(spec, placed_at=placed_at)
        if order is None:
            log(f"Customer {spec.customer} missing for the demo order {spec.key}")
            continue
        seller.play(spec, order=order, placed_at=placed_at)
        placed.append(order)
    if placed:
        web = sum(order.channel == WEB for order in placed)
        rules = [order.credit_rule or "none" for order in placed]
        credited = ", ".join(
            f"{rules.count(rule)} {rule}"
            for rule in [*Order.CreditRule.values, "none"]
            if rule in rules
        )
        log(
            f"Placed {web} demo web orders and {len(placed) - web} call-center "
            f"orders (credited: {credited})"
        )


class _Seller:
    """Places one demo sale through its channel's service and plays its story."""

    def __init__(self, todo: list[ChannelOrder], *, now: datetime):
        self.now = now
        references = {reference for spec in todo for reference, _q in spec.lines}
        self.products = {
            p.reference: p for p in Product.objects.filter(reference__in=references)
        }
        self.installations = {
            i.serial_number: i
            for i in Installation.objects.filter(
                status=Installation.Status.SUBMITTED,
                serial_number__in=[spec.customer for spec in todo],
            ).select_related("customer__user", "organisation")
        }
        self.callers = {
            c.email: c
            for c in Customer.objects.filter(
                email__in=[spec.customer for spec in todo if "@" in spec.customer]
            )
        }
        self.users = {
            u.email: u for u in User.objects.filter(email__in=[AGENT, MANAGER])
        }
        self.carriers = {c.code: c for c in Carrier.objects.all()}

    def place(self, spec: ChannelOrder, *, placed_at: datetime) -> Order | None:
        installation = self.installations.get(spec.customer)
        customer = (
            installation.customer if installation else self.callers.get(spec.customer)
        )
        items = [(self.products[ref], quantity) for ref, quantity in spec.lines]
        if spec.channel == WEB:
            if customer is None or customer.user is None:
                return None
            order = services.customer_order_place(
                customer=customer,
                by=customer.user,
                installation=installation,
                items=items,
                payment_method=TRANSFER,
                submission_key=submission_key(spec),
            )
        else:
            if customer is None or spec.by not in self.users:
                return None
            order = services.call_center_order_place(
                customer=customer,
                by=self.users[spec.by],
                items=items,
                payment_method=TRANSFER,
                submission_key=submission_key(spec),
                installation=installation if spec.for_appliance else None,
            )
        year = timezone.localtime(placed_at).year
        order.number = f"{settings.PORTAL_ORDER_PREFIX}-{year}-{order.pk:06d}"
        Order.objects.filter(pk=order.pk).update(
            number=order.number, placed_at=placed_at, updated_at=placed_at
        )
        OrderEvent.objects.filter(order=order).update(created_at=placed_at)
        return order

    def play(self, spec: ChannelOrder, *, order: Order, placed_at: datetime) -> None:
        steps = STORIES[spec.story]
        room = (self.now - placed_at).total_seconds() / 3600 - 0.5
        last = max((hours for _step, hours in steps), default=0)
        squeeze = min(1.0, room / last) if last else 1.0
        staff = self.users.get(MANAGER)
        shipment, when = None, placed_at
        for step, hours in steps:
            when = placed_at + timedelta(hours=hours * squeeze)
            seen = OrderEvent.objects.filter(order=order).order_by("-id").first()
            if step == "transfer":
                # The network desk saw the transfer arrive.
                services.order_transition(order=order, target=Status.PAID, by=staff)
            elif step == "prepare":
                services.order_transition(
                    order=order, target=Status.PREPARING, by=staff
                )
            elif step == "cancel":
                services.order_cancel(
                    order=order, by=self.users.get(spec.by, staff), reason=spec.note
                )
            elif step == "ship":
                shipment = self._ship(spec, order, when=when, staff=staff)
            else:
                shipping_services.tracking_event_record(
                    shipment=shipment,
                    occurred_at=when,
                    status=step,
                    location=self._where(order, step),
                    description=TRACKING_TEXT[step],
                    carrier_event_id=f"{shipment.tracking_number}-{step}",
                )
            OrderEvent.objects.filter(order=order, id__gt=seen.pk).update(
                created_at=when
            )
        Order.objects.filter(pk=order.pk).update(updated_at=when)

    def _ship(self, spec: ChannelOrder, order: Order, *, when, staff):
        heavy = order.lines.filter(product__kind=Product.Kind.APPLIANCE).exists()
        if heavy:
            carrier = self.carriers["db-schenker"]
        elif spec.channel == WEB:
            carrier = self.carriers["colissimo"]
        else:
            carrier = self.carriers["chronopost"]
        return shipping_services.shipment_create(
            order=order,
            carrier=carrier,
            tracking_number=demo_tracking_number(carrier, submission_key(spec), 1),
            by=staff,
            shipped_at=when,
        )

    @staticmethod
    def _where(order: Order, step: str) -> str:
        if step == Track.PICKED_UP:
            return "Saint-Priest (69)"
        if step == Track.IN_TRANSIT:
            return "Plateforme de tri de Corbas (69)"
        return f"{order.delivery_city} ({order.delivery_postcode[:2]})"
