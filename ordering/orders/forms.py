import codecs

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.network.models import Organisation, OrganisationAddress
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from ordering.orders.services import MAX_LINE_QUANTITY as MAX_QUANTITY
from ordering.orders.services.rows import Delivery
from ordering.stock.selectors import Availability

QUICK_ORDER_MAX_BYTES = 200_000


class StockSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Reference, name or appliance"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. AquaPure 300")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Product.Kind.choices],
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[
            ("", _("Any availability")),
            (Availability.IN_STOCK, _("Available now")),
            (Availability.LOW, _("Low stock")),
            (Availability.OUT, _("Out of stock")),
            (Availability.ALERT, _("Low or out of stock")),
        ],
    )
    back_in_stock = forms.BooleanField(
        label=_("Back in stock, among what you order"), required=False
    )


class CartLineForm(forms.Form):
    product = forms.ModelChoiceField(
        queryset=Product.objects.all(), widget=forms.HiddenInput
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY
    )


class AddToCartForm(CartLineForm):
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )


class QuickOrderForm(forms.Form):
    lines = forms.CharField(
        label=_("One product per line: reference;quantity"),
        required=False,
        max_length=QUICK_ORDER_MAX_BYTES,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": "CAR-AQP-01;4\nSEL-25;10",
                "spellcheck": "false",
            }
        ),
    )
    file = forms.FileField(
        label=_("…or a CSV or text file"),
        required=False,
        help_text=_(
            "Saved from a spreadsheet or your own software: a reference column "
            "and a quantity column, with or without a header row."
        ),
    )

    def clean(self):
        data = super().clean()
        data["text"] = data.get("lines") or ""
        data["file_text"], data["file_name"] = "", ""
        upload = data.get("file")
        if upload:
            if upload.size > QUICK_ORDER_MAX_BYTES:
                raise ValidationError(
                    _("The file is too large (200 KB at most)."), code="too_large"
                )
            data["file_text"] = csv_text(upload.read())
            data["file_name"] = (upload.name or "")[:80]
        if not (data["text"].strip() or data["file_text"].strip()):
            raise ValidationError(_("Paste some lines or choose a file."), code="empty")
        return data


def csv_text(raw: bytes) -> str:
    """A CSV file's text, whatever the spreadsheet saved it as: UTF-8 with or
    without its BOM, UTF-16 ("Unicode text"), else Windows-1252, the default
    of a French Excel."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class CartCustomerForm(forms.Form):
    """Staff: whom this cart is for."""

    organisation = forms.ModelChoiceField(
        label=_("Order for"),
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
        required=False,
        empty_label=_("An end customer (no reseller)"),
    )


def _place(address: OrganisationAddress) -> tuple[str, ...]:
    fields = (address.line1, address.line2, address.postcode, address.city)
    return (*(" ".join(f.split()).casefold() for f in fields), address.country)


def addresses_by_place(
    organisation: Organisation,
) -> list[tuple[OrganisationAddress, list[str]]]:
    """Each place the organisation has an address at, once: the address to
    offer (its delivery one when it has both) and the kinds it is, delivery
    first. Billing and delivery at the same place is one choice, not two."""
    places: dict[tuple, tuple[OrganisationAddress, list[str]]] = {}
    for address in organisation.addresses.order_by("-kind", "label", "id"):
        shown, kinds = places.setdefault(_place(address), (address, []))
        if address.kind not in kinds:
            kinds.append(address.kind)
    return list(places.values())


def address_label(address: OrganisationAddress, kinds: list[str]) -> str:
    """E.g. "Delivery — Workshop, 12 rue …" or "Delivery and billing — …"."""
    Kind = OrganisationAddress.Kind
    if set(kinds) == {Kind.DELIVERY, Kind.BILLING}:
        what = _("Delivery and billing")
    else:
        what = Kind(kinds[0]).label
    where = f"{address.label}, {address}" if address.label else str(address)
    return _("%(kinds)s — %(address)s") % {"kinds": what, "address": where}


class AddressChoiceField(forms.ChoiceField):
    """One of the addresses offered, read once with the form: choosing and
    checking cost no query of their own."""

    widget = forms.RadioSelect

    def offer(self, addresses: list[tuple[OrganisationAddress, list[str]]]) -> None:
        self.addresses = {str(address.pk): address for address, _kinds in addresses}
        self.choices = [
            (str(address.pk), address_label(address, kinds))
            for address, kinds in addresses
        ]

    def clean(self, value):
        return getattr(self, "addresses", {}).get(super().clean(value))


class CheckoutForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Offered only when some units are short; without a choice a shortage
    # refuses the order, as it always did.
    shipping_preference = forms.ChoiceField(
        label=_("Some units are not in stock: how should the order ship?"),
        widget=forms.RadioSelect,
        choices=Order.ShippingPreference.choices,
        required=False,
    )
    purchase_order_reference = forms.CharField(
        label=_("Your purchase order reference"),
        required=False,
        max_length=60,
        help_text=_("Printed on the delivery note and the invoice."),
    )
    end_customer_name = forms.CharField(
        label=_("End customer (optional)"),
        required=False,
        max_length=150,
        help_text=_("Lets you find this order by your customer's name."),
    )
    address = AddressChoiceField(label=_("Delivery address"))
    contact_email = forms.EmailField(
        label=_("Email for shipping notices"), required=False
    )
    delivery_name = forms.CharField(label=_("Deliver to"), max_length=200)
    delivery_line1 = forms.CharField(label=_("Address"), max_length=200)
    delivery_line2 = forms.CharField(
        label=_("Address (continued)"), max_length=200, required=False
    )
    delivery_postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Enter a French postcode of 5 digits.")},
    )
    delivery_city = forms.CharField(label=_("City"), max_length=100)
    payment_method = forms.ChoiceField(
        label=_("Payment"), widget=forms.RadioSelect, choices=()
    )
    # A manager ordering for a reseller on hold (credit limit, late invoice).
    lift_credit_hold = forms.BooleanField(
        label=_("Allow on account despite the credit hold"),
        required=False,
        help_text=_(
            "Only if the reseller is refused on account; written to the audit log."
        ),
    )
    lift_credit_hold_reason = forms.CharField(
        label=_("Why the hold is lifted"), required=False, max_length=300
    )

    def __init__(
        self,
        *args,
        organisation: Organisation | None,
        payment_methods: list[tuple[str, str]],
        may_lift_credit_hold: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not may_lift_credit_hold or organisation is None:
            del self.fields["lift_credit_hold"]
            del self.fields["lift_credit_hold_reason"]
        self.fields["payment_method"].choices = payment_methods
        if len(payment_methods) == 1:
            self.fields["payment_method"].initial = payment_methods[0][0]
        if organisation is not None:
            # Deliveries go to one of the organisation's own addresses, each
            # place once, labelled with what it is (delivery, billing, both).
            places = addresses_by_place(organisation)
            self.fields["address"].offer(places)
            if places and not self.is_bound:  # a submitted form shows the choice
                # A delivery address comes first when there is one.
                self.fields["address"].initial = str(places[0][0].pk)
            for name in [n for n in self.fields if n.startswith("delivery_")]:
                del self.fields[name]
            del self.fields["contact_email"]
        else:
            # An end customer ordering through the call center.
            del self.fields["address"]
            del self.fields["purchase_order_reference"]
            self.fields["end_customer_name"].required = True
            self.fields["end_customer_name"].label = _("Customer name")
            self.fields["end_customer_name"].help_text = ""
            self.fields["contact_email"].required = True
            self.fields["contact_email"].label = _("Customer email")

    def clean(self):
        data = super().clean()
        if (
            data.get("lift_credit_hold")
            and not data.get("lift_credit_hold_reason", "").strip()
        ):
            self.add_error(
                "lift_credit_hold_reason",
                _("Say why the order may go on account despite the hold."),
            )
        return data

    @property
    def credit_hold_override(self) -> str:
        """The reason to lift a credit hold, when one was ticked and given."""
        data = self.cleaned_data
        if not data.get("lift_credit_hold"):
            return ""
        return data.get("lift_credit_hold_reason", "").strip()

    def delivery(self, organisation) -> Delivery:
        """Where the order goes: the chosen address of the organisation, or
        the address typed for an end customer (the call center's cart)."""
        data = self.cleaned_data
        if organisation is not None:
            address = data["address"]
            name = organisation.name
            return Delivery(
                name=f"{name} — {address.label}" if address.label else name,
                line1=address.line1,
                line2=address.line2,
                postcode=address.postcode,
                city=address.city,
                country=address.country,
            )
        return Delivery(
            name=data["delivery_name"],
            line1=data["delivery_line1"],
            line2=data["delivery_line2"],
            postcode=data["delivery_postcode"],
            city=data["delivery_city"],
        )

    def offer_backorder(self, shortage: bool) -> None:
        """Show the shipping choice only while some units are short."""
        if not shortage:
            self.fields.pop("shipping_preference", None)

    @property
    def delivery_fields(self):
        return [self[name] for name in self.fields if name.startswith("delivery_")]


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _(
                    "Order number, customer, your reference, product, tracking number"
                ),
            }
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (
                _("In progress"),
                [
                    ("open", _("Open: not shipped yet")),
                    ("to_receive", _("To receive: on its way")),
                ],
            ),
            (_("Status"), Order.Status.choices),
        ],
    )
    placed_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    placed_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("placed_from"), data.get("placed_to")
        if start and end and start > end:
            self.add_error("placed_to", _("The end date is before the start date."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=200
    )


class CreditReassignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Credit the sale to"),
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
        required=False,
        empty_label=_("Nobody"),
    )
    reason = forms.CharField(
        label=_("Why (kept in the audit log)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the commission moves to this reseller's statement."),
        required=True,
    )
