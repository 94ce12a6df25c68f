"""The cart: add, change, quick order from a pasted list, reorder."""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User

from ..models import (
    Cart,
    CartLine,
    Order,
    Product,
)
from ..selectors import can_order, ordering_organisation_of
from .errors import NotAllowedError, OrderingError, ProductUnavailableError


def _cart_for(user: User) -> Cart:
    cart, _created = Cart.objects.get_or_create(
        user=user, defaults={"organisation": ordering_organisation_of(user)}
    )
    return cart


def _ensure_can_order(user: User) -> None:
    if not can_order(user):
        raise NotAllowedError(
            _(
                "Only owners and buyers of an active reseller, or Oxyplus sales staff, "
                "can order."
            )
        )


def _ensure_orderable(product: Product) -> None:
    if not product.is_active:
        raise ProductUnavailableError(
            _("%(reference)s %(name)s can no longer be ordered.")
            % {"reference": product.reference, "name": product.name}
        )


MAX_LINE_QUANTITY = 9999


def _ensure_not_too_many(quantity: int) -> None:
    if quantity > MAX_LINE_QUANTITY:
        raise OrderingError(
            _(
                "At most %(max)s units of a product per order; call the network desk "
                "for more."
            )
            % {"max": MAX_LINE_QUANTITY}
        )


@transaction.atomic
def cart_add(*, user: User, product: Product, quantity: int) -> CartLine:
    """Add units of a product to the user's cart (added to any already there)."""
    _ensure_can_order(user)
    _ensure_orderable(product)
    if quantity < 1:
        raise OrderingError(_("The quantity must be at least 1."))
    _ensure_not_too_many(quantity)
    cart = _cart_for(user)
    line, created = CartLine.objects.get_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )
    if not created:
        CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
        line.refresh_from_db()
        _ensure_not_too_many(line.quantity)  # rolls the addition back
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line


@transaction.atomic
def cart_set_quantity(*, user: User, product: Product, quantity: int) -> None:
    """Change a cart line's quantity; zero removes the line."""
    _ensure_can_order(user)
    cart = _cart_for(user)
    if quantity <= 0:
        CartLine.objects.filter(cart=cart, product=product).delete()
        return
    _ensure_orderable(product)
    _ensure_not_too_many(quantity)
    CartLine.objects.update_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )


def cart_set_organisation(*, user: User, organisation: Organisation | None) -> Cart:
    """Staff choose whom they order for; the cart is then priced for them."""
    if not user.is_staff:
        raise NotAllowedError(_("Only Oxyplus staff order on behalf of others."))
    cart = _cart_for(user)
    cart.organisation = organisation
    cart.save(update_fields=["organisation", "updated_at"])
    return cart


QUICK_ORDER_MAX_LINES = 500
_QUICK_LINE = re.compile(r"^\s*([^;,\t]+?)\s*[;,\t]\s*(\S+)\s*$")


@dataclass
class QuickOrderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # no, line, why


def cart_quick_order(*, user: User, text: str) -> QuickOrderResult:
    """Add ``reference;quantity`` lines to the cart.

    Every good line is added; each bad line is reported with its number and
    the reason, so the person can fix just that line.
    """
    _ensure_can_order(user)
    result = QuickOrderResult()
    wanted: list[tuple[int, str, str, int]] = []
    lines = text.splitlines()
    if len(lines) > QUICK_ORDER_MAX_LINES:
        result.errors.append(
            (
                QUICK_ORDER_MAX_LINES + 1,
                "",
                _("Only the first %(max)s lines were read.")
                % {"max": QUICK_ORDER_MAX_LINES},
            )
        )
        lines = lines[:QUICK_ORDER_MAX_LINES]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _QUICK_LINE.match(raw)
        if not match:
            result.errors.append(
                (number, raw, _("Write the reference, a semicolon, then the quantity."))
            )
            continue
        reference, quantity_text = match.groups()
        # isdecimal, not isdigit: int() refuses "²", which isdigit accepts.
        if not quantity_text.isdecimal() or int(quantity_text) < 1:
            result.errors.append(
                (number, raw, _("The quantity must be a whole number of at least 1."))
            )
            continue
        wanted.append((number, raw, reference.strip().upper(), int(quantity_text)))
    references = {reference for _n, _r, reference, _q in wanted}
    products = (
        {
            p.reference.upper(): p
            for p in Product.objects.filter(
                reduce(or_, (Q(reference__iexact=r) for r in references))
            )
        }
        if references
        else {}
    )
    for number, raw, reference, quantity in wanted:
        product = products.get(reference)
        if product is None:
            result.errors.append(
                (
                    number,
                    raw,
                    _("Unknown reference %(reference)s.") % {"reference": reference},
                )
            )
            continue
        try:
            cart_add(user=user, product=product, quantity=quantity)
        except OrderingError as error:
            result.errors.append((number, raw, str(error)))
        else:
            result.added.append((product, quantity))
    result.errors.sort(key=lambda error: error[0])
    return result


@dataclass
class ReorderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def cart_reorder(*, user: User, order: Order) -> ReorderResult:
    """Put an earlier order's lines back in the cart, at today's prices."""
    _ensure_can_order(user)
    result = ReorderResult()
    for line in order.lines.select_related("product"):
        try:
            cart_add(user=user, product=line.product, quantity=line.quantity)
        except ProductUnavailableError:
            result.skipped.append(f"{line.product_reference} {line.product_name}")
        else:
            result.added.append((line.product, line.quantity))
    return result
