"""Safety notices: what an editor tells the owners of some units to do.

A notice names the units it concerns (appliance models, a serial range or a
list, firmware versions, an installation date range) and the action
required. Publishing it through the review workflow sends it: the
after-sales room (``accounts.aftersales.notices``) receives Wagtail's
``page_published`` and notifies exactly those units, since this room may not
read installations.

How serial numbers compare: every serial is taken compact (upper case,
without spaces, hyphens, dots or slashes, as ``Installation.serial_compact``).
A unit is in the range "from"–"to" when its compact serial has the same length
as both boundaries and lies between them in alphabetical order, boundaries
included. Same length keeps "AB1000" out of "AB100"–"AB199", which plain
alphabetical order would let in.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ordering.catalogue.models import Product
from pages.models.documentation import APPLIANCES, DocumentationPage
from portal.folding import serial_compact

_LIST_SEPARATORS = re.compile(r"[\n,;]+")


def serials_listed(text: str) -> list[str]:
    """The compact serials of a list typed one per line (or separated by
    commas or semicolons); spaces inside a serial are dropped like hyphens."""
    found = (serial_compact(s) for s in _LIST_SEPARATORS.split(text or ""))
    return sorted({s for s in found if s})


def firmware_listed(text: str) -> list[str]:
    """The firmware versions of a comma-separated list, as typed."""
    return sorted({v.strip() for v in (text or "").split(",") if v.strip()})


class SafetyNoticeIndexPage(Page):
    """Where the safety notices are written: one folder of the page tree."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.SafetyNoticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("safety notice folder")

    def serve(self, request, *args, **kwargs):
        # Notices reach their readers on their homes, not through a listing.
        raise Http404


class SafetyNoticePage(DocumentationPage):
    """A safety notice and the units it concerns."""

    appliances = ParentalManyToManyField(
        Product,
        verbose_name=_("appliance models"),
        related_name="safety_notices",
        limit_choices_to=APPLIANCES,
    )
    serial_from = models.CharField(
        _("first serial number"),
        max_length=40,
        blank=True,
        help_text=_(
            "Compared without spaces or hyphens, at the same length, in "
            "alphabetical order; both ends included."
        ),
    )
    serial_to = models.CharField(_("last serial number"), max_length=40, blank=True)
    serial_list = models.TextField(
        _("serial numbers"),
        blank=True,
        help_text=_("Instead of a range: one serial number per line."),
    )
    firmware = models.CharField(
        _("firmware versions"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated; empty for every version."),
    )
    installed_from = models.DateField(_("installed from"), null=True, blank=True)
    installed_to = models.DateField(_("installed until"), null=True, blank=True)
    action_required = RichTextField(
        _("action required"),
        features=["bold", "italic", "ol", "ul", "link"],
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to act"),
        default=30,
        help_text=_("Installers who have not acted after this are reminded once."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("action_required"),
        FieldPanel("due_days"),
        MultiFieldPanel(
            [
                FieldPanel("appliances"),
                FieldRowPanel([FieldPanel("serial_from"), FieldPanel("serial_to")]),
                FieldPanel("serial_list"),
                FieldPanel("firmware"),
                FieldRowPanel(
                    [FieldPanel("installed_from"), FieldPanel("installed_to")]
                ),
            ],
            heading=_("Units concerned"),
        ),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("action_required"),
        index.SearchField("serial_list"),
        index.RelatedFields("appliances", [index.SearchField("name")]),
    ]
    parent_page_types = ["pages.SafetyNoticeIndexPage"]
    subpage_types = []
    template = "pages/safety_notice_page.html"

    class Meta:
        verbose_name = _("safety notice")
        verbose_name_plural = _("safety notices")

    @property
    def serials(self) -> list[str]:
        return serials_listed(self.serial_list)

    @property
    def firmware_versions(self) -> list[str]:
        return firmware_listed(self.firmware)

    def clean(self):
        super().clean()
        low, high = serial_compact(self.serial_from), serial_compact(self.serial_to)
        if bool(low) != bool(high):
            raise ValidationError(
                {"serial_to": _("Give both ends of the range, or neither.")}
            )
        if low and len(low) != len(high):
            raise ValidationError(
                {"serial_to": _("Both ends of the range have the same length.")}
            )
        if low > high:
            raise ValidationError(
                {"serial_to": _("The last serial number comes after the first.")}
            )
        if low and self.serial_list.strip():
            raise ValidationError(
                {"serial_list": _("Give a range or a list, not both.")}
            )
        if (
            self.installed_from
            and self.installed_to
            and self.installed_from > self.installed_to
        ):
            raise ValidationError(
                {"installed_to": _("The end date comes after the start date.")}
            )

    def search_text(self) -> list[str]:
        return [*super().search_text(), self.serial_list]
