"""The REST API: tokens, isolation, orders, pagination, rate limit, schema."""

import hashlib
from datetime import timedelta

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.network.models import ApiToken, Organisation, OrganisationAddress, Role
from accounts.network.services import ApiTokenError, api_token_create, api_token_revoke
from ordering.orders import services
from ordering.orders.models import CartLine, Order
from ordering.shipping import services as shipping_services
from ordering.stock.models import StockLevel
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
    UserFactory,
    fitted,
)
from tests.ordering.factories import (
    ApplianceFactory,
    CarrierFactory,
    PriceListEntryFactory,
    PriceListFactory,
    StockLevelFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)

API = "/api/v1"


def bearer(secret: str) -> Client:
    """A program sending this token; it reads the messages in English."""
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def api_client(user) -> Client:
    """A client sending a fresh token of the user, as a program would."""
    _token, secret = api_token_create(user=user, name="Caisse")
    return bearer(secret)


def post_order(client, payload, **headers):
    return client.post(
        f"{API}/orders", payload, content_type="application/json", headers=headers
    )


@pytest.fixture
def cartridge(db):
    """24.90 € excl. VAT, 100 units in the Lyon warehouse."""
    return stocked(reference="CART-AQ10", name="Cartouche AquaPure 10")


@pytest.fixture
def buyer_api(buyer, delivery_address):
    return api_client(buyer)


# --- Tokens -------------------------------------------------------------------------


def test_a_new_token_works_and_only_its_hash_is_stored(buyer, cartridge):
    token, secret = api_token_create(user=buyer, name=" Caisse  ")
    token.refresh_from_db()
    assert token.name == "Caisse"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) / 3
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}

    response = bearer(secret).get(f"{API}/products")

    assert response.status_code == 200
    assert [p["reference"] for p in response.json()["items"]] == ["CART-AQ10"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(buyer, cartridge):
    token, secret = api_token_create(user=buyer, name="Caisse")
    client = bearer(secret)
    recently = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
    client.get(f"{API}/products")
    token.refresh_from_db()
    assert token.last_used_at == recently

    long_ago = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    client.get(f"{API}/products")
    token.refresh_from_db()
    assert token.last_used_at > long_ago


def _refused(secret: str | None) -> dict:
    client = bearer(secret) if secret else Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"{API}/products")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    return response.json()


@pytest.mark.django_db
def test_no_token_or_a_wrong_one_answers_401_saying_why():
    assert "Authorization" in _refused(None)["detail"]
    assert _refused("oxy_not-a-real-token")["detail"]
    assert _refused("something else")["detail"]
    response = Client().get(f"{API}/products", headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 401


def test_a_revoked_token_answers_401(buyer):
    token, secret = api_token_create(user=buyer, name="Caisse")
    api_token_revoke(token=token, by=buyer)
    assert "revoked" in _refused(secret)["detail"]


def test_an_inactive_person_s_token_answers_401(buyer):
    _token, secret = api_token_create(user=buyer, name="Caisse")
    buyer.is_active = False
    buyer.save()
    assert "closed" in _refused(secret)["detail"]


def test_a_suspended_reseller_s_token_answers_401(buyer, organisation):
    _token, secret = api_token_create(user=buyer, name="Caisse")
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save()
    assert organisation.name in _refused(secret)["detail"]


def test_a_customer_gets_no_token_and_a_token_of_theirs_is_refused(db):
    customer = CustomerFactory(user=UserFactory())
    with pytest.raises(ApiTokenError):
        api_token_create(user=customer.user, name="Script")
    secret = "oxy_forged-into-the-database"
    ApiToken.objects.create(
        user=customer.user,
        name="Script",
        prefix=secret[:12],
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
    )
    assert _refused(secret)["detail"]

    client = Client()
    client.force_login(customer.user)
    assert client.get(reverse("api_tokens")).status_code == 404


def test_the_token_page_creates_shows_the_secret_once_and_revokes(client, buyer):
    client.force_login(buyer)
    url = reverse("api_tokens")
    empty = client.get(url)
    assert empty.status_code == 200

    created = client.post(url, {"name": "Logiciel de caisse"})

    token = ApiToken.objects.get(user=buyer)
    page = created.content.decode()
    secret = created.context["secret"]
    assert secret in page
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    later = client.get(url).content.decode()
    assert "Logiciel de caisse" in later and token.prefix in later
    assert secret not in later  # shown once

    revoke_url = reverse("api_token_revoke", args=[token.pk])
    assert "Logiciel de caisse" in client.get(revoke_url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET only asks for confirmation
    assert client.post(revoke_url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _refused(secret)


def test_the_token_page_refuses_an_empty_name(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("api_tokens"), {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_person_s_token(client, buyer, owner, agent):
    token, _secret = api_token_create(user=owner, name="Tableur")
    for someone in (buyer, agent):
        client.force_login(someone)
        url = reverse("api_token_revoke", args=[token.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert "Tableur" not in client.get(reverse("api_tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(ApiTokenError):
        api_token_revoke(token=token, by=buyer)


# --- Isolation ----------------------------------------------------------------------


@pytest.fixture
def other_organisation_data(other_owner, other_organisation, agent):
    """An order with a shipment, and an installation, of another reseller."""
    other_organisation.may_order_on_account = True
    other_organisation.save()
    order = placed_order(
        other_owner,
        [stocked(reference="SEL-SECRET")],
        key="other",
        end_customer_name="M. Secret",
        purchase_order_reference="BC-SECRET",
    )
    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6ASECRET", by=agent
    )
    installation = InstallationFactory(
        organisation=other_organisation, customer__last_name="Secretin"
    )
    return order, shipment, installation


@pytest.mark.parametrize("role", [Role.OWNER, Role.BUYER, Role.TECHNICIAN])
def test_another_organisation_s_objects_answer_404_like_missing_ones(
    role, organisation, other_organisation_data
):
    order, shipment, installation = other_organisation_data
    client = api_client(MembershipFactory(organisation=organisation, role=role).user)
    hidden = ["M. Secret", "BC-SECRET", "6ASECRET", "Secretin", "SEL-SECRET"]

    for url, missing in [
        (f"/orders/{order.number}", "/orders/OXY-2026-999999"),
        (f"/orders/{order.number}/shipments", "/orders/OXY-2026-999999/shipments"),
        (f"/shipments/{shipment.pk}", "/shipments/999999"),
        (f"/installations/{installation.pk}", "/installations/999999"),
    ]:
        response = client.get(API + url)
        assert response.status_code == 404, (role, url)
        assert response.json()["detail"].startswith("No ")
        for text in hidden:
            assert text not in response.content.decode()
        absent = client.get(API + missing)
        assert absent.status_code == 404
        assert (
            absent.json()["detail"].split()[:2] == response.json()["detail"].split()[:2]
        )


def test_lists_never_hold_another_organisation_s_objects(
    buyer, delivery_address, cartridge, other_organisation_data
):
    own = placed_order(buyer, [cartridge], key="own")
    client = api_client(buyer)
    orders = client.get(f"{API}/orders").json()
    assert [o["number"] for o in orders["items"]] == [own.number]
    assert client.get(f"{API}/orders", {"q": "Secret"}).json()["count"] == 0
    assert client.get(f"{API}/shipments").json()["count"] == 0
    searched = client.get(f"{API}/shipments", {"tracking_number": "6ASECRET"})
    assert searched.json()["count"] == 0
    assert client.get(f"{API}/installations").json()["count"] == 0


def test_staff_see_every_organisation_s_orders(agent, other_organisation_data):
    order, shipment, _installation = other_organisation_data
    client = api_client(agent)
    body = client.get(f"{API}/orders/{order.number}").json()
    assert body["organisation"] == "confort-bretagne"
    assert body["shipments"][0]["tracking_number"] == "6ASECRET"
    assert body["shipments"][0]["tracking_url"].endswith("code=6ASECRET")
    assert [e["status"] for e in body["timeline"]] == ["placed", "confirmed"] + [
        "preparing",
        "shipped",
    ]


def test_a_technician_reads_neither_stock_nor_orders(technician, cartridge):
    client = api_client(technician)
    for path in ("products", "orders", "shipments"):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 403, path
        assert response.json()["detail"]
        assert cartridge.reference not in response.content.decode()


# --- Products -----------------------------------------------------------------------


def test_products_show_the_organisation_s_price_and_stock_per_warehouse(
    buyer_api, organisation
):
    organisation.price_list = PriceListFactory(discount_percent=10)
    organisation.save()
    appliance = stocked(ApplianceFactory(reference="AQP-300"), on_hand=3)
    paris = WarehouseFactory(code="paris", name="Entrepôt de Paris", priority=2)
    restock = timezone.localdate() + timedelta(days=12)
    StockLevelFactory(
        product=appliance, warehouse=paris, on_hand=0, restock_date=restock
    )
    part = stocked(reference="FLT-1", on_hand=0)
    PriceListEntryFactory(
        price_list=organisation.price_list, product=part, unit_price="19.00"
    )

    body = buyer_api.get(f"{API}/products/AQP-300").json()

    assert body["unit_price_excl_vat"] == "1161.00"  # 1290 less 10 %
    assert body["availability"] == "low" and body["available"] == 3
    assert body["next_restock"] == restock.isoformat()
    assert [(s["warehouse"], s["available"]) for s in body["stock"]] == [
        ("lyon", 3),
        ("paris", 0),
    ]
    consumables = buyer_api.get(f"{API}/products", {"kind": "consumable"}).json()
    assert [
        (p["reference"], p["unit_price_excl_vat"], p["availability"])
        for p in consumables["items"]
    ] == [("FLT-1", "19.00", "out")]
    missing = buyer_api.get(f"{API}/products/NOPE-1")
    assert missing.status_code == 404
    assert "NOPE-1" in missing.json()["detail"]


# --- Orders -------------------------------------------------------------------------


def _payload(**extra):
    return {"lines": [{"reference": "CART-AQ10", "quantity": 3}], **extra}


def test_an_order_on_account_reserves_stock_and_leaves_the_web_cart(
    buyer, buyer_api, cartridge, delivery_address
):
    in_cart = stocked(reference="SEL-25")
    services.cart_add(user=buyer, product=in_cart, quantity=2)

    response = post_order(
        buyer_api,
        _payload(purchase_order_reference="BC-77"),
        **{"Idempotency-Key": "bc-77"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["purchase_order_reference"] == "BC-77"
    assert body["payment_method"] == "on_account"
    assert body["delivery_address"]["city"] == "Lyon"
    assert body["delivery_address"]["name"] == "Aqua Services Lyon — Atelier"
    assert [(line["reference"], line["quantity"]) for line in body["lines"]] == [
        ("CART-AQ10", 3)
    ]
    assert body["total_excl_vat"] == "74.70"
    order = Order.objects.get(number=body["number"])
    assert order.channel == Order.Channel.RESELLER and order.placed_by == buyer
    assert StockLevel.objects.get(product=cartridge).reserved == 3
    assert list(
        CartLine.objects.filter(cart__user=buyer).values_list("product", "quantity")
    ) == [(in_cart.pk, 2)]


def test_the_201_answer_is_the_order_as_a_later_read_gives_it(
    buyer_api, cartridge, delivery_address, django_assert_max_num_queries
):
    """The answer to a placement is built from the objects that placed it
    rather than read back: it must still say exactly what the order says."""
    backordered = stocked(reference="FLT-201", on_hand=1)
    payload = {
        "lines": [
            {"reference": "CART-AQ10", "quantity": 2},
            {"reference": "FLT-201", "quantity": 4},
        ],
        "purchase_order_reference": "BC-201",
        "shipping_preference": "as_available",
    }

    # The token's first use and the back-order add one each; 23 when the
    # answer read the order back.
    with django_assert_max_num_queries(21):
        placed = post_order(buyer_api, payload)
    read = buyer_api.get(f"{API}/orders/{placed.json()['number']}")

    assert placed.status_code == 201 and read.status_code == 200
    assert placed.json() == read.json()
    assert placed.json()["has_backorder"] is True
    assert [line["reference"] for line in placed.json()["lines"]] == [
        "CART-AQ10",
        backordered.reference,
    ]
    assert placed.json()["timeline"]  # the placement's own event


def test_a_retry_with_the_same_key_returns_the_first_order(
    buyer_api, cartridge, delivery_address
):
    first = post_order(buyer_api, _payload(), **{"Idempotency-Key": "abc-1"})
    again = post_order(buyer_api, _payload(), **{"Idempotency-Key": "abc-1"})
    by_body = post_order(buyer_api, _payload(submission_key="abc-1"))

    assert (first.status_code, again.status_code, by_body.status_code) == (
        201,
        200,
        200,
    )
    assert first.json()["number"] == again.json()["number"] == by_body.json()["number"]
    assert Order.objects.count() == 1
    assert StockLevel.objects.get(product=cartridge).reserved == 3
    other_key = post_order(buyer_api, _payload(), **{"Idempotency-Key": "abc-2"})
    assert other_key.status_code == 201
    assert Order.objects.count() == 2


def test_two_people_using_the_same_key_each_get_their_own_order(
    buyer, owner, cartridge, delivery_address
):
    for person in (buyer, owner):
        response = post_order(
            api_client(person), _payload(), **{"Idempotency-Key": "same"}
        )
        assert response.status_code == 201
    assert Order.objects.count() == 2


def test_a_shortage_answers_409_naming_the_product_and_changes_nothing(
    buyer_api, cartridge, delivery_address
):
    StockLevel.objects.filter(product=cartridge).update(on_hand=2)

    response = post_order(buyer_api, _payload())

    assert response.status_code == 409
    body = response.json()
    assert body["shortages"] == [
        {
            "reference": "CART-AQ10",
            "name": "Cartouche AquaPure 10",
            "requested": 3,
            "available": 2,
        }
    ]
    assert "CART-AQ10" in body["detail"]
    assert not Order.objects.exists()
    assert StockLevel.objects.get(product=cartridge).reserved == 0


def test_a_technician_may_not_order(technician, cartridge, delivery_address):
    response = post_order(api_client(technician), _payload())
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Order.objects.exists()


def test_an_organisation_not_approved_for_on_account_gets_400(buyer, cartridge):
    OrganisationAddress.objects.create(
        organisation=buyer.membership.organisation,
        kind=OrganisationAddress.Kind.DELIVERY,
        line1="1 rue",
        postcode="69002",
        city="Lyon",
    )
    response = post_order(api_client(buyer), _payload())
    assert response.status_code == 400
    assert "on account" in response.json()["detail"]
    assert not Order.objects.exists()


def test_card_payment_is_refused_with_the_field_named(buyer_api, cartridge):
    response = post_order(buyer_api, _payload(payment_method="card"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "payment_method"


@pytest.mark.parametrize(
    ("extra", "status", "says"),
    [
        ({"lines": [{"reference": "NOPE-1", "quantity": 1}]}, 400, "NOPE-1"),
        ({"delivery_address_id": 999999}, 400, "999999"),
        ({"organisation": "confort-bretagne"}, 404, "confort-bretagne"),
        ({"lines": [{"reference": "CART-AQ10", "quantity": 0}]}, 422, "quantity"),
        ({"lines": []}, 422, "lines"),
    ],
)
def test_a_wrong_order_says_what_is_wrong(
    buyer_api, cartridge, delivery_address, other_organisation, extra, status, says
):
    response = post_order(buyer_api, _payload(**extra))
    assert response.status_code == status
    assert says in str(response.json()["detail"])
    assert not Order.objects.exists()


def test_a_product_listed_twice_is_ordered_once_with_both_quantities(
    buyer_api, cartridge, delivery_address
):
    lines = [{"reference": "CART-AQ10", "quantity": q} for q in (2, 5)]
    response = post_order(buyer_api, {"lines": lines})
    assert response.status_code == 201
    assert [line["quantity"] for line in response.json()["lines"]] == [7]
    assert StockLevel.objects.get(product=cartridge).reserved == 7


def test_an_order_may_go_to_a_typed_address(buyer_api, cartridge, delivery_address):
    address = {
        "name": "Chantier Girard",
        "line1": "3 chemin des Vignes",
        "postcode": "69370",
        "city": "Saint-Didier",
    }
    response = post_order(buyer_api, _payload(delivery_address=address))
    assert response.status_code == 201
    assert response.json()["delivery_address"]["city"] == "Saint-Didier"


def test_staff_order_for_a_reseller_named_by_its_slug(
    agent, cartridge, delivery_address, organisation
):
    client = api_client(agent)
    assert post_order(client, _payload()).status_code == 400

    response = post_order(client, _payload(organisation="aqua-lyon"))

    assert response.status_code == 201
    assert response.json()["organisation"] == "aqua-lyon"
    order = Order.objects.get()
    assert order.channel == Order.Channel.CALL_CENTER
    assert order.organisation == organisation
    assert post_order(client, _payload(organisation="nobody")).status_code == 404


# --- Lists: pagination, filters, query counts ---------------------------------------


def test_orders_come_in_pages_and_filter_by_status_and_search(
    buyer, buyer_api, delivery_address, agent
):
    orders = [
        placed_order(buyer, [stocked()], key=f"k{i}", end_customer_name=f"Client {i}")
        for i in range(3)
    ]
    services.order_cancel(order=orders[0], by=agent)

    first = buyer_api.get(f"{API}/orders", {"page_size": 2}).json()
    second = buyer_api.get(f"{API}/orders", {"page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 3
    assert [o["number"] for o in first["items"] + second["items"]] == [
        o.number for o in reversed(orders)
    ]
    cancelled = buyer_api.get(f"{API}/orders", {"status": "cancelled"}).json()
    assert [o["number"] for o in cancelled["items"]] == [orders[0].number]
    found = buyer_api.get(f"{API}/orders", {"q": "Client 1"}).json()
    assert [o["number"] for o in found["items"]] == [orders[1].number]
    too_big = buyer_api.get(f"{API}/orders", {"page_size": 201})
    assert too_big.status_code == 422
    assert buyer_api.get(f"{API}/orders", {"status": "lost"}).status_code == 422
    assert buyer_api.get(f"{API}/orders", {"page": 9}).json()["items"] == []


def test_installations_show_the_schedule_without_contact_details(
    technician, organisation
):
    installation = InstallationFactory(
        organisation=organisation,
        customer__last_name="Girard",
        customer__city="Écully",
    )
    part = stocked(reference="CAR-AQP-01", replacement_interval_months=6)
    fitted(installation, part)
    InstallationFactory(organisation=organisation, status="draft")
    client = api_client(technician)

    listed = client.get(f"{API}/installations").json()

    assert listed["count"] == 1
    body = client.get(f"{API}/installations/{installation.pk}").json()
    assert body == listed["items"][0]
    assert body["customer"] == {
        "name": installation.customer.full_name,
        "town": "Écully",
    }
    assert body["consumables"][0]["reference"] == "CAR-AQP-01"
    assert body["consumables"][0]["next_change_on"] == "2026-12-01"
    text = str(body)
    for private in [installation.customer.email, installation.customer.phone]:
        assert private not in text
    # Not even read: the units' queries leave the contact details out.
    with CaptureQueriesContext(connection) as captured:
        client.get(f"{API}/installations")
        client.get(f"{API}/installations/{installation.pk}")
    sql = " ".join(query["sql"] for query in captured)
    for column in ['"accounts_customer"."email"', '"accounts_customer"."phone"']:
        assert column not in sql
    assert client.get(f"{API}/installations", {"q": "Girard"}).json()["count"] == 1
    assert client.get(f"{API}/installations", {"q": "Dupont"}).json()["count"] == 0


def _grow(n, *, buyer, organisation, agent, carrier, prefix):
    """n products, n orders of the buyer each shipped, n installations."""
    for i in range(n):
        product = stocked(reference=f"{prefix}-{i}")
        order = placed_order(buyer, [product], key=f"{prefix}{i}")
        shipping_services.shipment_create(
            order=order, carrier=carrier, tracking_number=f"{prefix}T{i}", by=agent
        )
        fitted(InstallationFactory(organisation=organisation), product)


@pytest.mark.parametrize(
    "path", ["/products", "/orders", "/shipments", "/installations"]
)
def test_list_query_count_does_not_grow_with_the_rows(
    path, owner, organisation, delivery_address, agent, django_assert_max_num_queries
):
    organisation.price_list = PriceListFactory()
    organisation.save()
    client = api_client(owner)
    client.get(API + path)  # the token's first use is written down once
    carrier = CarrierFactory()

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(API + path)
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    _grow(
        2,
        buyer=owner,
        organisation=organisation,
        agent=agent,
        carrier=carrier,
        prefix="S",
    )
    small, count = measure()
    _grow(
        10,
        buyer=owner,
        organisation=organisation,
        agent=agent,
        carrier=carrier,
        prefix="L",
    )
    large, more = measure()
    assert more > count
    assert large == small
    with django_assert_max_num_queries(10):
        client.get(API + path)


def test_a_call_reads_its_token_person_and_reseller_in_one_query(owner):
    """The token's query brings its person's membership and reseller, which
    the rights, the suspension check and the selectors then share."""
    client = api_client(owner)
    client.get(f"{API}/orders")  # the token's first use is written down once

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}/orders")

    assert response.status_code == 200
    first, *rest = [query["sql"] for query in captured]
    assert 'FROM "accounts_apitoken"' in first
    assert '"accounts_membership"' in first and '"accounts_organisation"' in first
    assert not [sql for sql in rest if 'FROM "accounts_membership"' in sql]
    assert len(captured) == 3  # the token, the page of orders, their count


# --- Rate limit, schema, documentation ----------------------------------------------


def test_the_rate_limit_answers_429_with_when_to_retry(settings, buyer, owner):
    settings.PORTAL_API_RATE = "3/m"
    client = api_client(buyer)
    assert [client.get(f"{API}/products").status_code for _ in range(3)] == [200] * 3

    refused = client.get(f"{API}/products")

    assert refused.status_code == 429
    wait = refused["Retry-After"]
    assert 1 <= int(wait) <= 60
    assert "3/m" in refused.json()["detail"] and wait in refused.json()["detail"]
    assert api_client(owner).get(f"{API}/products").status_code == 200  # per token


@pytest.mark.django_db
def test_the_openapi_schema_is_valid_and_documents_every_endpoint():
    schema = schemathesis.openapi.from_wsgi(
        f"{API}/openapi.json", get_wsgi_application()
    )
    schema.validate()
    raw = schema.raw_schema
    assert raw["info"]["title"] == "Oxyplus portal API"
    assert set(raw["paths"]) == {
        f"{API}/products",
        f"{API}/products/{{reference}}",
        f"{API}/orders",
        f"{API}/orders/{{number}}",
        f"{API}/orders/{{number}}/shipments",
        f"{API}/shipments",
        f"{API}/shipments/{{shipment_id}}",
        f"{API}/installations",
        f"{API}/installations/{{installation_id}}",
        f"{API}/installations/{{installation_id}}/visits",
        f"{API}/installations/{{installation_id}}/claims",
        f"{API}/installations/{{installation_id}}/notices",
        f"{API}/invoices",
        f"{API}/invoices/{{number}}",
        f"{API}/invoices/{{number}}/pdf",
        f"{API}/invoices/{{number}}/xml",
        f"{API}/statement",
    }
    for operations in raw["paths"].values():
        for operation in operations.values():
            assert {"401", "422", "429"} <= set(operation["responses"])
            assert operation["security"] == [{"ApiTokenAuth": []}]


@pytest.mark.django_db
def test_the_interactive_documentation_loads_only_local_files(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "https://" not in page and "cdn" not in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_a_shipment_s_status_is_its_latest_event_s_and_filters_by_it(
    buyer, delivery_address, cartridge, agent
):
    from ordering.shipping.models import TrackingEvent

    order = placed_order(buyer, [cartridge], key="tracked")
    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A888", by=agent
    )
    now = timezone.now()
    # The carrier's events arrive out of order: the latest by time counts.
    for status, hours_ago, event_id in [
        (TrackingEvent.Status.OUT_FOR_DELIVERY, 1, "e3"),
        (TrackingEvent.Status.IN_TRANSIT, 5, "e2"),
    ]:
        shipping_services.tracking_event_record(
            shipment=shipment,
            occurred_at=now - timedelta(hours=hours_ago),
            status=status,
            carrier_event_id=event_id,
        )
    client = api_client(buyer)

    assert client.get(f"{API}/shipments/{shipment.pk}").json()["status"] == (
        "out_for_delivery"
    )
    order_body = client.get(f"{API}/orders/{order.number}").json()
    assert order_body["shipments"][0]["status"] == "out_for_delivery"
    out = client.get(f"{API}/shipments", {"status": "out_for_delivery"}).json()
    assert [s["tracking_number"] for s in out["items"]] == ["6A888"]
    assert client.get(f"{API}/shipments", {"status": "in_transit"}).json()["count"] == 0


def test_the_api_reads_related_rows_by_resolvers_not_dotted_aliases():
    """Ninja resolves an alias such as "part.reference" through a template
    Variable built for every object (15 µs a field, hundreds a page); each
    schema reads a related row's field in a resolver instead, which keeps
    the JSON keys and the OpenAPI document as they were."""
    from ninja import Schema

    from portal.api import schemas, unit_schemas

    dotted = [
        f"{schema.__name__}.{name}"
        for module in (schemas, unit_schemas)
        for schema in vars(module).values()
        if isinstance(schema, type) and issubclass(schema, Schema)
        for name, field in schema.model_fields.items()
        if "." in (field.alias or "")
    ]

    assert dotted == []
