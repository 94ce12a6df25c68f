"""The header search: fault codes however typed, French stems, products."""

import re
from html import unescape

import pytest
from django.urls import reverse

from pages.search import fault_code_normalise, query_terms
from tests.ordering.factories import ProductFactory
from tests.pages.factories import fault_code, step, stream, technical_sheet

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


@pytest.mark.parametrize("typed", ["E12", "e12", "E 12", "e-12", " E12 "])
def test_fault_code_spellings_normalise_to_one_code(typed):
    assert fault_code_normalise(typed) == "E12"


def test_words_that_are_not_a_code_are_not_one():
    assert fault_code_normalise("fuite") == ""
    assert fault_code_normalise("E 12 fuite") == ""


def test_query_terms_fold_accents_stem_and_drop_small_words():
    assert query_terms("Fuites de l'eau chaude") == ["fuit", "eau", "chaud"]
    assert query_terms("fuite") == query_terms("FUITÉ")


@pytest.mark.parametrize("typed", ["E12", "e12", "E 12"])
def test_a_typed_fault_code_opens_its_page(client, buyer, docs, typed):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": typed})
    assert response.status_code == 302
    assert response["Location"].startswith(docs["e12"].url)


def test_all_results_stay_reachable_from_a_code(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "e12", "all": "1"})
    assert response.status_code == 200
    assert "Fuite détectée sous l&#x27;appareil" in response.content.decode()


def test_a_code_shared_by_two_fault_codes_lists_both(client, buyer, docs, appliance):
    other = fault_code(
        docs["codes"], [appliance], title="Pression d'eau insuffisante", code="e 12"
    )
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "E12"})
    assert response.status_code == 200
    content = response.content.decode()
    assert other.title.replace("'", "&#x27;") in content
    assert "Fuite détectée" in content


def test_a_french_word_finds_its_plural(client, buyer, docs):
    # The symptom says "fuites"; the reseller types "fuite".
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "fuite"})
    groups = {s["kind"]: s["results"] for s in response.context["sections"]}
    assert docs["e12"].pk in [p.pk for p in groups["fault_codes"]]


def test_accents_and_plural_in_the_query_find_the_singular(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "Fuités"})
    groups = {s["kind"]: s["results"] for s in response.context["sections"]}
    assert [p.pk for p in groups["fault_codes"]] == [docs["e12"].pk]


def test_a_fault_code_result_shows_its_first_step(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "fuite"})
    assert "Coupez l&#x27;arrivée d&#x27;eau" in response.content.decode()


def test_results_are_grouped_by_kind(client, buyer, docs, appliance):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "AquaPure"})
    kinds = [s["kind"] for s in response.context["sections"]]
    assert kinds == ["fault_codes", "sheets", "manuals", "products"]


def test_a_product_reference_finds_the_product(client, buyer, docs, cartridge):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "car-aqp-01"})
    groups = {s["kind"]: s["results"] for s in response.context["sections"]}
    assert [p.pk for p in groups["products"]] == [cartridge.pk]
    assert reverse("product", args=[cartridge.reference]) in response.content.decode()


def test_a_plural_finds_a_product_named_in_the_singular(client, buyer, cartridge):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "cartouches anticalcaires"})
    groups = {s["kind"]: s["results"] for s in response.context["sections"]}
    assert [p.pk for p in groups["products"]] == [cartridge.pk]


def test_technicians_find_documentation_but_no_product_to_order(
    client, technician, docs, cartridge
):
    client.force_login(technician)
    response = client.get(SEARCH, {"q": "AquaPure"})
    kinds = [s["kind"] for s in response.context["sections"]]
    # A product leads to its stock page, which is the owners' and buyers'.
    assert kinds == ["fault_codes", "sheets", "manuals"]
    assert (
        client.get(SEARCH, {"q": "AquaPure", "kind": "products"}).context.get("results")
        is None
    )


def test_buyers_find_documentation_and_products(client, buyer, docs, cartridge):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "AquaPure"})
    kinds = [s["kind"] for s in response.context["sections"]]
    assert kinds == ["fault_codes", "sheets", "manuals", "products"]


def test_no_result_suggests_a_close_word_and_ways_to_browse(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "cartouhce"})
    content = response.content.decode()
    assert response.context["suggestion"] == "cartouche"
    assert "?q=cartouche" in content
    assert docs["codes"].url in content
    assert docs["table"].url in content


def test_a_word_found_nowhere_still_gets_help_not_an_empty_page(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "xylophone"})
    assert response.context["suggestion"] == ""
    assert docs["codes"].url in response.content.decode()


def test_show_all_of_one_kind_paginates(client, buyer, docs, appliance):
    for n in range(25):
        fault_code(
            docs["codes"],
            [appliance],
            title=f"Fuite au raccord {n}",
            code=f"F{n}",
            slug=f"fuite-{n}",
            resolution_steps=stream(step("Resserrez")),
        )
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "fuite", "kind": "fault_codes"})
    assert response.context["results"].paginator.count == 26
    assert len(response.context["results"]) == 20


def test_search_query_count_does_not_grow_with_the_documentation(
    client,
    buyer,
    docs,
    appliance,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(buyer)
    client.get(SEARCH, {"q": "AquaPure"})  # warm the site root cache
    # Committed, as editors' publications are: the search sees them at once.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            other = ProductFactory(kind="appliance", name=f"AquaPure {400 + n}")
            technical_sheet(docs["index"], other, slug=f"sheet-{n}")
            fault_code(docs["codes"], [other], code=f"E{20 + n}", slug=f"e-{n}")
    with django_assert_max_num_queries(15):
        response = client.get(SEARCH, {"q": "AquaPure"})
    assert [len(s["results"]) for s in response.context["sections"]] == [5, 5, 1, 5]


def test_customers_and_visitors_cannot_search(client, docs, django_user_model):
    response = client.get(SEARCH, {"q": "e12"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    customer = django_user_model.objects.create_user("client@example.fr", "x")
    client.force_login(customer)
    assert client.get(SEARCH, {"q": "e12"}).status_code == 404


def test_the_header_box_keeps_only_its_own_query(client, buyer, docs):
    client.force_login(buyer)
    stock = client.get(reverse("stock"), {"q": "AquaPure"}).content.decode()
    assert 'id="id_site_q" value=""' in stock
    search = client.get(SEARCH, {"q": "fuite"}).content.decode()
    assert 'id="id_site_q" value="fuite"' in search


def test_a_page_published_or_withdrawn_shows_in_the_search_at_once(
    client, buyer, docs, appliance, django_capture_on_commit_callbacks
):
    client.force_login(buyer)

    def codes_found():
        response = client.get(SEARCH, {"q": "surchauffe", "all": "1"})
        return [
            p.code
            for s in response.context.get("sections") or []
            for p in (s["results"] if s["kind"] == "fault_codes" else [])
        ]

    assert codes_found() == []
    with django_capture_on_commit_callbacks(execute=True):
        page = fault_code(
            docs["codes"], [appliance], code="E31", slug="e31", title="Surchauffe"
        )
    assert codes_found() == ["E31"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert codes_found() == []


FAULT_CODE_RESULT = re.compile(
    r'<a href="[^"]*"><span class="code">([^<]*)</span>([^<]*)</a>'
    r'(?: <span class="muted">([^<]*)</span>)?'
)


def _fault_code_results(html: str) -> list[str]:
    """Each fault code result as read: its code, title and appliances."""
    return sorted(
        " ".join(unescape(" ".join(parts)).split())
        for parts in FAULT_CODE_RESULT.findall(html)
    )


@pytest.mark.parametrize("kind", ["", "fault_codes"])
def test_two_fault_codes_e12_name_their_appliances(
    client, buyer, docs, appliance, kind
):
    softener = ProductFactory(kind="appliance", name="AquaSoft 20")
    tank = ProductFactory(kind="appliance", name="AquaPure 500")
    docs["e12"].title = "E12 — Fuite détectée sous l'appareil"
    docs["e12"].save_revision().publish()
    fault_code(
        docs["codes"],
        [tank, softener],
        code="E12",
        slug="e12-adoucisseur",
        title="E12 — Pression d'eau insuffisante",
    )
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "E12", "kind": kind})
    # The code once, not "E12 E12 — …", and whose fault code each one is.
    assert _fault_code_results(response.content.decode()) == [
        "E12 Fuite détectée sous l'appareil · AquaPure 300",
        "E12 Pression d'eau insuffisante · AquaPure 500, AquaSoft 20",
    ]


def test_a_product_is_found_without_the_accents_of_its_name(client, buyer, docs):
    ProductFactory(name="Préfiltre sédiments", reference="PRE-20")
    client.force_login(buyer)
    response = client.get(SEARCH, {"q": "prefiltre sediments"})
    products = [s for s in response.context["sections"] if s["kind"] == "products"]
    assert [p.reference for p in products[0]["results"]] == ["PRE-20"]
