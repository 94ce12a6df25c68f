"""Every page of every role fits a 390 px phone and axe finds no serious problem.

For each role of the shared world (``tests/world.py``) the walk asks every
URL pattern of the resolver, on the role's **own** side's objects (its
organisation, its customer, its orders: pages with content), whether the
role may open it: a GET with Django's test client answering 200 with HTML.
A redirect is followed once and its landing page checked once. Each page so
found is then opened in Chromium at 390 × 844 px, signed in with the same
session: the document is no wider than the window, axe-core reports no
violation of impact "serious" or "critical", and a screenshot is kept under
``tests/e2e/screenshots/every-page/<role>-<url name>.png``. The problems of
all of a role's pages are reported together, so one run shows them all.

Left out: what is not an HTML page (CSV, PDF and spreadsheet downloads, the
JSON API and its documentation, webhooks, health checks, photos and media,
Wagtail's document files) and the Wagtail admin under ``/admin/``, which is
third-party software with its own accessibility work; the portal's own
pages inside it (background tasks) are covered by ``test_admin_tasks.py``.
POST-only patterns answer 405 to the GET and are left out by it.

The anonymous visitor walks the public pages the same way (sign in, password
reset, the customer's sign-in code).

The rights matrix (``tests/rights_matrix.py``) says which of these pages a
role may open even on another organisation's objects: every such page must
be among the pages walked, so the sweep cannot silently check nothing.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from tests.e2e.conftest import (
    PHONE,
    SCREENSHOTS,
    assert_no_serious_axe_violations,
    capture,
)
from tests.portal.fuzzing import Endpoint, endpoints, quiet_request_log, real_values
from tests.rights_matrix import ALLOW, access_of
from tests.world import ROLES, World, build_world

pytestmark = pytest.mark.e2e

SHOTS = SCREENSHOTS / "every-page"

# Not HTML pages of the portal, by the start of their path.
LEFT_OUT_PATHS = (
    "/admin/",  # the Wagtail admin (third-party)
    "/api/",  # the JSON API and its documentation
    "/documents/",  # Wagtail's document files
    "/media/",
    "/health/",
    "/webhooks/",
)

# The fewest pages each role must have walked (measured in December 2026:
# 42, 21, 16, 24, 35, 31, 6, 6, 31, 12). A role seeing fewer pages has lost
# some: the walk is broken.
AT_LEAST = {
    "owner": 40,
    "buyer": 20,
    "technician": 15,
    "customer": 22,
    "agent": 33,
    "manager": 29,
    "editor": 5,
    "reviewer": 5,
    "superuser": 29,
    "anonymous": 10,
}


def _is_html(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith(
        "text/html"
    )


SIGN_IN = ("/accounts/login/", "/admin/login/")

# allauth's own account pages (e-mail, password, two-factor, sessions) are one
# template for everybody: they are checked as a reseller, a customer and a
# member of staff (each has its own header), and as a visitor.
ACCOUNT_PAGES = ("account_", "mfa_", "usersessions_")
ACCOUNT_PAGES_CHECKED_AS = {"owner", "customer", "agent", "anonymous"}


def _shared_account_page(endpoint: Endpoint, role: str) -> bool:
    name = endpoint.name or ""
    return name.startswith(ACCOUNT_PAGES) and role not in ACCOUNT_PAGES_CHECKED_AS


def _left_out(path: str) -> bool:
    return path.startswith(LEFT_OUT_PATHS)


def pages_of(
    role: str, world: World, client: Client
) -> tuple[dict[str, str], set[str]]:
    """The HTML pages the client's user may open, by path (with the name of
    their screenshot), and the names of every URL pattern that opened
    (a page, a file, or a redirect)."""
    pages: dict[str, str] = {}
    reached: set[str] = set()
    for endpoint in endpoints():
        path = endpoint.fill(real_values(endpoint, world, side="own"))
        if _left_out(path):
            continue
        response = client.get(path)
        # A POST-only pattern answers 405: it has no page to look at; a
        # redirect to the sign-in form is a refusal.
        refused = response.get("Location", "").startswith(SIGN_IN)
        if response.status_code in (200, 301, 302, 405) and not refused:
            reached.add(endpoint.name or path)
        if response.status_code in (301, 302):
            landing = response["Location"]
            if not landing.startswith("/") or _left_out(landing):
                continue
            # The same landing page reached with another ``next`` is the
            # same page: the sign-in form behind every protected address.
            path = landing.split("?")[0]
            if path in pages:
                continue
            response = client.get(landing)
        if _is_html(response) and path not in pages:
            if _shared_account_page(endpoint, role):
                continue
            pages[path] = _shot_name(endpoint, path)
    return pages, reached


def _shot_name(endpoint: Endpoint, path: str) -> str:
    try:
        name = resolve(path.split("?")[0]).view_name
    except Exception:  # noqa: BLE001 - a landing page outside the resolver
        name = endpoint.name or path
    return name.replace(":", "-").replace("/", "_").strip("_") or "root"


def allowed_everywhere(role: str, world: World) -> set[str]:
    """The pages the rights matrix lets ``role`` open on any side's objects."""
    allowed = set()
    for endpoint in endpoints():
        access = access_of(endpoint)
        if access.api or "get" not in access.methods:
            continue
        if access.expect(role) == ALLOW and endpoint.name:
            path = endpoint.fill(real_values(endpoint, world, side="own"))
            if not _left_out(path):
                allowed.add(endpoint.name)
    return allowed


# (The data tables behind the dashboards' charts are for screen readers only.)
WIDE_TABLES = """() => [...document.querySelectorAll("table")]
    .filter(t => !t.closest(".visually-hidden"))
    .map(t => [t.className || t.getAttribute("aria-labelledby") || "(no class)",
               Math.round(t.getBoundingClientRect().width)])
    .filter(([, width]) => width > window.innerWidth + 1)"""


def problems_of(page) -> list[str]:
    found = []
    scroll, inner = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll > inner + 1:
        found.append(f"{scroll}px wide in a {inner}px window")
    # A table wider than the phone pans inside its box: it should be cards.
    for table, width in page.evaluate(WIDE_TABLES):
        found.append(f"table {table} is {width}px wide in a {inner}px window")
    try:
        assert_no_serious_axe_violations(page)
    except pytest.fail.Exception as failure:
        found.append(str(failure))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_passes_axe(role, browser, live_server):
    started = time.monotonic()
    world = build_world()
    client = Client(raise_request_exception=False)
    if (user := world.users[role]) is not None:
        client.force_login(user)
    with quiet_request_log():
        pages, reached = pages_of(role, world, client)

    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    if (cookie := client.cookies.get(settings.SESSION_COOKIE_NAME)) is not None:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    try:
        for path, name in sorted(pages.items()):
            page.goto(path)
            capture(page, SHOTS / f"{role}-{name}.png")
            failures.extend(f"{path}: {problem}" for problem in problems_of(page))
    finally:
        context.close()

    print(f"every page {role}: {len(pages)} pages in {time.monotonic() - started:.1f}s")
    missing = allowed_everywhere(role, world) - reached
    assert not missing, f"{role} may open these pages, the walk missed them: {missing}"
    assert len(pages) >= AT_LEAST[role], f"{role}: only {sorted(pages)}"
    assert not failures, f"{role}, {len(failures)} problems:\n" + "\n".join(failures)
