"""StreamField blocks of the documentation pages, one template each."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section")), ("h3", _("Sub-section"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section title; it also appears in the page's outline.")
        preview_value = {"text": "Caractéristiques", "level": "h2"}


class SpecificationRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("characteristic"), max_length=80)
    value = blocks.CharBlock(label=_("value"), max_length=200)


class SpecificationTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"), max_length=120, required=False)
    rows = blocks.ListBlock(SpecificationRowBlock(), label=_("rows"))

    class Meta:
        icon = "table"
        template = "blocks/specification_table_block.html"
        label = _("Specification table")
        description = _("Two columns: characteristic and value.")
        preview_value = {
            "caption": "Caractéristiques techniques",
            "rows": [
                {"label": "Débit", "value": "300 L/h"},
                {"label": "Pression", "value": "1 à 6 bar"},
            ],
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=200, required=False)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image")
        description = _("A picture with its alternative text and a caption.")


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/download_block.html"
        label = _("Download")
        description = _("A document resellers download (served only to them).")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"))
    caption = blocks.CharBlock(label=_("caption"), max_length=200, required=False)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("A video from a hosting service such as YouTube or Vimeo.")


class WarningBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("warning"))

    class Meta:
        icon = "warning"
        template = "blocks/warning_block.html"
        label = _("Safety warning")
        description = _("Stands out from the text; use it for anything dangerous.")
        preview_value = {"text": "Coupez l'alimentation avant toute intervention."}


class DocumentationStreamBlock(blocks.StreamBlock):
    """The blocks every technical page offers, as bakerydemo's BaseStreamBlock."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        features=["bold", "italic", "ol", "ul", "link", "document-link"],
        description=_("Text with lists and links."),
        preview_value="<p>Installez l'appareil sur une surface plane.</p>",
    )
    specifications = SpecificationTableBlock()
    image = CaptionedImageBlock()
    download = DownloadBlock()
    video = VideoBlock()
    warning = WarningBlock()


class StepBlock(blocks.StructBlock):
    """One step of a procedure: start-up or fault resolution."""

    title = blocks.CharBlock(label=_("step"), max_length=160)
    text = blocks.RichTextBlock(
        label=_("details"), features=["bold", "italic", "ul", "link"], required=False
    )
    image = ImageBlock(label=_("picture"), required=False)

    class Meta:
        icon = "list-ol"
        template = "blocks/step_block.html"
        label = _("Step")
        description = _("One action, in the order the person performs it.")
        preview_value = {"title": "Ouvrez l'arrivée d'eau", "text": "<p>Lentement.</p>"}


class FaultStepBlock(StepBlock):
    """A step of a fault code's resolution, marked when a customer may do it."""

    for_customers = blocks.BooleanBlock(
        label=_("safe for the customer"),
        required=False,
        help_text=_(
            "Shown to customers in their space. Leave unticked for anything that "
            "needs a tool, opens the appliance or touches electricity or gas."
        ),
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/step_block.html"
        label = _("Step")
        description = _("One action; tick it when a customer may do it alone.")
        preview_value = {"title": "Ouvrez l'arrivée d'eau", "for_customers": True}


class CommonFaultBlock(blocks.StructBlock):
    symptom = blocks.CharBlock(label=_("what you notice"), max_length=200)
    remedy = blocks.TextBlock(label=_("what to do"))
    fault_code = blocks.PageChooserBlock(
        label=_("fault code"),
        page_type="pages.FaultCodePage",
        required=False,
    )

    class Meta:
        icon = "help"
        template = "blocks/common_fault_block.html"
        label = _("Common fault")
        description = _("A symptom and what the reseller or the customer should do.")
        preview_value = {"symptom": "L'eau a un goût", "remedy": "Changez le filtre."}


class MaintenancePointBlock(blocks.StructBlock):
    task = blocks.CharBlock(label=_("task"), max_length=160)
    frequency = blocks.CharBlock(label=_("how often"), max_length=80)
    detail = blocks.TextBlock(label=_("details"), required=False)

    class Meta:
        icon = "cog"
        template = "blocks/maintenance_point_block.html"
        label = _("Maintenance point")
        description = _("Printed on the leave-behind sheet for the customer.")
        preview_value = {"task": "Nettoyer le préfiltre", "frequency": "3 mois"}
