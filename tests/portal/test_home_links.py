"""No tile or link leads a role to a page it may not open: every link of the
header, the tabs and the home page answers, for every role."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import StaffFactory
from tests.world import ROLES, build_world

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#?]*)')
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
# Leaving the page is not opening one.
NOT_PAGES = {reverse("account_logout")}


def _links(body: str) -> set[str]:
    return {href for href in HREF.findall(body) if not href.startswith("/static/")}


def test_every_link_on_the_home_page_opens_for_every_role():
    world = build_world()
    refused = []
    for role in SIGNED_IN:
        client = Client()
        client.force_login(world.users[role])
        home = client.get(reverse("home"), follow=True)
        assert home.status_code == 200, role
        for href in sorted(_links(home.content.decode()) - NOT_PAGES):
            status = client.get(href).status_code
            if status not in (200, 302):
                refused.append(f"{role}: {href} answers {status}")
            elif status == 302:
                target = client.get(href)["Location"]
                if target.startswith(reverse("account_login")):
                    refused.append(f"{role}: {href} sends to the login")
    assert not refused, "\n".join(refused)


def test_a_technician_s_home_offers_no_orders_stock_or_cart(client, technician):
    client.force_login(technician)
    body = client.get(reverse("home")).content.decode()
    for name in ("orders", "stock", "cart", "reseller_dashboard"):
        assert f'href="{reverse(name)}"' not in body, name
    assert f'href="{reverse("installations")}"' in body
    assert f'href="{reverse("documentation")}"' in body


@pytest.mark.parametrize("group", ["Content editors", "Documentation reviewers"])
def test_documentation_staff_are_offered_documentation_and_the_admin_only(
    client, group
):
    client.force_login(StaffFactory(groups=[Group.objects.get(name=group)]))
    links = _links(client.get(reverse("home")).content.decode())
    for name in ("orders", "customer_list", "callback_queue", "organisation_list"):
        assert reverse(name) not in links, name
    assert reverse("documentation") in links
    assert reverse("wagtailadmin_home") in links
