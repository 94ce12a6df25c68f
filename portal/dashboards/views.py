"""The reseller's and the managers' dashboards, as pages and as CSV.

Who sees what:

- ``/reseller/dashboard/``: the owners and buyers of an active reseller
  (``dashboard.view_own``), with the figures of their own organisation only.
  Those who may see the network's dashboard are sent to it; anyone else gets
  a 404, as for any page that is not theirs.
- ``/staff/dashboard/``: managers (``dashboard.view_network``). The call
  center gets a 403 page saying why; anyone else a 404.

Both take ``?start=&end=`` (ISO dates, both included; the current month so
far by default) and ``&format=csv`` for the figures shown, as a file.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.network.rights import may
from portal.dashboards import charts, exports, selectors
from portal.dashboards.forms import PeriodForm
from portal.dashboards.periods import Period, presets
from portal.money import money_format
from portal.numbers import percent_format


def can_see_network_dashboard(user) -> bool:
    return may(user, "dashboard.view_network")


def _period_form(request: HttpRequest) -> PeriodForm:
    asked = any(request.GET.get(name) is not None for name in ("start", "end"))
    today = timezone.localdate()
    form = PeriodForm(request.GET if asked else None, today=today)
    if not asked:
        period = form.period
        form.initial = {"start": period.start, "end": period.end}
    return form


def _links(request: HttpRequest, period: Period) -> dict:
    """The preset periods and the CSV export, as links keeping the filter."""
    here = request.path

    def link(p: Period, **extra) -> str:
        return f"{here}?{urlencode({'start': p.start, 'end': p.end, **extra})}"

    return {
        "presets": [
            {"label": label, "url": link(p), "current": p == period}
            for label, p in presets()
        ],
        "csv_url": link(period, format="csv"),
    }


@login_required
def reseller_dashboard(request: HttpRequest) -> HttpResponse:
    """Orders, credited sales, installations, maintenance and callbacks of the
    reseller's own organisation."""
    if can_see_network_dashboard(request.user):
        query = request.GET.urlencode()
        return redirect(reverse("staff_dashboard") + (f"?{query}" if query else ""))
    if not may(request.user, "dashboard.view_own"):
        raise Http404
    # The signed-in member's own organisation (accounts.network.rights.membership_of),
    # never one named in the address: nobody reads another reseller's figures.
    membership = request.membership
    form = _period_form(request)
    dashboard = selectors.reseller_dashboard(
        organisation=membership.organisation, period=form.period
    )
    if request.GET.get("format") == "csv":
        return exports.reseller_csv(dashboard)
    return render(
        request,
        "portal/dashboard_reseller.html",
        {
            "form": form,
            "dashboard": dashboard,
            "orders_chart": _orders_chart(dashboard),
            "active_tab": "dashboard",
            **_links(request, dashboard.period),
        },
    )


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    """Sales by channel and by reseller, stock alerts, callback promises and
    documentation to review, across the whole network."""
    if not may(request.user, "orders.view_network"):
        raise Http404
    if not can_see_network_dashboard(request.user):
        raise PermissionDenied(
            _("The network's dashboard is for managers. Ask a manager for access.")
        )
    form = _period_form(request)
    dashboard = selectors.network_dashboard(period=form.period)
    if request.GET.get("format") == "csv":
        return exports.network_csv(dashboard)
    return render(
        request,
        "portal/dashboard_manager.html",
        {
            "form": form,
            "dashboard": dashboard,
            "channels_chart": _channels_chart(dashboard),
            "sales_chart": _sales_chart(dashboard),
            "promises_chart": _promises_chart(dashboard),
            "active_tab": "dashboard",
            **_links(request, dashboard.period),
        },
    )


# --- Charts -------------------------------------------------------------------


def _count(value) -> str:
    return exports.number(value)


def _money_rounded(value) -> str:
    return money_format(value, cents=False)


def _percent(value) -> str:
    return percent_format(value, decimals=0)


def _orders_chart(dashboard: selectors.ResellerDashboard) -> charts.ColumnChart:
    period = dashboard.period
    granularity = period.granularity
    return charts.column_chart(
        chart_id="orders-chart",
        title=_("Your orders per %(unit)s, %(period)s")
        % {
            "unit": exports.unit_name(granularity),
            "period": exports.period_text(period),
        },
        days=[p.starts_on for p in dashboard.series],
        granularity=granularity,
        series=[
            charts.Series(
                key="orders",
                label=_("Orders"),
                values=[p.count for p in dashboard.series],
            )
        ],
        value_format=_count,
        table=charts.Table(
            caption=_("Your orders per %(unit)s")
            % {"unit": exports.unit_name(granularity)},
            headers=[exports.unit_title(granularity), _("Orders"), _("Excl. VAT")],
            rows=[
                [
                    charts.period_long_label(p.starts_on, granularity),
                    _count(p.count),
                    money_format(p.amount),
                ]
                for p in dashboard.series
            ],
        ),
    )


def _channels_chart(dashboard: selectors.NetworkDashboard) -> charts.BarChart:
    return charts.bar_chart(
        chart_id="channels-chart",
        title=_("Sales excl. VAT by channel, %(period)s")
        % {"period": exports.period_text(dashboard.period)},
        items=[(c.label, c.amount, money_format(c.amount)) for c in dashboard.channels],
        css_classes=[c.channel for c in dashboard.channels],
    )


def _sales_chart(dashboard: selectors.NetworkDashboard) -> charts.ColumnChart:
    period = dashboard.period
    granularity = period.granularity
    labels = selectors.channel_labels()
    series = [
        charts.Series(
            key=channel,
            label=label,
            values=[p.amounts.get(channel, 0) for p in dashboard.series],
        )
        for channel, label in labels.items()
    ]
    return charts.column_chart(
        chart_id="sales-chart",
        title=_("Sales excl. VAT per %(unit)s and channel, %(period)s")
        % {
            "unit": exports.unit_name(granularity),
            "period": exports.period_text(period),
        },
        days=[p.starts_on for p in dashboard.series],
        granularity=granularity,
        series=series,
        value_format=_money_rounded,
        table=charts.Table(
            caption=_("Sales excl. VAT per %(unit)s and channel")
            % {"unit": exports.unit_name(granularity)},
            headers=[exports.unit_title(granularity), *labels.values(), _("Total")],
            rows=[
                [
                    charts.period_long_label(p.starts_on, granularity),
                    *(money_format(p.amounts.get(c, 0)) for c in labels),
                    money_format(p.amount),
                ]
                for p in dashboard.series
            ],
        ),
    )


def _promises_chart(dashboard: selectors.NetworkDashboard) -> charts.ColumnChart:
    granularity = dashboard.period.coarse_granularity
    # Drawn as soon as one promise is decided, even if none was kept (0 %).
    points = dashboard.promise_series
    if not any(p.promises.decided for p in points):
        points = []
    return charts.column_chart(
        chart_id="promises-chart",
        title=_("Callback promises kept per %(unit)s (by due date)")
        % {"unit": exports.unit_name(granularity)},
        days=[p.starts_on for p in points],
        granularity=granularity,
        series=[
            charts.Series(
                key="kept",
                label=_("Kept"),
                values=[p.promises.rate for p in points],
            )
        ],
        value_format=_percent,
        fixed_max=100,
        table=charts.Table(
            caption=_("Callback promises kept per %(unit)s")
            % {"unit": exports.unit_name(granularity)},
            headers=[
                exports.unit_title(granularity),
                _("Kept"),
                _("Decided"),
                _("Rate"),
            ],
            rows=[
                [
                    charts.period_long_label(p.starts_on, granularity),
                    _count(p.promises.kept),
                    _count(p.promises.decided),
                    _percent(p.promises.rate),
                ]
                for p in points
            ],
        ),
    )
