"""Browser journeys: Playwright drives Debian's Chromium against the live server.

One Chromium is started for the whole session; every test gets a fresh browser
context (own cookies, own viewport). Playwright never downloads a browser:
``make test`` installs ``/usr/bin/chromium``.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import restore_migration_rows

# Playwright's sync API runs an event loop in the main thread; Django would
# otherwise refuse the ORM calls that fixtures and assertions make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}

# The reseller tabs, by the address they lead to (stable whatever the language).
RESELLER_TABS = {
    "/reseller/orders/": re.compile(r"Commandes et suivi|Orders and tracking"),
    "/reseller/stock/": re.compile(r"Stock"),
    "/reseller/documentation/": re.compile(r"Documentation"),
    "/reseller/installations/": re.compile(
        r"Installations clients|Customer installations"
    ),
}

_axe = Axe()


# --- Browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Run `make test`, which installs it (Playwright never downloads one)."
        )
    # Belt and braces: Playwright must not fetch its own browsers.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open another browser context (another person, or another screen size).

    Returns the page of the new context; every context is closed after the test.
    """
    contexts: list[BrowserContext] = []

    def make(viewport: dict | None = None, locale: str = "fr-FR") -> Page:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            locale=locale,
            base_url=live_server.url,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., Page]) -> Page:
    return new_context()


# --- Helpers ------------------------------------------------------------------


# Every short animation (a toast fading in, a panel sliding open), finished.
# Endless ones aside, and the long attention-getters too: the Wagtail admin's
# badge pings for 25 s, and every picture of an admin screen waited for it.
_ANIMATIONS_ENDED = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime <= 5000)
    .map(a => a.finished.catch(() => null)))"""


def screenshot(page: Page, name: str) -> Path:
    """Keep a full-page PNG of what was verified, for a human to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # From the top, animations ended: a page scrolled to an anchor drew its
    # sticky header halfway down the picture, over what it was to show, and
    # a toast caught fading in came out half transparent over the text.
    page.evaluate(_ANIMATIONS_ENDED)
    page.evaluate("window.scrollTo(0, 0)")
    capture(page, path, full_page=True)
    return path


def capture(page: Page, path: Path, *, full_page: bool = False, tries: int = 3) -> None:
    """``page.screenshot``, asked again when Chromium answers "Unable to
    capture screenshot": it does, now and then, while a loaded page's
    compositor has no frame yet (seen once in 116 runs under CI load). The
    picture is evidence for a human; what a test asserts never rests on it."""
    for attempt in range(1, tries + 1):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return
        except PlaywrightError as error:
            if "Unable to capture screenshot" not in str(error) or attempt == tries:
                raise
            page.wait_for_load_state("load")
            page.wait_for_timeout(250 * attempt)


def assert_no_serious_axe_violations(page: Page) -> None:
    """Fail on any axe-core violation of impact "serious" or "critical".

    Checked once the page's animations have ended: a toast still fading in
    is half transparent, and axe measures its text's contrast as such."""
    page.evaluate(_ANIMATIONS_ENDED)
    violations = _axe.run(page).response["violations"]
    serious = [v for v in violations if v.get("impact") in {"serious", "critical"}]
    if serious:
        lines = [f"axe violations on {page.url}:"]
        for violation in serious:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            )
            lines.extend(f"    {node['target']}" for node in violation["nodes"])
        pytest.fail("\n".join(lines))


def log_in(page: Page, email: str, password: str) -> None:
    """Fill the login form as a person would, and submit it."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_load_state()


# allauth's login code: letters and digits, in dashed groups ("K7QM-3XPA").
_LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)\s*$", re.MULTILINE)


def login_code_sent_to(email: str) -> str:
    """The sign-in code in the last email sent to ``email`` (locmem backend)."""
    from django.core import mail

    sent = [m for m in mail.outbox if email in m.to]
    assert sent, f"no email sent to {email}; outbox: {[m.to for m in mail.outbox]}"
    codes = [c for c in _LOGIN_CODE.findall(sent[-1].body) if len(c) >= 6]
    assert codes, f"no sign-in code in the last email to {email}:\n{sent[-1].body}"
    return codes[-1]


def log_in_by_code(page: Page, email: str) -> None:
    """Sign in as a customer does: email typed, code read from the email."""
    page.goto("/accounts/login/code/")
    page.locator("main input[name=email]").fill(email)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.locator("main input[name=code]").fill(login_code_sent_to(email))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def search_orders(page: Page, text: str):
    """Type in the orders tab's search box and send it, as a person would;
    the rows found."""
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill(text)
    search.locator("button[type=submit]").click()
    return page.locator("main tbody tr")


def expect_reseller_tabs(page: Page) -> None:
    """The four reseller tabs are in the main navigation."""
    nav = page.locator("nav.tabs")
    for href, label in RESELLER_TABS.items():
        expect(nav.locator(f'a[href="{href}"]')).to_have_text(label)


def expect_no_page_scroll_sideways(page: Page) -> None:
    """The page itself never scrolls sideways; wide tables scroll in their box."""
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth,"
        " window: window.innerWidth})"
    )
    assert widths["page"] <= widths["window"], (
        f"{page.url} scrolls sideways: {widths['page']}px wide "
        f"in a {widths['window']}px window"
    )


# --- Staff --------------------------------------------------------------------


@pytest.fixture
def staff_groups(transactional_db) -> None:
    """The staff groups and their permissions, as the data migrations make them.

    The live server's tests empty every table after each test, which also
    removes what the data migrations created; running them again (they only
    get or create) gives the next test its groups back.
    """
    restore_migration_rows()


@pytest.fixture
def agent(staff_groups, agent):
    return agent


@pytest.fixture
def manager(staff_groups, manager):
    return manager
