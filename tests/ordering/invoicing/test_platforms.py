"""Issued documents go to the e-invoicing platform the settings name, once."""

from pathlib import Path

import environ
import pytest

from ordering.invoicing import tasks
from ordering.invoicing.models import Invoice
from ordering.invoicing.platforms import (
    EInvoicingError,
    EInvoicingPlatform,
    FolderPlatform,
    einvoicing_platform,
)
from ordering.invoicing.services import credit_note_issue
from ordering.invoicing.services.transmission import invoice_transmit
from portal.settings.einvoicing import einvoicing_from_env
from tests.ordering.invoicing.factories import issued_invoice


class RecordingPlatform(EInvoicingPlatform):
    """The test double: keeps what it was sent, answers a reference."""

    sent: list[tuple[str, bytes, bytes]] = []
    failing = False

    def send(self, invoice, *, pdf, xml):
        if self.failing:
            raise EInvoicingError("platform down")
        self.sent.append((invoice.number, pdf, xml))
        return f"PDP-{len(self.sent):04d}"


DOUBLE = f"{__name__}.RecordingPlatform"


@pytest.fixture
def recording(settings):
    settings.PORTAL_EINVOICING_PLATFORM = DOUBLE
    RecordingPlatform.sent = []
    RecordingPlatform.failing = False
    return RecordingPlatform


@pytest.fixture
def folder(settings, tmp_path):
    settings.PORTAL_EINVOICING_PLATFORM = "folder"
    settings.PORTAL_EINVOICING = {**settings.PORTAL_EINVOICING, "folder": str(tmp_path)}
    return tmp_path


def test_the_setting_chooses_the_platform_by_name_or_path(settings, recording):
    assert isinstance(einvoicing_platform(), RecordingPlatform)
    settings.PORTAL_EINVOICING_PLATFORM = "folder"
    assert isinstance(einvoicing_platform(), FolderPlatform)


def test_the_folder_platform_writes_both_files_and_never_resends(
    organisation, folder: Path
):
    invoice = issued_invoice(organisation)

    reference = invoice_transmit(invoice_id=invoice.pk)

    pdf, xml = folder / f"{invoice.number}.pdf", folder / f"{invoice.number}.xml"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert xml.read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in folder.iterdir()) == sorted([pdf.name, xml.name])
    invoice.refresh_from_db()
    assert invoice.transmitted_at is not None
    assert invoice.platform_reference == reference
    sent_at = invoice.transmitted_at

    pdf.unlink()
    assert invoice_transmit(invoice_id=invoice.pk) == reference  # a second run
    assert not pdf.exists()
    invoice.refresh_from_db()
    assert invoice.transmitted_at == sent_at


def test_issuing_queues_the_transmission_after_commit(
    organisation, manager, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        credit_note = credit_note_issue(
            invoice=invoice, quantities=None, reason="return", by=manager
        )

    assert [number for number, _pdf, _xml in recording.sent] == [
        invoice.number,
        credit_note.number,
    ]
    assert Invoice.objects.filter(transmitted_at__isnull=False).count() == 2
    invoice.refresh_from_db()
    assert invoice.platform_reference == "PDP-0001"
    # The task run again (a retry, two workers) sends nothing more.
    tasks.invoice_transmit.call(invoice_id=invoice.pk)
    assert len(recording.sent) == 2


def test_a_platform_failure_leaves_the_document_to_send_again(organisation, recording):
    invoice = issued_invoice(organisation)
    recording.failing = True
    with pytest.raises(EInvoicingError):
        invoice_transmit(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert invoice.transmitted_at is None

    recording.failing = False
    assert invoice_transmit(invoice_id=invoice.pk) == "PDP-0001"


def test_the_platform_s_address_and_credentials_come_from_the_environment(
    monkeypatch,
):
    for name, value in {
        "PORTAL_EINVOICING_URL": "https://pdp.example/api",
        "PORTAL_EINVOICING_LOGIN": "oxyplus",
        "PORTAL_EINVOICING_SECRET": "s3cr3t",
        "PORTAL_EINVOICING_FOLDER": "/srv/einvoicing",
    }.items():
        monkeypatch.setenv(name, value)

    assert einvoicing_from_env(environ.Env()) == {
        "url": "https://pdp.example/api",
        "login": "oxyplus",
        "secret": "s3cr3t",
        "folder": "/srv/einvoicing",
    }
