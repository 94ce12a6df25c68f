"""The demo order history, built through the real services.

Every order is placed from a cart, so prices, stock reservations, shipments
and timelines are exactly what the portal would have produced; only the dates
are moved afterwards, step by step, so each timeline reads like the weeks it
describes.
"""

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.network.models import Organisation, OrganisationAddress, User
from accounts.network.rights import may
from ordering.catalogue.models import Product
from ordering.orders import services
from ordering.orders.models import Order, OrderEvent
from ordering.payments.models import Payment
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Carrier, Shipment, TrackingEvent

Status = Order.Status
Track = TrackingEvent.Status


@dataclass(frozen=True)
class DemoOrder:
    key: str
    organisation: str
    placed_by: str
    days_ago: int
    story: str
    lines: tuple[tuple[str, int], ...]
    end_customer: str = ""
    purchase_order: str = ""
    # (line 1, postcode, city) when the parcel goes to the end customer.
    ship_to: tuple[str, str, str] | None = None
    note: str = ""
    # How the buyer agreed to ship what was short (a back-order), if it was.
    shipping_preference: str | None = None


ASL, CEB, TPP = "aqua-services-lyon", "confort-eau-bretagne", "thermoplus-provence"
AGENT = "agent@oxyplus.test"

ORDERS = [
    # --- Aqua Services Lyon: premium prices, orders on account
    DemoOrder("asl-01", ASL, "buyer@aqua-lyon.test", 86, "delivered",
              (("AQP-300", 2), ("SEL-PAS-25", 10), ("BYP-3V", 2)),
              purchase_order="BC-ASL-0412"),
    DemoOrder("asl-02", ASL, "buyer@aqua-lyon.test", 79, "delivered",
              (("FLT-SED-20", 24), ("FLT-CHB-10", 12), ("JNT-TOR-10", 20),
               ("CAR-OSM-PRE", 10)), purchase_order="BC-ASL-0418"),
    DemoOrder("asl-03", ASL, "owner@aqua-lyon.test", 71, "delivered_split",
              (("OSP-100", 3), ("MEM-OSM-75", 5), ("CAR-OSM-CHB", 10),
               ("ROB-3V", 3)), end_customer="Benoît Lambert",
              purchase_order="BC-ASL-0431"),
    DemoOrder("asl-04", ASL, AGENT, 63, "delivered",
              (("AIR-200", 1), ("FLT-HEPA-200", 2)), end_customer="Monique Faure",
              ship_to=("8 chemin des Vignes", "69290", "Craponne")),
    DemoOrder("asl-05", ASL, "buyer@aqua-lyon.test", 55, "cancelled",
              (("AQP-500", 1), ("BAC-SEL-100", 1)), end_customer="Gérard Chevalier",
              note="Doublon de la commande saisie par téléphone."),
    DemoOrder("asl-06", ASL, "buyer@aqua-lyon.test", 41, "delivered",
              (("UVP-40", 1), ("FLT-SED-20", 6), ("JNT-UV-2", 2)),
              end_customer="Gérard Chevalier", purchase_order="BC-ASL-0457",
              ship_to=("Lieu-dit La Combe", "38440", "Saint-Jean-de-Bournay")),
    DemoOrder("asl-07", ASL, "buyer@aqua-lyon.test", 30, "delivered",
              (("SEL-PAS-25", 40), ("SEL-BLC-16", 20), ("KIT-TH", 10),
               ("DES-RES-500", 6)), purchase_order="BC-ASL-0470"),
    DemoOrder("asl-08", ASL, "owner@aqua-lyon.test", 13, "delivered",
              (("AQP-500", 1), ("BYP-3V", 1), ("FLT-SED-20", 2), ("CTR-10", 1)),
              end_customer="Nathalie Girard", purchase_order="BC-ASL-0486",
              ship_to=("14 allée des Tilleuls", "38200", "Vienne")),
    DemoOrder("asl-09", ASL, "buyer@aqua-lyon.test", 6, "partially_shipped",
              (("OSP-200", 2), ("KIT-OSM-DF3", 6), ("SND-TDS", 2),
               ("JNT-OSM-KIT", 4)), purchase_order="BC-ASL-0493"),
    DemoOrder("asl-10", ASL, "buyer@aqua-lyon.test", 3, "shipped",
              (("FLT-HEPA-200", 6), ("FLT-CHA-200", 6), ("PRE-AIR-2", 6)),
              end_customer="Olivier Mercier"),
    DemoOrder("asl-11", ASL, AGENT, 2, "preparing",
              (("AQP-300", 1), ("SEL-PAS-25", 4)), end_customer="Isabelle Blanc",
              ship_to=("5 impasse du Lavoir", "01700", "Miribel")),
    DemoOrder("asl-12", ASL, "buyer@aqua-lyon.test", 0, "confirmed",
              (("MEM-OSM-75", 4), ("CAR-OSM-POST", 8), ("CAR-OSM-MIN", 8)),
              purchase_order="BC-ASL-0501"),
    # A back-order waiting for stock: the membranes are out everywhere (back
    # in Lyon in 9 days); the filters in stock left at once.
    DemoOrder("asl-13", ASL, "buyer@aqua-lyon.test", 4, "shipped",
              (("FLT-SED-20", 12), ("MEM-OSM-400", 6)),
              purchase_order="BC-ASL-0497",
              shipping_preference=Order.ShippingPreference.AS_AVAILABLE),
    # --- Confort Eau Bretagne: standard prices, pays by card
    DemoOrder("ceb-01", CEB, "buyer@confort-bretagne.test", 67, "delivered_card",
              (("AQP-300", 1), ("SEL-BLC-16", 6), ("KIT-TH", 2)),
              end_customer="Gwenaël Tanguy",
              ship_to=("3 rue de Pen Ar Creac'h", "29200", "Brest")),
    DemoOrder("ceb-02", CEB, "owner@confort-bretagne.test", 46, "expired_card",
              (("FLT-POLY-10", 12), ("FLT-SED-20", 12))),
    DemoOrder("ceb-03", CEB, "buyer@confort-bretagne.test", 21, "delivered_card",
              (("FPT-3", 2), ("FLT-CHB-10", 6), ("MANO-10B", 2)),
              purchase_order="CEB-2611-07"),
    DemoOrder("ceb-04", CEB, "buyer@confort-bretagne.test", 1, "paid",
              (("AIR-200", 2), ("FLT-HEPA-200", 4)), end_customer="Marie Kerboul"),
    DemoOrder("ceb-05", CEB, "buyer@confort-bretagne.test", 0, "placed",
              (("OSP-100", 1), ("CAR-OSM-PRE", 2), ("CAR-OSM-CHB", 2)),
              end_customer="Yannick Le Floch"),
    # --- ThermoPlus Provence: standard prices, orders on account
    DemoOrder("tpp-01", TPP, "buyer@thermoplus-provence.test", 76, "delivered",
              (("THP-200", 2), ("GRP-SEC-34", 2), ("KIT-COND-THP", 2)),
              purchase_order="TPP-25-118"),
    DemoOrder("tpp-02", TPP, "buyer@thermoplus-provence.test", 48, "delivered",
              (("ANO-MG-THP", 10), ("FLT-EVA-THP", 10), ("SND-NTC-THP", 4),
               ("JNT-BRD-THP", 10)), purchase_order="TPP-25-131"),
    DemoOrder("tpp-03", TPP, AGENT, 34, "cancelled_by_staff",
              (("THP-200", 1), ("RES-STE-1800", 1)), end_customer="Véronique Arnaud",
              note="Le client a choisi un modèle 270 L."),
    DemoOrder("tpp-04", TPP, "owner@thermoplus-provence.test", 25,
              "delivered_split",
              (("THP-200", 2), ("ANO-MG-THP", 4), ("GRP-SEC-34", 2)),
              end_customer="Frédéric Barbier", purchase_order="TPP-25-140",
              ship_to=("Mas des Oliviers, 1120 chemin de la Source", "13100",
                       "Aix-en-Provence")),
    DemoOrder("tpp-05", TPP, AGENT, 9, "delivered",
              (("AIR-200", 1), ("FLT-CHA-200", 2)), end_customer="Christophe Roussel",
              ship_to=("22 avenue Frédéric Mistral", "84000", "Avignon")),
    DemoOrder("tpp-06", TPP, "buyer@thermoplus-provence.test", 5,
              "partially_shipped",
              (("THP-200", 1), ("ANO-MG-THP", 6), ("FLT-EVA-THP", 6),
               ("SND-NTC-THP", 4)), purchase_order="TPP-25-152"),
    DemoOrder("tpp-07", TPP, "buyer@thermoplus-provence.test", 3, "shipped",
              (("GRP-SEC-34", 6), ("JNT-BRD-THP", 10)), end_customer="Sylvie Boyer"),
    DemoOrder("tpp-08", TPP, "buyer@thermoplus-provence.test", 2, "preparing",
              (("RES-STE-1800", 3), ("SND-NTC-THP", 6))),
    DemoOrder("tpp-09", TPP, AGENT, 1, "confirmed",
              (("UVP-40", 1), ("LMP-UV-40", 1)), end_customer="Patrick Guérin",
              ship_to=("Chemin des Aires", "83170", "Brignoles")),
]  # fmt: skip

# Each story: (step, hours after the order was placed). A step that would
# fall in the future squeezes the whole story into the time there was.
_SHIP = [("prepare", 22), ("ship", 27), ("picked_up", 29), ("in_transit", 40)]
_DELIVER = [*_SHIP, ("out_for_delivery", 68), ("delivered", 73)]
STORIES: dict[str, list[tuple[str, float]]] = {
    "placed": [],
    "paid": [("pay", 0.2)],
    "confirmed": [],
    "preparing": [("prepare", 20)],
    "partially_shipped": [
        ("prepare", 22),
        ("ship_part", 27),
        ("picked_up", 29),
        ("in_transit", 40),
        ("out_for_delivery", 68),
        ("delivered", 73),
    ],
    "shipped": [*_SHIP, ("out_for_delivery", 60)],
    "delivered": _DELIVER,
    "delivered_card": [("pay", 0.3), *_DELIVER],
    "delivered_split": [
        ("prepare", 22),
        ("ship_part", 27),
        ("picked_up", 29),
        ("delivered", 70),
        ("ship", 170),
        ("picked_up", 172),
        ("in_transit", 185),
        ("delivered", 212),
    ],
    "cancelled": [("cancel", 2)],
    "cancelled_by_staff": [("prepare", 20), ("cancel", 30)],
    "expired_card": [("expire", 24)],
}

TRACKING_TEXT = {
    Track.PICKED_UP: "Colis pris en charge par le transporteur",
    Track.IN_TRANSIT: "Colis en cours d'acheminement",
    Track.OUT_FOR_DELIVERY: "Colis en cours de livraison",
    Track.DELIVERED: "Colis livré",
}


@contextmanager
def _card_orders_without_stripe() -> Iterator[None]:
    """Placing a card order calls nobody (Stripe is asked only when the buyer
    clicks Pay), so the demo may place some while no Stripe key is set."""
    if settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET:
        yield
        return
    with override_settings(
        STRIPE_SECRET_KEY="sk_demo_unused",  # noqa: S106
        STRIPE_WEBHOOK_SECRET="whsec_demo_unused",  # noqa: S106
    ):
        yield


def _placed_at(spec: DemoOrder, index: int, now: datetime) -> datetime:
    """A working hour, some days ago; never later than an hour ago."""
    day = timezone.localtime(now) - timedelta(days=spec.days_ago)
    hour = 8 + (index * 5) % 9
    placed = day.replace(hour=hour, minute=(index * 17) % 60, second=0, microsecond=0)
    return min(placed, now - timedelta(hours=1, minutes=index))


def demo_tracking_number(carrier: Carrier, key: str, parcel: int) -> str:
    """A made-up tracking number in the carrier's own format, the same for a key."""
    digits = zlib.crc32(key.encode()) % 10**8
    if carrier.code == "colissimo":
        return f"6A{digits:09d}{parcel:02d}"
    if carrier.code == "chronopost":
        return f"XY{digits:08d}{parcel}FR"
    return f"{digits:08d}{parcel:02d}"


class _History:
    """Plays one demo order's story and dates each step."""

    def __init__(self, *, carriers: dict[str, Carrier], users: dict[str, User]):
        self.carriers = carriers
        self.users = users
        self.staff = users["manager@oxyplus.test"]

    def place(self, spec: DemoOrder, *, placed_at: datetime, products) -> Order:
        user = self.users[spec.placed_by]
        organisation = Organisation.objects.get(slug=spec.organisation)
        if may(user, "orders.place_for_customers"):
            services.cart_set_organisation(user=user, organisation=organisation)
        for reference, quantity in spec.lines:
            services.cart_add(user=user, product=products[reference], quantity=quantity)
        if spec.ship_to:
            line1, postcode, city = spec.ship_to
            delivery = services.Delivery(
                name=spec.end_customer, line1=line1, postcode=postcode, city=city
            )
        else:
            address = organisation.addresses.filter(
                kind=OrganisationAddress.Kind.DELIVERY
            ).first()
            delivery = services.Delivery(
                name=organisation.name,
                line1=address.line1,
                line2=address.line2,
                postcode=address.postcode,
                city=address.city,
            )
        payment_method = (
            Order.PaymentMethod.ON_ACCOUNT
            if organisation.may_order_on_account
            else Order.PaymentMethod.CARD
        )
        with _card_orders_without_stripe():
            order = services.order_place(
                user=user,
                submission_key=f"demo-{spec.key}",
                payment_method=payment_method,
                delivery=delivery,
                purchase_order_reference=spec.purchase_order,
                end_customer_name=spec.end_customer,
                shipping_preference=spec.shipping_preference,
            )
        # The number carries the year the order was placed in.
        order.number = f"{settings.PORTAL_ORDER_PREFIX}-{placed_at.year}-{order.pk:06d}"
        Order.objects.filter(pk=order.pk).update(
            number=order.number, placed_at=placed_at, updated_at=placed_at
        )
        OrderEvent.objects.filter(order=order).update(created_at=placed_at)
        return order

    def play(self, spec: DemoOrder, *, order: Order, placed_at: datetime, now):
        steps = STORIES[spec.story]
        room = (now - placed_at).total_seconds() / 3600 - 0.5
        last = max((hours for _step, hours in steps), default=0)
        squeeze = min(1.0, room / last) if last else 1.0
        shipment = None
        parcels = 0
        when = placed_at
        for step, hours in steps:
            when = placed_at + timedelta(hours=hours * squeeze)
            seen = OrderEvent.objects.filter(order=order).order_by("-id").first()
            if step == "pay":
                self._pay(order)
            elif step == "expire":
                self._pay(order, status=Payment.Status.EXPIRED)
            elif step == "prepare":
                services.order_transition(
                    order=order, target=Status.PREPARING, by=self.staff
                )
            elif step == "cancel":
                by_reseller = spec.story == "cancelled"
                services.order_cancel(
                    order=order,
                    by=self.users[spec.placed_by if by_reseller else AGENT],
                    reason=spec.note,
                )
            elif step in {"ship", "ship_part"}:
                parcels += 1
                shipment = self._ship(
                    spec, order, parcel=parcels, when=when, part=step == "ship_part"
                )
            else:
                shipping_services.tracking_event_record(
                    shipment=shipment,
                    occurred_at=when,
                    status=step,
                    location=self._where(spec, order, step),
                    description=TRACKING_TEXT[step],
                    carrier_event_id=f"{shipment.tracking_number}-{step}",
                )
            OrderEvent.objects.filter(
                order=order, id__gt=seen.pk if seen else 0
            ).update(created_at=when)
        Payment.objects.filter(order=order).update(
            created_at=placed_at + timedelta(minutes=2), updated_at=when
        )
        Order.objects.filter(pk=order.pk).update(updated_at=when)

    def _pay(self, order: Order, status: str = Payment.Status.SUCCEEDED) -> None:
        """What Stripe's webhook does when the card payment succeeds, or when
        nobody paid in time."""
        order.refresh_from_db()
        Payment.objects.create(
            order=order,
            amount=order.total_incl_vat,
            currency=order.currency,
            status=status,
            checkout_session_id=f"cs_demo_{order.number}",
            payment_intent_id=f"pi_demo_{order.number}",
        )
        if status == Payment.Status.SUCCEEDED:
            target, note = Status.PAID, gettext_noop("Card payment received")
        else:
            target, note = (
                Status.CANCELLED,
                gettext_noop("Card payment not completed in time"),
            )
        services.order_transition(order=order, target=target, by=None, note=note)

    def _ship(
        self, spec: DemoOrder, order: Order, *, parcel: int, when: datetime, part: bool
    ) -> Shipment:
        lines = list(order.lines.order_by("id"))
        heavy = any(line.product.is_appliance for line in lines)
        if heavy:
            carrier = self.carriers["db-schenker"]
        elif sum(map(ord, spec.key)) % 2:
            carrier = self.carriers["chronopost"]
        else:
            carrier = self.carriers["colissimo"]
        quantities = None
        if part:
            # Every other line leaves now, and half of the rest.
            quantities = {
                line.pk: line.quantity if i % 2 == 0 else line.quantity // 2
                for i, line in enumerate(lines)
            }
        return shipping_services.shipment_create(
            order=order,
            carrier=carrier,
            tracking_number=demo_tracking_number(carrier, spec.key, parcel),
            quantities=quantities,
            by=self.staff,
            shipped_at=when,
        )

    @staticmethod
    def _where(spec: DemoOrder, order: Order, step: str) -> str:
        if step == Track.PICKED_UP:
            return "Saint-Priest (69)"
        if step == Track.IN_TRANSIT:
            return "Plateforme de tri de Corbas (69)"
        return f"{order.delivery_city} ({order.delivery_postcode[:2]})"


def seed(*, products: dict[str, Product], log: Callable[[str], None]) -> list[Order]:
    """Place each demo order not placed yet, then play its story."""
    done = set(
        Order.objects.filter(submission_key__startswith="demo-").values_list(
            "submission_key", flat=True
        )
    )
    todo = [
        (index, spec)
        for index, spec in enumerate(ORDERS)
        if f"demo-{spec.key}" not in done
    ]
    if not todo:
        return []
    emails = {spec.placed_by for _i, spec in todo} | {
        AGENT,
        "manager@oxyplus.test",
    }
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    carriers = {carrier.code: carrier for carrier in Carrier.objects.all()}
    history = _History(carriers=carriers, users=users)
    now = timezone.now()
    placed = []
    # Oldest first, so order numbers grow with the dates as they would have.
    dated = sorted(
        ((_placed_at(spec, index, now), spec) for index, spec in todo),
        key=lambda item: item[0],
    )
    for placed_at, spec in dated:
        order = history.place(spec, placed_at=placed_at, products=products)
        history.play(spec, order=order, placed_at=placed_at, now=now)
        placed.append(order)
    if AGENT in users and any(spec.placed_by == AGENT for _i, spec in todo):
        services.cart_set_organisation(user=users[AGENT], organisation=None)
    log(f"Placed {len(placed)} demo orders")
    return placed
