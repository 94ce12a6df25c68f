"""Writes that matter for the network: the team, invitations, suspension, API tokens.

Each service checks its own invariants and raises an exception whose message
is fit for the person who asked; views turn it into a message. Views use
``from accounts.network import services``; the modules split the work by subject.
"""

from accounts.network.services.api_tokens import (
    ApiTokenError,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    may_use_api,
)
from accounts.network.services.invitations import (
    invitation_accept,
    invitation_address_has_account,
    invitation_create,
    invitation_for_token,
    invitation_request_renewal,
    invitation_resend,
    invitation_revoke,
)
from accounts.network.services.team import (
    AddressHasAccountError,
    AlreadyMemberError,
    InvitationAlreadyPendingError,
    InvitationPendingError,
    InvitationReplaceError,
    InvitationUnusableError,
    LastOwnerError,
    PermissionDeniedError,
    RenewalAlreadyRequestedError,
    TeamError,
    membership_change_role,
    membership_remove,
    organisation_reactivate,
    organisation_suspend,
)

__all__ = [
    "ApiTokenError",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "may_use_api",
    "AddressHasAccountError",
    "AlreadyMemberError",
    "InvitationAlreadyPendingError",
    "InvitationPendingError",
    "InvitationReplaceError",
    "InvitationUnusableError",
    "LastOwnerError",
    "PermissionDeniedError",
    "RenewalAlreadyRequestedError",
    "TeamError",
    "invitation_accept",
    "invitation_address_has_account",
    "invitation_create",
    "invitation_for_token",
    "invitation_request_renewal",
    "invitation_resend",
    "invitation_revoke",
    "membership_change_role",
    "membership_remove",
    "organisation_reactivate",
    "organisation_suspend",
]
