"""Writes to the shared customer record: corrections, export and erasure.

Erasure follows the French CNIL's usual reading of the GDPR: personal data
goes, what accounting must keep (orders, their totals and their lines)
stays, attached to an anonymous customer.
"""

import json
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customers.models import AuditEntry, Customer, Installation
from accounts.network.models import User
from accounts.network.rights import may

CONTACT_FIELDS = ("phone", "line1", "line2", "postcode", "city")


class CustomerError(Exception):
    """A refusal whose message is fit for the person who asked."""


@dataclass(frozen=True)
class ContactChange:
    phone: str
    line1: str
    postcode: str
    city: str
    line2: str = ""


@transaction.atomic
def customer_contact_update(*, customer: Customer, by: User, change: ContactChange):
    """Correct a customer's phone and address, on the one shared record.

    The customer, their installers and staff all read this row: nothing is
    copied, so the correction is everywhere at once.
    """
    if customer.is_erased:
        raise CustomerError(_("This customer's data was erased."))
    for name in CONTACT_FIELDS:
        setattr(customer, name, getattr(change, name).strip())
    customer.full_clean()
    customer.save()
    return customer


def customer_export(*, customer: Customer, by: User) -> dict:
    """Everything the portal holds on one customer, for a GDPR access request."""
    if not may(by, "customers.view_network"):
        raise CustomerError(_("Only the call center and managers export it."))
    installations = (
        Installation.objects.filter(customer=customer)
        .select_related("organisation", "appliance")
        .prefetch_related("consumables__part")
        .order_by("installed_on", "pk")
    )
    orders = customer.orders.prefetch_related("lines").order_by("placed_at", "pk")
    data = {
        "customer": {
            "id": customer.pk,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "email": customer.email,
            "phone": customer.phone,
            "address": customer.address_lines,
            "country": customer.country,
            "shares_record": customer.shares_record,
            "consent_recorded_at": customer.consent_recorded_at,
            "created_at": customer.created_at,
            "updated_at": customer.updated_at,
            "erased_at": customer.erased_at,
        },
        "installations": [
            {
                "installer": i.organisation.name,
                "appliance": i.appliance.name,
                "reference": i.appliance.reference,
                "serial_number": i.serial_number,
                "installed_on": i.installed_on,
                "water_hardness": i.water_hardness,
                "water_pressure": i.water_pressure,
                "site_notes": i.site_notes,
                "photos": i.photos.count(),
                "consumables": [
                    {
                        "reference": c.part.reference,
                        "name": c.part.name,
                        "quantity": c.quantity,
                        "last_changed_on": c.last_changed_on,
                        "next_due_on": c.next_due_on,
                    }
                    for c in i.consumables.all()
                ],
            }
            for i in installations
        ],
        "orders": [
            {
                "number": o.number,
                "placed_at": o.placed_at,
                "channel": o.channel,
                "status": o.status,
                "total_incl_vat": o.total_incl_vat,
                "currency": o.currency,
                "delivery_address": o.delivery_address_lines,
                "lines": [
                    {
                        "reference": line.product_reference,
                        "name": line.product_name,
                        "quantity": line.quantity,
                        "unit_price": line.unit_price,
                    }
                    for line in o.lines.all()
                ],
            }
            for o in orders
        ],
    }
    AuditEntry.objects.create(
        action=AuditEntry.Action.CUSTOMER_EXPORTED,
        actor=by,
        customer=customer,
        subject=str(customer),
    )
    # Dates and decimals as the text a JSON file holds.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def customer_erase(*, customer: Customer, by: User, reason: str) -> Customer:
    """Anonymise a customer: personal data goes, orders stay for accounting.

    Their login is closed, their photos deleted and the names on their orders
    and deliveries replaced; what was sold, when and for how much remains.
    The audit entry keeps who did it and why, not the data itself.
    """
    if not may(by, "customers.erase"):
        raise CustomerError(_("Only Oxyplus managers erase customer data."))
    if customer.is_erased:
        raise CustomerError(_("This customer's data was already erased."))
    reason = reason.strip()
    if not reason:
        raise CustomerError(_("Say why the data is erased (e.g. the request's date)."))
    label = _("Erased customer %(pk)s") % {"pk": customer.pk}
    user = customer.user
    Customer.objects.filter(pk=customer.pk).update(
        first_name="",
        last_name=label,
        email="",
        phone="",
        line1="",
        line2="",
        postcode="",
        city="",
        shares_record=False,
        consent_recorded_at=None,
        user=None,
        erased_at=timezone.now(),
    )
    customer.orders.update(
        end_customer_name=label,
        contact_email="",
        delivery_name=label,
        delivery_line1="",
        delivery_line2="",
    )
    Installation.objects.filter(customer=customer).update(site_notes="")
    for installation in Installation.objects.filter(customer=customer):
        for photo in installation.photos.all():
            storage, name = photo.image.storage, photo.image.name
            photo.delete()
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    if user is not None:
        # The customer-space login holds the address: it goes too.
        for session in UserSession.objects.filter(user=user):
            session.end()
        EmailAddress.objects.filter(user=user).delete()
        user.delete()
    # The log keeps who erased whom and why, never the erased data.
    AuditEntry.objects.create(
        action=AuditEntry.Action.CUSTOMER_ERASED,
        actor=by,
        customer=customer,
        subject=label,
        reason=reason,
    )
    customer.refresh_from_db()
    return customer
