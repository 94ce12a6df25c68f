"""Reads shared by several views of the customers app: every queryset a view
serves starts from one of the ``<model>s_visible_to(user)`` selectors."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.customers.models import (
    Customer,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
)
from accounts.customers.schedule import DUE_SOON_DAYS, Due
from accounts.network.models import Organisation, User
from accounts.network.rights import may
from accounts.network.selectors import own_organisation_id
from portal.folding import MAX_WORDS, fold, serial_compact, serial_matches


def _served_by(organisation_id: int):
    """Customers an organisation installed for, or sold to.

    Orders are read through the customer's reverse relation (``orders``):
    the orders app sits above this one and is never imported here."""
    return Q(
        Exists(
            Installation.objects.filter(
                customer=OuterRef("pk"),
                organisation_id=organisation_id,
                status=Installation.Status.SUBMITTED,
            )
        )
    ) | Q(
        Exists(
            Customer.objects.filter(pk=OuterRef("pk")).filter(
                Q(orders__organisation_id=organisation_id)
                | Q(orders__credited_organisation_id=organisation_id)
            )
        )
    )


def customers_visible_to_organisation(organisation: Organisation) -> QuerySet[Customer]:
    """The customers a reseller serves: its installations and its orders."""
    return Customer.objects.filter(_served_by(organisation.pk))


def customers_visible_to(user: User | AnonymousUser) -> QuerySet[Customer]:
    """Every customer for the call center and managers, those a reseller
    serves for its members, a customer's own record for them."""
    if may(user, "customers.view_network"):
        return Customer.objects.all()
    organisation_id = own_organisation_id(user)
    if organisation_id is not None:
        return Customer.objects.filter(_served_by(organisation_id))
    if may(user, "customer_space.use"):
        return Customer.objects.filter(user_id=user.pk, erased_at__isnull=True)
    return Customer.objects.none()


def phone_matches(text: str) -> Q:
    """Phones as typed ("06 12 48 73 90", "+33 6 12 48 73 90") that hold the
    same number as ``text``, whatever the spaces, dots or dashes in either.

    French numbers are compared on their last nine digits, so the leading 0
    and +33 meet; an empty Q matches nothing when fewer than 6 digits are typed.
    """
    digits = "".join(c for c in text if c.isdigit())[-9:]
    if len(digits) < 6:
        return Q(pk__in=[])
    return Q(phone__regex=r"[^0-9]*".join(digits) + r"[^0-9]*$")


def installations_visible_to(user: User | AnonymousUser) -> QuerySet[Installation]:
    """Recorded installations (and a reseller's drafts) the user may open."""
    recorded = Installation.objects.filter(status=Installation.Status.SUBMITTED)
    if may(user, "installations.view_network"):
        return recorded
    if may(user, "installations.view_own"):
        return Installation.objects.filter(organisation_id=own_organisation_id(user))
    if may(user, "customer_space.use"):
        return recorded.filter(
            customer__user_id=user.pk, customer__erased_at__isnull=True
        )
    return Installation.objects.none()


def installation_search(
    installations: QuerySet[Installation],
    *,
    query: str = "",
    appliance_id: int | None = None,
    due_within_days: int | None = None,
    recorded_from: date | None = None,
    today: date | None = None,
) -> QuerySet[Installation]:
    """Recorded installations by customer name, town or serial number.

    Every word must be in the customer's name or town (case and accents
    aside, any order), start their postcode or be in the serial number; or
    the whole text is a serial number typed with or without its separators,
    or its last four characters or more ("2345" finds AB-12345).
    """
    found = installations.filter(status=Installation.Status.SUBMITTED)
    if query.strip():
        recorded = found
        by_serial = recorded.filter(serial_matches(query)).order_by().values("pk")
        # Each word as a UNION of the installations each column finds, the
        # whole-text serial number in every one ("every word matches, or the
        # serial does"): PostgreSQL then reads the customers' trigram and
        # postcode indexes, not every customer joined to every installation.
        for word in query.split()[:MAX_WORDS]:
            conditions = [
                Q(customer__search_folded__contains=fold(word)),
                Q(customer__postcode__startswith=word),
            ]
            if serial_compact(word):  # not a lone hyphen, which all would hold
                conditions.append(Q(serial_compact__contains=serial_compact(word)))
            matches = [
                recorded.filter(condition).order_by().values("pk")
                for condition in conditions
            ]
            found = found.filter(pk__in=by_serial.union(*matches))
    if appliance_id:
        found = found.filter(appliance_id=appliance_id)
    if recorded_from:
        found = found.filter(submitted_at__date__gte=recorded_from)
    if due_within_days is not None:
        horizon = (today or timezone.localdate()) + timedelta(days=due_within_days)
        found = found.filter(
            Exists(
                InstallationConsumable.objects.filter(
                    installation=OuterRef("pk"), next_due_on__lte=horizon
                )
            )
        )
    return found.select_related("customer", "appliance").order_by(
        "-installed_on", "-pk"
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One consumable of an installation and when it is next due."""

    consumable: InstallationConsumable
    due: Due

    @property
    def part(self):
        return self.consumable.part


_FITTED = "consumables_fitted"


def with_consumables(
    installations: QuerySet[Installation], *, part_fields: tuple[str, ...] = ()
) -> QuerySet[Installation]:
    """Installations with their consumables and parts: one query for a list.

    ``part_fields`` names the only fields of the parts to read, when the
    caller knows them. Kept as a plain list on each unit: a prefetch into the
    related manager builds a queryset per unit, which cost a 50-unit page
    more than the query.
    """
    consumables = InstallationConsumable.objects.select_related("part")
    if part_fields:
        # Only these of each part: a product row carries its catalogue texts.
        consumables = consumables.only(
            *(f.name for f in InstallationConsumable._meta.concrete_fields),
            *(f"part__{name}" for name in part_fields),
        )
    return installations.prefetch_related(
        Prefetch(
            "consumables",
            queryset=consumables,
            to_attr=_FITTED,
        )
    )


def maintenance_schedule(
    installation: Installation, *, today: date | None = None
) -> list[ScheduleRow]:
    """The consumables fitted, soonest due first (those with no interval last).

    Reads the consumables prefetched by ``with_consumables`` when there are.
    """
    today = today or timezone.localdate()
    consumables = getattr(installation, _FITTED, None)
    if consumables is None:
        consumables = installation.consumables.select_related("part")
    rows = [
        ScheduleRow(consumable=c, due=Due(on=c.next_due_on, today=today))
        for c in consumables
    ]
    return sorted(
        rows, key=lambda r: (r.due.on is None, r.due.on or today, r.part.name)
    )


def consumables_due(
    *, today: date | None = None, within_days: int = DUE_SOON_DAYS
) -> QuerySet[InstallationConsumable]:
    """Consumables of recorded installations due by the horizon, overdue too."""
    today = today or timezone.localdate()
    return InstallationConsumable.objects.filter(
        installation__status=Installation.Status.SUBMITTED,
        next_due_on__isnull=False,
        next_due_on__lte=today + timedelta(days=within_days),
    )


def photos_visible_to(user: User | AnonymousUser) -> QuerySet[InstallationPhoto]:
    """Photos of the installations the user may open, and a reseller's photos
    waiting on a form of theirs."""
    if may(user, "installations.view_own"):
        return InstallationPhoto.objects.filter(
            organisation_id=own_organisation_id(user)
        )
    return InstallationPhoto.objects.filter(
        installation__in=installations_visible_to(user)
    )
