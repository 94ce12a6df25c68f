"""The cart: add, change, quick order from a pasted list, reorder."""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product
from ordering.errors import NotAllowedError, OrderingError
from ordering.orders.models import Cart, CartLine, Order
from ordering.orders.selectors import can_order, ordering_organisation_of
from ordering.orders.services.errors import ProductUnavailableError


def _cart_for(user: User) -> Cart:
    cart, _created = Cart.objects.get_or_create(
        user=user, defaults={"organisation": ordering_organisation_of(user)}
    )
    return cart


def ensure_can_order(user: User) -> None:
    if not can_order(user):
        raise NotAllowedError(
            _(
                "Only owners and buyers of an active reseller, or Oxyplus sales staff, "
                "can order."
            )
        )


def ensure_orderable(product: Product) -> None:
    if not product.is_active:
        raise ProductUnavailableError(
            _("%(reference)s %(name)s can no longer be ordered.")
            % {"reference": product.reference, "name": product.name}
        )


MAX_LINE_QUANTITY = 9999


def ensure_not_too_many(quantity: int) -> None:
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
    ensure_can_order(user)
    ensure_orderable(product)
    if quantity < 1:
        raise OrderingError(_("The quantity must be at least 1."))
    ensure_not_too_many(quantity)
    cart = _cart_for(user)
    line, created = CartLine.objects.get_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )
    if not created:
        CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
        line.refresh_from_db()
        ensure_not_too_many(line.quantity)  # rolls the addition back
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line


@transaction.atomic
def cart_set_quantity(*, user: User, product: Product, quantity: int) -> None:
    """Change a cart line's quantity; zero removes the line."""
    ensure_can_order(user)
    cart = _cart_for(user)
    if quantity <= 0:
        CartLine.objects.filter(cart=cart, product=product).delete()
        return
    ensure_orderable(product)
    ensure_not_too_many(quantity)
    CartLine.objects.update_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )


def cart_set_organisation(*, user: User, organisation: Organisation | None) -> Cart:
    """The call center chooses whom it orders for; the cart is then priced
    for them."""
    if not may(user, "orders.place_for_customers"):
        raise NotAllowedError(_("Only the Oxyplus call center orders for others."))
    cart = _cart_for(user)
    cart.organisation = organisation
    cart.save(update_fields=["organisation", "updated_at"])
    return cart


QUICK_ORDER_MAX_LINES = 500

# What a spreadsheet's header row calls its columns, folded (no accents, no
# case, no dots): "Référence", "Réf.", "Code article"; "Quantité", "Qté", "Qty".
_REFERENCE_HEADERS = {
    "reference",
    "references",
    "ref",
    "code",
    "codearticle",
    "article",
    "sku",
    "produit",
    "product",
    "item",
}
_QUANTITY_HEADERS = {
    "quantite",
    "quantites",
    "quantity",
    "quantities",
    "qte",
    "qty",
    "qt",
    "nombre",
    "nb",
    "units",
    "unites",
}
# A whole number; spreadsheets may write 1 000 or 2,00.
_QUANTITY = re.compile(r"^([0-9]+)(?:[.,]0+)?$", re.ASCII)
# Excel's hint line at the top of a CSV: "sep=;".
_EXCEL_SEPARATOR_HINT = re.compile(r"^\s*sep=.\s*$", re.IGNORECASE)


class QuickOrderError(NamedTuple):
    number: int  # the line's number in its text
    raw: str  # the line as typed
    why: str
    source: str = ""  # "" for the pasted list, else the file's name


@dataclass
class QuickOrderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    errors: list[QuickOrderError] = field(default_factory=list)
    # The bad lines (under their header row, if any), to correct and send again.
    retry_text: str = ""


def _fold(cell: str) -> str:
    decomposed = unicodedata.normalize("NFKD", cell.casefold())
    return "".join(c for c in decomposed if c.isalnum() and c.isascii())


def _separator(line: str) -> str:
    """The line's separator: ``;`` when there is one outside quotes, else a
    tab, else ``,``. Per line, because a pasted list mixes them; ``;`` first,
    because a French spreadsheet writes ``,`` inside numbers and names."""
    quoted, seen = False, set()
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in ";\t,":
            seen.add(char)
    return next((sep for sep in (";", "\t", ",") if sep in seen), ";")


def _cells(line: str) -> list[str]:
    """The line's fields, read by the csv module: quotes, doubled quotes, and
    trailing separators left by a spreadsheet."""
    reader = csv.reader([line], delimiter=_separator(line), skipinitialspace=True)
    cells = [cell.strip() for cell in next(reader, [])]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _header_columns(cells: list[str]) -> tuple[int, int] | None:
    """(reference, quantity) columns if the row names them, else None."""
    folded = [_fold(cell) for cell in cells]
    if any(_QUANTITY.match("".join(cell.split())) for cell in cells):
        return None
    reference = next((i for i, f in enumerate(folded) if f in _REFERENCE_HEADERS), None)
    quantity = next((i for i, f in enumerate(folded) if f in _QUANTITY_HEADERS), None)
    if reference is None and quantity is None:
        return None
    if reference is None:
        reference = 0 if quantity != 0 else 1
    if quantity is None:
        quantity = len(cells) - 1 if len(cells) - 1 != reference else reference + 1
    return reference, quantity


@dataclass
class _Read:
    wanted: list[tuple[int, str, str, int]] = field(default_factory=list)
    errors: list[QuickOrderError] = field(default_factory=list)
    header: str = ""


def _quick_order_read(text: str, source: str) -> _Read:
    """Read ``reference;quantity`` rows, as typed or as a spreadsheet saves them."""
    read = _Read()
    lines = text.replace("\x00", "").lstrip("\ufeff").splitlines()
    if len(lines) > QUICK_ORDER_MAX_LINES:
        read.errors.append(
            QuickOrderError(
                QUICK_ORDER_MAX_LINES + 1,
                "",
                _("Only the first %(max)s lines were read.")
                % {"max": QUICK_ORDER_MAX_LINES},
                source,
            )
        )
        lines = lines[:QUICK_ORDER_MAX_LINES]
    columns = None  # (reference, quantity) once a header row named them
    for number, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith("#") or _EXCEL_SEPARATOR_HINT.match(raw):
            continue
        try:
            cells = _cells(raw)
        except csv.Error:
            cells = [raw]
        if not cells:
            continue  # a blank line, or only separators
        named = _header_columns(cells)
        if named is not None:
            columns, read.header = named, raw
            continue
        if columns is None:
            reference, quantity = (cells[0], cells[-1]) if len(cells) > 1 else ("", "")
        else:
            reference = cells[columns[0]] if columns[0] < len(cells) else ""
            quantity = cells[columns[1]] if columns[1] < len(cells) else ""
        if not reference or not quantity:
            why = _("Write the reference, a semicolon, then the quantity.")
            read.errors.append(QuickOrderError(number, raw, why, source))
            continue
        match = _QUANTITY.match("".join(quantity.split()))
        if not match or int(match.group(1)) < 1:
            why = _("The quantity must be a whole number of at least 1.")
            read.errors.append(QuickOrderError(number, raw, why, source))
            continue
        read.wanted.append((number, raw, reference.upper(), int(match.group(1))))
    return read


def cart_quick_order(
    *, user: User, text: str = "", file_text: str = "", file_name: str = ""
) -> QuickOrderResult:
    """Add ``reference;quantity`` lines to the cart, pasted or from a CSV file.

    The csv module reads each line: ``;``, tab or ``,`` between the fields,
    quotes around them, a header row that names the reference and quantity
    columns (then in any order, among others), blank lines and trailing
    separators. Every good line is added; each bad line is reported with its
    number in its own text and the reason, so the person can fix just that
    line.
    """
    ensure_can_order(user)
    result = QuickOrderResult()
    sources = [(text, "")] + ([(file_text, file_name or "CSV")] if file_text else [])
    reads = [(_quick_order_read(body, source), source) for body, source in sources]
    references = {ref for read, _s in reads for _n, _r, ref, _q in read.wanted}
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
    retry = []
    for read, source in reads:
        errors = list(read.errors)
        for number, raw, reference, quantity in read.wanted:
            product = products.get(reference)
            if product is None:
                why = _("Unknown reference %(reference)s.") % {"reference": reference}
                errors.append(QuickOrderError(number, raw, why, source))
                continue
            try:
                cart_add(user=user, product=product, quantity=quantity)
            except OrderingError as error:
                errors.append(QuickOrderError(number, raw, str(error), source))
            else:
                result.added.append((product, quantity))
        errors.sort(key=lambda error: error.number)
        result.errors.extend(errors)
        bad = [error.raw for error in errors if error.raw]
        if bad:
            retry.extend([read.header, *bad] if read.header else bad)
    result.retry_text = "\n".join(retry)
    return result


@dataclass
class ReorderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def cart_reorder(*, user: User, order: Order) -> ReorderResult:
    """Put an earlier order's lines back in the cart, at today's prices."""
    ensure_can_order(user)
    result = ReorderResult()
    for line in order.lines.select_related("product"):
        try:
            cart_add(user=user, product=line.product, quantity=line.quantity)
        except ProductUnavailableError:
            result.skipped.append(f"{line.product_reference} {line.product_name}")
        else:
            result.added.append((line.product, line.quantity))
    return result
