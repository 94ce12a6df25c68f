"""The French catalogue is complete, and the login page speaks both languages."""

import json
import re
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


# --- French punctuation ------------------------------------------------------

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
# ":;?!" as punctuation: followed by a space, the end, or a closing mark.
# "08:33", "https://", "?next=" and "&amp;" are followed by something else.
PUNCTUATION = re.compile(r"[:;?!](?=\s|$|[<\"»)\].,…])")
ENTITY_END = re.compile(r"&#?\w+;$")
# Code is quoted as written: "<code>Authorization: Bearer …</code>".
CODE = re.compile(r"<code>.*?</code>", re.DOTALL)


def french_messages(path: Path = CATALOGUE) -> list[tuple[str, str]]:
    """Every (msgid, msgstr) of a .po file, plural forms as separate msgstr."""
    entries, key = [], None
    values: dict[str, str] = {}

    def flush():
        for name, text in values.items():
            if name.startswith("msgstr"):
                entries.append((values.get("msgid", ""), text))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgctxt ")) and key and key.startswith("msgstr"):
            flush()
            values = {}
        if line.startswith(("msgctxt", "msgid", "msgstr")):
            key, _, rest = line.partition(" ")
            values[key] = json.loads(rest)
        elif line.startswith('"') and key:
            values[key] += json.loads(line)
    flush()
    return entries


def badly_spaced(text: str) -> list[str]:
    """The places where ":;?!" lacks the non-breaking space French puts before."""
    faults = []
    text = CODE.sub(lambda code: "x" * len(code.group()), text)
    for match in PUNCTUATION.finditer(text):
        before = text[: match.start()]
        if match.group() == ";" and ENTITY_END.search(before + ";"):
            continue
        if before.endswith((NBSP, NARROW_NBSP, "?", "!")):
            continue
        faults.append(text[max(0, match.start() - 20) : match.end() + 1])
    return faults


def test_badly_spaced_finds_what_french_typography_forbids():
    assert badly_spaced("Numéro : 12") == ["Numéro : "]
    assert badly_spaced("Numéro: 12") == ["Numéro: "]
    assert badly_spaced("%(name)s : voir") == ["%(name)s : "]
    assert badly_spaced("Vraiment ?") and badly_spaced("Bravo!")
    assert badly_spaced(f"Numéro{NBSP}: 12, à 08:33, https://oxyplus.fr?x=1") == []
    assert badly_spaced(f"Prêt{NARROW_NBSP}?!") == []
    assert badly_spaced("Jean &amp; fils, <code>Authorization: Bearer</code>") == []


def test_french_puts_a_non_breaking_space_before_double_punctuation():
    faults = [
        (msgid, fault)
        for msgid, msgstr in french_messages()
        if msgid  # the header
        for fault in badly_spaced(msgstr)
    ]
    assert faults == []
