"""The move to nested apps keeps every row: a database where ``accounts`` and
``ordering`` held every model migrates to the rooms (network, customers,
callbacks; catalogue, stock, orders, shipping, payments) with its orders,
shipments, payments, installations and photos, callbacks and invitations.

The models keep their tables (``db_table``); the migrations change only
Django's idea of which app holds them, the content types they point at, and
the stored tasks' paths.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move, and the move.
BEFORE = [
    ("accounts", "0011_email_tasks_in_portal"),
    ("ordering", "0009_search_folded_columns"),
    ("pages", "0005_responsible_editor_is_documentation_staff"),
]
# The last migration of every app the move touches.
AFTER = [
    ("accounts", "0014_customer_models_leave"),
    ("customers", "0002_queued_tasks_follow_their_module"),
    ("callbacks", "0002_queued_tasks_follow_their_module"),
    ("pages", "0006_appliances_from_catalogue"),
    ("catalogue", "0001_models_from_ordering"),
    ("stock", "0001_models_from_ordering"),
    ("ordering", "0011_order_customer_in_customers_app"),
    ("shipping", "0001_models_from_ordering"),
    ("payments", "0002_refund_tasks_in_payments"),
]
MOVED = {
    "customers": ["customer", "installation", "installationphoto"],
    "callbacks": ["callbackrequest"],
    "catalogue": ["product", "compatibility", "pricelist", "pricelistentry"],
    "stock": ["warehouse", "stocklevel", "stockreservation"],
    "shipping": ["carrier", "shipment", "shipmentline", "trackingevent"],
    "payments": ["payment", "stripeevent"],
}


def _old_world(apps):
    now = timezone.now()
    get = apps.get_model
    organisation = get("accounts", "Organisation").objects.create(
        name="Aqua Services Lyon", slug="aqua", legal_identifier="12345678900011"
    )
    user = get("accounts", "User").objects.create(
        email="tech@aqua.test",
        password="!",  # noqa: S106
    )
    get("accounts", "Membership").objects.create(
        user=user, organisation=organisation, role="technician"
    )
    invitation = get("accounts", "Invitation").objects.create(
        organisation=organisation,
        email="new@aqua.test",
        role="buyer",
        token_hash="f" * 64,
        expires_at=now + timedelta(days=7),
    )
    product = get("ordering", "Product").objects.create(
        reference="CART-01",
        name="Cartouche",
        kind="appliance",
        unit_price=Decimal("24.90"),
    )
    warehouse = get("ordering", "Warehouse").objects.create(code="LYS", name="Lyon")
    get("ordering", "StockLevel").objects.create(
        product=product, warehouse=warehouse, on_hand=7
    )
    customer = get("accounts", "Customer").objects.create(
        first_name="Élise", last_name="Martin", line1="3 rue Victor Hugo",
        postcode="69003", city="Lyon",
    )  # fmt: skip
    order = get("ordering", "Order").objects.create(
        organisation=organisation,
        customer=customer,
        payment_method="on_account",
        delivery_name="Aqua Services Lyon",
        delivery_line1="1 quai",
        delivery_postcode="69002",
        delivery_city="Lyon",
        total_excl_vat=Decimal("24.90"),
        total_vat=Decimal("4.98"),
        total_incl_vat=Decimal("29.88"),
        submission_key="k-1",
        placed_at=now,
    )
    line = get("ordering", "OrderLine").objects.create(
        order=order, product=product, product_reference="CART-01",
        product_name="Cartouche", quantity=1, unit_price=Decimal("24.90"),
        vat_rate=Decimal("20.00"),
    )  # fmt: skip
    carrier = get("ordering", "Carrier").objects.create(
        name="Colissimo", code="colissimo", tracking_url_pattern="https://x/{number}"
    )
    shipment = get("ordering", "Shipment").objects.create(
        order=order, carrier=carrier, tracking_number="6A123", shipped_at=now
    )
    get("ordering", "TrackingEvent").objects.create(
        shipment=shipment, occurred_at=now, status="in_transit"
    )
    get("ordering", "Payment").objects.create(
        order=order, amount=Decimal("29.88"), checkout_session_id="cs_test_1"
    )
    installation = get("accounts", "Installation").objects.create(
        organisation=organisation, customer=customer, appliance=product,
        serial_number="OXY-12-3456", recorded_by=user,
    )  # fmt: skip
    get("accounts", "InstallationPhoto").objects.create(
        token="t" * 32, organisation=organisation, installation=installation,
        image="installations/photo.jpg", width=800, height=600, size=1234,
    )  # fmt: skip
    callback = get("accounts", "CallbackRequest").objects.create(
        customer=customer, installation=installation, reason="Fuite",
        phone="0600000000",
        due_at=now + timedelta(hours=4), source="phone", created_at=now,
    )  # fmt: skip
    return {
        "organisation": organisation.pk, "invitation": invitation.pk,
        "order": order.pk, "line": line.pk, "shipment": shipment.pk,
        "customer": customer.pk, "installation": installation.pk,
        "callback": callback.pk, "product": product.pk,
    }  # fmt: skip


FROM = {label: "ordering" for label in MOVED} | {
    "customers": "accounts",
    "callbacks": "accounts",
}


def _old_content_types(apps) -> dict[str, int]:
    """The content types as a database of the old layout has them."""
    types = apps.get_model("contenttypes", "ContentType").objects
    types.filter(app_label__in=MOVED).delete()
    return {
        model: types.get_or_create(app_label=FROM[label], model=model)[0].pk
        for label, models in MOVED.items()
        for model in models
    }


def test_every_row_and_link_survives_the_move_to_the_rooms(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    ids = _old_world(old.apps)

    new = migrator.apply_tested_migration(AFTER)
    get = new.apps.get_model
    order = get("ordering", "Order").objects.get(pk=ids["order"])
    assert order.customer_id == ids["customer"]
    assert order.lines.get().product_id == ids["product"]
    assert get("catalogue", "Product").objects.get(pk=ids["product"]).name == (
        "Cartouche"
    )
    level = get("stock", "StockLevel").objects.get(product_id=ids["product"])
    assert level.on_hand == 7
    shipment = get("shipping", "Shipment").objects.get(pk=ids["shipment"])
    assert shipment.order_id == order.pk
    assert shipment.tracking_events.get().status == "in_transit"
    payment = get("payments", "Payment").objects.get(order_id=order.pk)
    assert payment.checkout_session_id == "cs_test_1"
    customer = get("customers", "Customer").objects.get(pk=ids["customer"])
    assert customer.orders.get().pk == order.pk
    installation = customer.installations.get(pk=ids["installation"])
    assert installation.appliance_id == ids["product"]
    photo = get("customers", "InstallationPhoto").objects.get(
        installation_id=installation.pk
    )
    assert photo.image.name == "installations/photo.jpg"
    callback = get("callbacks", "CallbackRequest").objects.get(pk=ids["callback"])
    assert callback.installation_id == installation.pk
    assert callback.customer_id == ids["customer"]
    assert get("accounts", "Invitation").objects.get(pk=ids["invitation"]).email == (
        "new@aqua.test"
    )


def test_content_types_follow_their_models_so_permissions_and_logs_do_too(
    migrator,
):
    old = migrator.apply_initial_migration(BEFORE)
    type_ids = _old_content_types(old.apps)

    new = migrator.apply_tested_migration(AFTER)
    types = new.apps.get_model("contenttypes", "ContentType").objects
    for label, models in MOVED.items():
        for model in models:
            moved = types.get(app_label=label, model=model)
            assert moved.pk == type_ids[model], f"{label}.{model}"
    for label, models in MOVED.items():
        assert not types.filter(app_label=FROM[label], model__in=models).exists()


def test_a_queued_card_refund_follows_its_task_to_the_payments_app(migrator):
    old = migrator.apply_initial_migration(("payments", "0001_models_from_ordering"))
    results = old.apps.get_model("django_tasks_database", "DBTaskResult")
    queued = results.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {"payment_id": 3}},
        task_path="ordering.payments.tasks.payment_refund_task",
        backend_name="default",
        run_after=timezone.now(),
    )

    new = migrator.apply_tested_migration(("payments", "0002_refund_tasks_in_payments"))
    results = new.apps.get_model("django_tasks_database", "DBTaskResult")
    moved = results.objects.get(pk=queued.pk)
    assert moved.task_path == "ordering.payments.tasks.payment_refund_task"
    assert moved.args_kwargs["kwargs"] == {"payment_id": 3}
    assert hasattr(import_string(moved.task_path), "enqueue")
