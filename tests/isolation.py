"""The isolation check every reseller-facing page must pass.

Given a URL built on an object of another organisation, every reseller role
of the viewer's organisation must get a 404 that shows none of the object's
data, whether it reads (GET) or tries to act (POST).
"""

from django.test import Client

from accounts.network.models import Organisation, Role
from tests.accounts.factories import MembershipFactory


def assert_isolated(
    url: str,
    *,
    viewer_organisation: Organisation,
    hidden_texts: list[str],
    methods: tuple[str, ...] = ("get", "post"),
) -> None:
    for role in Role.values:
        viewer = MembershipFactory(organisation=viewer_organisation, role=role).user
        client = Client()
        client.force_login(viewer)
        for method in methods:
            response = getattr(client, method)(url)
            assert response.status_code == 404, (
                f"{role} of {viewer_organisation} got {response.status_code} "
                f"on {method.upper()} {url}"
            )
            body = response.content.decode()
            for text in hidden_texts:
                assert text not in body, f"{text!r} leaked to a {role} on {url}"
