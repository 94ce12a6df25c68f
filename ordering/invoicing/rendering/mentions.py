"""What French law makes an invoice say, in the active language: the PDF
prints these sentences and the XML carries them as notes."""

from django.utils.translation import gettext as _

from ordering.invoicing.documents import InvoiceDocument, Seller
from portal.money import money_format
from portal.numbers import percent_format

# Subject codes (UNTDID 4451) of the notes French law asks for, as the
# Factur-X French guidance uses them.
NOTE_RECOVERY_FEE = "PMT"
NOTE_LATE_PENALTY = "PMD"
NOTE_EARLY_DISCOUNT = "AAB"
NOTE_REGISTRY = "REG"


def seller_legal_identity(seller: Seller) -> str:
    """The seller as its registration reads: "Oxyplus, SAS au capital de
    1 000 000 €, RCS Lyon 512345678"."""
    return _(
        "%(name)s, %(legal_form)s with a share capital of %(capital)s, "
        "%(registry)s %(siren)s"
    ) % {
        "name": seller.name,
        "legal_form": seller.legal_form,
        "capital": seller.share_capital,
        "registry": seller.registry,
        "siren": seller.siren,
    }


def late_penalty_mention(seller: Seller) -> str:
    return _(
        "Late-payment penalties: %(rate)s a year, due from the day after the due date."
    ) % {"rate": percent_format(seller.late_penalty_rate)}


def recovery_fee_mention(seller: Seller) -> str:
    # Code de commerce L441-10 and D441-5: a fixed fee, in euros by law.
    return _(
        "Fixed compensation for recovery costs, due by professional buyers "
        "for any late payment: %(fee)s."
    ) % {"fee": money_format(seller.recovery_fee, "EUR", cents=False)}


def early_payment_mention(seller: Seller) -> str:
    return _("Early-payment discount: %(terms)s.") % {
        "terms": seller.early_payment_discount or _("none")
    }


def legal_notes(document: InvoiceDocument) -> tuple[tuple[str, str], ...]:
    """The document's notes as (subject code, text): the seller's identity,
    the three payment mentions French law requires, then its own notes."""
    seller = document.seller
    notes = [
        (NOTE_REGISTRY, seller_legal_identity(seller)),
        (NOTE_LATE_PENALTY, late_penalty_mention(seller)),
        (NOTE_RECOVERY_FEE, recovery_fee_mention(seller)),
        (NOTE_EARLY_DISCOUNT, early_payment_mention(seller)),
    ]
    if document.is_credit_note and document.reason:
        notes.append(("", _("Reason: %(reason)s") % {"reason": document.reason}))
    notes.extend(("", note) for note in document.notes)
    return tuple(notes)


def document_title(document: InvoiceDocument) -> str:
    return _("Credit note") if document.is_credit_note else _("Invoice")
