"""The call center's order for a customer on the phone.

The parts of the customer's appliances are listed first, each with its price
incl. VAT, its stock and a quantity box; a search adds any other product. The
form is sent back to the same page for every step (search, update the totals,
review, change, place), so nothing typed is lost: the products shown are the
customer's parts, the ones found, and the ones a quantity was typed for.
"""

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.customers.models import Installation
from ordering.catalogue.models import Product
from ordering.catalogue.selectors import Quote, prefetch_thumbnails
from ordering.orders.models import Order
from ordering.orders.services import MAX_LINE_QUANTITY, customer_quote
from ordering.stock.selectors import ProductStock, stock_of, stock_search

SEARCH_LIMIT = 10
# A form names the products it was sent with; a forged one cannot make the
# page read the whole catalogue.
MAX_POSTED_PRODUCTS = 50
QUANTITY = re.compile(r"quantity_(\d{1,9})")
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")
ACTIONS = {"search", "update", "review", "change", "place"}


@dataclass
class OrderRow:
    """A product offered with a quantity box: its price and its stock."""

    product: Product
    field: forms.BoundField
    unit_price_incl_vat: Decimal
    stock: ProductStock
    quantity: int

    @property
    def short_by(self) -> int:
        """Units typed beyond the stock: said before the order is refused."""
        return max(self.quantity - self.stock.available, 0)


class CallCenterOrderForm(forms.Form):
    """An agent's order for a customer: quantities of products, the appliance
    it is about (for the reseller's credit) and how the customer pays."""

    installation = forms.ModelChoiceField(
        label=_("For the appliance"),
        queryset=Installation.objects.none(),
        required=False,
        empty_label=_("No appliance in particular"),
        help_text=_("The sale is credited to the reseller who installed it."),
    )
    q = forms.CharField(
        label=_("Find a product by reference or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. CAR-AQP-01 or membrane")}
        ),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment"), widget=forms.RadioSelect, choices=[]
    )

    def __init__(
        self,
        data=None,
        *,
        installations: QuerySet[Installation],
        payment_methods: list[str],
        suggested: QuerySet[Product],
    ):
        super().__init__(data)
        self.fields["installation"].queryset = installations
        self.fields["installation"].label_from_instance = lambda i: (
            f"{i.appliance.name} · {i.serial_number}"
        )
        self.fields["payment_method"].choices = [
            (method, Order.PaymentMethod(method).label) for method in payment_methods
        ]
        self.fields["payment_method"].initial = payment_methods[-1]
        self._offer(suggested)
        for product in self.products:
            self.fields[f"quantity_{product.pk}"] = forms.IntegerField(
                label=_("Quantity of %(reference)s %(name)s")
                % {"reference": product.reference, "name": product.name},
                required=False,
                min_value=0,
                max_value=MAX_LINE_QUANTITY,
                widget=forms.NumberInput(
                    attrs={"class": "qty", "inputmode": "numeric", "placeholder": "0"}
                ),
            )

    def _offer(self, suggested: QuerySet[Product]) -> None:
        """Each product once: the customer's parts, the ones found (a part
        found is listed with the results, where the agent looks), then the
        ones an earlier search added (a quantity was typed for them)."""
        found = (
            list(stock_search(query=self.query)[: SEARCH_LIMIT + 1])
            if self.query
            else []
        )
        self.more_found = len(found) > SEARCH_LIMIT
        self.found = found[:SEARCH_LIMIT]
        shown = {product.pk for product in self.found}
        self.suggested = [p for p in suggested if p.pk not in shown]
        shown |= {product.pk for product in self.suggested}
        self.added = [p for p in self._posted_products() if p.pk not in shown]

    @cached_property
    def query(self) -> str:
        """The search typed, when it is one (not too long, no NUL byte)."""
        if not self.is_bound:
            return ""
        try:
            return self.fields["q"].clean(self.data.get("q", "")).strip()
        except ValidationError:
            return ""  # the field shows why once the form is cleaned

    def _posted_products(self) -> list[Product]:
        """The products a quantity was typed for: kept whatever the search."""
        ids = []
        for name, value in self.data.items() if self.is_bound else ():
            match = QUANTITY.fullmatch(name)
            if match and value.strip() not in {"", "0"}:
                ids.append(int(match[1]))
        if not ids:
            return []
        return list(Product.objects.filter(pk__in=ids[:MAX_POSTED_PRODUCTS]))

    @property
    def products(self) -> list[Product]:
        return [*self.suggested, *self.found, *self.added]  # as the page lists them

    @property
    def action(self) -> str:
        """Which button sent the form; Enter in a box is "update"."""
        action = self.data.get("action", "") if self.is_bound else ""
        return action if action in ACTIONS else "update"

    @cached_property
    def submission_key(self) -> str:
        """One key for the steps of one order, so a second "place" is a no-op."""
        posted = self.data.get("submission_key", "") if self.is_bound else ""
        return posted if SUBMISSION_KEY.fullmatch(posted) else uuid.uuid4().hex

    def clean(self):
        data = super().clean()
        if self.action in {"review", "place"}:
            if not self.items:
                raise ValidationError(
                    _("Type a quantity for at least one product."), code="empty"
                )
            if self.action == "place" and not SUBMISSION_KEY.fullmatch(
                self.data.get("submission_key", "")
            ):
                raise ValidationError(
                    _("This form has expired: review the order again."),
                    code="expired",
                )
        data["items"] = self.items
        return data

    @property
    def items(self) -> list[tuple[Product, int]]:
        """The products ordered and their quantities, as far as they are valid."""
        if self.is_bound and not hasattr(self, "cleaned_data"):
            self.full_clean()
        quantities = getattr(self, "cleaned_data", {})
        return [
            (product, quantities[f"quantity_{product.pk}"])
            for product in self.products
            if quantities.get(f"quantity_{product.pk}")
        ]

    @property
    def reviewing(self) -> bool:
        """The summary is shown: the order was reviewed and nothing is wrong."""
        return self.action in {"review", "place"} and self.is_valid()

    @cached_property
    def quote(self) -> Quote:
        """The order priced exactly as placing it will charge it."""
        self.is_valid()
        priced = customer_quote(self.items)
        for line in priced.lines:
            line.available = self._stock[line.product.pk].available
        return priced

    @cached_property
    def _stock(self) -> dict[int, ProductStock]:
        return stock_of(self.products)

    @cached_property
    def _rows(self) -> dict[int, OrderRow]:
        quantities = {product.pk: quantity for product, quantity in self.items}
        prices = customer_quote([(product, 1) for product in self.products])
        prefetch_thumbnails(line.product for line in prices.lines)
        return {
            line.product.pk: OrderRow(
                product=line.product,
                field=self[f"quantity_{line.product.pk}"],
                unit_price_incl_vat=line.unit_price_incl_vat,
                stock=self._stock[line.product.pk],
                quantity=quantities.get(line.product.pk, 0),
            )
            for line in prices.lines
        }

    def rows(self, products: list[Product]) -> list[OrderRow]:
        return [self._rows[product.pk] for product in products]

    @property
    def found_rows(self) -> list[OrderRow]:
        """The products found, then the ones added by an earlier search."""
        return self.rows([*self.found, *self.added])

    @property
    def suggested_rows(self) -> list[OrderRow]:
        return self.rows(self.suggested)
