"""The call center's view of one customer: find them from anything they say
on the phone, then read everything every channel did with them on one timeline.

Reads only, for staff (``customers_visible_to`` decides who gets here). Each
kind of event is one query, however long the customer's history: the
timeline shows the latest ``TIMELINE_PER_KIND`` of each.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.customers.models import (
    AuditEntry,
    Customer,
    CustomerEmail,
    Installation,
    MaintenanceReminder,
)
from accounts.customers.selectors import phone_matches
from portal.folding import MAX_WORDS, fold, serial_compact, serial_matches
from portal.money import money_format

TIMELINE_PER_KIND = 50


def customer_find(customers: QuerySet[Customer], *, query: str) -> QuerySet[Customer]:
    """Customers matching what the caller gives: a name, an email, a phone
    number, a postcode, an appliance's serial number or an order number.

    Every word must match a name, email, postcode or town, in any order,
    case and accents aside ("elise" finds Élise); or the whole text is a
    phone number, an order number, or a serial number typed with or without
    its separators, or its last four digits or more.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return customers
    compact = "".join(query.split()).upper()
    serial = serial_compact(query)
    recorded = Installation.objects.filter(status=Installation.Status.SUBMITTED)
    # A serial or an order number is looked up first, on its own index: the
    # caller reading a rating plate is found without scanning every name.
    found = [
        *recorded.filter(serial_compact=serial).values_list("customer_id", flat=True),
        *Customer.objects.filter(orders__number=compact).values_list("pk", flat=True),
    ]
    if found:
        return customers.filter(pk__in=found)
    if sum(c.isdigit() for c in query) >= 6 and not compact.isalpha():
        phone = customers.filter(phone_matches(query))
    else:
        phone = customers.none()
    by_serial = recorded.filter(serial_matches(query)).order_by().values("customer_id")
    # Each word in the folded name, the email or the postcode: one OR on
    # the customers, which PostgreSQL answers from the three indexes at once
    # (a BitmapOr, as fast as a UNION of three) and SQLite by reading the
    # customers once rather than three times (46,597 customers: 23 → 13
    # ms). The serial number stays a UNION beside it, not an OR beside a
    # sub-query, which would read every customer on PostgreSQL too; it
    # finds the same customers as "every word matches, or the serial does".
    for word in query.split()[:MAX_WORDS]:
        matches = (
            Customer.objects.filter(
                Q(search_folded__contains=fold(word))
                | Q(email__icontains=word)
                | Q(postcode__startswith=word)
            )
            .order_by()
            .values("pk")
        )
        customers = customers.filter(pk__in=by_serial.union(matches))
    return customers | phone


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    alert: bool = False


def moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


def customer_installations(customer: Customer) -> list[Installation]:
    """The customer's recorded installations with their appliance and
    installer, latest installed first."""
    return list(
        Installation.objects.filter(
            customer=customer, status=Installation.Status.SUBMITTED
        )
        .select_related("appliance", "organisation")
        .order_by("-installed_on", "-pk")
    )


def customer_timeline(
    *, customer: Customer, installations: list[Installation] | None = None
) -> list[TimelineEntry]:
    """What every channel did with the customer, latest first. The page
    passes the installations it lists (``customer_installations``) rather
    than have them read twice."""
    n = TIMELINE_PER_KIND
    entries: list[TimelineEntry] = []
    if installations is None:
        installations = customer_installations(customer)
    for installation in installations[:n]:
        entries.append(
            TimelineEntry(
                at=moment(installation.installed_on),
                kind="installation",
                title=_("%(appliance)s installed by %(installer)s")
                % {
                    "appliance": installation.appliance.name,
                    "installer": installation.organisation.name,
                },
                detail=_("Serial number %(serial)s")
                % {"serial": installation.serial_number},
                url=reverse("installation_detail", args=[installation.pk]),
            )
        )
    orders = customer.orders.select_related("credited_organisation").order_by(
        "-placed_at", "-pk"
    )[:n]
    for order in orders:
        detail = order.get_status_display()
        if order.credited_organisation_id:
            detail += " · " + _("credited to %(reseller)s") % {
                "reseller": order.credited_organisation.name
            }
        entries.append(
            TimelineEntry(
                at=order.placed_at,
                kind="order",
                title=_("Order %(number)s (%(channel)s), %(total)s incl. VAT")
                % {
                    "number": order.number,
                    "channel": order.get_channel_display(),
                    "total": money_format(order.total_incl_vat, order.currency),
                },
                detail=detail,
                url=reverse("order_detail", args=[order.number]),
            )
        )
    callbacks = (
        customer.callbacks.all()
        .select_related("owner", "owner_organisation")
        .order_by("-created_at", "-pk")[:n]
    )
    for callback in callbacks:
        entries.append(
            TimelineEntry(
                at=callback.done_at or callback.created_at,
                kind="callback",
                title=_("Callback %(status)s: %(reason)s")
                % {
                    "status": callback.get_status_display().lower(),
                    "reason": callback.get_reason_display(),
                },
                detail=callback.outcome
                or _("To call by %(due)s")
                % {
                    "due": date_format(
                        timezone.localtime(callback.due_at), "DATETIME_FORMAT"
                    )
                },
                url=reverse("callback_detail", args=[callback.pk]),
                alert=callback.status == callback.Status.MISSED,
            )
        )
    reminders = (
        MaintenanceReminder.objects.filter(
            consumable__installation__customer=customer,
            customer_sent_at__isnull=False,
        )
        .select_related("consumable__part")
        .order_by("-customer_sent_at")[:n]
    )
    for reminder in reminders:
        entries.append(
            TimelineEntry(
                at=reminder.customer_sent_at,
                kind="reminder",
                title=_("Maintenance reminder: %(part)s due %(date)s")
                % {
                    "part": reminder.consumable.part.name,
                    "date": date_format(reminder.due_on),
                },
            )
        )
    for email in CustomerEmail.objects.filter(customer=customer)[:n]:
        entries.append(
            TimelineEntry(
                at=email.sent_at,
                kind="email",
                title=_("Email: %(subject)s") % {"subject": email.subject},
            )
        )
    for entry in AuditEntry.objects.filter(customer=customer).select_related("actor")[
        :n
    ]:
        entries.append(
            TimelineEntry(
                at=entry.created_at,
                kind="audit",
                title=entry.get_action_display(),
                detail=" · ".join(
                    part for part in [str(entry.actor or ""), entry.reason] if part
                ),
            )
        )
    # Visits and what else the rooms above record on the customer's units.
    for hook in hooks.get_hooks("portal_customer_timeline"):
        entries.extend(hook(customer=customer, limit=n))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
