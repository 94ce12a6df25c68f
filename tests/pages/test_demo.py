"""The demo documentation: complete, French, searchable, private, safe to rerun."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from ordering.catalogue.models import Compatibility, Product
from pages.demo import content, large
from pages.models import (
    ConsumablesTablePage,
    DocumentationIndexPage,
    FaultCodeIndexPage,
    FaultCodePage,
    ManualPage,
    TechnicalDocument,
    TechnicalSheetPage,
    listings,
)
from pages.search import fault_code_normalise, fold

COUNTED = [Page, Revision, TechnicalDocument, get_image_model()]
FRENCH_WORDS = {"de", "la", "le", "les", "des", "et", "du", "l", "d"}
ENGLISH_WORDS = {"the", "and", "with", "your", "check"}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def words(page) -> set[str]:
    return set(fold(" ".join(t for t in page.search_text() if t)).split())


def test_every_demo_appliance_has_a_live_sheet_and_manual(seeded):
    appliances = Product.objects.filter(reference__in=content.SPECIFICATIONS)
    assert appliances.count() == len(content.SPECIFICATIONS) == 10
    for appliance in appliances:
        sheet = TechnicalSheetPage.objects.live().get(appliance=appliance)
        manual = ManualPage.objects.live().get(appliance=appliance)
        assert sheet.responsible_editor.email == "editor@oxyplus.test"
        blocks = [block.block_type for block in sheet.body]
        assert {"specifications", "image", "download", "warning"} <= set(blocks)
        assert len(sheet.maintenance_points) >= 3
        assert len(manual.startup_steps) >= 4
        assert any(step.value["image"] for step in manual.startup_steps)
        assert manual.common_faults, appliance
        for fault in manual.common_faults:
            linked = fault.value["fault_code"].specific
            assert appliance in linked.appliances.all()
    assert DocumentationIndexPage.objects.get().slug == "documentation"
    assert FaultCodeIndexPage.objects.get().slug == "codes-defaut"
    assert ConsumablesTablePage.objects.get().slug == "consommables"


def test_maintenance_follows_the_catalogue_replacement_intervals(seeded):
    sheet = TechnicalSheetPage.objects.get(appliance__reference="AQP-300")
    frequency = {
        p.value["task"]: p.value["frequency"] for p in sheet.maintenance_points
    }
    salt = Product.objects.get(reference="SEL-PAS-25").replacement_interval_months
    assert frequency["Recharger le bac en sel régénérant"] == (
        content.months_text(salt)
    )
    # The Direct Flow osmoser takes a cartridge kit, not separate cartridges.
    direct_flow = TechnicalSheetPage.objects.get(appliance__reference="OSP-200")
    tasks = [p.value["task"] for p in direct_flow.maintenance_points]
    assert "Changer le kit 3 cartouches Direct Flow" in tasks
    assert "Changer la cartouche de préfiltration" not in tasks
    kit = Compatibility.objects.get(
        appliance__reference="OSP-200", part__reference="KIT-OSM-DF3"
    )
    assert content.months_text(kit.part.replacement_interval_months) == "Tous les ans"


def test_fault_codes_are_many_varied_and_complete(seeded):
    codes = FaultCodePage.objects.live().annotate(n=Count("appliances"))
    assert codes.count() >= 35
    assert not codes.filter(n=0).exists()
    assert set(codes.values_list("severity", flat=True)) == {"low", "medium", "high"}
    for page in codes:
        assert len(page.resolution_steps) >= 1, page
        assert fault_code_normalise(page.code) == page.code
        assert page.title.startswith(f"{page.code} — ")
        if page.technician_required:
            assert page.while_waiting.strip(), page
    assert codes.filter(technician_required=True).exists()
    assert codes.exclude(safety_warnings="").exists()

    leaks = codes.filter(code="E12")
    assert any("fuite" in fold(f"{p.title} {p.symptom}") for p in leaks)
    titles = list(leaks.values_list("title", flat=True))
    assert len(titles) == len(set(titles))

    vocabulary = set().union(*(words(page) for page in codes))
    for word in ["fuite", "pression", "bruit", "calcaire", "cartouche", "voyant"]:
        assert word in vocabulary, word


def test_pages_are_written_in_french(seeded):
    pages = [
        *TechnicalSheetPage.objects.all(),
        *ManualPage.objects.all(),
        *FaultCodePage.objects.all(),
    ]
    for page in pages:
        found = words(page)
        assert len(found & FRENCH_WORDS) >= 3, page
        assert not found & ENGLISH_WORDS, page


def test_publication_dates_fill_whats_new_and_the_review_reminder(seeded):
    assert listings.documentation_changes().count() >= 10
    assert listings.documentation_not_reviewed().exists()
    recent = listings.documentation_changes().count()
    assert recent < listings.documentation_pages().count()


def test_documentation_is_in_the_search_index(seeded):
    found = FaultCodePage.objects.live().search("fuite")
    assert "E12" in {page.code for page in found}
    assert TechnicalSheetPage.objects.live().search("osmoseur")


def test_installation_notices_are_private_pdfs(seeded):
    notices = TechnicalDocument.objects.filter(
        title__startswith="Notice d'installation"
    )
    assert notices.count() == 10
    assert {n.collection.name for n in notices} == {"Documentation technique"}
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for notice in notices:
        path = Path(notice.file.path).resolve()
        assert media_root not in path.parents
        assert path.read_bytes().startswith(b"%PDF")
        with pytest.raises(NotImplementedError):
            notice.file.storage.url(notice.file.name)


def test_a_second_run_creates_nothing(seeded):
    before = counts()

    output = seed()

    assert counts() == before
    assert "Created" not in output


def test_the_large_set_adds_indexed_pages_once(seeded):
    scale = large.Scale(pages=12, fault_codes=8)
    before = counts()["Page"]

    assert large.seed_large(log=lambda message: None, scale=scale)

    bench = Page.objects.filter(slug__startswith=large.SLUG_PREFIX)
    assert bench.count() == 20 == counts()["Page"] - before
    assert bench.live().count() == 20
    codes = list(
        FaultCodePage.objects.filter(slug__startswith=large.SLUG_PREFIX).values_list(
            "code", flat=True
        )
    )
    assert len(codes) == len(set(codes)) == 8
    assert all(fault_code_normalise(code) == code for code in codes)
    assert not set(codes) & set(
        FaultCodePage.objects.exclude(slug__startswith=large.SLUG_PREFIX).values_list(
            "code", flat=True
        )
    )
    sheets = TechnicalSheetPage.objects.filter(slug__startswith=large.SLUG_PREFIX)
    assert sheets.count() == 6
    # Found by the words only the large set's titles have.
    found = TechnicalSheetPage.objects.live().search("appartement")
    assert {p.pk for p in found} & set(sheets.values_list("pk", flat=True))

    assert not large.seed_large(log=lambda message: None, scale=scale)
    assert Page.objects.filter(slug__startswith=large.SLUG_PREFIX).count() == 20
