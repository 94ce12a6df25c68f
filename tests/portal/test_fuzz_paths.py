"""Fuzz of path parameters: an order number, a slug, a token or an id that
is a NUL, 10 000 characters, a negative or huge number, a path climbing up
the tree or a lone surrogate answers 404 (or another clear answer), never a
server error.

Every URL pattern with a parameter, walked from the resolver (the portal,
the API, allauth, the documentation and the Wagtail admin), gets each nasty
value in each parameter in turn, the others on real objects of
``tests.world``; only the values its converter accepts are sent (the others
never reach a view). A view that answers GET is asked with GET, one that
only takes POST with POST.
"""

from tests.portal.fuzzing import (
    NASTY_PATH,
    Fuzzer,
    endpoints,
    quiet_request_log,
    real_values,
    resolves_to,
)
from tests.world import build_world

# One of each side for the portal; the Wagtail admin as its superuser.
PORTAL_ROLES = ("owner", "manager")
ADMIN_ROLES = ("superuser",)


def nasty_paths(endpoint, world):
    """(parameter, value, path) for each nasty value the pattern accepts."""
    values = real_values(endpoint, world)
    for name, _converter in endpoint.slots:
        for nasty in NASTY_PATH:
            path = endpoint.fill({**values, name: nasty})
            if resolves_to(path, endpoint):
                yield name, nasty, path


def test_no_path_parameter_makes_a_page_fail(db):
    world = build_world()
    fuzz = Fuzzer(world)
    patterns = tried = 0
    with quiet_request_log():
        for endpoint in endpoints():
            if not endpoint.slots:
                continue
            patterns += 1
            api = endpoint.route.startswith("api/")
            roles = ADMIN_ROLES if endpoint.route.startswith("admin/") else PORTAL_ROLES
            for name, _nasty, path in nasty_paths(endpoint, world):
                tried += 1
                for role in ("owner",) if api else roles:
                    headers = (
                        {"Authorization": f"Bearer {world.tokens[role]}"} if api else {}
                    )
                    response = fuzz.send(
                        role, "get", path, field_name=name, headers=headers
                    )
                    if response.status_code == 405:
                        fuzz.send(
                            role,
                            "post",
                            path,
                            data={},
                            field_name=name,
                            headers=headers,
                        )

    report = fuzz.report(f"path parameters of {patterns} patterns, {tried} paths")
    assert not fuzz.errors, report
    assert patterns > 200 and tried > 500, "the walk no longer reaches the patterns"
