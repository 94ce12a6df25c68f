"""Wagtail page models: the documentation tree under ``HomePage``.

HomePage
└── DocumentationIndexPage
    ├── TechnicalSheetPage (one per appliance; its leave-behind sheet too)
    ├── ManualPage (one per appliance)
    ├── FaultCodeIndexPage
    │   └── FaultCodePage
    └── ConsumablesTablePage (generated from ordering.Compatibility)
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.rights import documentation_staff
from ordering.models import Product
from portal.storage import private_storage

from . import blocks
from .cache import FRAGMENT_SECONDS, documentation_version, page_at_path
from .leave_behind import leave_behind_html, leave_behind_sheet_pdf
from .search import fault_code_normalise, stems_of

APPLIANCES = {"kind": Product.Kind.APPLIANCE}


class HomePage(Page):
    """Root of the Oxyplus site; documentation pages are added beneath it."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.DocumentationIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def serve(self, request, *args, **kwargs):
        # The site's root is the portal's home, not a public page.
        return redirect("home")

    def route(self, request, path_components):
        # Straight to the page asked for, not one level at a time (see
        # page_at_path); the page routes what is left, as in Wagtail.
        if not path_components:
            # /docs/ itself: the documentation index, not the portal's home.
            index = self.get_children().live().type(DocumentationIndexPage).first()
            if index is not None:
                return index.specific.route(request, [])
        page, remaining = page_at_path(root=self, path_components=path_components)
        if page is None:
            return super().route(request, path_components)
        return page.route(request, remaining)


class DocumentationPage(Page):
    """What every documentation page shares: an owner and a freshness date.

    "Last updated" is the last publication; publication goes through the
    review workflow, so it is also the last review.
    """

    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=documentation_staff,
        help_text=_("The person resellers may ask about this page."),
    )

    settings_panels = Page.settings_panels + [FieldPanel("responsible_editor")]
    search_fields = Page.search_fields + [
        index.SearchField("search_stems"),
        index.FilterField("last_published_at"),
    ]

    class Meta:
        abstract = True

    def search_text(self) -> list[str]:
        """The words a reseller may type to find this page; subclasses add theirs."""
        return [self.title, self.search_description]

    def search_stems(self) -> str:
        # Stems let "fuite" find "fuites" on every database, SQLite included.
        return " ".join(stems_of(" ".join(t for t in self.search_text() if t)))

    def appliances_concerned(self) -> list[Product]:
        """The appliances whose subscribers hear of a change to this page."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["active_tab"] = "documentation"
        # Pages between the Documentation tab and this one (see FaultCodePage).
        context["crumbs"] = []
        # What the templates' {% wagtailpagecache %} fragments vary on.
        context["fragment_seconds"] = FRAGMENT_SECONDS
        context["documentation_version"] = documentation_version()
        return context


def _stream_text(value) -> list[str]:
    return value.stream_block.get_searchable_content(value)


class DocumentationIndexPage(DocumentationPage):
    """The Documentation tab: every appliance's sheet and manual, what is new."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "pages.TechnicalSheetPage",
        "pages.ManualPage",
        "pages.FaultCodeIndexPage",
        "pages.ConsumablesTablePage",
    ]
    max_count = 1
    template = "pages/documentation_index_page.html"

    class Meta:
        verbose_name = _("documentation index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import documentation_changes
        from .views import appliance_library

        context = super().get_context(request, *args, **kwargs)
        context.update(appliance_library(request))
        context["changes"] = documentation_changes()[:10]
        context["shortcuts"] = (
            self.get_children().live().type(FaultCodeIndexPage, ConsumablesTablePage)
        )
        return context


class AppliancePage(DocumentationPage):
    """A page about one appliance of the catalogue."""

    appliance = models.ForeignKey(
        Product,
        verbose_name=_("appliance"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=APPLIANCES,
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.appliance_id and self.appliance.kind != Product.Kind.APPLIANCE:
            raise ValidationError({"appliance": _("Choose an appliance.")})

    def search_text(self) -> list[str]:
        return super().search_text() + [self.appliance.name, self.appliance.reference]

    def appliances_concerned(self) -> list[Product]:
        return [self.appliance]

    def get_context(self, request, *args, **kwargs):
        from .selectors import subscribed_appliance_ids

        context = super().get_context(request, *args, **kwargs)
        context["following"] = self.appliance_id in subscribed_appliance_ids(
            user=request.user
        )
        return context


class TechnicalSheetPage(RoutablePageMixin, AppliancePage):
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(blocks.DocumentationStreamBlock(), verbose_name=_("content"))
    maintenance_points = StreamField(
        [("point", blocks.MaintenancePointBlock())],
        verbose_name=_("maintenance points"),
        blank=True,
        help_text=_("Printed on the installer's leave-behind sheet."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("appliance"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("maintenance_points"),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("appliance"),
    ]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    template = "pages/technical_sheet_page.html"

    class Meta:
        verbose_name = _("technical sheet")
        verbose_name_plural = _("technical sheets")

    def search_text(self) -> list[str]:
        return super().search_text() + [self.summary, *_stream_text(self.body)]

    def get_context(self, request, *args, **kwargs):
        from ordering.selectors import can_see_stock

        context = super().get_context(request, *args, **kwargs)
        # Querysets and cached properties: a cached fragment never runs them.
        context["fault_code_list"] = (
            FaultCodePage.objects.live()
            .filter(appliances=self.appliance_id)
            .defer_streamfields()
            .order_by("code")
        )
        context["user_can_see_stock"] = can_see_stock(request.user)
        return context

    @cached_property
    def manual(self) -> "ManualPage | None":
        return ManualPage.objects.live().filter(appliance_id=self.appliance_id).first()

    @path("fiche-client/", name="leave_behind")
    def leave_behind(self, request):
        return leave_behind_html(request, sheet=self)

    @path("fiche-client/pdf/", name="leave_behind_pdf")
    def leave_behind_pdf(self, request):
        return leave_behind_sheet_pdf(request, sheet=self)


class ManualPage(AppliancePage):
    """The simplified start-up manual: steps with pictures, common faults."""

    introduction = models.TextField(_("introduction"), blank=True)
    startup_steps = StreamField(
        [("step", blocks.StepBlock())], verbose_name=_("start-up steps")
    )
    common_faults = StreamField(
        [("fault", blocks.CommonFaultBlock())],
        verbose_name=_("common faults"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("appliance"),
        FieldPanel("introduction"),
        FieldPanel("startup_steps"),
        FieldPanel("common_faults"),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("startup_steps"),
        index.SearchField("common_faults"),
        index.FilterField("appliance"),
    ]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    template = "pages/manual_page.html"

    class Meta:
        verbose_name = _("start-up manual")
        verbose_name_plural = _("start-up manuals")

    def search_text(self) -> list[str]:
        return (
            super().search_text()
            + [self.introduction]
            + _stream_text(self.startup_steps)
            + _stream_text(self.common_faults)
        )

    @cached_property
    def sheet(self) -> TechnicalSheetPage | None:
        return (
            TechnicalSheetPage.objects.live()
            .filter(appliance_id=self.appliance_id)
            .defer_streamfields()
            .first()
        )


class FaultCodeIndexPage(DocumentationPage):
    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types = ["pages.FaultCodePage"]
    max_count = 1
    template = "pages/fault_code_index_page.html"

    class Meta:
        verbose_name = _("fault code list")

    def get_context(self, request, *args, **kwargs):
        from .views import fault_code_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(fault_code_list_context(request, index=self))
        return context


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
        [("step", blocks.StepBlock())], verbose_name=_("resolution steps")
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
            + _stream_text(self.probable_causes)
            + _stream_text(self.resolution_steps)
            + [p.name for p in self.appliances.all()]
        )

    def appliances_concerned(self) -> list[Product]:
        return list(self.appliances.all())

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


class ConsumablesTablePage(DocumentationPage):
    """Appliance → consumables, read from the catalogue; prints as a shop poster."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "pages/consumables_table_page.html"

    class Meta:
        verbose_name = _("consumables table")

    def get_context(self, request, *args, **kwargs):
        from .views import consumables_table_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consumables_table_context(request))
        return context


class TechnicalDocument(AbstractDocument):
    """Wagtail documents kept in private storage: only the serve view reads them."""

    file = models.FileField(
        upload_to="documents", storage=private_storage, verbose_name=_("file")
    )
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class DocumentationSubscription(models.Model):
    """A reseller user who wants an email when an appliance's documentation changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="documentation_subscriptions",
    )
    appliance = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="documentation_subscriptions",
        limit_choices_to=APPLIANCES,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documentation subscription")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "appliance"], name="one_subscription_per_appliance"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.appliance}"


def documentation_page_types() -> list[type[DocumentationPage]]:
    return [TechnicalSheetPage, ManualPage, FaultCodePage, ConsumablesTablePage]
