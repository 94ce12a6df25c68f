"""The every-URL × every-role matrix: what each role may do with every URL
pattern of the site, built on another organisation's and another customer's
objects, with the expected answer taken from the rights table
(``accounts.network.rights``).

``EXPECTED`` names each of the portal's own URL patterns and the API's;
third-party ones (allauth, the Wagtail admin and its documents) are covered
by ``PREFIXES``. ``access_of`` raises for a pattern nobody declared, so a new
URL fails the matrix until its row is written here.

A request is judged by what the table expects of the role:

- **deny**: the answer is a refusal (403, 404, 405, 409, 410, or a redirect
  to the login or to the admin's home), shows none of the other side's data,
  and leaves every row of the database as it was;
- **allow**: a GET opens the page (200, or a redirect somewhere other than the
  login), a POST is not refused;
- **either**: the table leaves it to another rule (Wagtail's own page and
  collection permissions, one's own account pages): only a server error fails.
"""

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.network.rights import ADMIN_ACTIONS, TABLE
from tests.portal.fuzzing import Endpoint, endpoints, quiet_request_log, real_values
from tests.world import ROLES, World, build_world

ALLOW, DENY, EITHER = "allow", "deny", "either"
STAFF = frozenset({"agent", "manager", "editor", "reviewer", "superuser"})
EVERYBODY = frozenset(ROLES)
SIGNED_IN = EVERYBODY - {"anonymous"}


def holders(*rights: str) -> frozenset[str]:
    """The roles holding any of the rights, by the table."""
    return frozenset(str(role) for right in rights for role in TABLE[right])


@dataclass(frozen=True)
class Access:
    """Who may use one URL on the other side's objects, and how it is sent."""

    allowed: frozenset[str]
    either: frozenset[str] = frozenset()
    methods: tuple[str, ...] = ("get", "post")
    # Sent with the role's API token instead of a session.
    api: bool = False
    # A refusal may also read so (400 for an unsigned webhook, 422 for an API
    # body refused before the rights are asked).
    refusals: frozenset[int] = frozenset()

    def expect(self, role: str) -> str:
        if role in self.allowed:
            return ALLOW
        if role in self.either:
            return EITHER
        return DENY


def needs(*rights: str, methods=("get", "post")) -> Access:
    return Access(holders(*rights), methods=methods)


def nobody() -> Access:
    """Nobody reaches the other side's object through this URL."""
    return Access(frozenset())


def anyone() -> Access:
    """Public, or held by a secret in the URL: the table has no say."""
    return Access(frozenset(), either=EVERYBODY)


def api(*rights: str, method: str = "get") -> Access:
    return Access(
        holders(*rights),
        methods=(method,),
        api=True,
        refusals=frozenset({401, 422}),
    )


DOCUMENTATION = needs("documentation.read")
ORDERS = needs("orders.view_own", "orders.view_network")
INVOICES = needs("invoices.view_own", "invoices.view_network")

# The portal's own URL patterns and the API, one row each.
EXPECTED: dict[str, Access] = {
    "home": Access(SIGNED_IN),
    "search": DOCUMENTATION,
    "access_suspended": anyone(),
    # Invitation and customer links: the secret in the URL is the key.
    "invitation_accept": anyone(),
    "invitation_renew": anyone(),
    "customer_link": nobody(),  # the other side has no pending link
    # Resellers and teams.
    "organisation_list": needs("resellers.manage"),
    "team": needs("resellers.manage"),
    "member_role": needs("resellers.manage"),
    "member_remove": needs("resellers.manage"),
    "invitation_revoke": needs("resellers.manage"),
    "invitation_resend": needs("resellers.manage"),
    "organisation_suspend": needs("resellers.manage"),
    "organisation_reactivate": needs("resellers.manage"),
    # Installations.
    "installations": needs("installations.view_own", "installations.view_network"),
    "installation_new": needs("installations.record"),
    "installation_draft": nobody(),  # drafts stay their installer's
    "installation_discard": nobody(),
    "installation_detail": needs("installations.view_network"),
    "installation_leave_behind": needs("installations.view_network"),
    "installation_leave_behind_pdf": needs("installations.view_network"),
    "consumable_changed": needs("installations.view_network"),
    "installation_photo": needs("installations.view_network"),
    # Service visits: recorded on one's own units only; the report and
    # photos for the installer, the network and the unit's customer.
    "visit_new": nobody(),
    "visit_report_pdf": needs("installations.view_network"),
    "visit_photo": needs("installations.view_network"),
    # Safety notices: the installer's and the customer's own units only; the
    # managers follow every notice.
    "unit_notice": nobody(),
    "customer_notice": nobody(),
    "notice_follow_list": needs("notices.follow"),
    "notice_follow": needs("notices.follow"),
    # Warranty claims (the reseller's pages; staff decide in the admin).
    "claims": needs("claims.view_own", "claims.view_network"),
    "claim_detail": needs("claims.view_network"),
    "claim_photo": needs("claims.view_network"),
    "claim_new": nobody(),  # installers claim for their own units only
    "warrantyclaim:approve": needs("claims.decide"),
    "warrantyclaim:refuse": needs("claims.decide"),
    "warrantyclaim:receive": needs("claims.receive_return"),
    "warrantyclaim:close": needs("claims.decide"),
    # Customers, for the call center.
    "customer_list": needs("customers.view_network"),
    "customer_detail": needs("customers.view_network"),
    "customer_export": needs("customers.view_network"),
    "customer_erase": needs("customers.erase"),
    "staff_callback_new": needs("callbacks.assign"),
    "staff_customer_order": needs("orders.place_for_customers"),
    # Callbacks.
    "callback_queue": needs("callbacks.view_network"),
    "callback_detail": needs("callbacks.view_network"),
    "callback_take": needs("callbacks.view_network"),
    "callback_complete": needs("callbacks.view_network"),
    "callback_assign": needs("callbacks.assign"),
    "reseller_callbacks": needs("callbacks.view_own"),
    "reseller_callback_new": needs("callbacks.view_own"),
    "customer_callback_new": needs("customer_space.use"),
    # API tokens: one's own only.
    "api_tokens": needs("api.use"),
    "api_token_revoke": nobody(),
    # The customer space: one's own record only.
    "customer_home": needs("customer_space.use"),
    "customer_contact": needs("customer_space.use"),
    "customer_reorder": needs("customer_space.use"),
    "customer_orders": needs("customer_space.use"),
    "customer_order": nobody(),
    "customer_order_pay": nobody(),
    "customer_installation": nobody(),
    "customer_manual": nobody(),
    "customer_fault_codes": nobody(),
    "customer_fault_code": nobody(),
    "customer_visit_ask": nobody(),
    "customer_installation_reorder": nobody(),
    # Stock, cart and orders.
    "stock": needs("stock.view"),
    "product": needs("stock.view"),
    "cart": needs("orders.place"),
    "cart_add": needs("orders.place"),
    "cart_update": needs("orders.place"),
    "quick_order": needs("orders.place"),
    "cart_customer": needs("orders.place_for_customers"),
    "checkout": needs("orders.place"),
    "orders": ORDERS,
    "orders_export": ORDERS,
    "statements": needs("statements.view_own", "statements.view_network"),
    "statement_csv": needs("statements.view_own", "statements.view_network"),
    "order_credit": needs("credits.reassign"),
    "order_detail": needs("orders.view_network"),
    "order_reorder": needs("orders.view_network"),
    "order_cancel": needs("orders.view_network"),
    "order_pay": nobody(),  # the reseller pays its own card orders
    # Invoices and the statement of account (staff name the reseller).
    "invoice_list": INVOICES,
    "invoice_detail": needs("invoices.view_network"),
    "invoice_pdf": needs("invoices.view_network"),
    "invoice_xml": needs("invoices.view_network"),
    "statement_of_account": INVOICES,
    "statement_of_account_csv": INVOICES,
    # Signed webhooks: a session is no key.
    "stripe_webhook": Access(frozenset(), refusals=frozenset({400})),
    "carrier_webhook": Access(frozenset(), refusals=frozenset({400})),
    # Documentation.
    "documentation": DOCUMENTATION,
    "documentation_subscriptions": DOCUMENTATION,
    "documentation_subscription_toggle": DOCUMENTATION,
    "wagtail_serve": DOCUMENTATION,
    "wagtaildocs_serve": DOCUMENTATION,
    # Dashboards (managers asking for a reseller's are sent to the network's).
    "reseller_dashboard": needs("dashboard.view_own", "dashboard.view_network"),
    "staff_dashboard": needs("dashboard.view_network"),
    "set_language": anyone(),
    # Health checks (no data) and public media (catalogue pictures).
    "health_alive": anyone(),
    "health_ready": anyone(),
    "public_media": anyone(),
    # Stock receipts in the Wagtail admin (they serve back-orders first).
    "stock_receipt": needs("orders.fulfil", "catalogue.manage"),
    # Invoicing's forms in the Wagtail admin (its lists and details are rows
    # of ADMIN_ACTIONS).
    "invoice:credit": needs("invoices.credit"),
    # Background tasks in the Wagtail admin.
    "portal_tasks": needs("tasks.retry"),
    "portal_tasks_retry": needs("tasks.retry"),
    # The editors' report of searches that found nothing (Wagtail admin).
    "pages_search_misses": needs("documentation.search_misses"),
    "pages_search_misses_results": needs("documentation.search_misses"),
    "pages_struggles": needs("documentation.search_misses"),
    "pages_struggles_results": needs("documentation.search_misses"),
    # The REST API, with each role's own token.
    "api:api-root": anyone(),
    "api:openapi-json": anyone(),
    "api:openapi-view": anyone(),
    "api:product_list": api("stock.view"),
    "api:product_get": api("stock.view"),
    "api:order_list": api("orders.view_own", "orders.view_network"),
    "api:order_create": api("orders.place", method="post"),
    "api:order_get": api("orders.view_network"),
    "api:order_shipments": api("orders.view_network"),
    "api:shipment_list": api("orders.view_own", "orders.view_network"),
    "api:shipment_get": api("orders.view_network"),
    "api:installation_list": api(
        "installations.view_own", "installations.view_network"
    ),
    "api:installation_get": api("installations.view_network"),
    "api:installation_visits": api("installations.view_network"),
    "api:installation_claims": api("claims.view_network"),
    "api:installation_notices": api("installations.view_network"),
    "api:invoice_list": api("invoices.view_own", "invoices.view_network"),
    "api:invoice_get": api("invoices.view_network"),
    "api:invoice_get_pdf": api("invoices.view_network"),
    "api:invoice_get_xml": api("invoices.view_network"),
    # Staff must name the reseller (400 without it): the table has no say.
    "api:statement_get": Access(
        holders("invoices.view_own"),
        either=holders("invoices.view_network"),
        methods=("get",),
        api=True,
        refusals=frozenset({401, 422}),
    ),
}

# The Wagtail admin screens of the portal's own models, by URL namespace.
ADMIN_MODELS = {
    label.split(".")[1]: actions for label, actions in ADMIN_ACTIONS.items()
}
# A ModelViewSet view and the Wagtail actions any of which opens it.
ADMIN_VIEWS = {
    "index": ("view", "add", "change", "delete"),
    "index_results": ("view", "add", "change", "delete"),
    "inspect": ("view", "add", "change", "delete"),
    "history": ("add", "change", "delete"),
    "history_results": ("add", "change", "delete"),
    "usage": ("change",),
    "add": ("add",),
    "edit": ("change",),
    "copy": ("add",),
    "delete": ("delete",),
}


def _admin_model(model: str, view: str) -> Access:
    actions = ADMIN_MODELS[model]
    rights = [actions[a] for a in ADMIN_VIEWS[view] if a in actions]
    return Access(holders(*rights) & STAFF if rights else frozenset())


# Third-party patterns, by the start of their name (or of their path, for
# unnamed ones): the first that matches applies.
PREFIXES: list[tuple[str, Access]] = [
    # One's own account (allauth, MFA, sessions): the table has no say.
    ("account_", anyone()),
    # The admin's icons and its script translations: no data.
    ("wagtailadmin_sprite", anyone()),
    ("wagtailadmin_javascript_catalog", anyone()),
    ("mfa_", anyone()),
    ("usersessions_", anyone()),
    ("wagtailcore_login", anyone()),
    ("wagtailcore_authenticate_with_password", anyone()),
    ("path:admin/login/", anyone()),
    # Who runs the site: users, groups, sites, workflows, collections.
    ("wagtailusers_", Access(frozenset({"superuser"}))),
    ("wagtailsites", Access(frozenset({"superuser"}))),
    # Wagtail's task chooser lists the workflow tasks to any staff member;
    # creating one asks its own add permission (a refusal reads 400).
    ("wagtailadmin_workflows:task_chooser", Access(frozenset(), either=STAFF)),
    ("wagtailadmin_workflows:task_chosen", Access(frozenset(), either=STAFF)),
    # (Wagtail answers 404 to the placeholder ids of some workflow pages.)
    (
        "wagtailadmin_workflows",
        Access(frozenset(), either=frozenset({"superuser"})),
    ),
    ("wagtailadmin_collections", Access(frozenset({"superuser"}))),
    # The rest of the Wagtail admin: staff only; pages, images and documents
    # follow Wagtail's own page and collection permissions (editors write,
    # reviewers publish).
    ("wagtail", Access(frozenset(), either=STAFF)),
    ("path:admin/", Access(frozenset(), either=STAFF)),
]

# The portal's own views live in these modules: each needs its own row.
OWN_MODULES = ("accounts.", "ordering.", "pages.", "portal.")


def _is_own(endpoint: Endpoint) -> bool:
    module = getattr(endpoint.pattern.callback, "__module__", "") or ""
    return module.startswith(OWN_MODULES)


class UndeclaredUrlError(KeyError):
    pass


def access_of(endpoint: Endpoint) -> Access:
    """The row of one URL pattern; raises for one nobody declared."""
    name = endpoint.name or ""
    if name in EXPECTED:
        return EXPECTED[name]
    namespace, _colon, view = name.partition(":")
    if view and namespace in ADMIN_MODELS and view in ADMIN_VIEWS:
        return _admin_model(namespace, view)
    if _is_own(endpoint):
        raise UndeclaredUrlError(f"{name or endpoint.route}: no row in EXPECTED")
    for prefix, access in PREFIXES:
        if prefix.startswith("path:"):
            if endpoint.route.startswith(prefix.removeprefix("path:")):
                return access
        elif name.startswith(prefix):
            return access
    raise UndeclaredUrlError(f"{name or endpoint.route}: no row in the matrix")


# --- What a POST carries: enough for the action to happen if it were let in ----


def post_data(name: str, world: World) -> dict:
    own, other = world.own, world.other
    return {
        "team": {"email": "intrus@example.test", "role": "owner"},
        "member_role": {"role": "owner"},
        "organisation_suspend": {"reason": "Matrice"},
        "order_cancel": {"reason": "Matrice"},
        "order_credit": {"organisation": own.organisation.pk, "reason": "Matrice"},
        "callback_complete": {"outcome": "Rappelé"},
        "callback_assign": {"owner_organisation": own.organisation.pk},
        "customer_erase": {"reason": "Matrice", "confirm": "on"},
        "customer_contact": {"phone": "06 00 00 00 00"},
        "consumable_changed": {"changed_on": "2026-03-01"},
        "cart_add": {"product": other.product.pk, "quantity": 1},
        "cart_customer": {"organisation": other.organisation.pk},
        "documentation_subscription_toggle": {"follow": "1"},
        "claim_new": {
            "part": other.claim_part.pk,
            "quantity": 1,
            "fault_on": "2026-03-01",
            "symptom": "Matrice",
        },
        "warrantyclaim:approve": {"remedy": "replacement", "return_required": "on"},
        "warrantyclaim:refuse": {"reason": "Matrice"},
    }.get(name, {})


# --- Judging ---------------------------------------------------------------------

# A refused request must write nothing. Rather than compare every table
# before and after (about 40 ms a request), the SQL each request runs is read
# for writes; the session and these bookkeeping columns are not the data.
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?'
    r"(?:\s+SET\s+(.*?)\s+WHERE)?",
    re.IGNORECASE | re.DOTALL,
)
IGNORED_TABLES = {"django_session"}
VOLATILE_COLUMNS = {"last_login", "last_used_at"}


def writes_in(queries: list[dict]) -> list[str]:
    """The tables a request wrote to, less the session and bookkeeping."""
    tables = []
    for query in queries:
        match = _WRITE.match(query["sql"])
        if match is None or match[1] in IGNORED_TABLES:
            continue
        if match[2] is not None:
            columns = {c.split("=")[0].strip().strip('"') for c in match[2].split(",")}
            if columns <= VOLATILE_COLUMNS:
                continue
        tables.append(match[1])
    return sorted(set(tables))


REFUSED = {403, 404, 405, 409, 410}


def _redirect(response) -> str:
    return response.get("Location", "") if response.status_code in (301, 302) else ""


def _is_refusal(response, access: Access) -> bool:
    status = response.status_code
    if status in REFUSED or status in access.refusals:
        return True
    target = _redirect(response)
    login = reverse("account_login")
    return bool(target) and (
        target.startswith((login, "/admin/login/", reverse("access_suspended")))
        or target in ("/admin/", reverse("wagtailadmin_home"))
    )


@dataclass
class Finding:
    kind: str  # shows data, state change, escalation, refused, server error
    role: str
    method: str
    url: str
    detail: str

    def __str__(self):
        return (
            f"{self.kind}: {self.role} {self.method.upper()} {self.url} ({self.detail})"
        )


@dataclass
class Matrix:
    world: World
    hidden: list[str]
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    _session: Client | None = None

    def client(self, role: str, access: Access) -> Client:
        if access.api:
            token = self.world.tokens.get(role)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return Client(raise_request_exception=False, headers=headers)
        if self._session is None:
            self._session = Client(raise_request_exception=False)
            if (user := self.world.users[role]) is not None:
                self._session.force_login(user)
        return self._session

    def walk(self, role: str, rows: Iterable[tuple[Endpoint, Access, str]]) -> None:
        for endpoint, access, url in rows:
            for method in access.methods:
                self.one(role, endpoint, access, url, method)

    def _send(self, client: Client, access: Access, method: str, url: str, data):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            try:
                if access.api and method == "post":
                    response = client.post(
                        url, data="{}", content_type="application/json"
                    )
                else:
                    response = getattr(client, method)(url, data)
            finally:
                transaction.set_rollback(True)
        if method == "post":
            # A post may have ended or replaced the session (rolled back now).
            self._session = None
        return response, writes_in(queries.captured_queries)

    def one(self, role, endpoint, access, url, method) -> None:
        expected = access.expect(role)
        data = post_data(endpoint.name or "", self.world) if method == "post" else None
        self.requests += 1
        response, written = self._send(
            self.client(role, access), access, method, url, data
        )
        status = response.status_code
        if status >= 500 or getattr(response, "exc_info", None):
            error = getattr(response, "exc_info", None)
            detail = repr(error[1])[:200] if error else f"status {status}"
            self.findings.append(Finding("server error", role, method, url, detail))
            return
        if expected == ALLOW:
            self._judge_allowed(role, method, url, response, access)
        elif expected == DENY:
            self._judge_denied(role, method, url, response, access, written)

    def _judge_allowed(self, role, method, url, response, access) -> None:
        status = response.status_code
        opened = status == 200 or (
            status in (301, 302) and not _is_refusal(response, access)
        )
        refused = (method == "get" and not opened and status != 405) or (
            method == "post" and status in (401, 403, 404)
        )
        if refused:
            self.findings.append(
                Finding("refused", role, method, url, f"status {status}")
            )

    def _judge_denied(self, role, method, url, response, access, written) -> None:
        status = response.status_code
        if written:
            self.findings.append(
                Finding("state change", role, method, url, ", ".join(written))
            )
        elif not _is_refusal(response, access):
            kind = "shows data" if method == "get" else "escalation"
            self.findings.append(Finding(kind, role, method, url, f"status {status}"))
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        text = body.decode("utf-8", "replace")
        shown = [hidden for hidden in self.hidden if hidden in text]
        if shown:
            self.findings.append(
                Finding("shows data", role, method, url, f"body has {shown}")
            )


def hidden_texts(other: SimpleNamespace) -> list[str]:
    """What only the other side's people, and the network's staff, may read."""
    return [
        other.customer.email,
        other.tracking_number,
        other.installation.serial_number,
        other.order.purchase_order_reference,
        other.invitation.email,
        # (Not the invoice's number: a refusal may repeat the URL it was asked.)
        other.payment.reference,
    ]


def matrix_rows(world: World) -> list[tuple[Endpoint, Access, str]]:
    """Every URL pattern, its row, and its address on the other side's objects."""
    rows = []
    for endpoint in endpoints():
        access = access_of(endpoint)
        rows.append(
            (
                endpoint,
                access,
                endpoint.fill(real_values(endpoint, world, side="other")),
            )
        )
    return rows


def assert_no_finding(role: str) -> None:
    """Walk every URL as ``role``; fail with each leak, state change,
    escalation, wrong refusal or server error found."""
    world = build_world()
    matrix = Matrix(world, hidden=hidden_texts(world.other))
    with quiet_request_log():
        matrix.walk(role, matrix_rows(world))
    print(f"matrix {role}: {matrix.requests} requests, {len(matrix.findings)} findings")
    assert not matrix.findings, "\n".join(str(f) for f in matrix.findings)
