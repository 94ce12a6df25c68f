"""Volume for the benchmarks: 50,000 installations on the bench resellers.

Each bench reseller of ``ordering.demo.seed_large`` gets a technician, who
records installations of bench appliances for customers of its town, with
the consumables the appliance takes and a schedule computed as the service
computes it. Written with bulk inserts, ids chosen up front, in one
transaction: no per-row service call, no email.
"""

import random
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from accounts.customers.models import Customer, Installation, InstallationConsumable
from accounts.customers.schedule import add_months, next_due
from accounts.demo.organisations import DEMO_PASSWORD
from accounts.network.models import (
    Membership,
    Organisation,
    OrganisationAddress,
    Role,
    User,
)
from ordering.catalogue.models import Compatibility, Product
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

LARGE_COUNT = 50_000
BATCH = 5_000
# Share of installations that are a customer's second appliance.
SECOND_APPLIANCE = 0.07
ONE_HOUR = timedelta(hours=1)

NOTES = [
    "",
    "",
    "",
    "",
    "Appareil posé en cave, accès par la trappe.",
    "Client absent l'après-midi : appeler avant de passer.",
    "Pression du réseau élevée, réducteur conseillé.",
    "Eau de puits ; analyse conseillée chaque année.",
    "Installation au garage, prise électrique dédiée.",
    "Chien dans le jardin, sonner au portail.",
]

CUSTOMER_FIELDS = [
    "id", "first_name", "last_name", "email", "phone", "line1", "line2",
    "postcode", "city", "country", "shares_record", "consent_recorded_at",
    "created_at", "updated_at",
]  # fmt: skip
INSTALLATION_FIELDS = [
    "id", "organisation", "status", "customer", "appliance", "serial_number",
    "installed_on", "water_hardness", "water_pressure", "site_notes", "draft_data",
    "recorded_by", "created_at", "updated_at", "submitted_at", "firmware",
]  # fmt: skip
CONSUMABLE_FIELDS = [
    "id", "installation", "part", "quantity", "last_changed_on", "interval_months",
    "next_due_on",
]  # fmt: skip


def seed_installations_large(
    *, log: Callable[[str], None], count: int = LARGE_COUNT
) -> bool:
    """Add ``count`` installations on the bench resellers unless they are
    already there; True if added."""
    organisations = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    )
    if not organisations:
        log("Seed the large order set before its installations")
        return False
    if Installation.objects.filter(organisation__slug__startswith=SLUG_PREFIX).exists():
        log("The large installation set is already there")
        return False
    started = time.perf_counter()
    with sqlite_fast_load(), transaction.atomic():
        _Builder(organisations=organisations, count=count, log=log).build()
    log(f"Large installation set built in {time.perf_counter() - started:.0f} s")
    return True


class _Builder:
    """Writes the rows in batches, each as one INSERT per table (the bench
    orders' helper), ids taken up front so the rows can point at each other."""

    def __init__(self, *, organisations: list[Organisation], count: int, log):
        self.organisations = organisations
        self.count = count
        self.log = log
        # The same data set on every machine; nothing secret is drawn.
        self.rng = random.Random(2027)  # noqa: S311
        self.today = timezone.localdate()
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        self.log(f"  {time.perf_counter() - self.started:6.1f} s  {message}")

    def build(self) -> None:
        self._technicians()
        self._appliances()
        self.town = {
            org_id: (postcode, city)
            for org_id, postcode, city in OrganisationAddress.objects.filter(
                organisation__slug__startswith=SLUG_PREFIX,
                kind=OrganisationAddress.Kind.DELIVERY,
            ).values_list("organisation_id", "postcode", "city")
        }
        self.next_id = {
            model: next_id(model)
            for model in (Customer, Installation, InstallationConsumable)
        }
        # Stored as the field stores it: text on SQLite, jsonb on PostgreSQL.
        self.no_draft = Installation._meta.get_field("draft_data").get_db_prep_save(
            {}, connection
        )
        # A few installers are much busier than the rest (Zipf-like), in the
        # same order as their orders.
        weights = [1 / rank**0.5 for rank in range(1, len(self.organisations) + 1)]
        installers = self.rng.choices(self.organisations, weights=weights, k=self.count)
        # Per installer: (customer id, first visit) of those with one appliance.
        self.served: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
        for start in range(0, self.count, BATCH):
            self._batch(start, installers[start : start + BATCH])
            if (start // BATCH) % 2 == 1 or start + BATCH >= self.count:
                self.say(f"{min(start + BATCH, self.count)} installations")
        self._reset_sequences()

    def _take_id(self, model: type[Model]) -> int:
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def _technicians(self) -> None:
        """One technician per bench reseller records its installations."""
        self.technician = dict(
            Membership.objects.filter(
                organisation__slug__startswith=SLUG_PREFIX,
                role=Role.TECHNICIAN,
            ).values_list("organisation_id", "user_id")
        )
        missing = [o for o in self.organisations if o.pk not in self.technician]
        if not missing:
            return
        # One hash for all of them: hashing a thousand times takes minutes.
        password = make_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            User(
                email=f"{Role.TECHNICIAN}@{org.slug}.test",
                password=password,
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
            )
            for org in missing
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=org, role=Role.TECHNICIAN)
            for user, org in zip(users, missing, strict=True)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        for user, org in zip(users, missing, strict=True):
            self.technician[org.pk] = user.pk
        self.say(f"{len(users)} technicians")

    def _appliances(self) -> None:
        """The bench appliances (the demo's when there are none) and, for
        each, one consumable of every kind it takes."""
        appliances = Product.objects.filter(kind=Product.Kind.APPLIANCE)
        bench = appliances.filter(reference__startswith=REFERENCE_PREFIX)
        rows = (
            Compatibility.objects.filter(
                appliance__in=bench if bench.exists() else appliances,
                part__kind=Product.Kind.CONSUMABLE,
                part__is_active=True,
            )
            .order_by("appliance_id", "part_id")
            .values_list(
                "appliance_id",
                "appliance__reference",
                "part_id",
                "part__name",
                "part__replacement_interval_months",
                "quantity_per_change",
            )
        )
        self.consumables: dict[int, list[tuple]] = defaultdict(list)
        names: dict[int, set[str]] = defaultdict(set)
        # Air purifiers: nobody measures the water for them.
        self.dry: set[int] = set()
        for appliance, reference, part, name, interval, quantity in rows:
            if "AIR-" in reference:
                self.dry.add(appliance)
            # The bench catalogue sells the same cartridge under several
            # references: a technician fits one of them.
            if name not in names[appliance]:
                names[appliance].add(name)
                self.consumables[appliance].append((part, quantity, interval))
        self.appliance_ids = sorted(self.consumables)
        if not self.appliance_ids:
            raise RuntimeError("No appliance takes a consumable: seed the catalogue")

    def _customer_row(self, org: Organisation, number: int, at: datetime) -> tuple:
        """A new customer in the installer's town, first met at ``at``."""
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city, postcode = rng.choice(CITIES)
        postcode, city = self.town.get(org.pk, (postcode, city))
        email = ""
        if rng.random() < 0.85:
            email = f"{slugify(first)}.{slugify(last)}.{number}@example.fr"
        prefix = rng.choice(("06", "07")) if rng.random() < 0.8 else "04"
        phone = " ".join([prefix, *(f"{rng.randint(0, 99):02d}" for _ in range(4))])
        shares = bool(email) and rng.random() < 0.9
        return (
            self._take_id(Customer), first, last, email, phone,
            f"{rng.randint(1, 180)} {rng.choice(STREETS)}", "",
            postcode, city, "FR", shares, at if shares else None, at, at,
        )  # fmt: skip

    def _batch(self, start: int, installers: list[Organisation]) -> None:
        """One installation per installer drawn, with its customer (new, or
        one served before) and its consumables."""
        rng = self.rng
        customers, installations, fitted = [], [], []
        for offset, org in enumerate(installers):
            number = start + offset + 1
            served = self.served[org.pk]
            if served and rng.random() < SECOND_APPLIANCE:
                # A second appliance, never before the first one.
                customer_id, first_visit = served.pop(rng.randrange(len(served)))
                age = rng.randint(1, max(1, (self.today - first_visit.date()).days))
                installed_on = self.today - timedelta(days=age)
                at = max(_visit_time(installed_on, rng), first_visit + ONE_HOUR)
            else:
                installed_on = self.today - timedelta(days=rng.randint(1, 730))
                at = _visit_time(installed_on, rng)
                row = self._customer_row(org, number, at)
                customers.append(row)
                customer_id = row[0]
                served.append((customer_id, at))
            appliance = rng.choice(self.appliance_ids)
            water = appliance not in self.dry
            installation_id = self._take_id(Installation)
            installations.append(
                (
                    installation_id, org.pk, Installation.Status.SUBMITTED,
                    customer_id, appliance, f"BN{number:07d}",
                    installed_on,
                    Decimal(rng.randint(80, 450)) / 10 if water else None,
                    Decimal(rng.randint(20, 60)) / 10 if water else None,
                    rng.choice(NOTES), self.no_draft, self.technician[org.pk],
                    at, at, at, "",
                )
            )  # fmt: skip
            # How carefully this household keeps up with its maintenance.
            diligence = rng.random()
            for part, quantity, interval in self.consumables[appliance]:
                changed = self._changed_on(installed_on, interval, diligence)
                fitted.append(
                    (self._take_id(InstallationConsumable), installation_id, part,
                     quantity, changed, interval, next_due(changed, interval))
                )  # fmt: skip
        insert_rows(Customer, CUSTOMER_FIELDS, customers)
        insert_rows(Installation, INSTALLATION_FIELDS, installations)
        insert_rows(InstallationConsumable, CONSUMABLE_FIELDS, fitted)

    def _changed_on(
        self, installed_on: date, interval: int | None, diligence: float
    ) -> date:
        """The last change a household made: every one due (most of them),
        one behind, or none since the installation."""
        if not interval:
            return installed_on
        changes = 0
        while add_months(installed_on, (changes + 1) * interval) <= self.today:
            changes += 1
        if changes and diligence >= 0.6:
            changes = changes - 1 if diligence < 0.85 else 0
        return add_months(installed_on, changes * interval)

    def _reset_sequences(self) -> None:
        """PostgreSQL's sequences ignore explicit ids: the next installation
        the service records must get the id after ours."""
        models = [Customer, Installation, InstallationConsumable]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _visit_time(day: date, rng: random.Random) -> datetime:
    """A working hour on ``day``, French time: when the form was recorded."""
    midnight = datetime.combine(day, datetime.min.time())
    return timezone.make_aware(midnight + timedelta(minutes=rng.randint(540, 1080)))
