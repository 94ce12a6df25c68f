import pytest
from django.core import mail
from django.urls import reverse


@pytest.mark.parametrize(
    "url_name",
    ["account_email", "account_change_password", "mfa_index", "usersessions_list"],
)
def test_account_settings_pages_render_in_the_portal_layout(client, buyer, url_name):
    client.force_login(buyer)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="manage-nav"' in body  # the account menu
    assert reverse("orders") in body  # inside the portal shell with its tabs


def test_password_reset_sends_a_link_and_says_so_for_any_address(
    client, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": buyer.email})
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.test"}
    )
    # Same answer either way, so the form does not reveal who has an account.
    assert known.status_code == unknown.status_code == 302
    to_buyer = [m for m in mail.outbox if m.to == [buyer.email]]
    assert len(to_buyer) == 1
    assert "/accounts/password/reset/key/" in to_buyer[0].body
    # An unknown address is told it has no account, and gets no reset link.
    for message in mail.outbox:
        if message.to != [buyer.email]:
            assert "/accounts/password/reset/key/" not in message.body


def test_password_reset_requests_are_rate_limited(client, buyer):
    for _attempt in range(5):
        client.post(reverse("account_reset_password"), {"email": buyer.email})
    response = client.post(reverse("account_reset_password"), {"email": buyer.email})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
