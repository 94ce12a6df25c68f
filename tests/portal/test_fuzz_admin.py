"""Fuzz of the Wagtail admin: no query string or form post makes it fail.

Every pattern under ``/admin/`` (walked from the resolver, filled with the
objects of ``tests.world``) is opened as the superuser and as each staff
role; as the first of them who may open it, its query string is sent with
nasty values. The forms of the pages, images, documents and of the portal's
own admin screens (resellers, customers, orders, catalogue: Wagtail
``ModelViewSet`` screens) are posted with nasty values, and once without
each of their fields (a page edit without its StreamField's count raised
``MultiValueDictKeyError``). The rest of the admin is Wagtail's own and is
only opened and asked, to stay fast.
"""

from tests.portal.fuzzing import Fuzzer, endpoints, quiet_request_log, walk_pages
from tests.world import build_world

# The superuser opens every screen; each staff role's own rights are the
# isolation matrix's business.
ROLES = ("superuser",)
# Listings, searches and choosers: the screens that read a query string.
ASKED = ("index", "results", "search", "explore", "choose", "listing", "find")
POSTED = (
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:add",
    "wagtailimages:edit",
    "wagtailimages:add",
    "wagtaildocs:edit",
    "wagtaildocs:add",
    "organisation:",
    "membership:",
    "invitation:",
    "customer:",
    "installation:",
    "order:",
    "shipment:",
    "stocklevel:",
    "product:",
    "pricelist:",
    "warehouse:",
    "carrier:",
)
# Posting them ends the session, or asks Wagtail to fail on purpose.
# Invoicing's forms over its services: a credit note, a payment received.
SERVICE_FORMS = (
    "invoice:credit",
    "payment:add",
    # Warranty claims: the decisions, forms over the claim services.
    "warrantyclaim:approve",
    "warrantyclaim:refuse",
    "warrantyclaim:receive",
    "warrantyclaim:close",
)
NEVER_POSTED = frozenset({"/admin/logout/"})
NEVER_OPENED = ("wagtailadmin_error_test",)


def _asked(endpoint) -> bool:
    return any(word in (endpoint.name or "") for word in ASKED)


def _posted(endpoint) -> bool:
    """The edit forms, and the add forms of pages, images and documents (the
    other add forms hold the same fields as their edit forms)."""
    name = endpoint.name or ""
    if name in SERVICE_FORMS:
        return True
    if name.startswith(POSTED[:6]):
        return name.endswith((":edit", ":add"))
    return name.startswith(POSTED) and name.endswith(":edit")


def test_no_admin_page_fails_on_odd_input(db):
    world = build_world()
    fuzz = Fuzzer(world)
    admin = [
        e
        for e in endpoints()
        if e.route.startswith("admin/") and e.name not in NEVER_OPENED
    ]

    with quiet_request_log():
        opened = walk_pages(
            fuzz,
            admin,
            roles=ROLES,
            ask=_asked,
            post_forms=_posted,
            missing_fields=_posted,
            each_field=False,
            never_posted=NEVER_POSTED,
        )

    report = fuzz.report(f"Wagtail admin, {opened} of {len(admin)} patterns opened")
    assert not fuzz.errors, report
    assert opened > 150, "the world no longer opens most admin pages"
