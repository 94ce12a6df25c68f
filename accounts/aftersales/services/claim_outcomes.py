"""What follows a decision: a claim refused, its part received back, the
claim closed (issuing the credit note it calls for)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claim_steps import (
    CLAIM_TRANSITIONS,
    ClaimError,
    IllegalClaimTransitionError,
    claim_lock,
    claim_require,
    claim_status_set,
)
from accounts.network.models import User
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import InvoicingError, credit_note_issue

Status = WarrantyClaim.Status


@transaction.atomic
def claim_refuse(*, claim: WarrantyClaim, by: User, reason: str) -> WarrantyClaim:
    """Refuse a submitted claim (``claims.decide``), saying why."""
    claim_require(by, "claims.decide")
    reason = reason.strip()
    if not reason:
        raise ClaimError(_("Say why the claim is refused: the installer reads it."))
    claim = claim_lock(claim)
    claim.refusal_reason = reason[:2000]
    claim_status_set(
        claim,
        Status.REFUSED,
        by=by,
        note=claim.refusal_reason,
        fields=("refusal_reason",),
    )
    return claim


@transaction.atomic
def claim_receive_return(
    *, claim: WarrantyClaim, by: User, note: str = ""
) -> WarrantyClaim:
    """The warehouse received the part sent back (``claims.receive_return``)."""
    claim_require(by, "claims.receive_return")
    claim = claim_lock(claim)
    if claim.status == Status.APPROVED and not claim.return_required:
        raise ClaimError(_("No part was to be sent back for this claim."))
    claim_status_set(claim, Status.PART_RETURNED, by=by, note=note.strip())
    return claim


@transaction.atomic
def claim_close(*, claim: WarrantyClaim, by: User, note: str = "") -> WarrantyClaim:
    """Close an approved claim (``claims.decide``): once its part is back, or
    at once when none was to come back; the reseller's purchase of the part
    is credited when the claim was settled so."""
    claim_require(by, "claims.decide")
    claim = claim_lock(claim)
    if Status.CLOSED not in CLAIM_TRANSITIONS[claim.status]:
        raise IllegalClaimTransitionError(claim, Status.CLOSED)
    if claim.status == Status.APPROVED and claim.return_required:
        raise ClaimError(
            _("The part of claim %(claim)s has not come back yet.") % {"claim": claim}
        )
    fields = ()
    if claim.credited_line_id and claim.credit_note_id is None:
        line = claim.credited_line
        try:
            claim.credit_note = credit_note_issue(
                invoice=line.invoice,
                quantities={line.pk: claim.quantity},
                reason=Invoice.Reason.RETURN,
                details=_("Warranty claim %(rma)s") % {"rma": claim.rma_number},
                by=by,
            )
        except InvoicingError as error:
            raise ClaimError(str(error)) from error
        fields = ("credit_note",)
    claim_status_set(claim, Status.CLOSED, by=by, note=note.strip(), fields=fields)
    return claim
