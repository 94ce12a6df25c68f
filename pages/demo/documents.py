"""One installation notice per appliance, as a PDF in private storage."""

from django.core.files.base import ContentFile
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection

from ordering.catalogue.models import Product
from pages.demo.content import Family
from pages.pdf import html_to_pdf

PDF_STYLE = """
@page { size: a4 portrait; margin: 1.8cm; }
body { font-family: Helvetica; font-size: 10pt; color: #263238; }
h1 { font-size: 18pt; color: #00796b; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #b0bec5; }
table { width: 100%; }
td { padding: 3pt; border-bottom: 0.5px solid #cfd8dc; vertical-align: top; }
td.label { width: 40%; font-weight: bold; }
.warning { border: 1px solid #e65100; padding: 6pt; color: #bf360c; }
.reference { color: #607d8b; }
"""


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(
        f'<tr><td class="label">{escape(label)}</td><td>{escape(value)}</td></tr>'
        for label, value in rows
    )


def installation_notice_html(
    *,
    appliance: Product,
    family: Family,
    specifications: list[tuple[str, str]],
    maintenance: list[tuple[str, str]],
) -> str:
    prerequisites = "".join(f"<li>{escape(item)}</li>" for item in family.prerequisites)
    steps = "".join(
        f"<li><b>{escape(step.title)}</b>{step.text}</li>" for step in family.startup
    )
    return f"""<html><head><meta charset="utf-8"><style>{PDF_STYLE}</style></head>
<body>
<h1>Notice d'installation</h1>
<p><b>{escape(appliance.name)}</b>
<span class="reference">— référence {escape(appliance.reference)}</span></p>
<p>{escape(appliance.description)} {escape(family.presentation)}</p>
<h2>Caractéristiques techniques</h2>
<table>{_rows(specifications)}</table>
<h2>Avant la pose</h2>
<ul>{prerequisites}</ul>
<p class="warning"><b>Sécurité.</b> {escape(family.warning)}</p>
<h2>Mise en service</h2>
<ol>{steps}</ol>
<h2>Entretien</h2>
<table>{_rows(maintenance)}</table>
<p class="reference">Oxyplus — service technique revendeurs. Document remis à
l'installateur ; la fiche client se télécharge depuis le portail.</p>
</body></html>"""


class DocumentLibrary:
    """Finds or creates the demo's documents by title, in one collection."""

    def __init__(self, *, collection: Collection):
        self.model = get_document_model()
        self.collection = collection
        self.created = 0

    def installation_notice(self, *, appliance: Product, family: Family, **content):
        title = f"Notice d'installation {appliance.name}"
        document = self.model.objects.filter(
            collection=self.collection, title=title
        ).first()
        if document is not None:
            return document
        pdf = html_to_pdf(
            installation_notice_html(appliance=appliance, family=family, **content)
        )
        document = self.model(title=title, collection=self.collection)
        document.file = ContentFile(
            pdf, name=f"notice-installation-{slugify(appliance.reference)}.pdf"
        )
        document._set_document_file_metadata()
        document.save()
        self.created += 1
        return document
