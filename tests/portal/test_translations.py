"""The French catalogue is complete, and the login page speaks both languages."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
)


def _msgattrib(option: str) -> str:
    msgattrib = shutil.which("msgattrib")
    if msgattrib is None:
        pytest.fail("gettext is missing: `make install` installs it (msgattrib)")
    result = subprocess.run(  # noqa: S603
        [msgattrib, option, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def test_the_french_catalogue_exists():
    assert CATALOGUE.is_file()


def test_every_french_entry_is_translated():
    assert _msgattrib("--untranslated") == ""


def test_no_french_entry_is_fuzzy():
    assert _msgattrib("--only-fuzzy") == ""


@pytest.mark.django_db
def test_the_login_page_is_french_by_default_and_english_on_request(client):
    url = reverse("account_login")
    assert "Se connecter" in client.get(url).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    body = client.get(url).content.decode()
    assert "Log in" in body
    assert "Se connecter" not in body
