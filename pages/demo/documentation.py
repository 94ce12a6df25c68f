"""The documentation tree of the demo: sheets, manuals, fault codes, the table.

Every page is published through a revision, as an editor would, then its
publication dates are spread over the past two years so that "What's new" and
the editors' review reminders both have something to show.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Collection, Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends

from accounts.network.models import User
from ordering.catalogue.models import Compatibility, Product
from pages.demo import content
from pages.demo.content import FAULT_CODES, Family, FaultCode, Step, family_of
from pages.demo.documents import DocumentLibrary
from pages.demo.images import ImageLibrary
from pages.demo.product_images import seed_product_pictures
from pages.models import (
    ConsumablesTablePage,
    DocumentationIndexPage,
    FaultCodeIndexPage,
    FaultCodePage,
    HomePage,
    ManualPage,
    TechnicalSheetPage,
)

EDITOR_EMAIL = "editor@oxyplus.test"
REVIEWER_EMAIL = "reviewer@oxyplus.test"
COLLECTION_NAME = "Documentation technique"
RECENT_DAYS = 30
REVIEW_DAYS = 365


def seed_documentation(*, log: Callable[[str], None]) -> None:
    """Create what is missing of the documentation; needs the catalogue."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("Seed the Wagtail site (pages.demo.seed) first.")
    builder = Builder(log=log)
    builder.build(home=home)


def editor() -> User | None:
    return User.objects.filter(email=EDITOR_EMAIL).first()


def reviewer() -> User | None:
    return User.objects.filter(email=REVIEWER_EMAIL).first()


def documentation_collection() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    return collection or root.add_child(name=COLLECTION_NAME)


# --- Stream values --------------------------------------------------------------


def _image_value(image) -> dict:
    # An empty ImageBlock is stored as the admin stores it, a dict without an
    # image: a bare None among dicts breaks ImageBlock.bulk_to_python.
    if image is None:
        return {"image": None, "alt_text": "", "decorative": False}
    return {"image": image.pk, "alt_text": image.description, "decorative": False}


def _step_value(step: Step, image) -> dict:
    return {"title": step.title, "text": step.text, "image": _image_value(image)}


@dataclass
class ApplianceContent:
    """What a sheet and a manual say about one appliance."""

    appliance: Product
    family: Family
    template: str  # the demo reference whose tables and parts apply
    specifications: list[tuple[str, str]]
    consumables: list[tuple[str, str, int]]  # name, reference, months
    maintenance: list[tuple[str, str, str]] = field(default_factory=list)


def appliance_content(
    appliance: Product, *, parts: dict[str, list[Product]]
) -> ApplianceContent:
    """The appliance's texts, from its range and the parts that fit it.

    ``parts`` maps a demo reference to the parts that fit it; appliances of the
    large set borrow the parts list of the first model of their range.
    """
    family = family_of(appliance.reference)
    template = (
        appliance.reference
        if appliance.reference in content.SPECIFICATIONS
        else content.FAMILY_SPECIFICATIONS[family.key]
    )
    fitting = parts.get(template, [])
    interval = {
        p.reference: p.replacement_interval_months
        for p in fitting
        if p.replacement_interval_months
    }
    maintenance = []
    for point in family.maintenance:
        if point.consumables:
            months = next(
                (interval[r] for r in point.consumables if r in interval), None
            )
            if months is None:
                continue
            frequency = content.months_text(months)
        else:
            frequency = point.frequency
        maintenance.append((point.task, frequency, point.detail))
    return ApplianceContent(
        appliance=appliance,
        family=family,
        template=template,
        specifications=content.specifications_of(template, family),
        consumables=[
            (p.name, p.reference, p.replacement_interval_months)
            for p in fitting
            if p.kind == Product.Kind.CONSUMABLE and p.replacement_interval_months
        ],
        maintenance=maintenance,
    )


def parts_by_appliance() -> dict[str, list[Product]]:
    parts: dict[str, list[Product]] = {}
    rows = (
        Compatibility.objects.filter(appliance__reference__in=content.SPECIFICATIONS)
        .select_related("appliance", "part")
        .order_by("part__replacement_interval_months", "part__name")
    )
    for row in rows:
        parts.setdefault(row.appliance.reference, []).append(row.part)
    return parts


def sheet_body(
    info: ApplianceContent,
    *,
    panel,
    consumable_image,
    document,
    setting: str = "",
) -> list[dict]:
    family, appliance = info.family, info.appliance
    consumables = "".join(
        f"<li><b>{escape(name)}</b> ({escape(reference)}) : "
        f"{content.months_text(months).lower()}</li>"
        for name, reference, months in info.consumables
    )
    prerequisites = content._ul(*(escape(p) for p in family.prerequisites))
    if setting:
        prerequisites = (
            content._p(f"Pose {escape(setting)} : vérifiez en particulier ces points.")
            + prerequisites
        )
    body = [
        {"type": "heading", "value": {"text": "Présentation", "level": "h2"}},
        {
            "type": "paragraph",
            "value": content._p(
                escape(f"{appliance.description} {family.presentation}".strip())
            ),
        },
        {
            "type": "image",
            "value": {
                "image": _image_value(panel),
                "caption": f"Le panneau de commande de l'appareil {appliance.name}.",
            },
        },
        {
            "type": "heading",
            "value": {"text": "Caractéristiques techniques", "level": "h2"},
        },
        {
            "type": "specifications",
            "value": {
                "caption": f"{appliance.name} — référence {appliance.reference}",
                "rows": [
                    {"label": label, "value": value}
                    for label, value in info.specifications
                ],
            },
        },
        {
            "type": "heading",
            "value": {"text": "Prérequis d'installation", "level": "h2"},
        },
        {"type": "paragraph", "value": prerequisites},
        {"type": "warning", "value": {"text": family.warning}},
    ]
    if consumables:
        body += [
            {
                "type": "heading",
                "value": {"text": "Consommables à prévoir", "level": "h2"},
            },
            {"type": "paragraph", "value": f"<ul>{consumables}</ul>"},
        ]
    body.append(
        {
            "type": "image",
            "value": {
                "image": _image_value(consumable_image),
                "caption": family.consumable_caption,
            },
        }
    )
    if document is not None:
        body += [
            {"type": "heading", "value": {"text": "Documents", "level": "h2"}},
            {
                "type": "download",
                "value": {
                    "document": document.pk,
                    "title": f"Notice d'installation {appliance.name} (PDF)",
                },
            },
        ]
    return body


def maintenance_points(info: ApplianceContent) -> list[dict]:
    return [
        {"type": "point", "value": {"task": task, "frequency": freq, "detail": detail}}
        for task, freq, detail in info.maintenance
    ]


def startup_steps(info: ApplianceContent, *, images: ImageLibrary, panel) -> list:
    steps = []
    for step in info.family.startup:
        if step.pictogram == "electricity" and info.family.has_display:
            image = panel  # the display the installer is about to set
        elif step.pictogram:
            image = images.pictogram(step.pictogram)
        else:
            image = None
        steps.append({"type": "step", "value": _step_value(step, image)})
    return steps


def common_faults(
    info: ApplianceContent, *, fault_codes: dict[tuple[str, str], FaultCodePage]
) -> list[dict]:
    faults = []
    for fault in info.family.common_faults:
        page = fault_codes.get((fault.code, info.family.key))
        demo_appliances = FAULT_CODE_APPLIANCES.get((fault.code, info.family.key), ())
        if page is None or info.template not in demo_appliances:
            continue
        faults.append(
            {
                "type": "fault",
                "value": {
                    "symptom": fault.symptom,
                    "remedy": fault.remedy,
                    "fault_code": page.pk,
                },
            }
        )
    return faults


# Which demo appliances each (code, range) concerns.
FAULT_CODE_APPLIANCES: dict[tuple[str, str], tuple[str, ...]] = {}
for _fault in FAULT_CODES:
    for _reference in _fault.appliances:
        _key = (_fault.code, family_of(_reference).key)
        FAULT_CODE_APPLIANCES[_key] = _fault.appliances


def fault_code_fields(
    fault: FaultCode,
    *,
    images: ImageLibrary,
    title: str = "",
    code: str = "",
    panel: bool = True,
) -> dict:
    """A fault code page's fields; its first step shows the code on the display."""
    family = family_of(fault.appliances[0])
    steps = []
    for position, step in enumerate(fault.steps):
        if position == 0 and panel and family.has_display:
            image = images.front_panel(
                name=family.brand, family=family.key, display=fault.code, alarm=True
            )
        elif step.pictogram:
            image = images.pictogram(step.pictogram)
        else:
            image = None
        value = _step_value(step, image)
        # What a customer may do alone: a simple fault's steps, but the last of
        # a long procedure, which is the installer's.
        value["for_customers"] = not fault.technician_required and (
            len(fault.steps) < 3 or position < len(fault.steps) - 1
        )
        steps.append({"type": "step", "value": value})
    return {
        "title": title or fault.full_title,
        "code": code or fault.code,
        "severity": fault.severity,
        "symptom": fault.symptom,
        "probable_causes": [{"type": "cause", "value": c} for c in fault.causes],
        "resolution_steps": steps,
        "technician_required": fault.technician_required,
        "while_waiting": fault.while_waiting,
        "safety_warnings": fault.safety_warnings,
        "search_description": fault.search_description,
    }


# --- Building -------------------------------------------------------------------


class Builder:
    def __init__(self, *, log: Callable[[str], None]):
        self.log = log
        self.editor = editor()
        self.reviewer = reviewer()
        self.created: list[Page] = []

    def publish(self, parent: Page, page: Page) -> Page:
        """Written by the editor, published by the reviewer, as the workflow has it.

        The demo skips the workflow's approval task itself: the reviewer's
        permission is not checked, only recorded in the page's history.
        """
        page.responsible_editor = self.editor
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.editor)
        revision.publish(user=self.reviewer, skip_permission_checks=True)
        self.created.append(page)
        return page

    def single(self, parent: Page, model: type[Page], **fields) -> Page:
        """The one page of a type that allows one (max_count = 1)."""
        page = model.objects.first()
        if page is None:
            page = self.publish(parent, model(**fields))
            self.log(f"Created the page {page.title}")
        return page

    def build(self, *, home: HomePage) -> None:
        index = self.single(
            home,
            DocumentationIndexPage,
            title="Documentation technique",
            slug="documentation",
            introduction=content.DOCUMENTATION_INTRODUCTION,
        )
        codes_index = self.single(
            index,
            FaultCodeIndexPage,
            title="Codes défaut",
            slug="codes-defaut",
            introduction=content.FAULT_CODES_INTRODUCTION,
        )
        collection = documentation_collection()
        self.images = ImageLibrary(collection=collection)
        self.documents = DocumentLibrary(collection=collection)
        fault_codes = self.fault_codes(codes_index)
        self.appliance_pages(index, fault_codes)
        self.single(
            index,
            ConsumablesTablePage,
            title="Tableau des consommables",
            slug="consommables",
            introduction=content.CONSUMABLES_INTRODUCTION,
        )
        seed_product_pictures(images=self.images, log=self.log)
        if self.images.created:
            self.log(f"Created {self.images.created} documentation images")
        if self.documents.created:
            self.log(f"Created {self.documents.created} installation notices (PDF)")
        spread_publication_dates(self.created, rng=random.Random(2026))  # noqa: S311
        index_for_search(pks_by_model(self.created))

    def fault_codes(
        self, parent: FaultCodeIndexPage
    ) -> dict[tuple[str, str], FaultCodePage]:
        appliances = {
            p.reference: p
            for p in Product.objects.filter(
                kind=Product.Kind.APPLIANCE, reference__in=content.SPECIFICATIONS
            )
        }
        existing = {p.title: p for p in FaultCodePage.objects.all()}
        by_key: dict[tuple[str, str], FaultCodePage] = {}
        created = 0
        for fault in FAULT_CODES:
            page = existing.get(fault.full_title)
            concerned = [appliances[r] for r in fault.appliances if r in appliances]
            if page is None and concerned:
                page = FaultCodePage(
                    slug=slugify(fault.full_title)[:255],
                    **fault_code_fields(fault, images=self.images),
                )
                page.appliances = concerned
                self.publish(parent, page)
                created += 1
            if page is not None:
                for reference in fault.appliances:
                    by_key[(fault.code, family_of(reference).key)] = page
        if created:
            self.log(f"Created {created} fault codes")
        return by_key

    def appliance_pages(
        self,
        parent: DocumentationIndexPage,
        fault_codes: dict[tuple[str, str], FaultCodePage],
    ) -> None:
        appliances = Product.objects.filter(
            kind=Product.Kind.APPLIANCE, reference__in=content.SPECIFICATIONS
        ).order_by("reference")
        with_sheet = set(
            TechnicalSheetPage.objects.values_list("appliance_id", flat=True)
        )
        with_manual = set(ManualPage.objects.values_list("appliance_id", flat=True))
        parts = parts_by_appliance()
        sheets = manuals = 0
        for appliance in appliances:
            if appliance.pk in with_sheet and appliance.pk in with_manual:
                continue
            info = appliance_content(appliance, parts=parts)
            panel = self.panel(info)
            if appliance.pk not in with_sheet:
                document = self.documents.installation_notice(
                    appliance=appliance,
                    family=info.family,
                    specifications=info.specifications,
                    maintenance=[(task, freq) for task, freq, _ in info.maintenance],
                )
                self.publish(
                    parent,
                    sheet_page(
                        info,
                        body=sheet_body(
                            info,
                            panel=panel,
                            consumable_image=self.images.pictogram(
                                info.family.consumable_drawing
                            ),
                            document=document,
                        ),
                    ),
                )
                sheets += 1
            if appliance.pk not in with_manual:
                self.publish(
                    parent,
                    manual_page(
                        info,
                        steps=startup_steps(info, images=self.images, panel=panel),
                        faults=common_faults(info, fault_codes=fault_codes),
                    ),
                )
                manuals += 1
        if sheets:
            self.log(f"Created {sheets} technical sheets")
        if manuals:
            self.log(f"Created {manuals} start-up manuals")

    def panel(self, info: ApplianceContent):
        if not info.family.has_display:
            return self.images.pictogram("pressure")  # the manometer is its display
        return self.images.front_panel(
            name=short_name(info.appliance, info.family),
            family=info.family.key,
            display=info.family.display_idle,
            alarm=False,
        )


def short_name(appliance: Product, family: Family) -> str:
    """ "Chauffe-eau thermodynamique ThermoPure 200 L" → "ThermoPure 200 L"."""
    name = appliance.name
    return name[name.index(family.brand) :] if family.brand in name else name


def sheet_page(
    info: ApplianceContent, *, body: list[dict], title: str = "", slug: str = ""
) -> TechnicalSheetPage:
    appliance = info.appliance
    return TechnicalSheetPage(
        title=title or f"Fiche technique — {appliance.name}",
        slug=slug or slugify(f"fiche-technique-{appliance.reference}"),
        appliance=appliance,
        summary=(
            f"{appliance.description} Caractéristiques, prérequis d'installation, "
            f"consommables et entretien de l'appareil {appliance.name}."
        ).strip(),
        search_description=(
            f"Fiche technique {info.family.label} {appliance.name} "
            f"({appliance.reference})"
        ),
        body=body,
        maintenance_points=maintenance_points(info),
    )


def manual_page(
    info: ApplianceContent,
    *,
    steps: list[dict],
    faults: list[dict],
    title: str = "",
    slug: str = "",
    introduction: str = "",
) -> ManualPage:
    appliance = info.appliance
    return ManualPage(
        title=title or f"Notice de mise en service — {appliance.name}",
        slug=slug or slugify(f"notice-mise-en-service-{appliance.reference}"),
        appliance=appliance,
        introduction=introduction
        or (
            f"{info.family.introduction} Appareil concerné : {appliance.name} "
            f"(référence {appliance.reference})."
        ),
        search_description=(
            f"Mise en service pas à pas et pannes courantes : {appliance.name}"
        ),
        startup_steps=steps,
        common_faults=faults,
    )


def index_for_search(by_model: dict[type[Page], list[int]]) -> None:
    """Index the pages now, whatever task backend runs (or drops) the signals'.

    Wagtail indexes a saved page in a task; the demo command swaps in a
    backend that drops tasks, and tests never commit, so neither would index.
    """
    for model, pks in by_model.items():
        objects = model.objects.order_by("pk")
        if model is FaultCodePage:
            objects = objects.prefetch_related("appliances")
        elif model in (TechnicalSheetPage, ManualPage):
            objects = objects.select_related("appliance")
        for start in range(0, len(pks), 500):
            chunk = list(objects.filter(pk__in=pks[start : start + 500]))
            for page in chunk:
                _stems_once(page)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, chunk)


def _stems_once(page: Page) -> None:
    # The index reads a callable field once per column it fills (three times
    # for search_stems), and stemming is the slow part of indexing: the page
    # answers the stems it computed once.
    method = getattr(page, "search_stems", None)
    if callable(method):
        stems = method()
        page.search_stems = lambda: stems


def pks_by_model(pages: Iterable[Page]) -> dict[type[Page], list[int]]:
    by_model: dict[type[Page], list[int]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    return by_model


# --- Publication dates ------------------------------------------------------------


def spread_publication_dates(pages: Iterable[Page], *, rng: random.Random) -> None:
    """About a third published in the last month, five over 13 months ago.

    The dates move on the page, its latest revision and its log entries, so the
    history an editor sees in the admin tells the same story.
    """
    indexes = (DocumentationIndexPage, FaultCodeIndexPage)
    pages = [p for p in pages if not isinstance(p, indexes)]
    if not pages:
        return
    now = timezone.now()
    order = list(pages)
    rng.shuffle(order)
    old = min(5, len(order) // 4)
    recent = max(1, len(order) // 3)
    for position, page in enumerate(order):
        if position < old:
            days = rng.uniform(REVIEW_DAYS + 35, 2 * REVIEW_DAYS)
        elif position < old + recent:
            days = rng.uniform(0.5, RECENT_DAYS - 2)
        else:
            days = rng.uniform(RECENT_DAYS + 2, REVIEW_DAYS - 5)
        last = now - timedelta(days=days, minutes=rng.randint(0, 600))
        # Most pages were revised since their first publication.
        first = last - timedelta(days=rng.choice([0, 0, 45, 120, 300]))
        Page.objects.filter(pk=page.pk).update(
            first_published_at=first,
            last_published_at=last,
            latest_revision_created_at=last,
        )
        Revision.objects.filter(pk=page.latest_revision_id).update(created_at=last)
        PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=last)
