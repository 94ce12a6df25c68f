"""Fault codes an appliance displays, one page each, and how to clear them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ordering.catalogue.models import Product
from pages import blocks
from pages.models.documentation import APPLIANCES, DocumentationPage, stream_text
from pages.search import fault_code_normalise


class FaultCodePage(DocumentationPage):
    """A fault code an appliance displays, and how to get rid of it."""

    class Severity(models.TextChoices):
        LOW = "low", _("Minor: the appliance keeps working")
        MEDIUM = "medium", _("Major: the appliance works in a degraded mode")
        HIGH = "high", _("Critical: the appliance stops")

    code = models.CharField(
        _("code"),
        max_length=12,
        db_index=True,
        help_text=_("As the appliance displays it, for example E12."),
    )
    appliances = ParentalManyToManyField(
        Product,
        verbose_name=_("appliances concerned"),
        related_name="fault_codes",
        limit_choices_to=APPLIANCES,
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    symptom = models.TextField(_("symptom"))
    probable_causes = StreamField(
        [("cause", blocks.blocks.CharBlock(label=_("cause"), max_length=200))],
        verbose_name=_("probable causes"),
        blank=True,
    )
    resolution_steps = StreamField(
        [("step", blocks.FaultStepBlock())], verbose_name=_("resolution steps")
    )
    technician_required = models.BooleanField(_("technician required"), default=False)
    while_waiting = models.TextField(
        _("while waiting for the technician"),
        blank=True,
        help_text=_("What the reseller must do or tell the customer meanwhile."),
    )
    safety_warnings = models.TextField(_("safety warnings"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("appliances"), FieldPanel("severity")],
            heading=_("Identification"),
        ),
        FieldPanel("symptom"),
        FieldPanel("probable_causes"),
        FieldPanel("resolution_steps"),
        MultiFieldPanel(
            [FieldPanel("technician_required"), FieldPanel("while_waiting")],
            heading=_("Technician"),
        ),
        FieldPanel("safety_warnings"),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("code", boost=10),
        index.AutocompleteField("code"),
        index.FilterField("code"),
        index.SearchField("symptom", boost=2),
        index.SearchField("resolution_steps"),
        index.FilterField("severity"),
        index.FilterField("technician_required"),
    ]
    parent_page_types = ["pages.FaultCodeIndexPage"]
    subpage_types: list[str] = []
    template = "pages/fault_code_page.html"

    class Meta:
        verbose_name = _("fault code")
        verbose_name_plural = _("fault codes")

    def clean(self):
        super().clean()
        normalised = fault_code_normalise(self.code)
        if not normalised:
            raise ValidationError(
                {"code": _("Enter the code as the appliance shows it, e.g. E12.")}
            )
        self.code = normalised
        if self.technician_required and not self.while_waiting.strip():
            raise ValidationError(
                {
                    "while_waiting": _(
                        "Say what the reseller must do until the technician comes."
                    )
                }
            )

    def search_text(self) -> list[str]:
        return (
            super().search_text()
            + [self.code, self.symptom]
            + stream_text(self.probable_causes)
            + stream_text(self.resolution_steps)
            + [p.name for p in self.appliances.all()]
        )

    def appliances_concerned(self) -> list[Product]:
        return list(self.appliances.all())

    def customer_steps(self) -> list:
        """The steps an editor marked safe for a customer to do alone; none
        when the fault needs a technician, whatever the steps say."""
        if self.technician_required:
            return []
        return [b for b in self.resolution_steps if b.value.get("for_customers")]

    @cached_property
    def first_step_title(self) -> str:
        """Read from the raw stream: the step's picture is not needed here."""
        for block in self.resolution_steps.raw_data:
            return block["value"].get("title", "")
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["appliance_list"] = self.appliances.order_by("name")
        # Called only when the cached breadcrumbs are rendered anew.
        context["crumbs"] = lambda: [self.get_parent()]
        return context
