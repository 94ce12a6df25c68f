"""Stock moves: reserve for order lines, release, ship, count.

Stock is only ever changed with ``F()`` updates inside the caller's
transaction, after locking the stock rows it touches, always ordered by
product then warehouse (``stock_levels_lock``), so two orders can never
deadlock nor oversell. The database constraints still guard every row.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ordering.catalogue.models import Product
from ordering.errors import OrderingError
from ordering.stock.models import StockLevel, StockReservation


@dataclass
class Shortage:
    product: Product
    requested: int
    available: int


class InsufficientStockError(OrderingError):
    """Some lines ask for more than is available; nothing was reserved."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            " ".join(
                _(
                    "Not enough stock of %(reference)s %(name)s: %(available)s "
                    "available, %(requested)s requested."
                )
                % {
                    "reference": s.product.reference,
                    "name": s.product.name,
                    "available": s.available,
                    "requested": s.requested,
                }
                for s in shortages
            )
        )


class ReservationError(OrderingError):
    """Units to ship that no reservation covers: a bug guard."""


def stock_levels_lock(product_ids: Iterable[int]) -> list[StockLevel]:
    """Lock the stock rows of these products, always in the same order."""
    return list(
        StockLevel.objects.select_for_update(of=("self",))
        .select_related("warehouse")
        .filter(product_id__in=sorted(set(product_ids)))
        .order_by("product_id", "warehouse_id")
    )


def stock_reserve(*, order_lines: list, partial: bool = False) -> dict[int, int]:
    """Reserve every line's units, from the highest-priority warehouse first.

    Either every line is reserved or none is: a shortage raises
    ``InsufficientStockError`` naming each short product, and the caller's
    transaction rolls back. With ``partial`` (the buyer agreed to a
    back-order) each line takes what is available, in the order given, and
    the answer says how many units each short line still waits for.
    """
    levels = stock_levels_lock(line.product_id for line in order_lines)
    by_product: dict[int, list[StockLevel]] = defaultdict(list)
    for level in levels:
        by_product[level.product_id].append(level)
    if not partial:
        _ensure_enough(order_lines, by_product)
    return _reserve_available(
        [(line, line.quantity) for line in order_lines], by_product, merge=False
    )


def _ensure_enough(order_lines: list, by_product: dict[int, list[StockLevel]]):
    requested: dict[int, int] = defaultdict(int)
    for line in order_lines:
        requested[line.product_id] += line.quantity
    shortages = [
        Shortage(
            product=line.product,
            requested=requested[line.product_id],
            available=sum(lv.available for lv in by_product[line.product_id]),
        )
        for line in order_lines
        if requested[line.product_id]
        > sum(lv.available for lv in by_product[line.product_id])
    ]
    if shortages:
        raise InsufficientStockError(shortages)


def _reserve_available(
    wanted: list[tuple[object, int]],
    by_product: dict[int, list[StockLevel]],
    *,
    merge: bool,
) -> dict[int, int]:
    """Reserve up to each line's wanted units from the locked rows, in the
    order given, highest-priority warehouse first; the units each line could
    not get, by line id (lines that got all they wanted are left out).
    ``merge``: the lines may already hold reservations (a back-order)."""
    reserve: dict[int, int] = defaultdict(int)
    reservations = []
    missing: dict[int, int] = {}
    for line, quantity in wanted:
        remaining = quantity
        for level in sorted(
            by_product[line.product_id], key=lambda lv: (lv.warehouse.priority, lv.pk)
        ):
            take = min(level.available, remaining)
            if take <= 0:
                continue
            level.reserved += take
            reserve[level.pk] += take
            reservations.append(
                StockReservation(order_line=line, stock_level=level, quantity=take)
            )
            remaining -= take
            if remaining == 0:
                break
        if remaining:
            missing[line.pk] = remaining
    stock_update(reserved=reserve)
    if merge:
        _reservations_merge(reservations)
    else:
        StockReservation.objects.bulk_create(reservations)
    return missing


def _reservations_merge(reservations: list[StockReservation]) -> None:
    """Store new reservations; a line already holding units in a warehouse
    (a back-order filled by a receipt) gets them added to its row."""
    if not reservations:
        return
    existing = {
        (r.order_line_id, r.stock_level_id): r.pk
        for r in StockReservation.objects.filter(
            order_line_id__in={r.order_line_id for r in reservations},
            stock_level_id__in={r.stock_level_id for r in reservations},
        )
    }
    new = []
    for reservation in reservations:
        pk = existing.get((reservation.order_line_id, reservation.stock_level_id))
        if pk is None:
            new.append(reservation)
        else:
            StockReservation.objects.filter(pk=pk).update(
                quantity=F("quantity") + reservation.quantity
            )
    StockReservation.objects.bulk_create(new)


def stock_update(
    *, reserved: dict[int, int], on_hand: dict[int, int] | None = None
) -> None:
    """Add these amounts to the stock rows, in one ``UPDATE`` of ``F()``
    expressions; the database constraints still guard every row."""

    def per_row(changes: dict[int, int]) -> Case:
        # One WHEN per amount, not per row: an order's lines mostly share a
        # few quantities, and each WHEN costs Django about 0.1 ms to build.
        rows_by_delta: dict[int, list[int]] = defaultdict(list)
        for pk, delta in changes.items():
            rows_by_delta[delta].append(pk)
        whens = [
            When(pk__in=pks, then=Value(delta)) for delta, pks in rows_by_delta.items()
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    if not reserved and not on_hand:
        return
    fields = {"reserved": F("reserved") + per_row(reserved)}
    if on_hand:
        fields["on_hand"] = F("on_hand") + per_row(on_hand)
    StockLevel.objects.filter(pk__in={*reserved, *(on_hand or {})}).update(**fields)


def stock_release(order) -> None:
    """Give back every unit still reserved for the order."""
    reservations = list(
        StockReservation.objects.filter(order_line__order=order)
        .select_related("stock_level")
        .order_by("stock_level__product_id", "stock_level__warehouse_id")
    )
    stock_levels_lock(r.stock_level.product_id for r in reservations)
    release: dict[int, int] = defaultdict(int)
    for reservation in reservations:
        release[reservation.stock_level_id] -= reservation.quantity
    stock_update(reserved=release)
    StockReservation.objects.filter(pk__in=[r.pk for r in reservations]).delete()


def stock_ship(*, quantities: dict[int, int]) -> None:
    """Shipped units leave the warehouse: on hand and reserved both go down."""
    reservations = list(
        StockReservation.objects.filter(order_line_id__in=quantities)
        .select_related("stock_level__warehouse")
        .order_by("stock_level__warehouse__priority", "stock_level_id")
    )
    stock_levels_lock(r.stock_level.product_id for r in reservations)
    remaining = dict(quantities)
    leaving: dict[int, int] = defaultdict(int)
    for reservation in reservations:
        take = min(reservation.quantity, remaining[reservation.order_line_id])
        if take <= 0:
            continue
        leaving[reservation.stock_level_id] -= take
        remaining[reservation.order_line_id] -= take
        if take == reservation.quantity:
            reservation.delete()
        else:
            StockReservation.objects.filter(pk=reservation.pk).update(
                quantity=F("quantity") - take
            )
    if any(remaining.values()):
        # Reservations always cover what is left to ship; this is a bug guard.
        raise ReservationError(_("The reserved stock does not cover this shipment."))
    stock_update(reserved=leaving, on_hand=leaving)


def stock_receive(
    *,
    stock_level: StockLevel,
    quantity: int,
    waiting: list[tuple[object, int]],
    restock_date=None,
    restock_quantity: int | None = None,
) -> dict[int, int]:
    """Units received in a warehouse: on hand goes up, and the units first
    go to the ``waiting`` order lines (line, units it waits for), in the
    order given; the rest is available. Inside the caller's transaction,
    which has locked the lines' orders first (orders, then stock rows, as
    every service does). Returns the units reserved per line id.

    A product that had nothing available anywhere and has some now is
    stamped back in stock (``restocked_at``), as a count does.
    """
    if quantity < 1:
        raise OrderingError(_("Enter the number of units received (at least 1)."))
    levels = stock_levels_lock([stock_level.product_id])
    available_before = sum(level.available for level in levels)
    received = next(level for level in levels if level.pk == stock_level.pk)
    # The next expected restock replaces this one, which has arrived.
    StockLevel.objects.filter(pk=received.pk).update(
        on_hand=F("on_hand") + quantity,
        restock_date=restock_date,
        restock_quantity=restock_quantity,
    )
    received.on_hand += quantity
    missing = _reserve_available(waiting, {stock_level.product_id: levels}, merge=True)
    if available_before <= 0 < received.available:
        StockLevel.objects.filter(pk=received.pk).update(restocked_at=timezone.now())
    return {
        line.pk: wanted - missing.get(line.pk, 0)
        for line, wanted in waiting
        if wanted > missing.get(line.pk, 0)
    }


@transaction.atomic
def stock_adjust(
    *,
    stock_level: StockLevel,
    on_hand: int,
    restock_date=None,
    restock_quantity: int | None = None,
) -> StockLevel:
    """Record an inventory count (or a receipt) and the expected restock.

    One conditional update: units already reserved by orders are never
    counted away, whatever happens between reading the form and saving it.
    When the count brings a product that had nothing available in any
    warehouse back to available units, the same update stamps the row's
    ``restocked_at`` (the buyers' "back in stock").
    """
    # The product's rows, locked in the usual order, so that "nothing
    # available anywhere" still holds when the update runs.
    stock_levels_lock([stock_level.product_id])
    available_elsewhere = StockLevel.objects.filter(
        product_id=OuterRef("product_id"), on_hand__gt=F("reserved")
    ).exclude(pk=OuterRef("pk"))
    # Every expression reads the row as it was before this update.
    back_in_stock = (
        Q(on_hand__lte=F("reserved"))
        & Q(reserved__lt=on_hand)
        & ~Exists(available_elsewhere)
    )
    updated = StockLevel.objects.filter(
        pk=stock_level.pk, reserved__lte=on_hand
    ).update(
        on_hand=on_hand,
        restock_date=restock_date,
        restock_quantity=restock_quantity,
        restocked_at=Case(
            When(back_in_stock, then=Value(timezone.now())),
            default=F("restocked_at"),
        ),
    )
    if not updated:
        reserved = StockLevel.objects.get(pk=stock_level.pk).reserved
        raise OrderingError(
            _("%(reserved)s units are reserved by orders; on hand cannot be less.")
            % {"reserved": reserved}
        )
    stock_level.refresh_from_db()
    return stock_level
