"""The staff forms of invoicing (Wagtail admin): a credit note by line and
quantity, and a payment set against a reseller's open invoices."""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.network.models import Organisation
from ordering.invoicing.models import Invoice, InvoiceLine
from portal.money import money_format

QUANTITY = re.compile(r"quantity_(\d+)")
ALLOCATE = re.compile(r"allocate_(\d+)")


class CreditNoteForm(forms.Form):
    """Units to take back per line of the invoice, why, and a confirmation."""

    reason = forms.ChoiceField(label=_("Reason"), choices=Invoice.Reason.choices)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a commercial gesture; kept in the audit log."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the credit note is issued at once and never changes."),
        error_messages={"required": _("Tick the box to confirm the credit note.")},
    )

    def __init__(self, *args, lines: list[InvoiceLine], left: dict[int, int], **kw):
        super().__init__(*args, **kw)
        self.lines = []
        for line in lines:
            if left[line.pk] <= 0:
                continue
            name = f"quantity_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("%(reference)s %(description)s (%(left)s of %(quantity)s)")
                % {
                    "reference": line.product_reference,
                    "description": line.description,
                    "left": left[line.pk],
                    "quantity": line.quantity,
                },
                required=False,
                min_value=0,
                max_value=left[line.pk],
                help_text=_("%(price)s excl. VAT each, VAT %(rate)s %%")
                % {"price": money_format(line.unit_price), "rate": line.vat_rate},
            )
            self.lines.append(line)
        # The reason and confirmation come after the lines.
        self.order_fields([f"quantity_{line.pk}" for line in self.lines])

    @property
    def quantities(self) -> dict[int, int]:
        return {
            int(QUANTITY.fullmatch(name)[1]): value
            for name, value in self.cleaned_data.items()
            if QUANTITY.fullmatch(name) and value
        }

    def clean(self):
        data = super().clean()
        if self.lines and not any(
            data.get(f"quantity_{line.pk}") for line in self.lines
        ):
            raise forms.ValidationError(
                _("Type the quantity to credit of at least one line.")
            )
        return data


class PaymentForm(forms.Form):
    """A bank transfer received, and how much of it goes to each open invoice
    of the reseller (nothing typed: the oldest invoices first)."""

    organisation = forms.ModelChoiceField(
        label=_("Reseller"), queryset=Organisation.objects.order_by("name")
    )
    amount = forms.DecimalField(
        label=_("Amount received"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reference = forms.CharField(
        label=_("Bank reference"),
        max_length=100,
        help_text=_("As on the bank statement; a reference is recorded once."),
    )

    def __init__(self, *args, open_invoices: list[Invoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.open_invoices = open_invoices
        for invoice in open_invoices:
            self.fields[f"allocate_{invoice.pk}"] = forms.DecimalField(
                label=_("%(number)s, due %(due)s: %(left)s still due")
                % {
                    "number": invoice.number,
                    "due": date_format(invoice.due_date) if invoice.due_date else "—",
                    "left": money_format(invoice.amount_due, invoice.currency),
                },
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
            )

    @property
    def allocations(self) -> dict[int, Decimal] | None:
        """Amounts typed per invoice; None when none was (oldest first)."""
        typed = {
            int(ALLOCATE.fullmatch(name)[1]): value
            for name, value in self.cleaned_data.items()
            if ALLOCATE.fullmatch(name) and value
        }
        return typed or None
