"""The isolation checks every reseller-facing and customer-facing page must pass.

Given a URL built on an object of another organisation, every reseller role
of the viewer's organisation must get a 404 that shows none of the object's
data, whether it reads (GET) or tries to act (POST); so must an end
customer on a URL built on another customer's object.
"""

from django.test import Client

from accounts.network.models import Organisation, Role, User
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


def assert_hidden_from_customer(
    url: str,
    *,
    viewer: User,
    hidden_texts: list[str],
    methods: tuple[str, ...] = ("get", "post"),
) -> None:
    """The same check for an end customer: a URL built on another customer's
    object answers 404 and shows none of its data."""
    client = Client()
    client.force_login(viewer)
    for method in methods:
        response = getattr(client, method)(url)
        assert response.status_code == 404, (
            f"customer {viewer} got {response.status_code} on {method.upper()} {url}"
        )
        body = response.content.decode()
        for text in hidden_texts:
            assert text not in body, f"{text!r} leaked to customer {viewer} on {url}"
