"""The demo resellers' customers, their installations and web reorders.

``seed_installations`` records each installation of ``customers.CUSTOMERS``
through ``installation_record``, as the reseller's technician would, so the
customers, their consumables and their customer-space logins are exactly what
the portal produces; only the dates are moved afterwards, as the order
history does. Then two customers reorder on the web, credited to their
installer.
"""

import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from accounts.customers.models import Customer, Installation, InstallationConsumable
from accounts.customers.schedule import DUE_SOON_DAYS, add_months, next_due
from accounts.customers.services.installations import (
    CustomerDetails,
    InstallationDetails,
    installation_record,
)
from accounts.demo.customers import (
    CUSTOMER_LOGIN,
    CUSTOMERS,
    FITTED,
    WEB_ORDERS,
    DemoCustomer,
    DemoInstallation,
    DemoWebOrder,
)
from accounts.demo.organisations import RESELLERS
from accounts.network.models import Membership, Organisation, Role, User
from ordering.catalogue.models import Compatibility, Product
from ordering.orders import services as ordering_services
from ordering.orders.models import Order, OrderEvent
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Carrier

Log = Callable[[str], None]
SUBMITTED = Installation.Status.SUBMITTED


def _at(day: date, minutes: int) -> datetime:
    """``minutes`` after midnight on ``day``, French time."""
    midnight = datetime.combine(day, datetime.min.time())
    return timezone.make_aware(midnight + timedelta(minutes=minutes))


def _decimal(text: str) -> Decimal | None:
    """``"3.5"`` → ``Decimal("3.5")``; nothing measured → None."""
    return Decimal(text) if text else None


def _changed_on(
    installed_on: date, serviced_on: date | None, interval: int | None
) -> date:
    """When a consumable was last changed: at the last maintenance visit if
    it was due by then or within the month after, else when it was fitted."""
    if serviced_on is None or not interval:
        return installed_on
    first_due = add_months(installed_on, interval)
    if first_due <= serviced_on + timedelta(days=DUE_SOON_DAYS):
        return serviced_on
    return installed_on


# --- The demo resellers' customers -------------------------------------------------


def seed_installations(*, log: Log) -> list[tuple[str, str]]:
    """Record the demo installations and web orders not there yet; returns
    the customer-space login as (email, description)."""
    today = timezone.localdate()
    _Recorder(today=today, log=log).record()
    _seed_web_orders(today=today, log=log)
    return [(CUSTOMER_LOGIN, "customer (login by emailed code)")]


class _Recorder:
    """Records each missing installation, oldest first, as its technician."""

    def __init__(self, *, today: date, log: Log):
        self.today = today
        self.log = log
        serials = [i.serial for _s, _c, i in self.specs()]
        self.existing = {
            i.serial_number: i.customer
            for i in Installation.objects.filter(
                status=SUBMITTED, serial_number__in=serials
            ).select_related("customer")
        }
        self.customers: dict[DemoCustomer, Customer] = {}

    @staticmethod
    def specs() -> list[tuple[str, DemoCustomer, DemoInstallation]]:
        return [
            (slug, customer, installation)
            for slug, customers in CUSTOMERS.items()
            for customer in customers
            for installation in customer.installations
        ]

    def record(self) -> None:
        """Record what is missing and log how many were recorded."""
        todo = [spec for spec in self.specs() if spec[2].serial not in self.existing]
        if not todo:
            return
        # Customers created oldest first, as the technicians met them.
        todo.sort(key=lambda spec: -spec[2].installed)
        organisations = {
            o.slug: o for o in Organisation.objects.filter(slug__in=CUSTOMERS)
        }
        technicians = self._technicians()
        references = {p for _s, _c, i in todo for p in self._parts(i)}
        references |= {i.appliance for _s, _c, i in todo}
        products = {
            p.reference: p for p in Product.objects.filter(reference__in=references)
        }
        self.quantities = {
            (appliance, part): quantity
            for appliance, part, quantity in Compatibility.objects.filter(
                appliance__reference__in=references
            ).values_list(
                "appliance__reference", "part__reference", "quantity_per_change"
            )
        }
        recorded = 0
        for index, (slug, customer, installation) in enumerate(todo):
            organisation = organisations.get(slug)
            technician = technicians.get(slug)
            if organisation is None or technician is None:
                self.log(f"No technician at {slug}: its installations are skipped")
                continue
            self._record(
                organisation, technician, customer, installation, products, index
            )
            recorded += 1
        if recorded:
            self.log(f"Recorded {recorded} demo installations")

    @staticmethod
    def _parts(installation: DemoInstallation) -> tuple[str, ...]:
        return installation.parts or FITTED[installation.appliance]

    @staticmethod
    def _technicians() -> dict[str, User]:
        emails = {
            f"{Role.TECHNICIAN}@{spec['domain']}": spec["slug"] for spec in RESELLERS
        }
        return {
            emails[m.user.email]: m.user
            for m in Membership.objects.filter(
                user__email__in=emails,
                role=Role.TECHNICIAN,
                organisation__slug__in=CUSTOMERS,
            ).select_related("user")
        }

    def _customer(self, spec: DemoCustomer) -> Customer | None:
        """The record made at an earlier installation of the same person."""
        if spec in self.customers:
            return self.customers[spec]
        for installation in spec.installations:
            if installation.serial in self.existing:
                return self.existing[installation.serial]
        return None

    def _record(
        self,
        organisation: Organisation,
        technician: User,
        spec: DemoCustomer,
        installation: DemoInstallation,
        products: dict[str, Product],
        index: int,
    ) -> None:
        """One installation through the service, then dated as it happened."""
        known = self._customer(spec)
        installed_on = self.today - timedelta(days=installation.installed)
        appliance = products[installation.appliance]
        new_customer = CustomerDetails(
            first_name=spec.first_name,
            last_name=spec.last_name,
            line1=spec.line1,
            line2=spec.line2,
            postcode=spec.postcode,
            city=spec.city,
            email=spec.email,
            phone=spec.phone,
        )
        details = InstallationDetails(
            appliance=appliance,
            serial_number=installation.serial,
            installed_on=installed_on,
            customer=known,
            customer_details=None if known else new_customer,
            shares_record=spec.shares_record,
            consumables=[
                (products[ref], self.quantities[(appliance.reference, ref)])
                for ref in self._parts(installation)
            ],
            water_hardness=_decimal(installation.hardness),
            water_pressure=_decimal(installation.pressure),
            site_notes=installation.notes,
        )
        result = installation_record(
            organisation=organisation, by=technician, details=details
        )
        row, customer = result.installation, result.installation.customer
        self.customers[spec] = customer
        # Recorded at the end of the visit, between 10:30 and 17:30.
        at = _at(installed_on, 630 + (index * 97) % 420)
        Installation.objects.filter(pk=row.pk).update(
            submitted_at=at, created_at=at, updated_at=at
        )
        serviced_on = (
            self.today - timedelta(days=installation.serviced)
            if installation.serviced
            else None
        )
        for consumable in row.consumables.all():
            changed = _changed_on(installed_on, serviced_on, consumable.interval_months)
            if changed != consumable.last_changed_on:
                InstallationConsumable.objects.filter(pk=consumable.pk).update(
                    last_changed_on=changed,
                    next_due_on=next_due(changed, consumable.interval_months),
                )
        if known is None and not result.joined_existing_customer:
            # A record this seed created: it dates from its first installation.
            Customer.objects.filter(pk=customer.pk).update(
                created_at=at,
                updated_at=at,
                consent_recorded_at=at if customer.shares_record else None,
            )
            if customer.user_id:
                User.objects.filter(pk=customer.user_id).update(date_joined=at)
        else:
            Customer.objects.filter(pk=customer.pk).update(updated_at=at)


# --- Web reorders ------------------------------------------------------------------

# (step, hours after the order was placed at 20:40) of an order paid by
# transfer: the transfer seen two mornings later, the parcel out that
# afternoon, delivered the next day at noon.
_TRANSFER_PAID = [
    ("paid", 37),
    ("ship", 42),
    ("picked_up", 46),
    ("in_transit", 58),
    ("delivered", 64),
]
_TRACKING_TEXT = {
    "picked_up": "Colis pris en charge par le transporteur",
    "in_transit": "Colis en cours d'acheminement",
    "delivered": "Colis livré",
}


def _seed_web_orders(*, today: date, log: Log) -> None:
    """Each demo customer's reorder not placed yet, credited to the installer."""
    keys = {f"demo-web-{spec.key}": spec for spec in WEB_ORDERS}
    done = set(
        Order.objects.filter(submission_key__in=keys).values_list(
            "submission_key", flat=True
        )
    )
    todo = [spec for key, spec in keys.items() if key not in done]
    if not todo:
        return
    staff = User.objects.filter(email="manager@oxyplus.test").first()
    carrier = Carrier.objects.filter(code="colissimo").first()
    now = timezone.now()
    placed = 0
    for spec in sorted(todo, key=lambda s: -s.days_ago):
        installation = (
            Installation.objects.filter(status=SUBMITTED, serial_number=spec.serial)
            .select_related("customer__user", "organisation")
            .first()
        )
        if installation is None or installation.customer.user is None:
            log(f"No customer login for the web order {spec.key}: skipped")
            continue
        if spec.delivered and carrier is None:
            log(f"No carrier for the web order {spec.key}: skipped")
            continue
        _place_web_order(
            spec, installation, staff=staff, carrier=carrier, today=today, now=now
        )
        placed += 1
    if placed:
        log(f"Placed {placed} demo web orders")


def _place_web_order(
    spec: DemoWebOrder,
    installation: Installation,
    *,
    staff: User | None,
    carrier: Carrier | None,
    today: date,
    now: datetime,
) -> None:
    """Place one reorder as the customer, then play and date its story."""
    customer = installation.customer
    products = {
        p.reference: p
        for p in Product.objects.filter(reference__in=[r for r, _q in spec.lines])
    }
    order = ordering_services.customer_order_place(
        customer=customer,
        by=customer.user,
        installation=installation,
        items=[(products[reference], quantity) for reference, quantity in spec.lines],
        payment_method=Order.PaymentMethod.BANK_TRANSFER,
        submission_key=f"demo-web-{spec.key}",
    )
    # Customers order in the evening; never later than an hour ago.
    day = today - timedelta(days=spec.days_ago)
    placed_at = min(_at(day, 20 * 60 + 40), now - timedelta(hours=1))
    number = f"{settings.PORTAL_ORDER_PREFIX}-{placed_at.year}-{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(
        number=number, placed_at=placed_at, updated_at=placed_at
    )
    OrderEvent.objects.filter(order=order).update(created_at=placed_at)
    if not spec.delivered:
        return
    when, shipment = placed_at, None
    tracking = f"6A{zlib.crc32(spec.key.encode()) % 10**11:011d}"
    for step, hours in _TRANSFER_PAID:
        when = min(placed_at + timedelta(hours=hours), now - timedelta(minutes=30))
        seen = OrderEvent.objects.filter(order=order).order_by("-id").first()
        if step == "paid":
            # The network desk saw the transfer arrive.
            ordering_services.order_transition(
                order=order, target=Order.Status.PAID, by=staff
            )
        elif step == "ship":
            shipment = shipping_services.shipment_create(
                order=order,
                carrier=carrier,
                tracking_number=tracking,
                by=staff,
                shipped_at=when,
            )
        else:
            shipping_services.tracking_event_record(
                shipment=shipment,
                occurred_at=when,
                status=step,
                location="Saint-Priest (69)"
                if step == "picked_up"
                else f"{customer.city} ({customer.postcode[:2]})",
                description=_TRACKING_TEXT[step],
                carrier_event_id=f"{tracking}-{step}",
            )
        OrderEvent.objects.filter(order=order, id__gt=seen.pk).update(created_at=when)
    Order.objects.filter(pk=order.pk).update(updated_at=when)
