"""Who records installations for which installer, and the refusal every
installation service raises (photos, drafts, recording, customer links)."""

from django.utils.translation import gettext as _

from accounts.network.models import Organisation, User
from accounts.network.rights import active_organisation_of, may


class InstallationError(Exception):
    """A refusal whose message is fit for the technician."""


class DuplicateSerialError(InstallationError):
    pass


class PhotoError(InstallationError):
    pass


def can_record_installations(user: User) -> bool:
    """Technicians and owners of an active reseller record installations."""
    return may(user, "installations.record")


def ensure_records(user: User, organisation: Organisation) -> None:
    own = active_organisation_of(user)
    if not can_record_installations(user) or own is None or own.pk != organisation.pk:
        raise InstallationError(
            _("Only technicians and owners of the installer record installations.")
        )
