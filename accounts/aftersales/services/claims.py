"""Warranty claims: filed by an installer on a unit, decided by Oxyplus, the
part sent back, the claim closed (with a credit note when it calls for one).

Every move goes through ``CLAIM_TRANSITIONS`` under the claim's row lock; the
free replacement order is written once (the order's unique submission key
and the claim's unique ``replacement_order``), so approving twice, even at
the same moment, never sends two parts.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.aftersales.models import ClaimPhoto, ServiceVisit, WarrantyClaim
from accounts.aftersales.selectors import warranty_of
from accounts.aftersales.services.claim_steps import (
    CLAIM_TRANSITIONS,
    ClaimError,
    IllegalClaimTransitionError,
    claim_email,
    claim_event_add,
    claim_lock,
    claim_require,
    claim_status_set,
    rma_number_take,
)
from accounts.customers.models import Installation
from accounts.customers.photos import PhotoRejected, photo_clean, photo_store
from accounts.network.models import OrganisationAddress, User
from accounts.network.rights import active_organisation_of
from ordering.catalogue.models import Compatibility, Product
from ordering.catalogue.selectors import Quote, QuoteLine, vat_by_rate
from ordering.invoicing.models import Invoice, InvoiceLine
from ordering.invoicing.services.credit_notes import credited_quantities
from ordering.orders.models import Order, OrderEvent
from ordering.orders.services.rows import (
    Delivery,
    order_lines_create,
    order_row_create,
)
from ordering.orders.services.summary import sale_of, sales_summary_count

Status = WarrantyClaim.Status
MAX_PHOTOS = 5
MAX_QUANTITY = 20


def claim_check_part(*, installation: Installation, part: Product) -> None:
    """The part must fit the unit's appliance (the compatibility table)."""
    if not Compatibility.objects.filter(
        appliance_id=installation.appliance_id, part=part
    ).exists():
        raise ClaimError(
            _("%(part)s does not fit %(appliance)s: choose one of its parts.")
            % {"part": part.name, "appliance": installation.appliance.name}
        )


def claim_check_warranty(*, installation: Installation, fault_on: date) -> None:
    """The fault must have happened while the unit was under warranty."""
    today = timezone.localdate()
    if fault_on > today:
        raise ClaimError(_("The date of the fault cannot be in the future."))
    warranty = warranty_of(installation, today=today)
    if not warranty.is_known:
        raise ClaimError(_("This unit's warranty is not known: call Oxyplus."))
    if fault_on < warranty.starts_on:
        raise ClaimError(_("The fault is dated before the installation."))
    if not warranty.covers(fault_on):
        raise ClaimError(
            _("Out of warranty: the warranty ended on %(date)s.")
            % {"date": date_format(warranty.ends_on, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def claim_file(
    *,
    installation: Installation,
    by: User,
    part: Product,
    quantity: int,
    fault_on: date,
    symptom: str,
    fault_code: str = "",
    visit: ServiceVisit | None = None,
    photos: list | None = None,
) -> WarrantyClaim:
    """An installer claims a part under warranty for one of their units.

    Refused with the reason when the unit was out of warranty on the day of
    the fault, or the part does not fit its appliance; photos are checked
    and re-encoded, a refused picture stores nothing.
    """
    claim_require(by, "claims.file")
    organisation = active_organisation_of(by)
    if (
        organisation is None
        or installation.organisation_id != organisation.pk
        or installation.status != Installation.Status.SUBMITTED
    ):
        raise ClaimError(_("You claim for the units your organisation installed."))
    if visit is not None and visit.installation_id != installation.pk:
        raise ClaimError(_("That visit was not on this unit."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ClaimError(
            _("Claim between 1 and %(max)s parts.") % {"max": MAX_QUANTITY}
        )
    symptom = symptom.strip()
    if not symptom:
        raise ClaimError(_("Describe the symptom."))
    claim_check_part(installation=installation, part=part)
    claim_check_warranty(installation=installation, fault_on=fault_on)
    uploads = [u for u in photos or [] if u]
    if len(uploads) > MAX_PHOTOS:
        raise ClaimError(
            _("A claim keeps at most %(limit)s photos.") % {"limit": MAX_PHOTOS}
        )
    try:
        cleaned = [photo_clean(u, name=(u.name or "")[:80]) for u in uploads]
    except PhotoRejected as error:
        raise ClaimError(str(error)) from error
    claim = WarrantyClaim(
        installation=installation,
        visit=visit,
        organisation=organisation,
        filed_by=by,
        fault_code=fault_code.strip()[:20],
        fault_on=fault_on,
        symptom=symptom,
        part=part,
        quantity=quantity,
    )
    claim.full_clean()
    claim.save()
    for clean in cleaned:
        photo_store(ClaimPhoto(claim=claim), clean)
    claim_event_add(claim, by=by, status=Status.SUBMITTED)
    claim_email(claim)
    return claim


def default_return_instructions(rma_number: str) -> str:
    return _(
        "Send the faulty part back within 30 days, in its packaging if you "
        "still have it, with the number %(rma)s written on the parcel, to "
        "Oxyplus, Service retours. The carrier label is in the box of the "
        "replacement part."
    ) % {"rma": rma_number}


def _delivery_of(claim: WarrantyClaim) -> Delivery:
    address = (
        OrganisationAddress.objects.filter(organisation=claim.organisation)
        .order_by("-kind", "pk")  # delivery before billing
        .first()
    )
    if address is None:
        raise ClaimError(
            _("%(reseller)s has no address to send the part to.")
            % {"reseller": claim.organisation}
        )
    return Delivery(
        name=address.label or claim.organisation.name,
        line1=address.line1,
        line2=address.line2,
        postcode=address.postcode,
        city=address.city,
        country=address.country or "FR",
    )


def _replacement_order(claim: WarrantyClaim, *, by: User) -> Order:
    """The free part for the claim: price 0, channel "warranty", confirmed;
    back-ordered if it is not in stock."""
    zero = Decimal("0.00")
    priced = Quote(
        lines=[QuoteLine(claim.part, claim.quantity, zero)],
        vat_by_rate=vat_by_rate([(claim.part.vat_rate, zero)]),
    )
    now = timezone.now()
    filer = claim.filed_by
    order = order_row_create(
        priced=priced,
        organisation=claim.organisation,
        channel=Order.Channel.WARRANTY,
        placed_by=by,
        payment_method=Order.PaymentMethod.ON_ACCOUNT,
        delivery=_delivery_of(claim),
        # One order per claim, whatever happens: the key is unique.
        submission_key=f"warranty-claim-{claim.pk}",
        placed_at=now,
        status=Order.Status.CONFIRMED,
        contact_email=(filer.email if filer else "") or claim.organisation.email,
        # The unit, not its owner's name: erasing a customer (which rewrites
        # the names on their own orders) never has to find this order.
        end_customer_name=str(claim.installation)[:150],
        purchase_order_reference=claim.rma_number,
        shipping_preference=Order.ShippingPreference.AS_AVAILABLE,
    )
    order_lines_create(order=order, priced=priced, backorder=True)
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order, actor=by, status=Order.Status.PLACED, created_at=now
            ),
            OrderEvent(
                order=order,
                status=Order.Status.CONFIRMED,
                note=claim.rma_number,
                created_at=now,
            ),
        ]
    )
    # Counted on the reseller's dashboard (a free part: no amount).
    sales_summary_count(after=sale_of(order))
    return order


def _line_to_credit(claim: WarrantyClaim) -> InvoiceLine:
    """The reseller's latest invoice line for the part with enough units not
    credited yet."""
    lines = (
        InvoiceLine.objects.filter(
            invoice__organisation=claim.organisation,
            invoice__kind=Invoice.Kind.INVOICE,
            order_line__product=claim.part,
        )
        .select_related("invoice")
        .order_by("-invoice__issue_date", "-pk")
    )
    for line in lines[:20]:
        done = credited_quantities(line.invoice).get(line.pk, 0)
        if line.quantity - done >= claim.quantity:
            return line
    raise ClaimError(
        _("%(reseller)s has no invoice of %(part)s left to credit.")
        % {"reseller": claim.organisation, "part": claim.part.reference}
    )


@transaction.atomic
def claim_approve(
    *,
    claim: WarrantyClaim,
    by: User,
    remedy: str = WarrantyClaim.Remedy.REPLACEMENT,
    return_required: bool = True,
    instructions: str = "",
    note: str = "",
) -> WarrantyClaim:
    """Approve a claim (``claims.decide``): its RMA number, the return
    instructions, and the free replacement order, or the reseller's purchase
    of the part to credit at closing.

    Approving an approved claim again changes nothing and returns it: a
    double click, or two managers at once, never make a second order.
    """
    claim_require(by, "claims.decide")
    claim = claim_lock(claim)
    if claim.status != Status.SUBMITTED and claim.rma_number:
        return claim  # approved already: the first approval stands
    if remedy not in WarrantyClaim.Remedy.values:
        raise ClaimError(_("Choose how the claim is settled."))
    if Status.APPROVED not in CLAIM_TRANSITIONS[claim.status]:
        raise IllegalClaimTransitionError(claim, Status.APPROVED)
    claim.rma_number = rma_number_take(year=timezone.localdate().year)
    claim.remedy = remedy
    claim.return_required = return_required
    if return_required:
        claim.return_instructions = instructions.strip() or (
            default_return_instructions(claim.rma_number)
        )
    else:
        claim.return_instructions = ""
    fields = ["rma_number", "remedy", "return_required", "return_instructions"]
    if remedy == WarrantyClaim.Remedy.REPLACEMENT:
        claim.replacement_order = _replacement_order(claim, by=by)
        fields.append("replacement_order")
    else:
        claim.credited_line = _line_to_credit(claim)
        fields.append("credited_line")
    claim_status_set(claim, Status.APPROVED, by=by, note=note.strip(), fields=fields)
    return claim
