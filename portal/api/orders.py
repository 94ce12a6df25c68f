"""Orders: list and search, detail with timeline and shipments, and placing
one on account.

Orders are read through ``orders_visible_to``, as on the orders tab; placing
one goes through ``ordering.services.order_place_items``, the same core as
the cart's checkout, without touching the person's cart.
"""

import hashlib
import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.network.models import Organisation, OrganisationAddress, User
from accounts.network.rights import may
from ordering.catalogue.models import Product
from ordering.orders import services
from ordering.orders.models import Order
from ordering.orders.selectors import (
    order_detail,
    order_detail_just_placed,
    order_search,
    ordering_organisation_of,
    orders_visible_to,
    with_backorder_flag,
)
from portal.api.access import (
    not_found,
    require_ordering,
    require_orders,
    visible_organisation,
)
from portal.api.pagination import PortalPagination
from portal.api.schemas import (
    DeliveryAddressIn,
    ErrorOut,
    OrderFilters,
    OrderIn,
    OrderOut,
    OrderSummaryOut,
    StockShortageOut,
)

router = Router(tags=["Orders"])

ORDER_NUMBER = r"^[A-Za-z0-9-]{1,20}$"


def visible_order(user: User, number: str) -> Order:
    """The order with its lines, timeline and shipments, or 404 (another
    organisation's order answers exactly like a missing one)."""
    order = (
        with_backorder_flag(order_detail(orders_visible_to(user)))
        .filter(number=number)
        .first()
    )
    if order is None:
        raise not_found(_("No order %(number)s visible to you.") % {"number": number})
    return order


@router.get(
    "",
    response={200: list[OrderSummaryOut], 403: ErrorOut},
    summary="List and search orders, newest first",
)
@paginate(PortalPagination)
def order_list(request: HttpRequest, filters: Query[OrderFilters]) -> QuerySet:
    require_orders(request.user)
    return with_backorder_flag(
        order_search(
            orders_visible_to(request.user),
            query=filters.q,
            status=filters.status or "",
            placed_from=filters.placed_from,
            placed_to=filters.placed_to,
        ).select_related("organisation")
    )


@router.get(
    "/{number}",
    response={200: OrderOut, 404: ErrorOut},
    summary="One order: lines, status timeline, shipments and tracking",
)
def order_get(
    request: HttpRequest, number: str = Path(..., pattern=ORDER_NUMBER)
) -> Order:
    return visible_order(request.user, number)


def _organisation(user: User, slug: str | None) -> Organisation:
    """Whom the order is for: a reseller's own organisation; the call center
    names it."""
    if slug:
        return visible_organisation(user, slug)
    if may(user, "orders.place_for_customers"):
        raise HttpError(
            400,
            _("Name the reseller you order for: organisation, with its slug."),
        )
    return ordering_organisation_of(user)


def _delivery(
    organisation: Organisation,
    *,
    address_id: int | None,
    address: DeliveryAddressIn | None,
) -> services.Delivery:
    if address is not None:
        return services.Delivery(
            name=address.name,
            line1=address.line1,
            line2=address.line2,
            postcode=address.postcode,
            city=address.city,
        )
    addresses = organisation.addresses.filter(
        kind=OrganisationAddress.Kind.DELIVERY
    ).order_by("label", "id")
    found = addresses.filter(pk=address_id).first() if address_id else addresses.first()
    if found is None:
        if address_id:
            raise HttpError(
                400,
                _("Address %(id)s is not one of %(organisation)s's delivery addresses.")
                % {"id": address_id, "organisation": organisation},
            )
        raise HttpError(
            400,
            _("%(organisation)s has no delivery address: send delivery_address.")
            % {"organisation": organisation},
        )
    return services.Delivery(
        name=f"{organisation.name} — {found.label}"
        if found.label
        else organisation.name,
        line1=found.line1,
        line2=found.line2,
        postcode=found.postcode,
        city=found.city,
        country=found.country,
    )


def _items(payload: OrderIn) -> list[tuple[Product, int]]:
    references = {line.reference for line in payload.lines}
    products = {
        p.reference: p for p in Product.objects.filter(reference__in=references)
    }
    unknown = sorted(references - products.keys())
    if unknown:
        raise HttpError(
            400,
            _("Unknown product reference: %(references)s.")
            % {"references": ", ".join(unknown)},
        )
    return [(products[line.reference], line.quantity) for line in payload.lines]


def _shortages(error: services.InsufficientStockError) -> dict:
    """The 409 answer: what is short, so the client can correct its order."""
    return {
        "detail": str(error),
        "shortages": [
            {
                "reference": s.product.reference,
                "name": s.product.name,
                "requested": s.requested,
                "available": s.available,
            }
            for s in error.shortages
        ],
    }


def _submission_key(user: User, header: str | None, body: str | None) -> str:
    """The order's unique key: the client's own, kept apart from every other
    person's and from the web forms' keys; a random one without it."""
    if header and body and header != body:
        raise HttpError(400, _("The Idempotency-Key header and submission_key differ."))
    key = header or body
    if not key:
        return uuid.uuid4().hex
    return "api-" + hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:60]


@router.post(
    "",
    response={
        200: OrderOut,
        201: OrderOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: StockShortageOut,
    },
    summary="Place an order on account",
)
def order_create(
    request: HttpRequest,
    payload: OrderIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        pattern=r"^[\x21-\x7e]{1,64}$",
        description="Your key for this order, the same on every retry.",
    ),
):
    """Reserve the stock and place the order, confirmed on account.

    Send an ``Idempotency-Key`` header (or ``submission_key``): retrying with
    the same key after a time-out returns the first order (200) instead of
    placing a second one. When stock is short, nothing is reserved and the
    answer (409) lists what is short, unless ``shipping_preference`` agrees
    to a back-order: then what is in stock is reserved and each line says
    how many units wait for stock (``quantity_backordered``).
    """
    user = request.user
    require_ordering(user)
    organisation = _organisation(user, payload.organisation)
    try:
        order, created = services.order_place_items(
            user=user,
            organisation=organisation,
            items=_items(payload),
            submission_key=_submission_key(
                user, idempotency_key, payload.submission_key
            ),
            payment_method=payload.payment_method,
            delivery=_delivery(
                organisation,
                address_id=payload.delivery_address_id,
                address=payload.delivery_address,
            ),
            purchase_order_reference=payload.purchase_order_reference,
            end_customer_name=payload.end_customer_name,
            shipping_preference=payload.shipping_preference,
        )
    except services.InsufficientStockError as error:
        return Status(409, _shortages(error))
    except services.NotAllowedError as error:
        raise HttpError(403, str(error)) from None
    except services.OrderingError as error:
        raise HttpError(400, str(error)) from None
    if not created:  # a retry: the order as it is now
        return Status(200, visible_order(user, order.number))
    return Status(201, order_detail_just_placed(order))
