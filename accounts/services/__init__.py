"""Writes that matter for accounts: the team, installations, customers.

Each service checks its own invariants and raises an exception whose message
is fit for the person who asked; views turn it into a message. Callers use
``from accounts import services`` and the names below; the modules split the
work by subject.
"""

from .customers import (
    ContactChange,
    CustomerError,
    customer_contact_update,
    customer_erase,
    customer_export,
)
from .installations import (
    CustomerDetails,
    DuplicateSerialError,
    InstallationDetails,
    InstallationError,
    PhotoError,
    Recorded,
    can_record_installations,
    consumable_mark_changed,
    customer_space_invite,
    installation_discard_draft,
    installation_record,
    installation_save_draft,
    photo_remove,
    photo_upload,
    serial_normalise,
)
from .reminders import (
    ReminderRun,
    photos_pending_purge,
    reminders_create,
    reminders_send,
)
from .team import (
    AlreadyMemberError,
    InvitationUnusableError,
    LastOwnerError,
    PermissionDeniedError,
    RenewalAlreadyRequestedError,
    TeamError,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_request_renewal,
    invitation_resend,
    invitation_revoke,
    membership_change_role,
    membership_remove,
    organisation_reactivate,
    organisation_suspend,
)

__all__ = [
    "AlreadyMemberError",
    "ContactChange",
    "CustomerDetails",
    "CustomerError",
    "DuplicateSerialError",
    "InstallationDetails",
    "InstallationError",
    "InvitationUnusableError",
    "LastOwnerError",
    "PermissionDeniedError",
    "PhotoError",
    "Recorded",
    "ReminderRun",
    "RenewalAlreadyRequestedError",
    "TeamError",
    "can_record_installations",
    "consumable_mark_changed",
    "customer_contact_update",
    "customer_erase",
    "customer_export",
    "customer_space_invite",
    "installation_discard_draft",
    "installation_record",
    "installation_save_draft",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_request_renewal",
    "invitation_resend",
    "invitation_revoke",
    "membership_change_role",
    "membership_remove",
    "organisation_reactivate",
    "organisation_suspend",
    "photo_remove",
    "photo_upload",
    "photos_pending_purge",
    "reminders_create",
    "reminders_send",
    "serial_normalise",
]
