"""Shipments: carrier, tracking number and link, and the carrier's events.

Read through ``shipments_visible_to``: the shipments of the orders the
caller may see, as on the order page.
"""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.pagination import paginate

from ordering.shipping.models import Shipment, ShipmentLine
from ordering.shipping.selectors import (
    shipments_in_tracking_status,
    shipments_visible_to,
)
from portal.api.access import not_found, require_orders
from portal.api.orders import ORDER_NUMBER, visible_order
from portal.api.pagination import PortalPagination
from portal.api.schemas import ErrorOut, ShipmentFilters, ShipmentOut

router = Router(tags=["Shipments and tracking"])


def _with_tracking(shipments: QuerySet[Shipment]) -> QuerySet[Shipment]:
    """What a shipment shows, in a fixed number of queries for a page."""
    return shipments.select_related("carrier", "order").prefetch_related(
        Prefetch(
            "lines",
            queryset=ShipmentLine.objects.select_related("order_line").order_by("id"),
        ),
        "tracking_events",
    )


@router.get(
    "/shipments",
    response={200: list[ShipmentOut], 403: ErrorOut},
    summary="List shipments, newest first",
)
@paginate(PortalPagination)
def shipment_list(request: HttpRequest, filters: Query[ShipmentFilters]):
    require_orders(request.user)
    shipments = shipments_visible_to(request.user)
    if filters.tracking_number:
        shipments = shipments.filter(
            tracking_number=filters.tracking_number.replace(" ", "")
        )
    if filters.status:
        shipments = shipments_in_tracking_status(shipments, filters.status)
    return _with_tracking(shipments)


@router.get(
    "/shipments/{shipment_id}",
    response={200: ShipmentOut, 404: ErrorOut},
    summary="One shipment with its tracking events",
)
def shipment_get(
    request: HttpRequest, shipment_id: int = Path(..., ge=1, le=2**63 - 1)
) -> Shipment:
    shipment = (
        _with_tracking(shipments_visible_to(request.user))
        .filter(pk=shipment_id)
        .first()
    )
    if shipment is None:
        raise not_found(_("No shipment %(id)s visible to you.") % {"id": shipment_id})
    return shipment


@router.get(
    "/orders/{number}/shipments",
    response={200: list[ShipmentOut], 404: ErrorOut},
    summary="The shipments of one order",
)
@paginate(PortalPagination)
def order_shipments(
    request: HttpRequest, number: str = Path(..., pattern=ORDER_NUMBER)
):
    order = visible_order(request.user, number)  # 404 before anything else
    return _with_tracking(Shipment.objects.filter(order=order))
