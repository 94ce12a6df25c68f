"""The claim's transition map, its timeline, its RMA numbers and the e-mail
that tells the filer of each step."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.aftersales.models import ClaimEvent, RmaSequence, WarrantyClaim
from accounts.network.models import User
from accounts.network.rights import may
from portal.emails import email_send_after_commit
from portal.links import absolute_url

Status = WarrantyClaim.Status

# Where a claim may go from each status. A claim approved without a part to
# send back closes at once; one with a part waits for it (``claim_close``).
CLAIM_TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.APPROVED, Status.REFUSED},
    Status.APPROVED: {Status.PART_RETURNED, Status.CLOSED},
    Status.PART_RETURNED: {Status.CLOSED},
    Status.REFUSED: set(),
    Status.CLOSED: set(),
}


class ClaimError(Exception):
    """A claim that cannot be filed or moved; the message says why."""


class IllegalClaimTransitionError(ClaimError):
    def __init__(self, claim: WarrantyClaim, target: str):
        self.claim, self.target = claim, target
        super().__init__(
            _("%(claim)s is %(current)s: it cannot become %(target)s.")
            % {
                "claim": str(claim),
                "current": claim.get_status_display().lower(),
                "target": Status(target).label.lower(),
            }
        )


def rma_number_take(*, year: int) -> str:
    """The next RMA number of the year: RMA-2026-000001.

    Must run inside the transaction that approves the claim: the counter row
    stays locked until it commits, and a rollback gives the number back.
    """
    sequence, _created = RmaSequence.objects.select_for_update().get_or_create(
        year=year
    )
    RmaSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    return f"RMA-{year}-{sequence.last:06d}"


def claim_event_add(
    claim: WarrantyClaim, *, by: User | None, status: str, note: str = ""
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim, actor=by, status=status, note=note, created_at=timezone.now()
    )


def claim_status_set(
    claim: WarrantyClaim,
    target: str,
    *,
    by: User | None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    """Move a locked claim to ``target`` if the map allows it, on its timeline,
    and tell the filer; ``IllegalClaimTransitionError`` otherwise."""
    if target not in CLAIM_TRANSITIONS[claim.status]:
        raise IllegalClaimTransitionError(claim, target)
    claim.status = target
    claim.full_clean(exclude=["installation", "visit", "part", "organisation"])
    claim.save(update_fields=["status", "updated_at", *fields])
    claim_event_add(claim, by=by, status=target, note=note)
    claim_email(claim)


def claim_email(claim: WarrantyClaim) -> None:
    """The filer hears of each step, once its transaction commits."""
    filer = claim.filed_by
    to = filer.email if filer is not None else claim.organisation.email
    if not to:
        return
    email_send_after_commit(
        template=f"aftersales/email/claim_{claim.status}",
        to=[to],
        context={
            "claim": str(claim),
            "rma_number": claim.rma_number or "",
            "appliance": str(claim.installation.appliance),
            "serial_number": claim.installation.serial_number,
            "part": f"{claim.part.reference} {claim.part.name}",
            "quantity": claim.quantity,
            "refusal_reason": claim.refusal_reason,
            "return_required": claim.return_required,
            "return_instructions": claim.return_instructions,
            "order_number": (
                claim.replacement_order.number if claim.replacement_order else ""
            ),
            "credit_note_number": claim.credit_note.number if claim.credit_note else "",
            "url": absolute_url(reverse("claim_detail", args=[claim.pk])),
        },
    )


def claim_require(user: User, right: str) -> None:
    """Refuse, with a message fit for the person, who lacks ``right``."""
    if not may(user, right):
        raise ClaimError(_("You may not do this with warranty claims."))


def claim_lock(claim: WarrantyClaim) -> WarrantyClaim:
    """The claim again, locked until the transaction ends (one decision at a
    time), with what its services read."""
    return (
        WarrantyClaim.objects.select_for_update(of=("self",))
        .select_related("installation__appliance", "part", "organisation", "filed_by")
        .get(pk=claim.pk)
    )
