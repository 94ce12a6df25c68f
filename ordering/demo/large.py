"""Volume for the benchmarks: resellers, products and two years of orders.

Written with bulk inserts in one transaction, ids chosen up front so an
order's number (``OXY-<year>-<id>``) is known before its row exists, exactly
as ``order_place`` would have built it. The data set is consistent: totals add
up, shipped quantities match shipments, open orders hold stock reservations,
timelines follow each order's status.
"""

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.demo.organisations import DEMO_PASSWORD
from accounts.network.models import (
    Membership,
    Organisation,
    OrganisationAddress,
    Role,
    User,
)
from ordering.catalogue.models import Compatibility, PriceList, Product
from ordering.orders.models import Order, OrderEvent, OrderLine
from ordering.shipping.models import Carrier, Shipment, ShipmentLine, TrackingEvent
from ordering.stock.models import StockLevel, StockReservation, Warehouse
from portal.bulk_seed import (
    CITIES,
    FIRST_NAMES,
    LAST_NAMES,
    REFERENCE_PREFIX,
    SLUG_PREFIX,
    STREETS,
    insert_rows,
    next_id,
    sqlite_fast_load,
)
from portal.money import money

Status = Order.Status

TRADES = [
    "Aqua Services", "Confort Eau", "Hydro Plus", "Eau Pure Conseil",
    "Thermo Confort", "Air & Eau", "Les Artisans de l'Eau", "Sanitaire Pro",
    "Clim'Eau", "Énergies Habitat", "Plomberie", "Traitement d'Eau",
]  # fmt: skip

# brand, reference code, appliance name, price, parts: (name, kind, price, months)
C, S, A = (Product.Kind.CONSUMABLE, Product.Kind.SPARE_PART, Product.Kind.ACCESSORY)
FAMILIES = [
    ("AquaPure", "AQP", "Adoucisseur", 1490, [
        ("Sel régénérant en pastilles 25 kg", C, 12.9, 2),
        ("Résine cationique 25 L", C, 189, 120),
        ("Désinfectant de résine 500 mL", C, 19.9, 12),
        ("Injecteur de régénération", S, 18.9, None),
        ("Tête de vanne volumétrique", S, 289, None),
        ("Kit de joints de vanne", S, 24.9, None),
        ("Capteur de niveau de sel", S, 49, None),
        ("By-pass 3 vannes", A, 59, None),
    ]),
    ("OsmoPure", "OSP", "Osmoseur", 890, [
        ("Membrane d'osmose inverse", C, 69, 36),
        ("Cartouche de préfiltration", C, 29.9, 6),
        ("Cartouche charbon actif", C, 24.9, 6),
        ("Cartouche reminéralisante", C, 27.5, 12),
        ("Réservoir sous pression", S, 89, None),
        ("Pompe de surpression", S, 159, None),
        ("Kit de joints toriques", S, 12.9, None),
        ("Robinet 3 voies", A, 119, None),
    ]),
    ("FiltroPure", "FPT", "Station de filtration", 590, [
        ("Cartouche sédiments 20 µm", C, 9.9, 6),
        ("Cartouche charbon en bloc", C, 16.9, 6),
        ("Cartouche anti-tartre", C, 21.9, 6),
        ("Carter transparent", S, 34.9, None),
        ("Joint torique de carter", S, 3.9, None),
        ("Manomètre", S, 19.5, None),
    ]),
    ("AquaPure UV", "UVP", "Stérilisateur UV", 690, [
        ("Lampe UV", C, 79, 12),
        ("Gaine quartz", S, 45, None),
        ("Ballast électronique", S, 99, None),
        ("Joints de gaine quartz", S, 6.9, None),
    ]),
    ("AirPure", "AIR", "Purificateur d'air", 449, [
        ("Filtre HEPA H13", C, 49.9, 12),
        ("Filtre charbon actif", C, 29.9, 6),
        ("Préfiltre lavable", C, 14.9, 24),
        ("Capteur de particules PM2,5", S, 34, None),
        ("Moto-ventilateur", S, 129, None),
    ]),
    ("ThermoPure", "THP", "Chauffe-eau thermodynamique", 2690, [
        ("Anode magnésium", C, 34.9, 24),
        ("Filtre à air d'évaporateur", C, 17.9, 12),
        ("Résistance stéatite", S, 69, None),
        ("Sonde de température NTC", S, 19.9, None),
        ("Groupe de sécurité", S, 29.9, None),
        ("Carte de commande", S, 219, None),
        ("Joint de bride", S, 9.9, None),
    ]),
]  # fmt: skip

CARRIER_NUMBER = {
    "colissimo": "6B{:011d}",
    "chronopost": "XZ{:09d}FR",
    "db-schenker": "7{:09d}",
}


@dataclass(frozen=True)
class Scale:
    organisations: int = 1_000
    products: int = 5_000
    orders: int = 200_000
    lines: int = 1_000_000
    years: int = 2


LARGE = Scale()


def seed_large(*, log: Callable[[str], None], scale: Scale = LARGE) -> bool:
    """Add the benchmark volume unless it is already there; True if added."""
    if Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        log("The large data set is already there")
        return False
    started = time.perf_counter()
    with sqlite_fast_load(), transaction.atomic():
        _Builder(scale=scale, log=log).build()
    log(f"Large data set built in {time.perf_counter() - started:.0f} s")
    return True


class _Builder:
    def __init__(self, *, scale: Scale, log: Callable[[str], None]):
        self.scale = scale
        self.log = log
        # The same data set on every machine; nothing secret is drawn.
        self.rng = random.Random(2026)  # noqa: S311
        self.now = timezone.now()
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        self.log(f"  {time.perf_counter() - self.started:6.1f} s  {message}")

    def build(self) -> None:
        self.warehouses = list(Warehouse.objects.order_by("priority", "id"))
        self.carriers = {c.code: c for c in Carrier.objects.all()}
        self.staff = User.objects.filter(email="manager@oxyplus.test").first()
        self.agent = User.objects.filter(email="agent@oxyplus.test").first()
        self._organisations()
        self._products()
        self._orders()
        self._stock()
        self._reset_sequences()

    # --- Resellers and their buyers ----------------------------------------

    def _organisations(self) -> None:
        rng, n = self.rng, self.scale.organisations
        price_lists = [*PriceList.objects.order_by("discount_percent"), None]
        organisations = []
        for i in range(1, n + 1):
            city, _postcode = CITIES[i % len(CITIES)]
            organisations.append(
                Organisation(
                    name=f"{TRADES[i % len(TRADES)]} {city} n° {i}",
                    slug=f"{SLUG_PREFIX}{i:04d}",
                    legal_identifier=f"{7 * 10**13 + i}",
                    email=f"contact@{SLUG_PREFIX}{i:04d}.test",
                    may_order_on_account=i % 5 != 0,
                    price_list=price_lists[i % len(price_lists)],
                )
            )
        self.organisations = Organisation.objects.bulk_create(organisations)
        addresses = []
        self.delivery_address = {}
        for i, org in enumerate(self.organisations, start=1):
            city, postcode = CITIES[i % len(CITIES)]
            line1 = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
            for kind in OrganisationAddress.Kind.values:
                addresses.append(
                    OrganisationAddress(
                        organisation=org,
                        kind=kind,
                        line1=line1,
                        postcode=postcode,
                        city=city,
                    )
                )
            self.delivery_address[org.pk] = (line1, postcode, city)
        OrganisationAddress.objects.bulk_create(addresses, batch_size=5_000)
        # One hash for every bench buyer: hashing a thousand times takes minutes.
        password = make_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            User(
                email=f"buyer@{org.slug}.test",
                password=password,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
            )
            for org in self.organisations
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=org, role=Role.BUYER)
            for user, org in zip(users, self.organisations, strict=True)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        self.buyer = {
            org.pk: user for user, org in zip(users, self.organisations, strict=True)
        }
        self.say(f"{n} resellers with a buyer each")

    # --- Catalogue ------------------------------------------------------------

    def _products(self) -> None:
        n = self.scale.products
        appliances_per_family = max(1, n // 25 // len(FAMILIES))
        products, parts_of = [], defaultdict(list)
        number = 0
        for brand, code, kind_name, price, _parts in FAMILIES:
            for a in range(appliances_per_family):
                model = 1000 + a * 10
                products.append(
                    Product(
                        reference=f"{REFERENCE_PREFIX}{code}-{model}",
                        name=f"{kind_name} {brand} {model}",
                        kind=Product.Kind.APPLIANCE,
                        unit_price=Decimal(price + a * 10),
                    )
                )
        self.appliance_count = len(products)
        while len(products) < n:
            family = number % len(FAMILIES)
            brand, code, _kind, _price, parts = FAMILIES[family]
            model = 1000 + (number // len(FAMILIES)) % appliances_per_family * 10
            name, kind, price, months = parts[number % len(parts)]
            number += 1
            products.append(
                Product(
                    reference=f"{REFERENCE_PREFIX}{code}-{model}-{number:05d}",
                    name=f"{name} {brand} {model}",
                    kind=kind,
                    unit_price=money(Decimal(str(price)) * (10 + number % 7) / 10),
                    replacement_interval_months=months,
                )
            )
            parts_of[(code, model)].append(len(products) - 1)
        self.products = Product.objects.bulk_create(products, batch_size=5_000)
        self.appliance_ids = {p.pk for p in self.products[: self.appliance_count]}
        by_model = {p.reference: p for p in self.products[: self.appliance_count]}
        Compatibility.objects.bulk_create(
            (
                Compatibility(
                    appliance=by_model[f"{REFERENCE_PREFIX}{code}-{model}"],
                    part=self.products[index],
                    quantity_per_change=1 + index % 2,
                )
                for (code, model), indexes in parts_of.items()
                for index in indexes
            ),
            batch_size=5_000,
        )
        self.say(f"{len(self.products)} products and their compatibility table")

    # --- Orders ------------------------------------------------------------------

    def _status_for(self, age_hours: float, card: bool) -> str:
        rng = self.rng.random()
        if age_hours > 30 * 24:
            status = Status.CANCELLED if rng < 0.05 else Status.DELIVERED
        elif age_hours > 7 * 24:
            status = (
                Status.CANCELLED if rng < 0.05
                else Status.CONFIRMED if rng < 0.08
                else Status.PREPARING if rng < 0.12
                else Status.PARTIALLY_SHIPPED if rng < 0.18
                else Status.SHIPPED if rng < 0.25
                else Status.DELIVERED
            )  # fmt: skip
        else:
            status = (
                Status.CANCELLED if rng < 0.05
                else Status.PLACED if rng < 0.15
                else Status.CONFIRMED if rng < 0.40
                else Status.PREPARING if rng < 0.60
                else Status.PARTIALLY_SHIPPED if rng < 0.70
                else Status.SHIPPED if rng < 0.85
                else Status.DELIVERED
            )  # fmt: skip
        # Too young for the status drawn: it is where it would be by now.
        if status == Status.DELIVERED and age_hours < 74:
            status = Status.SHIPPED
        if status in {Status.SHIPPED, Status.PARTIALLY_SHIPPED} and age_hours < 27:
            status = Status.PREPARING
        if status == Status.PREPARING and age_hours < 21:
            status = Status.CONFIRMED
        if card and status == Status.CONFIRMED:
            status = Status.PAID
        if not card and status == Status.PLACED:
            status = Status.CONFIRMED
        return status

    def _orders(self) -> None:
        rng, scale = self.rng, self.scale
        span = scale.years * 365 * 24 * 3600
        ages = sorted((rng.random() * span for _ in range(scale.orders)), reverse=True)
        # A few resellers order a lot, most a little (Zipf-like).
        weights = [1 / (rank**0.7) for rank in range(1, len(self.organisations) + 1)]
        owners = rng.choices(self.organisations, weights=weights, k=scale.orders)
        counts = [rng.randint(1, 9) for _ in range(scale.orders)]
        gap = scale.lines - sum(counts)
        while gap:
            i = rng.randrange(scale.orders)
            if gap > 0 and counts[i] < 20:
                counts[i], gap = counts[i] + 1, gap - 1
            elif gap < 0 and counts[i] > 1:
                counts[i], gap = counts[i] - 1, gap + 1
        factors = {
            pl.pk: (100 - pl.discount_percent) / 100 for pl in PriceList.objects.all()
        }
        self.prices = {
            key: [money(p.unit_price * factor) for p in self.products]
            for key, factor in [*factors.items(), (None, Decimal(1))]
        }
        self.reserved: dict[int, int] = defaultdict(int)
        self.open_lines: list[tuple[int, int, int]] = []
        self.next_id = {model: next_id(model) for model in (Order, OrderLine, Shipment)}
        chunk = 10_000
        for start in range(0, scale.orders, chunk):
            rows = _Rows()
            for age, org, count in zip(
                ages[start : start + chunk],
                owners[start : start + chunk],
                counts[start : start + chunk],
                strict=True,
            ):
                self._order(rows, age=age, org=org, count=count)
            rows.insert()
            if (start // chunk) % 5 == 4 or start + chunk >= scale.orders:
                self.say(f"{min(start + chunk, scale.orders)} orders")

    def _take_id(self, model: type[Model]) -> int:
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def _order(self, rows: "_Rows", *, age: float, org: Organisation, count: int):
        rng = self.rng
        placed_at = self.now - timedelta(seconds=age)
        card = not org.may_order_on_account
        status = self._status_for(age / 3600, card)
        if status == Status.PARTIALLY_SHIPPED and count == 1:
            status = Status.PREPARING  # one line leaves whole or not at all
        order_id = self._take_id(Order)
        by_agent = self.agent is not None and rng.random() < 0.08
        placed_by = self.agent if by_agent else self.buyer[org.pk]
        customer = ""
        if rng.random() < 0.7:
            customer = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if customer and rng.random() < 0.5:
            city, postcode = rng.choice(CITIES)
            street = f"{rng.randint(1, 150)} {rng.choice(STREETS)}"
            delivery = (customer, street, "", postcode, city, "FR")
        else:
            line1, postcode, city = self.delivery_address[org.pk]
            delivery = (org.name, line1, "", postcode, city, "FR")
        prices = self.prices[org.price_list_id]
        lines, total = [], Decimal("0.00")
        for n, index in enumerate(rng.sample(range(len(self.products)), count)):
            product = self.products[index]
            appliance = product.pk in self.appliance_ids
            quantity = rng.randint(1, 2) if appliance else rng.choice(QUANTITIES)
            everything_left = status in {Status.SHIPPED, Status.DELIVERED}
            half_left = status == Status.PARTIALLY_SHIPPED and n % 2 == 0
            shipped = quantity if everything_left or half_left else 0
            line_id = self._take_id(OrderLine)
            lines.append((line_id, quantity, shipped, appliance))
            rows.lines.append(
                (line_id, order_id, product.pk, product.reference, product.name,
                 quantity, prices[index], product.vat_rate, shipped)
            )  # fmt: skip
            total += money(prices[index] * quantity)
            if status in OPEN and quantity > shipped:
                self.reserved[product.pk] += quantity - shipped
                self.open_lines.append((line_id, product.pk, quantity - shipped))
        parcel = ""
        if status in SHIPPING:
            parcel = self._shipment(rows, order_id, status, placed_at, lines)
        events = self._timeline(status, card, placed_at, placed_by, parcel)
        rows.events.extend((order_id, *event) for event in events)
        vat = money(total * VAT)
        rows.orders.append(
            (
                order_id,
                f"{settings.PORTAL_ORDER_PREFIX}-{placed_at.year}-{order_id:06d}",
                org.pk,
                Order.Channel.CALL_CENTER if by_agent else Order.Channel.RESELLER,
                placed_by.pk,
                status,
                Order.PaymentMethod.CARD if card else Order.PaymentMethod.ON_ACCOUNT,
                f"BC-{placed_at:%y%m}-{order_id % 10_000:04d}"
                if rng.random() < 0.4
                else "",
                customer,
                placed_by.email,
                *delivery,
                "EUR",
                total,
                vat,
                total + vat,
                f"bench-{order_id}",
                placed_at,
                events[-1][0],  # updated when its last event happened
            )
        )

    def _timeline(self, status, card, placed_at, placed_by, parcel):
        """The events ``order_place`` and the life cycle would have written:
        (when, who, status, note)."""
        steps = [(0, placed_by, Status.PLACED, "")]
        if not card:
            steps.append((1 / 60, None, Status.CONFIRMED, gettext_noop("On account")))
        if status == Status.CANCELLED:
            steps.append((3, placed_by, Status.CANCELLED, ""))
        elif status not in {Status.PLACED, Status.CONFIRMED}:
            if card:
                steps.append(
                    (0.1, None, Status.PAID, gettext_noop("Card payment received"))
                )
            if status != Status.PAID:
                steps.append((20, self.staff, Status.PREPARING, ""))
            if status == Status.PARTIALLY_SHIPPED:
                steps.append((26, self.staff, Status.PARTIALLY_SHIPPED, parcel))
            elif status in SHIPPING:
                steps.append((26, self.staff, Status.SHIPPED, parcel))
            if status == Status.DELIVERED:
                steps.append((73, None, Status.DELIVERED, ""))
        return [
            (
                placed_at + timedelta(hours=hours),
                actor.pk if actor else None,
                step,
                note,
            )
            for hours, actor, step, note in steps
        ]

    def _shipment(self, rows: "_Rows", order_id, status, placed_at, lines) -> str:
        """One parcel with what has left; returns the timeline's note."""
        shipment_id = self._take_id(Shipment)
        heavy = any(appliance for _id, _q, _s, appliance in lines)
        code = "db-schenker" if heavy else ("colissimo", "chronopost")[shipment_id % 2]
        carrier = self.carriers[code]
        tracking_number = CARRIER_NUMBER[code].format(shipment_id)
        shipped_at = placed_at + timedelta(hours=26)
        delivered_at = (
            placed_at + timedelta(hours=73) if status == Status.DELIVERED else None
        )
        rows.shipments.append(
            (
                shipment_id,
                order_id,
                carrier.pk,
                tracking_number,
                Shipment.Status.DELIVERED
                if delivered_at
                else Shipment.Status.IN_TRANSIT,
                shipped_at,
                delivered_at,
                self.staff.pk if self.staff else None,
            )
        )
        rows.shipment_lines.extend(
            (shipment_id, line_id, shipped)
            for line_id, _quantity, shipped, _appliance in lines
            if shipped
        )
        rows.tracking.append(
            (shipment_id, shipped_at + timedelta(hours=2), Track.PICKED_UP,
             "Saint-Priest (69)", "Colis pris en charge par le transporteur")
        )  # fmt: skip
        if delivered_at:
            rows.tracking.append(
                (shipment_id, delivered_at, Track.DELIVERED, "", "Colis livré")
            )
        return f"{carrier} {tracking_number}"

    # --- Stock ---------------------------------------------------------------------

    def _stock(self) -> None:
        rng = self.rng
        today = timezone.localdate()
        main, *others = self.warehouses
        levels = []
        for index, product in enumerate(self.products):
            appliance = index < self.appliance_count
            reserved = self.reserved.get(product.pk, 0)
            draw = rng.random()
            if draw < 0.03:  # out: everything left is promised to orders
                free, restock = 0, (today + timedelta(days=rng.randint(3, 40)))
            elif draw < 0.08:  # low
                free, restock = rng.randint(1, 5), None
            else:
                free = rng.randint(5, 40) if appliance else rng.randint(40, 600)
                restock = None
            levels.append(
                StockLevel(
                    product=product,
                    warehouse=main,
                    on_hand=reserved + free,
                    reserved=reserved,
                    restock_date=restock,
                    restock_quantity=rng.randint(2, 20) * 10 if restock else None,
                )
            )
            for warehouse in others:
                levels.append(
                    StockLevel(
                        product=product,
                        warehouse=warehouse,
                        on_hand=0 if draw < 0.08 else free // 3,
                    )
                )
        levels = StockLevel.objects.bulk_create(levels, batch_size=5_000)
        main_level = {
            lv.product_id: lv.pk for lv in levels if lv.warehouse_id == main.pk
        }
        StockReservation.objects.bulk_create(
            (
                StockReservation(
                    order_line_id=line_id,
                    stock_level_id=main_level[product_id],
                    quantity=quantity,
                )
                for line_id, product_id, quantity in self.open_lines
            ),
            batch_size=5_000,
        )
        self.say(f"{len(levels)} stock levels, {len(self.open_lines)} lines reserved")

    def _reset_sequences(self) -> None:
        """PostgreSQL's sequences ignore explicit ids; the next order the
        services place must get the id after ours."""
        models = [Order, OrderLine, Shipment]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


SHIPPING = {Status.PARTIALLY_SHIPPED, Status.SHIPPED, Status.DELIVERED}
OPEN = {
    Status.PLACED,
    Status.PAID,
    Status.CONFIRMED,
    Status.PREPARING,
    Status.PARTIALLY_SHIPPED,
}


QUANTITIES = (1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 24)
VAT = Decimal("0.20")
Track = TrackingEvent.Status


@dataclass
class _Rows:
    """One chunk of orders and everything that hangs off them."""

    orders: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    shipments: list[tuple] = field(default_factory=list)
    shipment_lines: list[tuple] = field(default_factory=list)
    tracking: list[tuple] = field(default_factory=list)

    def insert(self) -> None:
        insert_rows(Order, ORDER_FIELDS, self.orders)
        insert_rows(OrderLine, LINE_FIELDS, self.lines)
        insert_rows(
            OrderEvent, ["order", "created_at", "actor", "status", "note"], self.events
        )
        insert_rows(Shipment, SHIPMENT_FIELDS, self.shipments)
        insert_rows(
            ShipmentLine, ["shipment", "order_line", "quantity"], self.shipment_lines
        )
        insert_rows(TrackingEvent,
                ["shipment", "occurred_at", "status", "location", "description"],
                self.tracking)  # fmt: skip


ORDER_FIELDS = [
    "id", "number", "organisation", "channel", "placed_by", "status",
    "payment_method", "purchase_order_reference", "end_customer_name",
    "contact_email", "delivery_name", "delivery_line1", "delivery_line2",
    "delivery_postcode", "delivery_city", "delivery_country", "currency",
    "total_excl_vat", "total_vat", "total_incl_vat",
    "submission_key", "placed_at", "updated_at",
]  # fmt: skip
LINE_FIELDS = [
    "id", "order", "product", "product_reference", "product_name", "quantity",
    "unit_price", "vat_rate", "quantity_shipped",
]  # fmt: skip
SHIPMENT_FIELDS = [
    "id", "order", "carrier", "tracking_number", "status", "shipped_at",
    "delivered_at", "created_by",
]  # fmt: skip
