"""The home: today's work of the person as figure cards, then the ways in.

Each card is a figure, a label and a link to the list that shows those very
rows (filtered by the list's own GET filters). A card is offered only with
the right that opens its list, so nobody is sent to a page they may not open.
"""

from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.aftersales.notices.selectors import installer_banner
from accounts.callbacks.selectors import callbacks_visible_to
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.rights import active_organisation_of, may, opens_admin
from ordering.invoicing.listings import amounts_owed
from ordering.invoicing.selectors import invoices_visible_to
from ordering.orders.selectors import orders_visible_to
from ordering.stock.selectors import Availability
from pages.models.listings import documentation_changes
from portal.dashboards.cards import WorkCard, card_url
from portal.dashboards.selectors import home as work
from portal.dashboards.tiles import home_tiles

WHATS_NEW_SHOWN = 6


def order_cards(user, *, organisation, today: date, now: datetime) -> list[WorkCard]:
    """An owner's or a buyer's orders on their way and not shipped yet, the
    products they order back in stock, and the month's credited sales when
    they may read the statement."""
    if not may(user, "orders.view_own"):
        return []
    orders = orders_visible_to(user)
    figures = work.orders_work(orders)
    cards = [
        WorkCard(
            figures.to_receive,
            ngettext("order to receive", "orders to receive", figures.to_receive),
            card_url("orders", status="to_receive"),
            tracked=work.orders_tracked(orders) if figures.to_receive else [],
            icon="truck",
        ),
        WorkCard(
            figures.open,
            ngettext("open order", "open orders", figures.open),
            card_url("orders", status="open"),
            icon="clipboard-document-list",
        ),
    ]
    if may(user, "stock.view") and organisation is not None:
        back = work.back_in_stock(orders, now=now)
        cards.append(
            WorkCard(
                back,
                ngettext(
                    "product you order is back in stock",
                    "products you order are back in stock",
                    back,
                ),
                card_url("stock", back_in_stock="on"),
                icon="arrow-path",
            )
        )
    if may(user, "invoices.view_own") and organisation is not None:
        cards.extend(overdue_invoice_cards(user, today=today))
    if may(user, "statements.view_own") and organisation is not None:
        credited = work.credited_this_month(organisation=organisation, today=today)
        cards.append(
            WorkCard(
                credited.count,
                ngettext(
                    "credited to you this month (%(count)s sale)",
                    "credited to you this month (%(count)s sales)",
                    credited.count,
                )
                % {"count": credited.count},
                reverse("statements"),
                amount=credited.amount,
                icon="banknotes",
            )
        )
    return cards


def overdue_invoice_cards(user, *, today: date) -> list[WorkCard]:
    """What the organisation owes past its due date: shown only when there
    is some, as an alert that opens those very invoices."""
    owed = amounts_owed(invoices_visible_to(user), on=today)
    if not owed.overdue_count:
        return []
    return [
        WorkCard(
            owed.overdue_count,
            ngettext(
                "overdue (%(count)s invoice)",
                "overdue (%(count)s invoices)",
                owed.overdue_count,
            )
            % {"count": owed.overdue_count},
            card_url("invoice_list", status="overdue"),
            amount=owed.overdue,
            alert=True,
            icon="exclamation-circle",
        )
    ]


def installation_cards(user, *, organisation, today: date, now) -> list[WorkCard]:
    """The installer's work: drafts to finish, installations recorded today,
    maintenance due within 30 days, callbacks given to the team."""
    if not may(user, "installations.record") or organisation is None:
        return []
    figures = work.installations_work(installations_visible_to(user), today=today)
    callbacks = work.callbacks_work(
        callbacks_visible_to(user), now=now, organisation=organisation
    )
    return [
        WorkCard(
            figures.drafts,
            ngettext("installation draft", "installation drafts", figures.drafts),
            reverse("installations") + "#drafts-title",
            icon="pencil-square",
        ),
        WorkCard(
            figures.recorded_today,
            ngettext(
                "installation recorded today",
                "installations recorded today",
                figures.recorded_today,
            ),
            card_url("installations", recorded_from=today.isoformat()),
            icon="home-modern",
        ),
        WorkCard(
            figures.maintenance_due,
            ngettext(
                "installation with maintenance due within 30 days",
                "installations with maintenance due within 30 days",
                figures.maintenance_due,
            ),
            card_url("installations", due="on"),
            icon="wrench-screwdriver",
        ),
        WorkCard(
            callbacks.ours,
            ngettext(
                "callback for your team", "callbacks for your team", callbacks.ours
            ),
            card_url("reseller_callbacks", show="ours"),
            icon="phone-arrow-down-left",
        ),
    ]


def team_cards(user, *, organisation) -> list[WorkCard]:
    """An owner's team: members, and invitations nobody has answered yet."""
    if not may(user, "team.manage_own") or organisation is None:
        return []
    figures = work.team_work(organisation=organisation)
    url = reverse("team", args=[organisation.slug])
    return [
        WorkCard(
            figures.members,
            ngettext("team member", "team members", figures.members),
            url,
            icon="user-group",
        ),
        WorkCard(
            figures.invitations,
            ngettext("pending invitation", "pending invitations", figures.invitations),
            url + "#invitations-title",
            icon="envelope",
        ),
    ]


def network_cards(user, *, today: date) -> list[WorkCard]:
    """A manager's network at a glance: orders, sales, installations, stock."""
    if not may(user, "dashboard.view_network"):
        return []
    figures = work.network_work(today=today)
    first = today.replace(day=1).isoformat()
    return [
        WorkCard(
            figures.orders_today,
            ngettext("order today", "orders today", figures.orders_today),
            card_url(
                "orders", placed_from=today.isoformat(), placed_to=today.isoformat()
            ),
            icon="shopping-bag",
        ),
        WorkCard(
            figures.orders_month,
            ngettext("order this month", "orders this month", figures.orders_month),
            card_url("orders", placed_from=first, placed_to=today.isoformat()),
            icon="calendar-days",
        ),
        WorkCard(
            0,
            _("sales this month, excluding VAT"),
            reverse("staff_dashboard") + "#kpi-sales",
            amount=figures.sales_month,
            icon="banknotes",
        ),
        WorkCard(
            figures.installations_month,
            ngettext(
                "installation this month",
                "installations this month",
                figures.installations_month,
            ),
            card_url("installations", recorded_from=first),
            icon="home-modern",
        ),
        WorkCard(
            figures.stock_alerts,
            ngettext(
                "product low or out of stock",
                "products low or out of stock",
                figures.stock_alerts,
            ),
            card_url("stock", availability=Availability.ALERT),
            alert=True,
            icon="exclamation-triangle",
        ),
    ]


def callback_cards(user, *, now: datetime) -> list[WorkCard]:
    """The call center's queue: overdue, still due today, nobody's yet."""
    if not may(user, "callbacks.view_network"):
        return []
    figures = work.callbacks_work(callbacks_visible_to(user), now=now)
    return [
        WorkCard(
            figures.overdue,
            ngettext("overdue callback", "overdue callbacks", figures.overdue),
            card_url("callback_queue", due="overdue"),
            alert=True,
            icon="clock",
        ),
        WorkCard(
            figures.due_today,
            ngettext("callback due today", "callbacks due today", figures.due_today),
            card_url("callback_queue", due="today"),
            icon="phone",
        ),
        WorkCard(
            figures.waiting,
            ngettext(
                "callback nobody has taken yet",
                "callbacks nobody has taken yet",
                figures.waiting,
            ),
            card_url("callback_queue", show="queue"),
            icon="inbox-stack",
        ),
    ]


def documentation_cards(user) -> list[WorkCard]:
    """An editor's pages in review and pages not reviewed for 12 months, both
    listed on the Wagtail admin's home, and the searches of the last 30 days
    that found nothing, listed in the admin's report. Page rights are the
    admin's own (given per page to groups), so its permission policy decides,
    as for its panels; the report asks the rights table."""
    if not opens_admin(user) or not PagePermissionPolicy().user_has_any_permission(
        user, ["change", "publish"]
    ):
        return []
    misses = may(user, "documentation.search_misses")
    figures = work.documentation_work(with_search_misses=misses, editor=user)
    url = reverse("wagtailadmin_home")
    cards = [
        WorkCard(
            figures.in_review,
            ngettext("page in review", "pages in review", figures.in_review),
            url,
            icon="document-magnifying-glass",
        ),
        WorkCard(
            figures.not_reviewed,
            ngettext(
                "page not reviewed for 12 months",
                "pages not reviewed for 12 months",
                figures.not_reviewed,
            ),
            url,
            alert=True,
            icon="document-text",
        ),
    ]
    if misses:
        cards += [
            WorkCard(
                figures.search_misses,
                ngettext(
                    "search found nothing (30 days)",
                    "searches found nothing (30 days)",
                    figures.search_misses,
                ),
                reverse("pages_search_misses"),
            ),
            WorkCard(
                figures.struggles,
                ngettext(
                    "of your pages ended in a visit request (90 days)",
                    "of your pages ended in visit requests (90 days)",
                    figures.struggles,
                ),
                reverse("pages_struggles"),
                alert=True,
                icon="exclamation-triangle",
            ),
        ]
    return cards


def work_cards(user) -> list[WorkCard]:
    """Every card of the person's roles, in the order of their day."""
    now = timezone.now()
    today = timezone.localdate(now)
    organisation = active_organisation_of(user)
    return [
        *order_cards(user, organisation=organisation, today=today, now=now),
        *installation_cards(user, organisation=organisation, today=today, now=now),
        *team_cards(user, organisation=organisation),
        *network_cards(user, today=today),
        *callback_cards(user, now=now),
        *documentation_cards(user),
    ]


def _whats_new(user) -> tuple[str, list]:
    """The documentation's latest changes, with their heading. An installer
    reads those about the appliances their organisation installed (and the
    consumables table); everybody else who reads the documentation, all."""
    if not may(user, "documentation.read"):
        return "", []
    if may(user, "installations.record"):
        installed = (
            installations_visible_to(user)
            .filter(status=Installation.Status.SUBMITTED)
            .values("appliance_id")
        )
        changes = documentation_changes(appliance_ids=installed)
        heading = _("What's new for the appliances you install")
    else:
        changes = documentation_changes()
        heading = _("What's new in the documentation")
    return heading, list(changes[:WHATS_NEW_SHOWN])


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where everybody lands after login: today's work, then a way in to each
    part they may open; customers go to their space."""
    if may(request.user, "customer_space.use"):
        return redirect("customer_home")
    whats_new_heading, changes = _whats_new(request.user)
    return render(
        request,
        "portal/home.html",
        {
            "membership": request.membership,
            "work": work_cards(request.user),
            "tiles": home_tiles(request),
            "active_tab": "home",
            "changes": changes,
            "whats_new_heading": whats_new_heading,
            "safety_notices": installer_banner(request.user),
        },
    )
