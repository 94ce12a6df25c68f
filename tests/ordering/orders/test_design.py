"""Issue 16, server side: product thumbnails from Wagtail renditions, without
a query per row, a placeholder when a product has no picture, icons on the
buttons and the empty states that say what to do next."""

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from ordering.catalogue.selectors import THUMBNAIL_SPEC
from ordering.orders import services
from ordering.orders.models import CartLine
from tests.ordering.factories import ProductFactory, placed_order, stocked

pytestmark = pytest.mark.django_db

THUMBNAIL = re.compile(r'<span class="thumb">\s*<img [^>]*class="thumb__img"[^>]*>')
PLACEHOLDER = re.compile(
    r'<span class="thumb thumb--none"><svg [^>]*aria-hidden="true"'
)


@pytest.fixture
def buyer_client(client, buyer, delivery_address):
    client.force_login(buyer)
    return client


def pictured(**kwargs):
    """A stocked product with a catalogue image."""
    image = get_image_model().objects.create(
        title=kwargs.get("name", "Produit"), file=get_test_image_file()
    )
    return stocked(ProductFactory(image=image, **kwargs))


def _row_of(body: str, reference: str) -> str:
    """The stock table row that names ``reference``."""
    rows = re.findall(r"<tr>.*?</tr>", body, flags=re.S)
    return next(row for row in rows if reference in row)


def test_stock_shows_the_products_picture_and_a_placeholder_without_one(
    buyer_client,
):
    with_picture = pictured(name="Cartouche sédiments", reference="CAR-1")
    without = stocked(ProductFactory(name="Joint torique", reference="JNT-1"))

    body = buyer_client.get(reverse("stock")).content.decode()

    row = _row_of(body, with_picture.reference)
    assert THUMBNAIL.search(row), row
    rendition = with_picture.image.get_rendition(THUMBNAIL_SPEC)
    assert rendition.url in row
    # Decorative: the product's name is written next to it.
    assert 'alt=""' in THUMBNAIL.search(row).group(0)
    assert PLACEHOLDER.search(_row_of(body, without.reference))


def test_stock_list_with_pictures_costs_no_query_per_product(
    buyer_client, django_assert_max_num_queries
):
    def measure() -> int:
        buyer_client.get(reverse("stock"))  # renditions made once, then reused
        with django_assert_max_num_queries(40) as counted:
            response = buyer_client.get(reverse("stock"))
        assert response.status_code == 200
        return len(counted)

    for i in range(2):
        pictured(reference=f"S-{i}")
    small = measure()
    for i in range(10):
        pictured(reference=f"L-{i}")
    assert measure() == small


def test_the_cart_shows_each_products_picture(buyer_client, buyer):
    product = pictured(name="Lampe UV 40 W", reference="LMP-UV")
    services.cart_add(user=buyer, product=product, quantity=1)

    body = buyer_client.get(reverse("cart")).content.decode()

    assert THUMBNAIL.search(_row_of(body, product.reference))


def test_buttons_carry_a_decorative_icon_from_the_portal_itself(buyer_client):
    stocked(ProductFactory(reference="CAR-2"))

    body = buyer_client.get(reverse("stock")).content.decode()

    add = re.search(
        r'<button type="submit" class="button button--small"[^>]*>(.*?)</button>',
        body,
        re.S,
    )
    assert add, "no add-to-cart button"
    # Inline SVG, so no icon font or CDN; hidden from screen readers, the
    # words (and the button's label) say what it does.
    assert re.match(r'\s*<svg [^>]*aria-hidden="true"', add.group(1))
    assert "Ajouter" in add.group(1)
    assert "<script" not in add.group(1) and "http" not in add.group(1)


def test_an_empty_search_says_so_and_offers_the_way_back(buyer_client):
    stocked(ProductFactory(reference="CAR-3"))

    body = buyer_client.get(
        reverse("stock"), {"q": "zzzz introuvable"}
    ).content.decode()

    state = re.search(r'<section class="empty-state".*?</section>', body, re.S)
    assert state, body
    assert "Aucun produit ne correspond" in state.group(0)
    assert f'href="{reverse("stock")}"' in state.group(0)
    assert 'class="empty-state__icon"' in state.group(0)


def test_each_add_to_cart_form_names_its_product_escaped_with_the_token(
    buyer_client,
):
    """The form is built once per table and filled in per row: each row
    still posts its own product, carries the CSRF token, and a reference
    with markup characters or braces is printed as text."""
    plain = stocked(ProductFactory(reference="CAR-4"))
    odd = stocked(ProductFactory(reference='R&D"{1}<b>'))

    body = buyer_client.get(reverse("stock")).content.decode()

    forms = re.findall(
        r'<form method="post"[^>]*class="add-to-cart">.*?</form>', body, re.S
    )
    assert len(forms) == 2
    by_product = {
        int(re.search(r'name="product" value="(\d+)"', form).group(1)): form
        for form in forms
    }
    assert set(by_product) == {plain.pk, odd.pk}
    for form in forms:
        assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', form)
        assert f'name="next" value="{reverse("stock")}"' in form
    form = by_product[odd.pk]
    assert f'for="qty-{odd.pk}"' in form and f'id="qty-{odd.pk}"' in form
    assert "Quantité de R&amp;D&quot;{1}&lt;b&gt;" in form
    assert 'aria-label="Ajouter R&amp;D&quot;{1}&lt;b&gt; au panier"' in form
    assert "<b>" not in form


def test_a_stock_row_prints_its_product_as_text_and_links_to_it(buyer_client):
    # The row is built in Python, its fixed cells once per table: names and
    # references with markup or braces stay text, each row links to its own
    # product (a reference with a space or an accent is quoted as reverse does).
    odd = stocked(ProductFactory(name='Filtre "{0}" <i>', reference='R&D"{1}<b>'))
    spaced = stocked(ProductFactory(name="Joint à lèvre", reference="JNT 2é"))
    plain = stocked(ProductFactory(reference="CAR-9.b_~"))

    body = buyer_client.get(reverse("stock")).content.decode()

    row = _row_of(body, "R&amp;D&quot;{1}&lt;b&gt;")
    assert "Filtre &quot;{0}&quot; &lt;i&gt;" in row and "<i>" not in row
    assert f'href="{escape(reverse("product", args=[odd.reference]))}"' in row
    assert '<td data-label="Disponibilité"><span class="badge badge--' in row
    cells = re.findall(r'<td class="num" data-label="([^"]+)">([^<]*)</td>', row)
    assert cells[0] == ("Entrepôt de Lyon", "100")
    row = _row_of(body, "JNT 2é")
    assert f'href="{reverse("product", args=[spaced.reference])}"' in row
    assert "/JNT%202%C3%A9/" in row
    plain_link = reverse("product", args=[plain.reference])
    assert f'href="{plain_link}"' in _row_of(body, "CAR-9.b_~")


def test_a_moved_focal_point_shows_the_new_thumbnail(buyer_client):
    """The tag picks the prefetched rendition made for the picture's current
    focal point, as Wagtail's own tag does, never an older crop."""
    product = pictured(reference="CAR-5")
    buyer_client.get(reverse("stock"))
    image = product.image
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 5
    image.save()

    row = _row_of(buyer_client.get(reverse("stock")).content.decode(), "CAR-5")

    image.refresh_from_db()
    assert image.renditions.count() == 2
    assert image.get_rendition(THUMBNAIL_SPEC).url in row


def test_forms_of_one_template_follow_a_changed_return_address():
    """The fixed parts are kept per render, keyed by what they print: a
    second form under another ``next_url`` says its own."""
    product = stocked(ProductFactory(reference="CAR-6"))
    template = Template(
        "{% load ordering_tags %}"
        "{% with next_url='/a/' %}{% add_to_cart product %}{% endwith %}"
        "{% with next_url='/b/' %}{% add_to_cart product %}{% endwith %}"
    )

    html = template.render(Context({"product": product, "cart_add_url": "/add/"}))

    assert re.findall(r'name="next" value="([^"]*)"', html) == ["/a/", "/b/"]


def test_each_cart_line_updates_and_removes_through_its_own_form(buyer):
    # The rows share the page's labels, address and token (worked out once):
    # each form still posts to the cart with a token the site accepts.
    first = stocked(ProductFactory(reference="CAR-A"))
    second = stocked(ProductFactory(reference="CAR-B"))
    for product in (first, second):
        services.cart_add(user=buyer, product=product, quantity=1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = browser.get(reverse("cart")).content.decode()
    forms = re.findall(
        r'<form method="post" action="([^"]+)" class="line-form">(.*?)</form>',
        body,
        re.S,
    )
    assert [action for action, _ in forms] == [reverse("cart_update")] * 2
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        for _, form in forms
    }
    assert len(tokens) == 1 and "Remove CAR-B" in forms[1][1]
    token = tokens.pop()
    update = {"csrfmiddlewaretoken": token, "product": first.pk, "quantity": 4}
    assert browser.post(reverse("cart_update"), update).status_code == 302
    remove = {
        "csrfmiddlewaretoken": token,
        "product": second.pk,
        "quantity": 1,
        "remove": 1,
    }
    assert browser.post(reverse("cart_update"), remove).status_code == 302
    lines = {
        line.product.reference: line.quantity
        for line in CartLine.objects.filter(cart__user=buyer)
    }
    assert lines == {"CAR-A": 4}
    forged = {"csrfmiddlewaretoken": "x" * 64, "product": first.pk, "quantity": 9}
    assert browser.post(reverse("cart_update"), forged).status_code == 403


def test_each_order_of_the_table_links_to_its_own_page(buyer_client, buyer):
    """The orders table puts each number into the order page's address,
    resolved once per table; a value reverse would quote (a space, an
    accent) or the placeholder itself goes through reverse: every link is
    reverse's own."""
    numbers = ["OXY-2026-000123", "..", ".", "A B", "Né-1", "0REFERENCE0", "a.b_~"]
    template = Template(
        "{% load ordering_tags %}{% for n in numbers %}{% order_url n %}\n{% endfor %}"
    )

    links = template.render(Context({"numbers": numbers})).splitlines()

    assert links == [
        escape(reverse("order_detail", args=[number])) for number in numbers
    ]
    assert links[3].endswith("/A%20B/")

    order = placed_order(buyer, [stocked(ProductFactory())], end_customer_name="Client")
    body = buyer_client.get(reverse("orders")).content.decode()
    detail = reverse("order_detail", args=[order.number])
    assert f'<a href="{detail}">{order.number}</a>' in body
