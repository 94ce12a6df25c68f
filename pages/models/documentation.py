"""What every documentation page shares: an owner, a freshness date, search stems."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from accounts.network.rights import documentation_staff
from ordering.catalogue.models import Product
from pages.cache import FRAGMENT_SECONDS, documentation_version
from pages.demand import page_read_remember
from pages.search import stems_of

APPLIANCES = {"kind": Product.Kind.APPLIANCE}


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

    def serve(self, request, *args, **kwargs):
        # Kept for "read just before a visit request" (pages.demand).
        page_read_remember(request, self.pk)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["active_tab"] = "documentation"
        # Pages between the Documentation tab and this one (see FaultCodePage).
        context["crumbs"] = []
        # What the templates' {% wagtailpagecache %} fragments vary on.
        context["fragment_seconds"] = FRAGMENT_SECONDS
        context["documentation_version"] = documentation_version()
        return context


def stream_text(value) -> list[str]:
    """The searchable words of a StreamField value."""
    return value.stream_block.get_searchable_content(value)
