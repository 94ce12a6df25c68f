"""The header's sections: each person sees the ones the rights table opens to
them, the current one marked for screen readers, and the cart with its count."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from ordering.orders import services
from tests.ordering.factories import ProductFactory, stocked

pytestmark = pytest.mark.django_db


def _tabs(client, url: str) -> list[tuple[str, str, bool]]:
    """(address, words, current) of each section link of the page's header."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(url).content.decode()
    nav = re.search(
        r'<nav class="tabs" aria-label="Main sections">(.*?)</nav>', body, re.S
    )
    assert nav, "the page has no sections"
    links = re.findall(
        r'<a (?:class="tabs__cart" )?href="([^"]+)"( aria-current="page")?>(.*?)</a>',
        nav.group(1),
        re.S,
    )
    # What a screen reader says: the words of the link, markup aside.
    return [
        (href, re.sub(r"\s+,", ",", re.sub(r"<[^>]+>", "", words)), bool(current))
        for href, current, words in links
    ]


def test_a_buyer_sees_the_ordering_sections_and_the_cart_with_its_count(client, buyer):
    for product in (stocked(ProductFactory()), stocked(ProductFactory())):
        services.cart_add(user=buyer, product=product, quantity=1)
    client.force_login(buyer)

    tabs = _tabs(client, reverse("orders"))

    assert (reverse("orders"), "Orders and tracking", True) in tabs
    assert (reverse("stock"), "Stock", False) in tabs
    assert (reverse("cart"), "Cart, 2 products", False) in tabs
    assert [t for t in tabs if t[1] == "Dashboard"] == [
        (reverse("reseller_dashboard"), "Dashboard", False)
    ]
    # The network's sections are staff business; the team is the owner's.
    assert not {"Customers", "Callbacks", "Resellers", "Team"} & {t[1] for t in tabs}
    assert sum(current for *_, current in tabs) == 1


def test_an_empty_cart_shows_no_count(client, buyer):
    client.force_login(buyer)
    assert (reverse("cart"), "Cart", True) in _tabs(client, reverse("cart"))


def test_an_owner_reaches_the_team_of_their_own_organisation(
    client, owner, organisation
):
    client.force_login(owner)
    team = reverse("team", args=[organisation.slug])
    assert (team, "Team", True) in _tabs(client, team)


def test_a_manager_sees_the_networks_sections(client, manager):
    client.force_login(manager)

    tabs = _tabs(client, reverse("customer_list"))

    words = [t[1] for t in tabs]
    assert (reverse("customer_list"), "Customers", True) in tabs
    assert (reverse("staff_dashboard"), "Dashboard", False) in tabs
    assert "Callbacks" in words and words.count("Dashboard") == 1
    assert not any(t[0] == reverse("reseller_dashboard") for t in tabs)
    assert "Team" not in words


def test_the_sections_speak_french(client, buyer):
    client.force_login(buyer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    body = client.get(reverse("orders")).content.decode()
    assert 'aria-label="Rubriques principales"' in body
    assert 'aria-current="page">Commandes et suivi<' in body
