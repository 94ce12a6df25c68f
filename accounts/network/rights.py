"""The rights table: who may do what in the portal, written once.

Every view, selector, service and API operation asks ``may(user, right)``;
templates ask ``rights.<area>.<verb>`` (``portal.context_processors``). A
right is held by roles, never by ``is_staff``: that flag only opens the
Wagtail admin door, whose own screens follow the staff groups' model
permissions (a test checks those agree with this table).

Who someone is (``roles_of``):

- a reseller member is the ``owner``, ``buyer`` or ``technician`` of an
  active organisation (a suspended one gives no role at all);
- a ``customer`` signs in to their customer space;
- a staff account holds the roles of its groups: ``agent`` (Call center),
  ``manager`` (Managers), ``editor`` (Content editors), ``reviewer``
  (Documentation reviewers);
- a Django ``superuser`` holds every right listed for it below.

What is "own" and what is "network" is the selectors' business: a right
named ``…_own`` opens the objects of the person's organisation (or their own
customer record), one named ``…_network`` those of the whole network.
"""

from enum import StrEnum

import rules
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.network.models import Membership, Organisation, Role, User


class PortalRole(StrEnum):
    OWNER = Role.OWNER.value
    BUYER = Role.BUYER.value
    TECHNICIAN = Role.TECHNICIAN.value
    CUSTOMER = "customer"
    AGENT = "agent"
    MANAGER = "manager"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    SUPERUSER = "superuser"


OWNER, BUYER, TECHNICIAN = PortalRole.OWNER, PortalRole.BUYER, PortalRole.TECHNICIAN
CUSTOMER = PortalRole.CUSTOMER
AGENT, MANAGER = PortalRole.AGENT, PortalRole.MANAGER
EDITOR, REVIEWER = PortalRole.EDITOR, PortalRole.REVIEWER
SUPERUSER = PortalRole.SUPERUSER

# The staff groups (made by data migrations) and the role each one gives.
STAFF_GROUPS = {
    "Call center": AGENT,
    "Managers": MANAGER,
    "Content editors": EDITOR,
    "Documentation reviewers": REVIEWER,
}

STAFF_ROLE_LABELS = {
    AGENT: _("call center"),
    MANAGER: _("manager"),
    EDITOR: _("content editor"),
    REVIEWER: _("documentation reviewer"),
    SUPERUSER: _("administrator"),
}

RESELLER = {OWNER, BUYER, TECHNICIAN}
ORDERING = {OWNER, BUYER}
# The call center and managers work on the whole network's customers,
# orders, installations and callbacks.
NETWORK = {AGENT, MANAGER, SUPERUSER}

# right -> the roles that hold it. Kept in the order of DESIGN.md's table.
TABLE: dict[str, frozenset[PortalRole]] = {
    # Documentation: sheets, manuals, fault codes, search, alerts.
    "documentation.read": frozenset(RESELLER | NETWORK | {EDITOR, REVIEWER}),
    # The searches that found nothing: what the documentation lacks.
    "documentation.search_misses": frozenset({EDITOR, REVIEWER, SUPERUSER}),
    # Catalogue and stock. Editors read the catalogue the documentation
    # links to (in the Wagtail admin); managers keep it.
    "stock.view": frozenset(ORDERING | NETWORK),
    "catalogue.view": frozenset(NETWORK | {EDITOR}),
    "catalogue.manage": frozenset({MANAGER, SUPERUSER}),
    # Orders.
    "orders.view_own": frozenset(ORDERING),
    "orders.view_network": frozenset(NETWORK),
    "orders.place": frozenset(ORDERING | NETWORK),
    "orders.place_for_customers": frozenset(NETWORK),
    "orders.cancel": frozenset(ORDERING | NETWORK),
    # Past "placed" and "confirmed" (a reseller's limit): only Oxyplus cancels.
    "orders.cancel_in_preparation": frozenset(NETWORK),
    "orders.pay": frozenset(ORDERING),
    # Move an order along its statuses and record its shipments (admin).
    "orders.fulfil": frozenset(NETWORK),
    "statements.view_own": frozenset(ORDERING),
    "statements.view_network": frozenset({MANAGER, SUPERUSER}),
    "credits.reassign": frozenset({MANAGER, SUPERUSER}),
    # Invoices, credit notes and the statement of account (ordering.invoicing).
    # Accounting is the managers': they credit, record transfers, lift a hold.
    "invoices.view_own": frozenset(ORDERING),
    "invoices.view_network": frozenset(NETWORK),
    "invoices.credit": frozenset({MANAGER, SUPERUSER}),
    "invoices.record_payment": frozenset({MANAGER, SUPERUSER}),
    "invoices.settings": frozenset({MANAGER, SUPERUSER}),
    "orders.override_credit_hold": frozenset({MANAGER, SUPERUSER}),
    # Dashboards.
    "dashboard.view_own": frozenset(ORDERING),
    "dashboard.view_network": frozenset({MANAGER, SUPERUSER}),
    # Resellers and their teams. The call center reads who the resellers are
    # (to order or give a callback to one), never manages them.
    "resellers.view_network": frozenset(NETWORK),
    "team.manage_own": frozenset({OWNER}),
    "resellers.manage": frozenset({MANAGER, SUPERUSER}),
    # Installations.
    "installations.view_own": frozenset(RESELLER),
    "installations.view_network": frozenset(NETWORK),
    "installations.record": frozenset({OWNER, TECHNICIAN}),
    "consumables.mark_changed": frozenset({OWNER, TECHNICIAN, CUSTOMER} | NETWORK),
    # After-sales on the unit (accounts.aftersales): visits, warranty claims,
    # safety notices. Technicians visit and claim; managers decide claims and
    # follow notices; the warehouse (the call center's side) receives returns.
    "visits.record": frozenset({OWNER, TECHNICIAN}),
    "claims.view_own": frozenset({OWNER, TECHNICIAN}),
    "claims.file": frozenset({OWNER, TECHNICIAN}),
    "claims.view_network": frozenset(NETWORK),
    "claims.decide": frozenset({MANAGER, SUPERUSER}),
    "claims.receive_return": frozenset(NETWORK),
    "notices.acknowledge": frozenset({OWNER, TECHNICIAN}),
    "notices.follow": frozenset({MANAGER, SUPERUSER}),
    # Customers.
    "customers.view_network": frozenset(NETWORK),
    "customers.erase": frozenset({MANAGER, SUPERUSER}),
    "customer_space.use": frozenset({CUSTOMER}),
    # Callback requests.
    "callbacks.view_own": frozenset(RESELLER),
    "callbacks.request": frozenset(RESELLER | {CUSTOMER} | NETWORK),
    "callbacks.view_network": frozenset(NETWORK),
    "callbacks.assign": frozenset(NETWORK),
    # The REST API, with a personal token.
    "api.use": frozenset(RESELLER | NETWORK),
    # Background tasks (e-mails, refunds) that failed for good: listed in the
    # Wagtail admin and sent to the queue again.
    "tasks.retry": frozenset({MANAGER, SUPERUSER}),
}

# The Wagtail admin's screens of the portal's own models ask this map (see
# ``accounts.network.wagtail_hooks.RightsPermissionPolicy``), not the groups' model
# permissions: Wagtail action -> right. Records are never added or deleted
# there (services place orders, invite, anonymise, suspend): an action the
# map does not list is refused to everybody, superusers included.
_CATALOGUE_KEPT = {"add": "catalogue.manage", "change": "catalogue.manage"}
ADMIN_ACTIONS: dict[str, dict[str, str]] = {
    "accounts.organisation": {
        "view": "resellers.view_network",
        "add": "resellers.manage",
        "change": "resellers.manage",
    },
    "accounts.membership": {
        "view": "resellers.view_network",
        "change": "resellers.manage",
    },
    "accounts.invitation": {
        "view": "resellers.view_network",
        "change": "resellers.manage",
    },
    "customers.customer": {"view": "customers.view_network"},
    "customers.installation": {"view": "installations.view_network"},
    "customers.auditentry": {"view": "customers.view_network"},
    "ordering.order": {"view": "orders.view_network", "change": "orders.fulfil"},
    "shipping.shipment": {
        "view": "orders.view_network",
        "add": "orders.fulfil",
        "change": "orders.fulfil",
    },
    "catalogue.product": {"view": "catalogue.view", **_CATALOGUE_KEPT},
    "catalogue.pricelist": {"view": "orders.place_for_customers", **_CATALOGUE_KEPT},
    "stock.warehouse": {"view": "stock.view", **_CATALOGUE_KEPT},
    "stock.stocklevel": {"view": "stock.view", **_CATALOGUE_KEPT},
    "shipping.carrier": {"view": "orders.fulfil", **_CATALOGUE_KEPT},
    "invoicing.invoice": {"view": "invoices.view_network"},
    "invoicing.payment": {
        "view": "invoices.view_network",
        "add": "invoices.record_payment",
    },
    "aftersales.warrantyclaim": {"view": "claims.view_network"},
    "invoicing.invoicingsettings": {
        "view": "invoices.settings",
        "change": "invoices.settings",
    },
}

_ROLES_CACHE = "_portal_roles"
_MEMBERSHIP_CACHE = "_portal_membership"
_CUSTOMER_CACHE = "_portal_customer"


def membership_of(*, user: User | AnonymousUser) -> Membership | None:
    """The user's membership with its organisation, or None.

    Kept on the user object, which lives as long as the request: the
    middleware, the rights, the selectors and the view share one query, and
    none when the user was read with ``select_related("membership__organisation")``
    (the API's token).
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, _MEMBERSHIP_CACHE):
        joined = Membership.user.field.remote_field  # read with the user, if so
        if joined.is_cached(user) and (
            (membership := joined.get_cached_value(user)) is None
            or Membership.organisation.field.is_cached(membership)
        ):
            setattr(user, _MEMBERSHIP_CACHE, membership)
            return membership
        membership = (
            Membership.objects.select_related("organisation")
            .filter(user_id=user.pk)
            .first()
        )
        setattr(user, _MEMBERSHIP_CACHE, membership)
    return getattr(user, _MEMBERSHIP_CACHE)


def active_organisation_of(user: User | AnonymousUser) -> Organisation | None:
    """The organisation a reseller member works for, unless it is suspended."""
    membership = membership_of(user=user)
    if membership is None or membership.organisation.is_suspended:
        return None
    return membership.organisation


def opens_admin(user: User | AnonymousUser | None) -> bool:
    """The Wagtail admin's door, and the one meaning of ``is_staff``: a staff
    account (what it may do there is its roles' business)."""
    return user is not None and user.is_authenticated and user.is_staff


def works_for_the_network(user: User) -> bool:
    """A staff account or a reseller member (of any state): such a person
    signs in as one, never as a customer."""
    return opens_admin(user) or membership_of(user=user) is not None


def customer_of(user: User | AnonymousUser) -> models.Model | None:
    """The customer record a customer-space user signs in as, or None.

    Staff and reseller accounts are never customers (the customer space
    refuses their addresses). Kept on the user object for the request.
    """
    if not user.is_authenticated or works_for_the_network(user):
        return None
    if not hasattr(user, _CUSTOMER_CACHE):
        # Through the user's reverse relation: customers sit above this room.
        customer = getattr(user, "customer", None)
        if customer is not None and customer.erased_at is not None:
            customer = None
        setattr(user, _CUSTOMER_CACHE, customer)
    return getattr(user, _CUSTOMER_CACHE)


def roles_of(user: User | AnonymousUser | None) -> frozenset[PortalRole]:
    """The roles a person holds now, read once per request.

    A reseller member's roles come from the membership the middleware has
    already read; only staff accounts have their groups read.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is not None:
        return cached
    roles: set[PortalRole] = set()
    if user.is_superuser:
        roles.add(SUPERUSER)
    membership: Membership | None = membership_of(user=user)
    if membership is not None:
        if not membership.organisation.is_suspended:
            roles.add(PortalRole(membership.role))
    elif opens_admin(user):
        names = user.groups.values_list("name", flat=True)
        roles.update(STAFF_GROUPS[name] for name in names if name in STAFF_GROUPS)
    elif customer_of(user) is not None:
        roles.add(CUSTOMER)
    result = frozenset(roles)
    setattr(user, _ROLES_CACHE, result)
    return result


def _holders(right: str, roles: frozenset[PortalRole]) -> rules.Predicate:
    return rules.Predicate(
        lambda user: not roles.isdisjoint(roles_of(user)), name=f"may_{right}"
    )


RULES = rules.RuleSet()
for _right, _roles in TABLE.items():
    RULES.add_rule(_right, _holders(_right, _roles))


class UnknownRightError(KeyError):
    """A right that the table does not list: a typo, never a silent "no"."""


def may(user: User | AnonymousUser | None, right: str) -> bool:
    """Whether the person holds ``right`` (one of ``TABLE``'s keys)."""
    if not RULES.rule_exists(right):
        raise UnknownRightError(right)
    return RULES.test_rule(right, user)


def may_any(user: User | AnonymousUser | None, *rights: str) -> bool:
    """Whether the person holds at least one of ``rights`` (a page that the
    organisation's own people and the network's staff both open)."""
    return any(may(user, right) for right in rights)


def staff_role_labels(user: User | AnonymousUser | None) -> list[str]:
    """The staff roles a person holds, as words for the header and the home."""
    roles = roles_of(user)
    return [str(label) for role, label in STAFF_ROLE_LABELS.items() if role in roles]


def documentation_staff() -> Q:
    """Who may answer for a documentation page: its editors and reviewers
    (``limit_choices_to`` of a page's responsible editor)."""
    groups = [name for name, role in STAFF_GROUPS.items() if role in {EDITOR, REVIEWER}]
    return Q(is_staff=True, groups__name__in=groups)


def staff_holding(right: str) -> QuerySet[User]:
    """Active staff accounts holding a right through their groups (who may
    own a callback, say); superusers included when the right lists them."""
    roles = TABLE[right]
    groups = [name for name, role in STAFF_GROUPS.items() if role in roles]
    found = Q(groups__name__in=groups)
    if SUPERUSER in roles:
        found |= Q(is_superuser=True)
    return User.objects.filter(found, is_staff=True, is_active=True).distinct()


class RightsOf:
    """``rights.orders.view_own`` in a template: the signed-in person's answer."""

    def __init__(self, user, area: str = ""):
        self._user, self._area = user, area

    def __getitem__(self, name: str):
        if not self._area:
            return RightsOf(self._user, name)
        right = f"{self._area}.{name}"
        if not RULES.rule_exists(right):
            raise KeyError(right)
        return may(self._user, right)
