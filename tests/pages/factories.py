"""Small documentation trees for tests: a few published pages, never the demo."""

import json

from wagtail.models import Page, Site

from pages.models import (
    ConsumablesTablePage,
    DocumentationIndexPage,
    FaultCodeIndexPage,
    FaultCodePage,
    HomePage,
    ManualPage,
    TechnicalSheetPage,
)


def stream(*blocks: tuple[str, object]) -> str:
    """StreamField content from (block type, raw value) pairs."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def step(title: str, text: str = "") -> tuple[str, dict]:
    return ("step", {"title": title, "text": text, "image": None})


def publish(parent: Page, page: Page, *, user=None) -> Page:
    """Add ``page`` under ``parent`` and publish it through a revision."""
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def site_with_documentation(*, user=None) -> dict[str, Page]:
    """Home, documentation index, fault code list and consumables table."""
    root = Page.get_first_root_node()
    home = HomePage(title="Oxyplus", slug="oxyplus")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    index = publish(
        home, DocumentationIndexPage(title="Documentation technique", slug="doc")
    )
    codes = publish(index, FaultCodeIndexPage(title="Codes défaut", slug="codes"))
    table = publish(
        index, ConsumablesTablePage(title="Tableau des consommables", slug="conso")
    )
    return {"home": home, "index": index, "codes": codes, "table": table}


def technical_sheet(index, appliance, *, user=None, **fields) -> TechnicalSheetPage:
    defaults = {
        "title": f"Fiche technique {appliance.name}",
        "summary": "Adoucisseur volumétrique pour maison individuelle.",
        "body": stream(
            ("heading", {"text": "Caractéristiques", "level": "h2"}),
            (
                "specifications",
                {
                    "caption": "Données",
                    "rows": [{"label": "Débit", "value": "3 m³/h"}],
                },
            ),
            ("paragraph", "<p>Raccordement en 3/4 de pouce.</p>"),
        ),
        "maintenance_points": stream(
            ("point", {"task": "Nettoyer le bac à sel", "frequency": "Tous les ans"})
        ),
    }
    defaults.update(fields)
    return publish(
        index, TechnicalSheetPage(appliance=appliance, **defaults), user=user
    )


def manual(index, appliance, *, user=None, **fields) -> ManualPage:
    defaults = {
        "title": f"Manuel de mise en service {appliance.name}",
        "introduction": "Mise en service en vingt minutes.",
        "startup_steps": stream(step("Ouvrez lentement l'arrivée d'eau")),
    }
    defaults.update(fields)
    return publish(index, ManualPage(appliance=appliance, **defaults), user=user)


def fault_code(codes, appliances, *, user=None, **fields) -> FaultCodePage:
    defaults = {
        "title": "Fuite détectée sous l'appareil",
        "code": "E12",
        "symptom": "Des fuites d'eau apparaissent sous la vanne.",
        "resolution_steps": stream(
            step("Coupez l'arrivée d'eau", "<p>Vanne d'arrêt en amont.</p>"),
            step("Resserrez les raccords"),
        ),
        "probable_causes": stream(("cause", "Joint de vanne usé")),
    }
    defaults.update(fields)
    page = FaultCodePage(**defaults)
    page.appliances = list(appliances)
    return publish(codes, page, user=user)
