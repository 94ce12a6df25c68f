"""What the Wagtail admin answers someone it refuses."""

from html import unescape

from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

# Wagtail's own words (``wagtail.admin.auth.permission_denied``).
NO_PERMISSION = "Sorry, you do not have permission to access this area."


def assert_turned_away(client: Client, url: str, *, method: str = "get") -> None:
    """Asking ``url`` sends the user back to the admin home, which says why
    (in the language the request was answered in): no form, no server error.

    The redirect is followed, so the message is read, as on screen, by the
    request that earned it and not left over from an earlier one.
    """
    response = getattr(client, method)(url, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], url
    assert response.status_code == 200, url
    assert gettext(NO_PERMISSION) in unescape(response.content.decode()), url
