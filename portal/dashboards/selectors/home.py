"""The home's work cards: today's figures of each role, in a fixed number of queries.

Every figure counts the rows of the list its card links to, through that
list's own visibility selector and filter (``order_search``, ``stock_search``,
``installation_search``, ``products_back_in_stock``, the callback queue's due
filters), so a card saying
"3 orders to receive" opens a list of those 3 orders. One aggregate per model
and role, whatever the amount of data.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from wagtail.models import WorkflowState

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.selectors import UNASSIGNED, due_filter
from accounts.customers.models import Installation, InstallationConsumable
from accounts.customers.schedule import DUE_SOON_DAYS
from accounts.network.models import Organisation
from accounts.network.selectors import invitations_open, team_members
from ordering.orders.models import NetworkDaySales, Order, ResellerDaySales
from ordering.orders.selectors import ORDER_STAGES, products_back_in_stock
from ordering.orders.summaries import Basis
from ordering.shipping.models import TrackingEvent
from ordering.stock.selectors import Availability, stock_search
from pages.models.listings import documentation_not_reviewed
from pages.selectors import search_misses, struggling_pages
from portal.dashboards.selectors.common import amount_to_cent

TRACKED_SHOWN = 3


@dataclass(frozen=True)
class OrderWork:
    to_receive: int
    open: int


def orders_work(orders: QuerySet[Order]) -> OrderWork:
    """Orders on their way and orders not shipped yet, among those the person
    sees (``orders_visible_to``). One query."""
    counts = orders.aggregate(
        to_receive=Count("pk", filter=Q(status__in=ORDER_STAGES["to_receive"])),
        open=Count("pk", filter=Q(status__in=ORDER_STAGES["open"])),
    )
    return OrderWork(**counts)


def back_in_stock(orders: QuerySet[Order], *, now: datetime) -> int:
    """Products of these orders back in stock lately, as the stock list's
    ``back_in_stock`` filter finds them (``products_back_in_stock``). One
    query."""
    return products_back_in_stock(orders, now=now).count()


@dataclass(frozen=True)
class Tracked:
    order: Order
    event: TrackingEvent | None


def orders_tracked(orders: QuerySet[Order], *, limit: int = TRACKED_SHOWN) -> list:
    """The latest orders on their way, each with its parcels' last tracking
    event (None before the carrier's first scan). Two queries."""
    shown = list(
        orders.filter(status__in=ORDER_STAGES["to_receive"])
        .only("number", "placed_at", "status")
        .order_by("-placed_at", "-pk")[:limit]
    )
    latest: dict[int, TrackingEvent] = {}
    events = TrackingEvent.objects.filter(
        shipment__order__in=[order.pk for order in shown]
    ).select_related("shipment")
    for event in events.order_by("-occurred_at", "-pk"):
        latest.setdefault(event.shipment.order_id, event)
    return [Tracked(order, latest.get(order.pk)) for order in shown]


@dataclass(frozen=True)
class CreditedMonth:
    count: int
    amount: Decimal


def credited_this_month(*, organisation: Organisation, today: date) -> CreditedMonth:
    """The sales credited to the reseller since the 1st, as the month's
    statement lists them (``credited_sales_statement``). One query, over its
    daily rows (``ordering.orders.summaries``)."""
    totals = (
        ResellerDaySales.objects.filter(
            organisation=organisation,
            basis=Basis.CREDITED,
            day__gte=today.replace(day=1),
        )
        .exclude(channel=Order.Channel.RESELLER)
        .aggregate(count=Sum("orders"), sold=Sum("amount"))
    )
    return CreditedMonth(totals["count"] or 0, amount_to_cent(totals["sold"]))


@dataclass(frozen=True)
class InstallationWork:
    drafts: int
    maintenance_due: int
    recorded_today: int


def installations_work(
    installations: QuerySet[Installation], *, today: date
) -> InstallationWork:
    """Drafts to finish, recorded installations with a consumable due within
    30 days (overdue ones too), as the list's ``due`` filter finds them, and
    installations submitted today (in the active time zone), as its
    ``recorded_from`` filter finds them. One query."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    due = Exists(
        InstallationConsumable.objects.filter(
            installation=OuterRef("pk"), next_due_on__lte=horizon
        )
    )
    counts = installations.aggregate(
        drafts=Count("pk", filter=Q(status=Installation.Status.DRAFT)),
        maintenance_due=Count(
            "pk", filter=Q(due, status=Installation.Status.SUBMITTED)
        ),
        # Nothing is submitted in the future: "since today" is "today", the
        # very filter of the list the card opens.
        recorded_today=Count(
            "pk",
            filter=Q(
                status=Installation.Status.SUBMITTED, submitted_at__date__gte=today
            ),
        ),
    )
    return InstallationWork(**counts)


@dataclass(frozen=True)
class CallbackWork:
    overdue: int
    due_today: int
    waiting: int
    ours: int


def callbacks_work(
    callbacks: QuerySet[CallbackRequest],
    *,
    now: datetime,
    organisation: Organisation | None = None,
) -> CallbackWork:
    """Pending callbacks past their time, still due today, in nobody's hands,
    and given to the organisation's team. One query."""
    figures = {
        "overdue": Count("pk", filter=due_filter("overdue", now=now)),
        "due_today": Count("pk", filter=due_filter("today", now=now)),
        "waiting": Count("pk", filter=UNASSIGNED),
    }
    if organisation is not None:
        figures["ours"] = Count("pk", filter=Q(owner_organisation=organisation))
    counts = callbacks.exclude(status=CallbackRequest.Status.DONE).aggregate(**figures)
    return CallbackWork(**{"ours": 0, **counts})


@dataclass(frozen=True)
class TeamWork:
    members: int
    invitations: int


def team_work(*, organisation: Organisation) -> TeamWork:
    """The team page's members and invitations still open. Two queries."""
    return TeamWork(
        members=team_members(organisation=organisation).count(),
        invitations=invitations_open(organisation=organisation).count(),
    )


@dataclass(frozen=True)
class NetworkWork:
    orders_today: int
    orders_month: int
    sales_month: Decimal
    installations_month: int
    stock_alerts: int


def network_work(*, today: date) -> NetworkWork:
    """The network's day and month so far: orders as the orders list finds
    them by date (cancelled ones included), sales as the dashboard adds them
    (cancelled ones left out), installations recorded, products short of
    stock. Three queries."""
    placed = F("orders") + F("cancelled")
    orders = NetworkDaySales.objects.filter(
        day__gte=today.replace(day=1), day__lte=today
    ).aggregate(
        today=Sum(placed, filter=Q(day=today)),
        month=Sum(placed),
        sales=Sum("amount"),
    )
    installations = Installation.objects.filter(
        status=Installation.Status.SUBMITTED,
        submitted_at__date__gte=today.replace(day=1),
    ).count()
    return NetworkWork(
        orders_today=orders["today"] or 0,
        orders_month=orders["month"] or 0,
        sales_month=amount_to_cent(orders["sales"]),
        installations_month=installations,
        stock_alerts=stock_search(availability=Availability.ALERT).count(),
    )


@dataclass(frozen=True)
class DocumentationWork:
    in_review: int
    not_reviewed: int
    search_misses: int = 0
    struggles: int = 0


def documentation_work(
    *, with_search_misses: bool = False, editor=None
) -> DocumentationWork:
    """Pages in a moderation workflow, pages not reviewed for 12 months and,
    when asked, the searches of the last 30 days that found nothing and
    ``editor``'s pages where readers struggled, as their reports list them.
    Two or four queries."""
    return DocumentationWork(
        in_review=WorkflowState.objects.active().count(),
        not_reviewed=documentation_not_reviewed().count(),
        search_misses=search_misses().count() if with_search_misses else 0,
        struggles=(
            struggling_pages(editor=editor).count() if with_search_misses else 0
        ),
    )
