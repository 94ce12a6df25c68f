"""Volume for the search benchmarks: 2,000 appliance pages and 1,000 fault codes.

The texts are the demo's, varied by model, title and setting so that a search
for "fuite" or "cartouche" meets realistic competition. Pages are saved one by
one through ``add_child``, which indexes them for the search as it goes; the
pages and their single revision are built and written one at a time, never
gathered into one large list.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from ordering.catalogue.models import Product
from pages.demo import content
from pages.demo.content import FAMILIES, FAULT_CODES, family_of
from pages.demo.documentation import (
    RECENT_DAYS,
    REVIEW_DAYS,
    ApplianceContent,
    ImageLibrary,
    appliance_content,
    common_faults,
    documentation_collection,
    editor,
    fault_code_fields,
    index_for_search,
    manual_page,
    parts_by_appliance,
    sheet_body,
    sheet_page,
    short_name,
    startup_steps,
)
from pages.models import DocumentationIndexPage, FaultCodeIndexPage, FaultCodePage
from portal.bulk_seed import REFERENCE_PREFIX

SLUG_PREFIX = "bench-"
# Two letters then three digits: never one of the demo's codes (E12, H03...).
CODE_PREFIX = {
    "softener": "EA",
    "osmosis": "EO",
    "filtration": "FT",
    "uv": "UV",
    "air": "AP",
    "heat_pump": "HP",
}


@dataclass(frozen=True)
class Scale:
    pages: int = 2_000  # technical sheets and manuals
    fault_codes: int = 1_000


LARGE = Scale()


def seed_large(*, log: Callable[[str], None], scale: Scale = LARGE) -> bool:
    """Add the benchmark pages unless they are there already; True if added."""
    index = DocumentationIndexPage.objects.first()
    codes_index = FaultCodeIndexPage.objects.first()
    if index is None or codes_index is None:
        log("Seed the documentation before its large data set")
        return False
    if Page.objects.descendant_of(index).filter(slug__startswith=SLUG_PREFIX).exists():
        log("The large documentation set is already there")
        return False
    started = time.perf_counter()
    with transaction.atomic():
        _Builder(index=index, codes_index=codes_index, scale=scale, log=log).build()
    log(f"Large documentation set built in {time.perf_counter() - started:.0f} s")
    return True


class _Builder:
    def __init__(self, *, index, codes_index, scale: Scale, log):
        self.index = index
        self.codes_index = codes_index
        self.scale = scale
        self.log = log
        self.editor = editor()
        # The same pages on every machine; nothing secret is drawn.
        self.rng = random.Random(2026)  # noqa: S311
        self.now = timezone.now()
        self.started = time.perf_counter()
        self.images = ImageLibrary(collection=documentation_collection())
        self.written: dict[type[Page], list[int]] = {}

    def say(self, message: str) -> None:
        self.log(f"  {time.perf_counter() - self.started:6.1f} s  {message}")

    def build(self) -> None:
        appliances = list(
            Product.objects.filter(
                kind=Product.Kind.APPLIANCE, reference__startswith=REFERENCE_PREFIX
            ).order_by("reference")
        ) or list(
            Product.objects.filter(kind=Product.Kind.APPLIANCE).order_by("reference")
        )
        self.appliances = [a for a in appliances if family_of(a.reference)]
        if not self.appliances:
            self.log("No appliance to document")
            return
        self.by_family: dict[str, list[Product]] = {}
        for appliance in self.appliances:
            family = family_of(appliance.reference)
            self.by_family.setdefault(family.key, []).append(appliance)
        self.fault_codes()
        self.appliance_pages()
        index_for_search(self.written)
        self.say("search index updated")

    # --- Publication ------------------------------------------------------------

    def publish(self, parent: Page, page: Page) -> None:
        """Saved live with its dates, one revision; the save indexes it."""
        days = self.rng.random()
        if days < 0.01:
            age = self.rng.uniform(REVIEW_DAYS + 35, 2 * REVIEW_DAYS)
        elif days < 0.34:
            age = self.rng.uniform(0.5, RECENT_DAYS - 2)
        else:
            age = self.rng.uniform(RECENT_DAYS + 2, REVIEW_DAYS - 5)
        published = self.now - timedelta(days=age, minutes=self.rng.randint(0, 600))
        page.responsible_editor = self.editor
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        page.latest_revision_created_at = published
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.editor, clean=False, changed=False)
        revision.created_at = published
        revision.save(update_fields=["created_at"])
        Page.objects.filter(pk=page.pk).update(
            live_revision=revision,
            latest_revision_created_at=published,
            has_unpublished_changes=False,
        )
        self.written.setdefault(type(page), []).append(page.pk)

    # --- Fault codes --------------------------------------------------------------

    def fault_codes(self) -> None:
        faults_of = {
            family.key: [
                f for f in FAULT_CODES if family_of(f.appliances[0]).key == family.key
            ]
            for family in FAMILIES
        }
        families = [f for f in FAMILIES if f.key in self.by_family]
        self.codes: dict[tuple[str, str], list[FaultCodePage]] = {}
        for i in range(self.scale.fault_codes):
            family = families[i % len(families)]
            round_ = i // len(families)
            base = faults_of[family.key][round_ % len(faults_of[family.key])]
            appliances = self.by_family[family.key]
            first = (round_ * 7) % len(appliances)
            concerned = [
                appliances[(first + k) % len(appliances)]
                for k in range(1 + i % 3)
                if k < len(appliances)
            ]
            model = short_name(concerned[0], family)
            settings = content.settings_for(family)
            setting = settings[i % len(settings)]
            code = f"{CODE_PREFIX[family.key]}{100 + round_:03d}"
            fields = fault_code_fields(
                base,
                images=self.images,
                title=f"{code} — {base.title} ({model})",
                code=code,
                panel=False,
            )
            fields["symptom"] = (
                f"{model}, installé {setting} : {fields['symptom'][0].lower()}"
                f"{fields['symptom'][1:]}"
            )
            page = FaultCodePage(slug=f"{SLUG_PREFIX}{slugify(code)}", **fields)
            page.appliances = list({a.pk: a for a in concerned}.values())
            self.publish(self.codes_index, page)
            self.codes.setdefault((base.code, family.key), []).append(page)
        self.say(f"{self.scale.fault_codes} fault codes")

    # --- Sheets and manuals -----------------------------------------------------------

    def appliance_pages(self) -> None:
        parts = parts_by_appliance()
        panels = {}
        infos: dict[int, ApplianceContent] = {}
        for i in range(self.scale.pages):
            # A sheet then a manual for each appliance, round and round.
            appliance = self.appliances[(i // 2) % len(self.appliances)]
            info = infos.get(appliance.pk)
            if info is None:
                info = infos[appliance.pk] = appliance_content(appliance, parts=parts)
            family = info.family
            if family.key not in panels:
                panels[family.key] = self.panel(info)
            panel = panels[family.key]
            settings = content.settings_for(family)
            setting = settings[(i // 2) % len(settings)]
            variant = (i // (2 * len(self.appliances))) % len(content.SHEET_TITLES)
            if i % 2 == 0:
                name = content.SHEET_TITLES[variant]
                page = sheet_page(
                    info,
                    title=f"{name} — {appliance.name} ({setting})",
                    slug=f"{SLUG_PREFIX}{i:04d}-{slugify(name)}",
                    body=sheet_body(
                        info,
                        panel=panel,
                        consumable_image=self.images.pictogram(
                            family.consumable_drawing
                        ),
                        document=None,
                        setting=setting,
                    ),
                )
            else:
                name = content.MANUAL_TITLES[variant]
                page = manual_page(
                    info,
                    title=f"{name} — {appliance.name} ({setting})",
                    slug=f"{SLUG_PREFIX}{i:04d}-{slugify(name)}",
                    introduction=(
                        f"Mise en service {setting}. {family.introduction} "
                        f"Appareil concerné : {appliance.name} "
                        f"(référence {appliance.reference})."
                    ),
                    steps=startup_steps(info, images=self.images, panel=panel),
                    faults=common_faults(info, fault_codes=self.code_for(i)),
                )
            self.publish(self.index, page)
        self.say(f"{self.scale.pages} technical sheets and manuals")

    def code_for(self, i: int) -> dict:
        """One of the large set's pages for each (code, range), in rotation."""
        return {key: pages[i % len(pages)] for key, pages in self.codes.items()}

    def panel(self, info: ApplianceContent):
        # The demo model's panel: one drawing per range, not one per model.
        if not info.family.has_display:
            return self.images.pictogram("pressure")
        template = Product.objects.filter(reference=info.template).first()
        name = short_name(template or info.appliance, info.family)
        return self.images.front_panel(
            name=name,
            family=info.family.key,
            display=info.family.display_idle,
            alarm=False,
        )
