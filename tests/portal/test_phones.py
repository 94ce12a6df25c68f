"""Phone numbers become links a phone dials, in international form."""

import pytest

from portal.templatetags.phones import tel_link, tel_uri


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("04 72 00 00 00", "tel:+33472000000"),
        ("04.72.00.00.00", "tel:+33472000000"),
        ("+33 1 84 60 00 00", "tel:+33184600000"),
        ("0032 2 123 45 67", "tel:+3221234567"),
        ("+41 22 700 00 00", "tel:+41227000000"),
    ],
)
def test_numbers_are_dialled_in_international_form(written, dialled):
    assert tel_uri(written) == dialled


def test_the_link_shows_the_number_as_written_and_escapes_it():
    assert tel_link("") == ""
    assert tel_link(None) == ""
    link = tel_link('06 12 <b>"34"</b>')
    assert "<b>" not in link and "&lt;b&gt;" in link
