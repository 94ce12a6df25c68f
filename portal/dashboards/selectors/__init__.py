"""The dashboards' figures: aggregate reads whose query count does not grow with data.

Every figure is one ``aggregate`` or one grouped ``values().annotate()``: a
reseller's dashboard and the network's each run a fixed number of queries,
whether the network holds a hundred orders or a million. Periods are calendar
days in the portal's time zone (Europe/Paris), the end day included.

Cancelled orders are never counted. Amounts are excluding VAT, in euros.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.network.models import Organisation
from ordering.orders.models import Order
from portal.dashboards.periods import Period
from portal.dashboards.selectors.aftersales import (
    ClaimGroup,
    FixRate,
    NoticeCompletion,
    claims_by_model,
    first_visit_fix_rate,
    notice_completion,
)
from portal.dashboards.selectors.alerts import (
    DocumentationToReview,
    StockAlerts,
    documentation_to_review,
    stock_alerts,
)
from portal.dashboards.selectors.common import CHANNELS, ZERO
from portal.dashboards.selectors.sales import (
    ChannelSales,
    CreditedSales,
    OrderComparison,
    ResellerSales,
    SeriesPoint,
    credited_sales,
    order_series,
    orders_compared,
    sales_by_channel,
    sales_by_reseller,
)
from portal.dashboards.selectors.service import (
    MaintenanceDue,
    OpenCallbacks,
    PromisePoint,
    PromiseRate,
    callback_promise_rate,
    callback_promise_series,
    callbacks_open,
    installations_recorded,
    maintenance_due,
)

__all__ = [
    "ZERO",
    "CreditedSales",
    "MaintenanceDue",
    "NetworkDashboard",
    "OpenCallbacks",
    "ResellerDashboard",
    "callback_promise_rate",
    "callback_promise_series",
    "channel_labels",
    "credited_sales",
    "network_dashboard",
    "order_series",
    "reseller_dashboard",
    "stock_alerts",
]


# --- The two dashboards -------------------------------------------------------


@dataclass(frozen=True)
class ResellerDashboard:
    organisation: Organisation
    period: Period
    orders: OrderComparison
    credited: CreditedSales
    installations: int
    maintenance: MaintenanceDue
    callbacks: OpenCallbacks
    promises: PromiseRate
    series: list[SeriesPoint]


def reseller_dashboard(
    *, organisation: Organisation, period: Period, now: datetime | None = None
) -> ResellerDashboard:
    """Every figure of a reseller's dashboard, of that organisation only."""
    now = now or timezone.now()
    return ResellerDashboard(
        organisation=organisation,
        period=period,
        orders=orders_compared(organisation=organisation, period=period),
        credited=credited_sales(organisation=organisation, period=period),
        installations=installations_recorded(organisation=organisation, period=period),
        maintenance=maintenance_due(
            organisation=organisation, today=timezone.localdate(now)
        ),
        callbacks=callbacks_open(organisation=organisation, now=now),
        promises=callback_promise_rate(
            start=period.start, end=period.end, organisation=organisation, now=now
        ),
        series=order_series(period=period, organisation=organisation),
    )


@dataclass(frozen=True)
class NetworkDashboard:
    period: Period
    channels: list[ChannelSales]
    resellers: list[ResellerSales]
    stock: StockAlerts
    promises: PromiseRate
    promise_series: list[PromisePoint]
    documentation: DocumentationToReview
    series: list[SeriesPoint]
    fixes: FixRate
    claims: list[ClaimGroup]
    notices: NoticeCompletion

    @property
    def total(self) -> ChannelSales:
        return ChannelSales(
            channel="",
            count=sum(c.count for c in self.channels),
            amount=sum((c.amount for c in self.channels), ZERO),
        )


def network_dashboard(
    *, period: Period, now: datetime | None = None
) -> NetworkDashboard:
    """Every figure of the managers' dashboard, across resellers and channels."""
    now = now or timezone.now()
    series = order_series(period=period)
    return NetworkDashboard(
        period=period,
        channels=sales_by_channel(period=period, series=series),
        resellers=sales_by_reseller(period=period),
        stock=stock_alerts(today=timezone.localdate(now)),
        promises=callback_promise_rate(start=period.start, end=period.end, now=now),
        promise_series=callback_promise_series(period=period, now=now),
        documentation=documentation_to_review(),
        series=series,
        fixes=first_visit_fix_rate(period=period),
        claims=claims_by_model(period=period),
        notices=notice_completion(),
    )


def channel_labels() -> dict[str, str]:
    """Every channel and its name, in the dashboards' order."""
    return {channel: Order.Channel(channel).label for channel in CHANNELS}
