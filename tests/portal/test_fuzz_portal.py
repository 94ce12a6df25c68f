"""Fuzz of the portal's own pages: no query string or form post, however
odd, makes a page fail (issue 13: 549 server errors were found this way).

Every URL pattern of the portal, of allauth's pages under ``/accounts/``
and of the documentation under ``/docs/`` (walked from the resolver, filled
with the objects of ``tests.world``) is opened as each role whose pages have
forms. As the first role of each side that may open it, every name its GET
forms and the usual filters use is sent with nasty values, and every form
it renders is posted with nasty values in every field, then in each field
alone. Path parameters are fuzzed by ``test_fuzz_paths``, the Wagtail admin
by ``test_fuzz_admin``.
"""

from tests.portal.fuzzing import Fuzzer, endpoints, quiet_request_log, walk_pages
from tests.world import build_world

# In the order tried: the first of each side who may open a page fuzzes it.
ROLES = (
    "owner",
    "technician",
    "customer",
    "anonymous",
    "manager",
    "agent",
    "editor",
    "superuser",
)
ELSEWHERE = ("admin/", "api/", "documents/")
# Posting them ends the session the next requests need.
NEVER_POSTED = frozenset({"/accounts/logout/"})


def test_no_portal_page_fails_on_odd_input(db):
    world = build_world()
    fuzz = Fuzzer(world)
    pages = [e for e in endpoints() if not e.route.startswith(ELSEWHERE)]

    with quiet_request_log():
        opened = walk_pages(fuzz, pages, roles=ROLES, never_posted=NEVER_POSTED)

    report = fuzz.report(f"portal pages, {opened} of {len(pages)} patterns opened")
    assert not fuzz.errors, report
    assert opened >= 60, "the world no longer opens most pages: fix tests.world"
