import pytest

from tests.wagtail_admin import assert_turned_away


@pytest.mark.parametrize("url", ["/admin/organisation/", "/admin/membership/"])
def test_managers_see_resellers_and_members_in_the_admin(
    client, manager, organisation, owner, url
):
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert organisation.name in response.content.decode()


def test_members_and_invitations_cannot_be_created_from_a_bare_admin_form(
    admin_client,
):
    """They need the invitation service: hashed token, email, checks."""
    for url in ["/admin/membership/new/", "/admin/invitation/new/"]:
        assert_turned_away(admin_client, url)


def test_resellers_cannot_reach_the_admin(client, owner):
    client.force_login(owner)
    response = client.get("/admin/")
    assert response.status_code == 302
