"""Cart, order placement and the order life cycle."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accounts.network.models import Role
from ordering.orders import selectors, services
from ordering.orders.models import Cart, Order, OrderLine
from ordering.orders.services import placement as order_services
from ordering.stock.models import StockReservation
from tests.accounts.factories import MembershipFactory
from tests.ordering.factories import (
    PriceListFactory,
    ProductFactory,
    StockLevelFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)
from tests.ordering.helpers import (
    cart_quantities,
    level_of,
    order_in,
    timeline_statuses,
)

Status = Order.Status
ON_ACCOUNT = Order.PaymentMethod.ON_ACCOUNT
CARD = Order.PaymentMethod.CARD


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


# --- Cart ---------------------------------------------------------------------


def test_adding_a_product_again_adds_to_the_quantity(buyer, cartridge):
    services.cart_add(user=buyer, product=cartridge, quantity=2)
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    assert cart_quantities(buyer) == {"FLT-100": 5}


def test_an_inactive_product_cannot_be_added(buyer):
    product = ProductFactory(reference="OLD-42", is_active=False)
    with pytest.raises(services.ProductUnavailableError, match="OLD-42"):
        services.cart_add(user=buyer, product=product, quantity=1)
    assert cart_quantities(buyer) == {}


def test_a_technician_cannot_order(technician, cartridge):
    with pytest.raises(services.NotAllowedError):
        services.cart_add(user=technician, product=cartridge, quantity=1)
    with pytest.raises(services.NotAllowedError):
        services.cart_quick_order(user=technician, text="FLT-100;1")
    assert not Cart.objects.filter(user=technician).exists()


def test_a_member_of_a_suspended_reseller_cannot_order(buyer, organisation, cartridge):
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    with pytest.raises(services.NotAllowedError):
        services.cart_add(user=buyer, product=cartridge, quantity=1)


QUICK_ORDER = """\
# Commande du 12 mars
FLT-100;3

lmp-uv20 ; 2
XXX-999;1
FLT-100;deux
FLT-100;0
FLT-100 4
FLT-100;²
LMP-UV20\t1
"""


def test_quick_order_adds_good_lines_and_reports_each_bad_one(buyer, cartridge):
    lamp = stocked(ProductFactory(reference="LMP-UV20", name="Lampe UV"))

    result = services.cart_quick_order(user=buyer, text=QUICK_ORDER)

    assert result.added == [(cartridge, 3), (lamp, 2), (lamp, 1)]
    assert cart_quantities(buyer) == {"FLT-100": 3, "LMP-UV20": 3}
    # Each bad line comes back with its number in the pasted text, in order.
    assert [(error.number, error.raw) for error in result.errors] == [
        (5, "XXX-999;1"),
        (6, "FLT-100;deux"),
        (7, "FLT-100;0"),
        (8, "FLT-100 4"),
        (9, "FLT-100;²"),
    ]
    reasons = {error.number: error.why for error in result.errors}
    assert "XXX-999" in reasons[5]
    assert "quantity" in reasons[6]
    assert "quantity" in reasons[7]
    assert "semicolon" in reasons[8]
    assert "quantity" in reasons[9]


def test_quick_order_reports_an_inactive_product_by_line(buyer, cartridge):
    ProductFactory(reference="OLD-42", is_active=False)
    result = services.cart_quick_order(user=buyer, text="OLD-42;1\nFLT-100;1")
    assert result.added == [(cartridge, 1)]
    [(number, _raw, why, _source)] = result.errors
    assert number == 1
    assert "OLD-42" in why


def test_quick_order_with_only_comments_adds_nothing(buyer, cartridge):
    result = services.cart_quick_order(user=buyer, text="# nothing\n\n   \n")
    assert result.added == []
    assert result.errors == []
    assert cart_quantities(buyer) == {}


SPREADSHEET = "\n".join(
    [
        "Référence;Désignation;Quantité",
        '"FLT-100";"Filtre à sédiment, 10 µm";"2"',
        '"LMP-UV20";"Lampe UV ""longue""";3;;',
        "",
        ";;",
        '"XXX-999";"Inconnu";1',
        '"FLT-100";"Filtre";"deux"',
    ]
)


def test_quick_order_reads_a_spreadsheets_csv(buyer, cartridge):
    lamp = stocked(ProductFactory(reference="LMP-UV20", name="Lampe UV"))

    result = services.cart_quick_order(user=buyer, text=SPREADSHEET)

    # Quoted fields, doubled quotes, trailing separators and blank lines are
    # read; the header row names the columns and is not a product.
    assert result.added == [(cartridge, 2), (lamp, 3)]
    assert cart_quantities(buyer) == {"FLT-100": 2, "LMP-UV20": 3}
    assert [(error.number, error.raw) for error in result.errors] == [
        (6, '"XXX-999";"Inconnu";1'),
        (7, '"FLT-100";"Filtre";"deux"'),
    ]
    assert "XXX-999" in result.errors[0].why
    assert "quantity" in result.errors[1].why
    # The bad lines come back under their header, to be corrected and resent.
    assert result.retry_text.splitlines() == [
        "Référence;Désignation;Quantité",
        '"XXX-999";"Inconnu";1',
        '"FLT-100";"Filtre";"deux"',
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"SEL-PAS-25";"2"',
        "SEL-PAS-25,2",
        'reference,quantity\n"SEL-PAS-25","2"',
        '"SEL-PAS-25","Sel; pastilles 25 kg",2,',
        "Qté;Réf.\n2;sel-pas-25",
        "sep=;\nCode article;Libellé;Qté\nSEL-PAS-25;Sel en pastilles;2",
        "\ufeffSEL-PAS-25;2",
        "SEL-PAS-25 ; 2 ;",
        "SEL-PAS-25;2,00",
    ],
    ids=[
        "quoted",
        "comma",
        "comma-header",
        "semicolon-inside-quotes",
        "columns-in-another-order",
        "excel-separator-hint",
        "pasted-bom",
        "plain",
        "decimal-comma",
    ],
)
def test_quick_order_reads_each_way_a_csv_is_written(buyer, text):
    salt = stocked(ProductFactory(reference="SEL-PAS-25", name="Sel en pastilles"))
    result = services.cart_quick_order(user=buyer, text=text)
    assert result.errors == []
    assert result.added == [(salt, 2)]


def test_quick_order_numbers_a_files_lines_in_the_file(buyer, cartridge):
    result = services.cart_quick_order(
        user=buyer,
        text="FLT-100;1\nNOPE-1;1",
        file_text="reference;quantity\nFLT-100;2\nNOPE-2;1\n",
        file_name="commande.csv",
    )
    assert cart_quantities(buyer) == {"FLT-100": 3}
    assert [(e.source, e.number, e.raw) for e in result.errors] == [
        ("", 2, "NOPE-1;1"),
        ("commande.csv", 3, "NOPE-2;1"),
    ]


# --- Placement ----------------------------------------------------------------


def test_an_order_on_account_is_confirmed_and_reserves_stock(
    buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 3)], purchase_order_reference=" BC-77 ")

    order.refresh_from_db()
    assert order.status == Status.CONFIRMED
    year = timezone.localtime(order.placed_at).year
    assert re.fullmatch(rf"OXY-{year}-\d{{6}}", order.number)
    assert order.organisation == on_account
    assert order.placed_by == buyer
    assert order.channel == Order.Channel.RESELLER
    assert order.purchase_order_reference == "BC-77"
    assert order.contact_email == buyer.email
    assert order.delivery_address_lines == [
        "Aqua Services Lyon",
        "12 rue de la République",
        "69002 Lyon",
    ]
    level = level_of(cartridge)
    assert (level.on_hand, level.reserved) == (10, 3)
    assert cart_quantities(buyer) == {}
    assert timeline_statuses(order) == [Status.PLACED, Status.CONFIRMED]
    assert order.events.first().actor == buyer


def test_the_order_number_carries_the_year_of_the_french_calendar(
    buyer, on_account, cartridge, monkeypatch
):
    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Paris.
    new_year_night = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: new_year_night)
    order = placed_order(buyer, [(cartridge, 3)])
    assert order.number.startswith("OXY-2027-")


def test_on_account_is_refused_to_a_reseller_not_allowed_to(
    buyer, organisation, cartridge
):
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    with pytest.raises(services.PaymentMethodError):
        placed_order(buyer, payment_method=ON_ACCOUNT)
    assert not Order.objects.exists()
    assert level_of(cartridge).reserved == 0
    assert cart_quantities(buyer) == {"FLT-100": 3}


def test_card_payment_is_refused_while_stripe_is_not_configured(
    buyer, on_account, cartridge, settings
):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    with pytest.raises(services.PaymentMethodError):
        placed_order(buyer, payment_method=CARD)
    assert not Order.objects.exists()
    assert cart_quantities(buyer) == {"FLT-100": 3}


def test_a_card_order_waits_for_its_payment(
    buyer, organisation, cartridge, card_payments
):
    order = placed_order(buyer, [(cartridge, 3)], payment_method=CARD)
    assert order.status == Status.PLACED
    assert timeline_statuses(order) == [Status.PLACED]
    assert level_of(cartridge).reserved == 3


def test_a_shortage_names_the_product_and_what_is_left_and_reserves_nothing(
    buyer, on_account, cartridge
):
    plenty = stocked(ProductFactory(reference="SEL-25"))
    services.cart_add(user=buyer, product=plenty, quantity=5)
    services.cart_add(user=buyer, product=cartridge, quantity=12)

    with pytest.raises(services.InsufficientStockError) as refused:
        placed_order(buyer)

    message = str(refused.value)
    assert "FLT-100" in message
    assert "10 available" in message
    assert "12 requested" in message
    assert "SEL-25" not in message
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert not StockReservation.objects.exists()
    assert level_of(cartridge).reserved == 0
    assert level_of(plenty).reserved == 0
    assert cart_quantities(buyer) == {"SEL-25": 5, "FLT-100": 12}


def test_units_already_reserved_by_others_are_not_available(
    buyer, on_account, cartridge
):
    colleague = MembershipFactory(organisation=on_account, role=Role.BUYER).user
    placed_order(colleague, [(cartridge, 8)])
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    with pytest.raises(services.InsufficientStockError, match="2 available"):
        placed_order(buyer)


def test_stock_is_taken_from_the_warehouse_of_highest_priority_first(buyer, on_account):
    product = ProductFactory()
    # Created first but served second: priority decides, not creation order.
    lyon = WarehouseFactory(code="lyon", priority=5)
    paris = WarehouseFactory(code="paris", name="Entrepôt de Paris", priority=1)
    StockLevelFactory(product=product, warehouse=lyon, on_hand=3)
    StockLevelFactory(product=product, warehouse=paris, on_hand=4)

    placed_order(buyer, [(product, 6)])

    assert level_of(product, paris).reserved == 4
    assert level_of(product, lyon).reserved == 2
    held = dict(
        StockReservation.objects.values_list("stock_level__warehouse__code", "quantity")
    )
    assert held == {"paris": 4, "lyon": 2}


def test_submitting_the_same_form_twice_places_one_order(buyer, on_account, cartridge):
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    first = placed_order(buyer, key="form-1")
    second = placed_order(buyer, key="form-1")
    assert second.pk == first.pk
    assert Order.objects.count() == 1
    assert level_of(cartridge).reserved == 3


def test_a_resubmission_after_refilling_the_cart_returns_the_first_order(
    buyer, on_account, cartridge
):
    # Placed, then something new in the cart (another tab), then the first
    # form is sent again: the answer is the first order, the new cart stays.
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    first = placed_order(buyer, key="form-1")
    services.cart_add(user=buyer, product=cartridge, quantity=2)
    again = placed_order(buyer, key="form-1")
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert level_of(cartridge).reserved == 3
    assert cart_quantities(buyer) == {"FLT-100": 2}


def test_a_resubmission_racing_the_first_commit_returns_the_first_order(
    buyer, on_account, cartridge, monkeypatch
):
    # The second request checks for the key just before the first one
    # commits, then finds the cart the first one emptied: it must answer
    # with the order, not "your cart is empty".
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    place = order_services._order_place
    first = []

    def first_submission_commits_meanwhile(**kwargs):
        monkeypatch.setattr(order_services, "_order_place", place)
        first.append(placed_order(buyer, key="form-1"))
        return place(**kwargs)

    monkeypatch.setattr(
        order_services, "_order_place", first_submission_commits_meanwhile
    )
    second = placed_order(buyer, key="form-1")
    assert second.pk == first[0].pk
    assert Order.objects.count() == 1
    assert level_of(cartridge).reserved == 3


def test_someone_else_cannot_reuse_a_submission_key(
    buyer, owner, on_account, cartridge
):
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    placed_order(buyer, key="form-1")
    services.cart_add(user=owner, product=cartridge, quantity=1)
    with pytest.raises(services.NotAllowedError):
        placed_order(owner, key="form-1")
    assert Order.objects.count() == 1
    assert cart_quantities(owner) == {"FLT-100": 1}


def test_an_empty_cart_cannot_be_ordered(buyer, on_account):
    with pytest.raises(services.EmptyCartError):
        placed_order(buyer)
    assert not Order.objects.exists()


def test_a_product_withdrawn_while_in_the_cart_cannot_be_ordered(
    buyer, on_account, cartridge
):
    services.cart_add(user=buyer, product=cartridge, quantity=3)
    cartridge.is_active = False
    cartridge.save()
    with pytest.raises(services.ProductUnavailableError, match="FLT-100"):
        placed_order(buyer)
    assert not Order.objects.exists()
    assert level_of(cartridge).reserved == 0


def test_staff_order_for_a_reseller_at_its_prices(agent, on_account, cartridge):
    on_account.price_list = PriceListFactory(discount_percent=Decimal("10.00"))
    on_account.save()
    services.cart_set_organisation(user=agent, organisation=on_account)
    services.cart_add(user=agent, product=cartridge, quantity=2)

    order = placed_order(agent)

    assert order.organisation == on_account
    assert order.channel == Order.Channel.CALL_CENTER
    assert order.status == Status.CONFIRMED
    assert order.lines.get().unit_price == Decimal("22.41")


# --- Life cycle ---------------------------------------------------------------

SHIPPING = {Status.SHIPPED, Status.PARTIALLY_SHIPPED}
ILLEGAL = [
    (current, target)
    for current in Status.values
    for target in Status.values
    if target not in services.TRANSITIONS[current]
]
BY_HAND = [
    (current, target)
    for current, targets in services.TRANSITIONS.items()
    for target in sorted(targets)
    if target not in SHIPPING
]


@pytest.mark.parametrize(
    ("current", "target"), ILLEGAL, ids=[f"{c}-to-{t}" for c, t in ILLEGAL]
)
def test_an_illegal_move_is_refused_and_changes_nothing(
    current, target, agent, buyer, on_account, cartridge
):
    order = order_in(current, buyer, cartridge)
    events = order.events.count()

    with pytest.raises(services.IllegalTransitionError) as refused:
        services.order_transition(order=order, target=target, by=agent)

    assert order.number in str(refused.value)
    order.refresh_from_db()
    assert order.status == current
    assert order.events.count() == events
    assert level_of(cartridge).reserved == 3


@pytest.mark.parametrize(
    ("current", "target"), BY_HAND, ids=[f"{c}-to-{t}" for c, t in BY_HAND]
)
def test_a_legal_move_is_on_the_timeline_with_who_made_it(
    current, target, agent, buyer, on_account, cartridge
):
    order = order_in(current, buyer, cartridge)

    services.order_transition(
        order=order, target=target, by=agent, note="Appel du client"
    )

    order.refresh_from_db()
    assert order.status == target
    event = order.events.last()
    assert (event.status, event.actor, event.note) == (
        target,
        agent,
        "Appel du client",
    )


@pytest.mark.parametrize("target", sorted(SHIPPING))
def test_shipped_is_reached_only_by_recording_a_shipment(
    target, agent, buyer, on_account, cartridge
):
    order = order_in(Status.PREPARING, buyer, cartridge)
    with pytest.raises(services.IllegalTransitionError):
        services.order_transition(order=order, target=target, by=agent)
    order.refresh_from_db()
    assert order.status == Status.PREPARING
    assert level_of(cartridge).on_hand == 10


def test_cancelling_gives_the_reserved_stock_back(buyer, on_account, cartridge):
    order = placed_order(buyer, [(cartridge, 3)])

    services.order_cancel(order=order, by=buyer, reason="Doublon")

    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    level = level_of(cartridge)
    assert (level.on_hand, level.reserved) == (10, 0)
    assert not StockReservation.objects.exists()
    last = order.events.last()
    assert (last.status, last.actor, last.note) == (Status.CANCELLED, buyer, "Doublon")
    # The ten units can be ordered again.
    services.cart_add(user=buyer, product=cartridge, quantity=10)
    placed_order(buyer)


def test_a_reseller_cannot_cancel_once_preparation_started_but_staff_can(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 3)])
    services.order_transition(order=order, target=Status.PREPARING, by=agent)

    with pytest.raises(services.IllegalTransitionError):
        services.order_cancel(order=order, by=buyer)
    order.refresh_from_db()
    assert order.status == Status.PREPARING
    assert level_of(cartridge).reserved == 3

    services.order_cancel(order=order, by=agent, reason="Rupture fournisseur")
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert level_of(cartridge).reserved == 0


# --- Reorder ------------------------------------------------------------------


def test_reorder_puts_the_lines_back_at_todays_price(buyer, on_account, cartridge):
    withdrawn = stocked(ProductFactory(reference="OLD-42", name="Ancien filtre"))
    services.cart_add(user=buyer, product=cartridge, quantity=2)
    services.cart_add(user=buyer, product=withdrawn, quantity=1)
    order = placed_order(buyer)
    cartridge.unit_price = Decimal("26.50")
    cartridge.save()
    withdrawn.is_active = False
    withdrawn.save()

    result = services.cart_reorder(user=buyer, order=order)

    assert result.added == [(cartridge, 2)]
    assert result.skipped == ["OLD-42 Ancien filtre"]
    quote = selectors.cart_quote(selectors.cart_of(buyer))
    assert [(line.product, line.quantity) for line in quote.lines] == [(cartridge, 2)]
    assert quote.lines[0].unit_price == Decimal("26.50")
    assert quote.total_excl_vat == Decimal("53.00")
