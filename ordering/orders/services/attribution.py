"""Which reseller a sale to an end customer is credited to, and moving a credit.

The rule, applied when a web or call-center order is placed, in this order:

1. **The installer.** An order for one of the customer's installations is
   credited to the reseller who recorded it. Any other order of a customer
   with installations is credited to the reseller of their most recent one
   (latest installation date, then latest recorded). The customer's address
   does not matter: a customer who moved keeps their installer until staff
   reassign the credit.
2. **The territory.** Otherwise the reseller whose territory holds the
   delivery postcode. Where territories overlap, the longest matching prefix
   wins (``690`` before ``69``); on an equal prefix, the reseller that joined
   the network first (lowest id), so the same order always goes to the same
   reseller.
3. **Nobody.** Otherwise the sale is not credited.

A suspended reseller is skipped at every step. A reseller's own purchases
(channel "reseller") are not credited sales. The organisation's commission
rate is copied onto the order: a later change of rate does not rewrite past
statements.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from accounts.customers.models import AuditEntry, Customer, Installation
from accounts.network.models import Organisation, TerritoryPrefix, User
from accounts.network.rights import may
from ordering.errors import NotAllowedError, OrderingError
from ordering.orders.models import Order
from ordering.orders.services.summary import sale_of, sales_summary_count

Rule = Order.CreditRule


@dataclass(frozen=True)
class Credit:
    organisation: Organisation | None
    rule: str = ""

    @property
    def commission_rate(self) -> Decimal | None:
        return self.organisation.commission_rate if self.organisation else None


NO_CREDIT = Credit(None)


def credit_for(
    *,
    customer: Customer | None,
    postcode: str,
    installation: Installation | None = None,
) -> Credit:
    """The reseller a sale is credited to, by the rule in this module's docstring."""
    active = Organisation.Status.ACTIVE
    if installation is not None and installation.organisation.status == active:
        return Credit(installation.organisation, Rule.INSTALLER)
    if customer is not None and customer.pk:
        latest = (
            Installation.objects.filter(
                customer=customer,
                status=Installation.Status.SUBMITTED,
                organisation__status=active,
            )
            .select_related("organisation")
            .order_by("-installed_on", "-submitted_at", "-pk")
            .first()
        )
        if latest is not None:
            return Credit(latest.organisation, Rule.INSTALLER)
    postcode = "".join(postcode.split()).upper()
    if postcode:
        prefixes = [postcode[:n] for n in range(1, min(len(postcode), 5) + 1)]
        territory = (
            TerritoryPrefix.objects.filter(
                postcode_prefix__in=prefixes, organisation__status=active
            )
            .select_related("organisation")
            .order_by(Length("postcode_prefix").desc(), "organisation_id")
            .first()
        )
        if territory is not None:
            return Credit(territory.organisation, Rule.TERRITORY)
    return NO_CREDIT


def credit_fields(credit: Credit) -> dict:
    """The order's columns for a credit, for ``Order.objects.create``."""
    return {
        "credited_organisation": credit.organisation,
        "credit_rule": credit.rule,
        "commission_rate": credit.commission_rate,
    }


@transaction.atomic
def order_credit_reassign(
    *, order: Order, organisation: Organisation | None, by: User, reason: str
) -> Order:
    """Credit a sale to another reseller (or to nobody), with an audit entry."""
    if not may(by, "credits.reassign"):
        raise NotAllowedError(_("Only managers credit a sale to another reseller."))
    reason = reason.strip()
    if not reason:
        raise OrderingError(_("Say why the credit moves: it is kept in the audit log."))
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.channel == Order.Channel.RESELLER:
        raise OrderingError(
            _("A reseller's own purchase is not a credited sale: it cannot move.")
        )
    if order.credited_organisation_id == (organisation.pk if organisation else None):
        raise OrderingError(_("The sale is already credited to this reseller."))
    previous = order.credited_organisation
    counted = sale_of(order)
    order.credited_organisation = organisation
    order.credit_rule = Rule.REASSIGNED if organisation else ""
    order.commission_rate = organisation.commission_rate if organisation else None
    order.save(
        update_fields=[
            "credited_organisation",
            "credit_rule",
            "commission_rate",
            "updated_at",
        ]
    )
    nobody = _("nobody")
    AuditEntry.objects.create(
        action=AuditEntry.Action.CREDIT_REASSIGNED,
        actor=by,
        subject=_("%(number)s: %(old)s → %(new)s")
        % {
            "number": order.number,
            "old": previous or nobody,
            "new": organisation or nobody,
        },
        customer_id=order.customer_id,
        order=order,
        reason=reason,
    )
    # The sale leaves the previous reseller's figures for the new one's.
    sales_summary_count(before=counted, after=sale_of(order))
    return order
