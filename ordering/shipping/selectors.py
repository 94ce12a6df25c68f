"""Shipments a person may see, and where their parcels are."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.network.models import User
from ordering.orders.selectors import orders_visible_to
from ordering.shipping.models import Shipment, TrackingEvent


def shipments_visible_to(user: User | AnonymousUser) -> QuerySet[Shipment]:
    """The shipments of the orders the user may see."""
    return Shipment.objects.filter(order__in=orders_visible_to(user))


def shipments_in_tracking_status(
    shipments: QuerySet[Shipment], status: str
) -> QuerySet[Shipment]:
    """The shipments whose latest tracking event (by time) has this status, or,
    without events, whose own status is it (see ``Shipment.tracking_status``)."""
    latest = (
        TrackingEvent.objects.filter(shipment=OuterRef("pk"))
        .order_by("-occurred_at", "-id")
        .values("status")[:1]
    )
    return shipments.alias(
        tracking_status_now=Coalesce(Subquery(latest), F("status"))
    ).filter(tracking_status_now=status)
