"""A safety notice reaches exactly the units it names, and nobody hears twice."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.aftersales.models import UnitNotice
from accounts.aftersales.notices.targeting import units_targeted_by
from accounts.network.models import Role
from pages.models import SafetyNoticePage
from tests.accounts.aftersales.factories import notice_folder, safety_notice
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
)
from tests.ordering.factories import ApplianceFactory

pytestmark = pytest.mark.django_db


def _units(appliance, organisation, serials, **fields):
    return {
        serial: InstallationFactory(
            appliance=appliance,
            organisation=organisation,
            serial_number=serial,
            **fields,
        )
        for serial in serials
    }


def _notified(notice) -> set[str]:
    return set(
        UnitNotice.objects.filter(notice=notice).values_list(
            "installation__serial_number", flat=True
        )
    )


def test_a_serial_range_takes_its_boundaries_and_nothing_outside(organisation):
    appliance, other_appliance = ApplianceFactory(), ApplianceFactory()
    _units(
        appliance,
        organisation,
        ["AB-0099", "AB-0100", "AB-0150", "AB-0200", "AB-0201", "AB-01000", "AC-0150"],
    )
    # The same serial on another appliance model is another unit.
    _units(other_appliance, organisation, ["AB-0150"])

    notice = safety_notice([appliance], serial_from="ab 0100", serial_to="AB-0200")

    assert _notified(notice) == {"AB-0100", "AB-0150", "AB-0200"}
    assert set(units_targeted_by(notice).values_list("appliance", flat=True)) == {
        appliance.pk
    }


def test_a_serial_list_matches_serials_typed_with_or_without_separators(
    organisation,
):
    appliance = ApplianceFactory()
    _units(appliance, organisation, ["AB-0150", "AB-0300", "AB-0301"])

    notice = safety_notice([appliance], serial_list="ab 0150\nAB0300, ZZ-9999")

    assert _notified(notice) == {"AB-0150", "AB-0300"}


def test_firmware_and_installation_dates_narrow_the_units(organisation):
    appliance = ApplianceFactory()
    _units(appliance, organisation, ["F-1"], firmware="2.1")
    _units(appliance, organisation, ["F-2"], firmware="2.2")
    _units(appliance, organisation, ["F-3"], firmware="2.3")
    _units(appliance, organisation, ["F-4"])  # firmware unknown
    by_firmware = safety_notice([appliance], firmware="2.1, 2.2")
    assert _notified(by_firmware) == {"F-1", "F-2"}

    dated = ApplianceFactory()
    for day, serial in [(1, "D-1"), (2, "D-2"), (30, "D-30"), (31, "D-31")]:
        _units(dated, organisation, [serial], installed_on=date(2026, 3, day))
    _units(dated, organisation, ["D-0"], installed_on=date(2026, 2, 28))
    by_date = safety_notice(
        [dated], installed_from=date(2026, 3, 1), installed_to=date(2026, 3, 30)
    )
    assert _notified(by_date) == {"D-1", "D-2", "D-30"}


def test_a_draft_installation_is_never_targeted(organisation):
    appliance = ApplianceFactory()
    InstallationFactory(
        appliance=appliance, organisation=organisation, status="draft", customer=None
    )
    assert _notified(safety_notice([appliance])) == set()


def test_publishing_again_adds_new_units_and_keeps_what_was_recorded(
    organisation, technician, mailoutbox, django_capture_on_commit_callbacks
):
    appliance = ApplianceFactory()
    units = _units(appliance, organisation, ["AB-0100", "AB-0150", "AB-0250"])
    with django_capture_on_commit_callbacks(execute=True):
        notice = safety_notice([appliance], serial_from="AB0100", serial_to="AB0200")
    installers = [m for m in mailoutbox if technician.email in m.to]
    assert len(installers) == 1 and len(mailoutbox) == 3  # and two customers
    first = UnitNotice.objects.get(installation=units["AB-0100"])
    first.read_at, first.read_by = first.notified_at, technician
    first.save()

    notice.serial_to = "AB-0300"
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
        notice.save_revision().publish()  # twice: still one row per unit

    assert _notified(notice) == {"AB-0100", "AB-0150", "AB-0250"}
    assert UnitNotice.objects.filter(notice=notice).count() == 3
    first.refresh_from_db()
    assert first.read_by == technician
    # Only the new unit was told about, once (its installer, its customer).
    installers = [m for m in mailoutbox if technician.email in m.to]
    assert len(installers) == 2 and len(mailoutbox) == 5
    assert "AB-0250" in installers[1].body and "AB-0100" not in installers[1].body


def test_installers_and_consenting_customers_hear_never_a_customer_without_consent(
    organisation,
    owner,
    technician,
    buyer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    appliance = ApplianceFactory()
    agrees = CustomerFactory(email="oui@example.test", shares_record=True)
    refuses = CustomerFactory(email="non@example.test", shares_record=False)
    InstallationFactory(appliance=appliance, organisation=organisation, customer=agrees)
    InstallationFactory(
        appliance=appliance, organisation=organisation, customer=refuses
    )
    # Another reseller's unit of the same model: its own installers hear.
    elsewhere = MembershipFactory(role=Role.TECHNICIAN)
    InstallationFactory(
        appliance=appliance,
        organisation=elsewhere.organisation,
        customer=CustomerFactory(email="ailleurs@example.test"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        safety_notice([appliance], title="Vanne à contrôler")

    recipients = [sorted(message.to) for message in mailoutbox]
    assert sorted(recipients) == sorted(
        [
            sorted([owner.email, technician.email]),
            [elsewhere.user.email],
            ["oui@example.test"],
            ["ailleurs@example.test"],
        ]
    )
    assert all("Vanne à contrôler" in message.subject for message in mailoutbox)
    assert not any("non@example.test" in message.to for message in mailoutbox)
    assert buyer.email not in {address for r in recipients for address in r}


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"serial_from": "AB0100"}, "serial_to"),
        ({"serial_from": "AB0100", "serial_to": "AB01000"}, "serial_to"),
        ({"serial_from": "AB0200", "serial_to": "AB0100"}, "serial_to"),
        (
            {"serial_from": "AB0100", "serial_to": "AB0200", "serial_list": "AB0150"},
            "serial_list",
        ),
        (
            {"installed_from": date(2026, 3, 2), "installed_to": date(2026, 3, 1)},
            "installed_to",
        ),
    ],
)
def test_a_target_that_cannot_be_read_one_way_is_refused(fields, field):
    notice = SafetyNoticePage(title="Avis", action_required="<p>Agir</p>", **fields)
    with pytest.raises(ValidationError) as refused:
        notice.clean()
    assert field in refused.value.message_dict


def test_the_folder_holds_only_notices_and_notices_live_only_in_it():
    assert SafetyNoticePage.parent_page_types == ["pages.SafetyNoticeIndexPage"]
    folder = notice_folder()
    assert [m.__name__ for m in folder.specific_class.allowed_subpage_models()] == [
        "SafetyNoticePage"
    ]


def test_a_notice_goes_through_the_documentation_review_workflow():
    """Editors submit notices for review; reviewers publish them, as for the
    documentation (the workflow of the whole tree)."""
    notice = safety_notice([ApplianceFactory()])
    assert notice.get_workflow().name == "Documentation review"
