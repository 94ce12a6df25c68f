"""The seam to the approved e-invoicing platform (the 2026 French reform).

One class per platform, chosen by the one setting ``PORTAL_EINVOICING_PLATFORM``:
a short name of ``PLATFORMS`` ("folder") or the dotted path of a class. Each
class reads its place and credentials from ``PORTAL_EINVOICING`` (filled from
the environment, ``portal.settings.einvoicing``), never from code.

``FolderPlatform`` is the local one: it writes ``<number>.pdf`` and
``<number>.xml`` into ``PORTAL_EINVOICING_FOLDER`` (by default
``<DJANGO_PRIVATE_MEDIA_ROOT>/einvoicing``, never served), for development,
demonstrations, or an operator who uploads the files by hand. A real
platform's class goes next to it and is named by the setting.
"""

import os
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from ordering.invoicing.models import Invoice


class EInvoicingError(Exception):
    """The platform refused or could not be reached: the task tries again."""


class EInvoicingPlatform:
    """Sends an issued invoice or credit note; returns the platform's reference."""

    name = ""

    def __init__(self, config: dict[str, str]):
        self.config = config

    def send(self, invoice: Invoice, *, pdf: bytes, xml: bytes) -> str:
        raise NotImplementedError


class FolderPlatform(EInvoicingPlatform):
    """Writes the two files into a local folder; the reference is the PDF's path."""

    name = "folder"

    @property
    def folder(self) -> Path:
        configured = self.config.get("folder")
        if configured:
            return Path(configured)
        return Path(settings.PRIVATE_MEDIA_ROOT) / "einvoicing"

    def send(self, invoice: Invoice, *, pdf: bytes, xml: bytes) -> str:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".xml", xml), (".pdf", pdf)):
            # Written whole then renamed: a reader never sees half a file.
            target = folder / f"{invoice.number}{suffix}"
            partial = target.with_suffix(suffix + ".part")
            partial.write_bytes(content)
            os.replace(partial, target)
        return f"folder:{invoice.number}"


PLATFORMS: dict[str, type[EInvoicingPlatform]] = {"folder": FolderPlatform}


def einvoicing_platform() -> EInvoicingPlatform:
    """The platform the settings name, with its configuration."""
    name = settings.PORTAL_EINVOICING_PLATFORM
    cls = PLATFORMS.get(name) or import_string(name)
    return cls(dict(getattr(settings, "PORTAL_EINVOICING", {})))
