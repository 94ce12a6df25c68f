"""The header's sections: each person sees the ones the rights table opens to
them, the current one marked for screen readers, and the cart with its count."""

import re
from html import unescape

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


# --- Who is signed in, the language switch, the account ------------------------


def _tools(client, url: str) -> str:
    body = client.get(url).content.decode()
    tools = re.search(r'<div class="site-header__tools">(.*?)</div>', body, re.S)
    assert tools, "the page has no header tools"
    return tools.group(1)


def _spoken(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_member_sees_who_they_are_and_may_switch_language_and_log_out(
    client, buyer, organisation
):
    organisation.name = "Eau <Pure> & Fils"
    organisation.save()
    buyer.first_name, buyer.last_name = "Élodie", "Henry"
    buyer.save()
    client.force_login(buyer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    tools = _tools(client, reverse("orders") + "?q=a%26b")

    who = re.search(r'<p class="who">(.*?)</p>', tools, re.S).group(1)
    assert _spoken(who) == "Eau <Pure> & Fils Élodie Henry Buyer"
    assert "Eau &lt;Pure&gt; &amp; Fils" in who  # text, never markup
    switch = re.search(r'<form action="([^"]+)" method="post" class="language', tools)
    assert switch.group(1) == reverse("set_language")
    # Back to the same page, its search kept, after switching.
    back = "/reseller/orders/?q=a%26b"
    assert f'<input name="next" type="hidden" value="{back}">' in tools
    assert 'aria-current="true" lang="en">EN' in tools
    assert 'name="language" value="fr"' in tools and "— français" in tools
    assert f'href="{reverse("account_email")}">My account</a>' in tools
    assert f'action="{reverse("account_logout")}"' in tools
    # Both forms carry the CSRF token; the member opens no administration.
    assert tools.count('name="csrfmiddlewaretoken"') == 2
    assert "Administration" not in tools


def test_a_manager_sees_their_role_and_the_administration(client, manager):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    tools = _tools(client, reverse("customer_list"))

    who = re.search(r'<p class="who">(.*?)</p>', tools, re.S).group(1)
    assert _spoken(who) == f"{manager.get_full_name()} Manager"
    assert f'href="{reverse("wagtailadmin_home")}">Administration</a>' in tools
    assert "Mon compte" in tools and "Se déconnecter" in tools
    assert "(langue actuelle)" in tools and "— English" in tools


def test_a_visitor_gets_only_the_language_switch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    tools = _tools(client, reverse("account_login"))

    assert 'class="language-switch"' in tools
    assert 'name="csrfmiddlewaretoken"' in tools
    assert "Log out" not in tools and 'class="who"' not in tools
