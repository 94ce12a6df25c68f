"""`{% main_tabs %}`: the header's sections, the ones the signed-in person may
open, and the cart link of those who order. `{% header_tools %}`: who is
signed in, the language switch, the account's links and the log-out button.

Printed on every page: written here rather than as an include, which asked
the template engine for a dozen ``{% url %}`` and ``{% if rights… %}`` per
page (1.4 ms of a 5 ms bare page). A section shows when its person holds one
of its rights (the rights table, ``accounts.network.rights``).
"""

from functools import cache

from django import template
from django.conf import settings
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext

from accounts.network.rights import may, may_any

register = template.Library()

# (active_tab, URL name, label, rights of which one opens it)
CUSTOMER_TABS = (
    ("customer", "customer_home", gettext_noop("My appliances"), ()),
    ("customer_orders", "customer_orders", gettext_noop("My orders"), ()),
    ("customer_contact", "customer_contact", gettext_noop("My details"), ()),
)
NETWORK_TABS = (
    ("home", "home", gettext_noop("Home"), ()),
    (
        "dashboard",
        "staff_dashboard",
        gettext_noop("Dashboard"),
        ("dashboard.view_network",),
    ),
    (
        "dashboard",
        "reseller_dashboard",
        gettext_noop("Dashboard"),
        ("dashboard.view_own",),
    ),
    (
        "organisations",
        "organisation_list",
        gettext_noop("Resellers"),
        ("resellers.manage",),
    ),
    (
        "customers",
        "customer_list",
        gettext_noop("Customers"),
        ("customers.view_network",),
    ),
    (
        "callbacks",
        "callback_queue",
        gettext_noop("Callbacks"),
        ("callbacks.view_network",),
    ),
    (
        "orders",
        "orders",
        gettext_noop("Orders and tracking"),
        ("orders.view_own", "orders.view_network"),
    ),
    ("invoices", "invoice_list", gettext_noop("Invoices"), ("invoices.view_own",)),
    ("stock", "stock", gettext_noop("Stock"), ("stock.view",)),
    (
        "documentation",
        "documentation",
        gettext_noop("Documentation"),
        ("documentation.read",),
    ),
    (
        "installations",
        "installations",
        gettext_noop("Customer installations"),
        ("installations.view_own", "installations.view_network"),
    ),
)


@cache
def _url(name: str) -> str:
    # No language prefix, no argument, one script prefix a process: one each.
    return reverse(name)


_CURRENT = mark_safe(' aria-current="page"')  # noqa: S308 - a constant
# Read after the word "Cart" and before the count, never shown.
_COMMA = mark_safe('<span class="visually-hidden">, </span>')  # noqa: S308


def _current(active: bool) -> str:
    return _CURRENT if active else ""


def _tabs(context) -> list[tuple[str, str, str]]:
    user = context.get("user")
    active_tab = context.get("active_tab")
    candidates = CUSTOMER_TABS if context.get("is_customer") else NETWORK_TABS
    tabs, seen = [], set()
    for key, url_name, label, rights in candidates:
        if rights and not may_any(user, *rights):
            continue
        if key in seen:  # the network's dashboard before a reseller's own
            continue
        seen.add(key)
        tabs.append((_url(url_name), _current(key == active_tab), gettext(label)))
    organisation = context.get("current_organisation")
    if not context.get("is_customer") and organisation and may(user, "team.manage_own"):
        url = reverse("team", args=[organisation.slug])
        tabs.append((url, _current(active_tab == "team"), gettext("Team")))
    return tabs


def _cart(context) -> str:
    count = context["cart_count"]()
    badge = ""
    if count:
        # The catalogue's own words, with markup (a number in them).
        words = ngettext(
            '%(count)s<span class="visually-hidden"> product</span>',
            '%(count)s<span class="visually-hidden"> products</span>',
            count,
        ) % {"count": int(count)}
        badge = format_html(
            ' <span class="count-badge">{}{}</span>',
            _COMMA,
            mark_safe(words),  # noqa: S308 - translated markup and a number
        )
    return format_html(
        '<a class="tabs__cart" href="{}"{}>{}{}</a>',
        _url("cart"),
        _current(context.get("active_tab") == "cart"),
        gettext("Cart"),
        badge,
    )


@register.simple_tag(takes_context=True)
def main_tabs(context) -> str:
    items = format_html_join("\n    ", '<li><a href="{}"{}>{}</a></li>', _tabs(context))
    cart = _cart(context) if context.get("user_can_order") else ""
    return format_html(
        '<nav class="tabs" aria-label="{}">\n  <ul class="tabs__list">\n    {}\n'
        "  </ul>\n  {}\n</nav>",
        gettext("Main sections"),
        items,
        cart,
    )


# --- Who is signed in, the language switch, the account ----------------------


@cache
def _languages(current: str) -> str:
    """The switch's languages in ``current``: the one in use marked, a button
    for each other (its name in its own language, for screen readers)."""
    return format_html_join(
        "\n  ",
        "{}",
        (
            (
                format_html(
                    '<span class="language-switch__current" aria-current="true"'
                    ' lang="{}">{}<span class="visually-hidden"> ({})</span></span>',
                    code,
                    code.upper(),
                    gettext("current language"),
                )
                if code == current
                else format_html(
                    '<button type="submit" name="language" value="{}"'
                    ' class="language-switch__option" lang="{}"'
                    ' aria-describedby="language-switch-label">{}'
                    '<span class="visually-hidden"> — {}</span></button>',
                    code,
                    code,
                    code.upper(),
                    translation.get_language_info(code)["name_local"],
                ),
            )
            for code, _name in settings.LANGUAGES
        ),
    )


def _language_switch(request, csrf: str) -> str:
    return format_html(
        '<form action="{}" method="post" class="language-switch">\n  {}\n'
        '  <input name="next" type="hidden" value="{}">\n'
        '  <span class="visually-hidden" id="language-switch-label">{}</span>\n'
        "  {}\n</form>",
        _url("set_language"),
        csrf,
        request.get_full_path() if request is not None else "",
        gettext("Language"),
        _languages(translation.get_language()),
    )


def _who(context, user) -> str:
    organisation = context.get("current_organisation")
    membership = context.get("current_membership")
    roles = context.get("staff_roles")
    role = ""
    if membership:
        role = membership.get_role_display()
    elif roles:
        role = capfirst(", ".join(roles))
    badge = format_html(' <span class="badge">{}</span>', role) if role else ""
    return format_html(
        # Spaces between the parts, read aloud where the phone hides them.
        '<p class="who">{}<span class="who__user">{}</span>{}</p>',
        format_html('<span class="who__org">{}</span> ', organisation)
        if organisation
        else "",
        user.get_full_name() or user.email,
        badge,
    )


@register.simple_tag(takes_context=True)
def header_tools(context) -> str:
    """Printed on every page, like the sections: an include asked the engine
    for its own ``{% url %}``, ``{% translate %}`` and language tags (0.6 ms
    for the language switch alone)."""
    request = context.get("request")  # None: a page rendered without one
    csrf = csrf_input(request) if request is not None else ""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return _language_switch(request, csrf)
    admin = (
        format_html(
            '<a class="header-link" href="{}">{}</a>',
            _url("wagtailadmin_home"),
            gettext("Administration"),
        )
        if context.get("opens_admin")
        else ""
    )
    return format_html(
        '{}\n{}\n<a class="header-link" href="{}">{}</a>{}\n'
        '<form method="post" action="{}" class="inline-form">{}'
        '<button type="submit" class="button button--quiet">{}</button></form>',
        _who(context, user),
        _language_switch(request, csrf),
        _url("account_email"),
        gettext("My account"),
        admin,
        _url("account_logout"),
        csrf,
        gettext("Log out"),
    )
