"""The reseller pages of ordering: stock, cart, checkout, orders, export."""

import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from ordering.orders import services
from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from ordering.stock.models import StockLevel
from portal.money import money_format
from tests.isolation import assert_isolated
from tests.ordering.factories import (
    ApplianceFactory,
    CarrierFactory,
    CompatibilityFactory,
    PriceListEntryFactory,
    PriceListFactory,
    ProductFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def test_stock_finds_the_parts_that_fit_an_appliance(buyer_client):
    appliance = stocked(ApplianceFactory(name="AquaPure 300"))
    cartridge = stocked(ProductFactory(name="Cartouche sédiments"), on_hand=3)
    unrelated = stocked(ProductFactory(name="Lampe UV"))
    CompatibilityFactory(appliance=appliance, part=cartridge)

    response = buyer_client.get(reverse("stock"), {"q": "AquaPure 300"})

    body = response.content.decode()
    assert cartridge.reference in body
    assert appliance.reference in body
    assert unrelated.reference not in body
    assert "Stock faible" in body  # 3 units, threshold 5


@pytest.mark.parametrize("page", ["stock", "product"])
def test_add_to_cart_brings_the_buyer_back_to_the_page(page, buyer_client, buyer):
    product = stocked(reference="CART-BACK")
    url = {
        "stock": reverse("stock") + "?q=CART-BACK",
        "product": reverse("product", args=[product.reference]),
    }[page]
    body = buyer_client.get(url).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="add-to-cart">', body)
    back = re.search(r'name="next" value="([^"]+)"', body)

    response = buyer_client.post(
        form[1], {"product": product.pk, "quantity": 2, "next": unescape(back[1])}
    )

    assert response.status_code == 302 and response["Location"] == url
    assert buyer.cart.lines.get().quantity == 2


def _appliance_with_parts(reference: str, parts: int):
    appliance = stocked(ApplianceFactory(reference=reference, name="AquaPure 300"))
    for n in range(parts):
        CompatibilityFactory(
            appliance=appliance,
            part=stocked(reference=f"{reference}-P{n}", unit_price=Decimal("10.00")),
            quantity_per_change=2,
        )
    return appliance


def test_the_appliance_page_adds_its_consumables_to_the_cart(buyer_client, buyer):
    appliance = _appliance_with_parts("AQP-300", 1)
    body = buyer_client.get(reverse("product", args=[appliance.reference]))
    # The part's row: its price, its availability and an "Add" of one change.
    row = body.content.decode().split("AQP-300-P0", 1)[1].split("</tr>", 1)[0]
    assert money_format(Decimal("10.00")) in row
    assert "badge" in row  # availability
    assert 'name="quantity" value="2"' in row
    product_id = re.search(r'name="product" value="(\d+)"', row)[1]

    buyer_client.post(reverse("cart_add"), {"product": product_id, "quantity": 2})

    line = buyer.cart.lines.get()
    assert (line.product.reference, line.quantity) == ("AQP-300-P0", 2)


def test_the_appliance_page_reads_its_parts_stock_at_once(
    buyer_client, django_assert_max_num_queries
):
    one = _appliance_with_parts("AQP-300", 1)
    with django_assert_max_num_queries(20) as one_part:
        buyer_client.get(reverse("product", args=[one.reference]))
    nine = _appliance_with_parts("AQP-301", 9)
    with django_assert_max_num_queries(len(one_part)):
        buyer_client.get(reverse("product", args=[nine.reference]))


def test_stock_shows_out_of_stock_with_restock_date(buyer_client):
    product = ProductFactory()
    StockLevel.objects.create(
        product=product,
        warehouse=WarehouseFactory(),
        on_hand=0,
        restock_date="2026-12-15",
        restock_quantity=40,
    )
    response = buyer_client.get(reverse("stock"), {"availability": "out"})
    body = response.content.decode()
    assert product.reference in body
    assert "Épuisé" in body and "15 décembre 2026" in body


def test_stock_search_without_result_explains_what_to_try(buyer_client):
    stocked()
    response = buyer_client.get(reverse("stock"), {"q": "zzz-nothing"})
    assert "Aucun produit ne correspond" in response.content.decode()


def test_technician_sees_neither_stock_nor_prices_nor_cart(client, technician):
    # DESIGN.md: technicians read documentation and record installations.
    product = stocked(unit_price=Decimal("24.90"))
    client.force_login(technician)
    response = client.get(reverse("stock"))
    assert response.status_code == 403
    assert product.reference not in response.content.decode()
    assert client.get(reverse("product", args=[product.reference])).status_code == 403
    assert client.get(reverse("cart")).status_code == 403
    assert client.get(reverse("orders")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    for name in ("stock", "cart", "orders"):
        assert f'href="{reverse(name)}"' not in home


def test_checkout_places_an_on_account_order(buyer_client, buyer, delivery_address):
    product = stocked(on_hand=10)
    buyer_client.post(reverse("cart_add"), {"product": product.pk, "quantity": 3})
    cart_page = buyer_client.get(reverse("cart"))
    key = cart_page.context["checkout_form"].initial["submission_key"]
    form = {
        "submission_key": key,
        "address": delivery_address.pk,
        "payment_method": Order.PaymentMethod.ON_ACCOUNT,
        "purchase_order_reference": "BC-2026-114",
        "end_customer_name": "Mme Girard",
    }

    first = buyer_client.post(reverse("checkout"), form)
    again = buyer_client.post(reverse("checkout"), form)  # refresh / double click

    order = Order.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/reseller/orders/{order.number}/"
    assert order.status == Order.Status.CONFIRMED
    assert order.delivery_city == "Lyon"
    assert StockLevel.objects.get(product=product).reserved == 3


def test_checkout_offers_each_address_once_labelled_by_kind(
    buyer_client, delivery_address
):
    from django.utils import translation

    from accounts.network.models import OrganisationAddress
    from ordering.orders.forms import CheckoutForm

    organisation = delivery_address.organisation
    Kind = OrganisationAddress.Kind
    # The workshop is also where invoices go (typed again with other spacing
    # and case); the head office only receives invoices.
    OrganisationAddress.objects.create(
        organisation=organisation,
        kind=Kind.BILLING,
        line1="12  rue de la charité",
        postcode="69002",
        city="LYON",
    )
    head_office = OrganisationAddress.objects.create(
        organisation=organisation,
        kind=Kind.BILLING,
        line1="3 place Bellecour",
        postcode="69002",
        city="Lyon",
    )
    buyer_client.post(reverse("cart_add"), {"product": stocked().pk, "quantity": 1})

    page = buyer_client.get(reverse("cart")).content.decode()
    offered = re.findall(r'name="address" value="(\d+)"', page)
    assert offered == [str(delivery_address.pk), str(head_office.pk)]

    with translation.override("en"):
        form = CheckoutForm(organisation=organisation, payment_methods=[])
        labels = [str(label) for _value, label in form.fields["address"].choices]
    assert labels == [
        "Delivery and billing — Atelier, 12 rue de la Charité, 69002 Lyon",
        "Billing — 3 place Bellecour, 69002 Lyon",
    ]
    with translation.override("fr"):
        form = CheckoutForm(organisation=organisation, payment_methods=[])
        labels = [str(label) for _value, label in form.fields["address"].choices]
    assert labels[1] == "Facturation — 3 place Bellecour, 69002 Lyon"


def test_checkout_with_short_stock_keeps_cart_and_input(buyer_client, delivery_address):
    product = stocked(on_hand=2)
    buyer_client.post(reverse("cart_add"), {"product": product.pk, "quantity": 5})
    response = buyer_client.post(
        reverse("checkout"),
        {
            "submission_key": "abc",
            "address": delivery_address.pk,
            "payment_method": Order.PaymentMethod.ON_ACCOUNT,
            "purchase_order_reference": "BC-77",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert product.reference in body and "2 disponible" in body
    assert 'value="BC-77"' in body
    assert not Order.objects.exists()
    assert StockLevel.objects.get(product=product).reserved == 0


def test_quick_order_reports_the_bad_line_and_keeps_the_good(buyer_client, buyer):
    good = stocked(reference="CART-GOOD")
    response = buyer_client.post(
        reverse("quick_order"), {"lines": "CART-GOOD;4\nNOPE-1;2\nCART-GOOD;x"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ligne 2" in body and "NOPE-1" in body
    assert "Ligne 3" in body
    assert buyer.cart.lines.get(product=good).quantity == 4


EXCEL_CSV = (
    "Référence;Désignation;Quantité\r\n"
    '"FIL-SED-10";"Filtre à sédiment";"3"\r\n'
    '"NOPE-1";"Filtre à sédiment";"1"\r\n'
    ";;\r\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8", "utf-16"])
def test_quick_order_reads_a_csv_file_as_excel_saves_it(buyer_client, buyer, encoding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = stocked(reference="FIL-SED-10", name="Filtre à sédiment")
    upload = SimpleUploadedFile(
        "commande.csv", EXCEL_CSV.encode(encoding), content_type="text/csv"
    )

    response = buyer_client.post(reverse("quick_order"), {"file": upload})

    body = unescape(response.content.decode())
    assert buyer.cart.lines.get(product=good).quantity == 3
    assert response.status_code == 400
    # One bad line, numbered in the file; the header row is not reported.
    errors = re.findall(r"<li>(.*?)</li>", body.split('class="line-errors"')[1])
    assert len(errors) == 1
    assert re.match(r"(Ligne|Line) 3 .*commande\.csv", errors[0])
    assert '"NOPE-1";"Filtre à sédiment";"1"' in errors[0]  # read right
    # The box holds the bad line under its header, to correct and resend.
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.S).group(1)
    assert box.strip().splitlines() == [
        "Référence;Désignation;Quantité",
        '"NOPE-1";"Filtre à sédiment";"1"',
    ]


def test_orders_search_by_customer_product_and_tracking(
    buyer_client, buyer, agent, delivery_address
):
    product = stocked(reference="CAR-AQP-01")
    other = stocked(reference="LAMP-UV-9")
    girard = placed_order(buyer, [product], key="a", end_customer_name="Mme Girard")
    placed_order(buyer, [other], key="b", end_customer_name="M. Petit")
    shipping_services.shipment_create(
        order=girard, carrier=CarrierFactory(), tracking_number="6A1234", by=agent
    )

    def found(q):
        page = buyer_client.get(reverse("orders"), {"q": q}).context["page"]
        return [o.number for o in page.object_list]

    assert found("girard") == [girard.number]
    assert found("car-aqp-01") == [girard.number]
    assert found("6A1234") == [girard.number]
    assert found(girard.number.lower()) == [girard.number]
    assert len(found("")) == 2


def test_order_detail_shows_timeline_and_tracking_link(
    buyer_client, buyer, agent, delivery_address
):
    order = placed_order(buyer, [stocked()], key="x")
    shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A999", by=agent
    )
    body = buyer_client.get(reverse("order_detail", args=[order.number])).content
    body = body.decode()
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A999" in body
    for label in ["Passée", "Confirmée", "En préparation", "Expédiée"]:
        assert label in body


def test_csv_export_follows_the_filters(buyer_client, buyer, delivery_address):
    placed_order(buyer, [stocked()], key="a", end_customer_name="Mme Girard")
    placed_order(buyer, [stocked()], key="b", end_customer_name="M. Petit")
    response = buyer_client.get(reverse("orders_export"), {"q": "Girard"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][5] == "Mme Girard"


def test_reorder_puts_lines_back_at_todays_price(buyer_client, buyer, delivery_address):
    product = stocked(unit_price=Decimal("10.00"))
    order = placed_order(buyer, [(product, 2)], key="a")
    product.unit_price = Decimal("12.00")
    product.save()
    buyer_client.post(reverse("order_reorder", args=[order.number]))
    quote = buyer_client.get(reverse("cart")).context["quote"]
    assert [(line.quantity, line.unit_price) for line in quote.lines] == [
        (2, Decimal("12.00"))
    ]


def test_cancel_asks_for_confirmation_then_releases_stock(
    buyer_client, buyer, delivery_address
):
    product = stocked(on_hand=5)
    order = placed_order(buyer, [(product, 2)], key="a")
    url = reverse("order_cancel", args=[order.number])
    assert "Annuler la commande" in buyer_client.get(url).content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED  # a GET changes nothing
    buyer_client.post(url, {"reason": "Doublon"})
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert StockLevel.objects.get(product=product).reserved == 0


def test_other_organisations_orders_are_isolated(
    other_owner, organisation, other_organisation
):
    other_organisation.may_order_on_account = True
    other_organisation.save()
    order = placed_order(
        other_owner,
        [stocked()],
        key="o",
        end_customer_name="M. Secret",
        purchase_order_reference="BC-SECRET",
    )
    for name, methods in [
        ("order_detail", ("get",)),
        ("order_cancel", ("get", "post")),
        ("order_reorder", ("post",)),  # POST-only: a GET answers 405
        ("order_pay", ("post",)),
    ]:
        assert_isolated(
            reverse(name, args=[order.number]),
            viewer_organisation=organisation,
            hidden_texts=["M. Secret", "BC-SECRET"],
            methods=methods,
        )
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED  # nobody cancelled it


def test_order_list_and_export_never_show_another_organisations_orders(
    buyer_client, other_owner, other_organisation, delivery_address
):
    other_organisation.may_order_on_account = True
    other_organisation.save()
    placed_order(other_owner, [stocked()], key="o", end_customer_name="M. Secret")
    assert "M. Secret" not in buyer_client.get(reverse("orders")).content.decode()
    export = buyer_client.get(reverse("orders_export"))
    assert "M. Secret" not in b"".join(export.streaming_content).decode()


def _queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    ["orders", "orders_search", "order_detail", "stock_search", "cart"],
)
def test_page_query_count_does_not_grow_with_data(
    page, buyer_client, buyer, agent, delivery_address, django_assert_max_num_queries
):
    carrier = CarrierFactory()
    appliance = stocked(ApplianceFactory(name="AquaPure 300"))

    def grow(n, prefix):
        for i in range(n):
            part = stocked(reference=f"{prefix}-{i}")
            CompatibilityFactory(appliance=appliance, part=part)
            services.cart_add(user=buyer, product=part, quantity=1)
        order = placed_order(
            buyer, key=f"{prefix}-key", end_customer_name=f"Client {prefix}"
        )
        shipping_services.shipment_create(
            order=order, carrier=carrier, tracking_number=f"{prefix}TRK", by=agent
        )
        services.cart_add(user=buyer, product=part, quantity=1)
        return order

    def measure(order):
        url, params = {
            "orders": (reverse("orders"), {}),
            "orders_search": (reverse("orders"), {"q": "Client"}),
            "order_detail": (reverse("order_detail", args=[order.number]), {}),
            "stock_search": (reverse("stock"), {"q": "AquaPure"}),
            "cart": (reverse("cart"), {}),
        }[page]
        return _queries(buyer_client, url, params)

    small = measure(grow(2, "S"))
    for batch in range(3):
        order = grow(8, f"L{batch}")
    large = measure(order)
    assert large == small
    with django_assert_max_num_queries(15):
        measure(order)


def test_checkout_of_a_20_line_cart_stays_within_19_queries(
    buyer_client, buyer, delivery_address, django_assert_max_num_queries
):
    organisation = delivery_address.organisation
    organisation.price_list = PriceListFactory(discount_percent=Decimal("10.00"))
    organisation.save()
    products = [stocked(on_hand=5, unit_price=Decimal("10.00")) for _ in range(20)]
    PriceListEntryFactory(
        price_list=organisation.price_list,
        product=products[0],
        unit_price=Decimal("7.00"),
    )
    for product in products:
        buyer_client.post(reverse("cart_add"), {"product": product.pk, "quantity": 2})

    # 15, one for invoicing's credit hold (what the reseller owes, late), and
    # 3 adding the order to the dashboards' rows of the day and month (one
    # per table, ordering.orders.services.summary): whatever the number of
    # lines.
    with django_assert_max_num_queries(19):
        response = buyer_client.post(
            reverse("checkout"),
            {
                "submission_key": "twenty-lines",
                "address": delivery_address.pk,
                "payment_method": Order.PaymentMethod.ON_ACCOUNT,
            },
        )

    order = Order.objects.get()
    assert response["Location"] == f"/reseller/orders/{order.number}/"
    prices = sorted(order.lines.values_list("unit_price", flat=True))
    assert prices == [Decimal("7.00")] + [Decimal("9.00")] * 19
    assert order.total_excl_vat == Decimal("356.00")  # 2 × 7.00 + 19 × 2 × 9.00
    reserved = StockLevel.objects.filter(product__in=products)
    assert sorted(reserved.values_list("reserved", flat=True)) == [2] * 20
    assert not buyer.cart.lines.exists()


def test_agent_orders_for_a_reseller_on_its_account(client, agent, delivery_address):
    organisation = delivery_address.organisation
    product = stocked(on_hand=5)
    client.force_login(agent)
    client.post(reverse("cart_customer"), {"organisation": organisation.pk})
    client.post(reverse("cart_add"), {"product": product.pk, "quantity": 2})
    client.post(
        reverse("checkout"),
        {
            "submission_key": "agent-1",
            "address": delivery_address.pk,
            "payment_method": Order.PaymentMethod.ON_ACCOUNT,
            "end_customer_name": "M. Durand",
        },
    )
    order = Order.objects.get()
    assert order.organisation == organisation
    assert order.channel == Order.Channel.CALL_CENTER
    assert order.placed_by == agent
    assert order.delivery_line1 == delivery_address.line1


def test_agent_order_for_an_end_customer_needs_card_payment(client, agent):
    stocked()
    client.force_login(agent)
    client.post(reverse("cart_add"), {"product": stocked().pk, "quantity": 1})
    page = client.get(reverse("cart")).content.decode()
    # Without Stripe keys there is no way to pay: the page says so.
    assert "paiement par carte n’est pas disponible" in page
    assert 'name="delivery_postcode"' not in page


def test_quick_order_refuses_absurd_quantities_with_a_message(buyer_client, buyer):
    stocked(reference="CART-BIG")
    response = buyer_client.post(
        reverse("quick_order"),
        {"lines": "CART-BIG;99999999999\nCART-BIG;9000\nCART-BIG;9000"},
    )
    body = response.content.decode()
    assert "Ligne 1" in body and "Ligne 3" in body and "9999" in body
    assert buyer.cart.lines.get().quantity == 9000


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("fr", "1290", "EUR", "1\u202f290,00\u00a0€"),
        ("fr", "0.005", "EUR", "0,01\u00a0€"),  # half up, as on the invoice
        ("fr", "999.995", "EUR", "1\u202f000,00\u00a0€"),
        ("en", "1234567.891", "EUR", "€1,234,567.89"),
        ("en", "35.88", "USD", "$35.88"),
        ("fr", "35.88", "CHF", "35,88\u00a0CHF"),
    ],
)
def test_amounts_follow_the_language_and_the_currency_rounded_to_the_cent(
    language, amount, currency, shown
):
    with translation.override(language):
        assert money_format(Decimal(amount), currency) == shown


def test_the_order_page_shows_its_total_in_the_readers_language(
    buyer_client, buyer, on_account, settings
):
    product = stocked(ProductFactory(unit_price=Decimal("1075.00"), vat_rate=20))
    order = placed_order(buyer, [(product, 1)])
    url = reverse("order_detail", args=[order.number])

    french = unescape(buyer_client.get(url).content.decode())
    buyer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = unescape(buyer_client.get(url).content.decode())

    assert "1\u202f290,00\u00a0€" in french  # 1,075.00 plus 20 % VAT
    assert "€1,290.00" in english
    assert "€1,290.00" not in french


def test_a_shipment_badge_follows_its_latest_event_whatever_order_they_came_in(
    buyer_client, buyer, agent, delivery_address
):
    from datetime import timedelta

    from django.utils import timezone

    from ordering.shipping.models import TrackingEvent

    order = placed_order(buyer, [stocked(reference="CAR-AQP-01")], key="tracked")
    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A777", by=agent
    )
    url = reverse("order_detail", args=[order.number])
    morning = timezone.now() - timedelta(hours=6)

    def badge():
        page = buyer_client.get(url).content.decode()
        section = page.split('class="panel shipment"')[1]
        return re.search(r'<span class="badge[^"]*">([^<]*)</span>', section).group(1)

    def event(status, at, event_id):
        shipping_services.tracking_event_record(
            shipment=shipment, occurred_at=at, status=status, carrier_event_id=event_id
        )

    assert badge() == "En transit"  # no event yet: the parcel left
    event(TrackingEvent.Status.OUT_FOR_DELIVERY, morning + timedelta(hours=3), "e3")
    assert badge() == "En cours de livraison"
    # The carrier sends the earlier events afterwards: the badge keeps the latest.
    event(TrackingEvent.Status.IN_TRANSIT, morning + timedelta(hours=1), "e2")
    event(TrackingEvent.Status.PICKED_UP, morning, "e1")
    assert badge() == "En cours de livraison"
    event(TrackingEvent.Status.DELIVERED, morning + timedelta(hours=5), "e5")
    event(TrackingEvent.Status.EXCEPTION, morning + timedelta(hours=4), "e4")
    assert badge() == "Livré"
    shipment.refresh_from_db()
    assert shipment.status == shipment.Status.DELIVERED


def test_the_header_counts_the_products_in_the_cart(buyer_client):
    empty = buyer_client.get(reverse("documentation")).content.decode()
    assert "count-badge" not in empty
    for reference in ("CNT-1", "CNT-2"):
        product = stocked(reference=reference)
        buyer_client.post(reverse("cart_add"), {"product": product.pk, "quantity": 3})

    page = buyer_client.get(reverse("documentation")).content.decode()
    badge = page.split('class="count-badge">', 1)[1].split("</a>", 1)[0]
    # Two products (not six units), said in words to screen readers.
    assert re.sub(r"<[^>]+>", "", badge).strip() == ", 2 produits"
