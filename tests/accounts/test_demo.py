"""The demo customers and installations: believable, recorded through the
services, with maintenance due, safe to rerun, silent."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts import demo as accounts_demo
from accounts.aftersales.models import ServiceVisit, UnitNotice, WarrantyClaim
from accounts.aftersales.selectors import warranty_of
from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import callbacks_mark_missed
from accounts.customers.models import (
    Customer,
    CustomerEmail,
    Installation,
    InstallationConsumable,
)
from accounts.customers.schedule import Due, next_due
from accounts.customers.selectors import customers_visible_to_organisation
from accounts.network.models import Organisation, Role, User
from ordering.catalogue.models import Compatibility, Product
from ordering.demo import large as bench_orders
from ordering.orders.models import Order
from pages.demo.content import FAULT_CODES
from pages.models import SafetyNoticePage
from portal.dashboards.selectors import callback_promise_rate

DEMO_RESELLERS = ["aqua-services-lyon", "confort-eau-bretagne", "thermoplus-provence"]
COUNTED = [
    Customer,
    Installation,
    InstallationConsumable,
    User,
    EmailAddress,
    Order,
    CallbackRequest,
    CustomerEmail,
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def snapshot() -> dict:
    return {
        "counts": counts(),
        "installations": list(
            Installation.objects.order_by("pk").values_list(
                "serial_number", "installed_on", "submitted_at", "customer_id"
            )
        ),
        "consumables": list(
            InstallationConsumable.objects.order_by("pk").values_list(
                "part_id", "last_changed_on", "next_due_on"
            )
        ),
        "customers": list(
            Customer.objects.order_by("pk").values_list(
                "email", "created_at", "consent_recorded_at", "user_id"
            )
        ),
        "callbacks": list(
            CallbackRequest.objects.order_by("pk").values_list(
                "status", "created_at", "due_at", "done_at", "owner_id"
            )
        ),
    }


def states(consumables) -> Counter:
    today = timezone.localdate()
    return Counter(Due(on=c.next_due_on, today=today).state for c in consumables)


def assert_schedules_follow_the_catalogue(consumables) -> None:
    for consumable in consumables.select_related("part", "installation"):
        assert consumable.interval_months == consumable.part.replacement_interval_months
        assert consumable.next_due_on == next_due(
            consumable.last_changed_on, consumable.interval_months
        )
        assert consumable.last_changed_on >= consumable.installation.installed_on
        assert consumable.last_changed_on <= timezone.localdate()
    unfit = consumables.exclude(
        Exists(
            Compatibility.objects.filter(
                appliance=OuterRef("installation__appliance"), part=OuterRef("part")
            )
        )
    )
    assert not unfit.exists(), "a consumable that does not fit its appliance"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, seeded once for a class of tests and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


class TestTheSmallDemo:
    """The tests that read one demo; the class ends (and its demo is rolled
    back) before the test that commits a demo of its own."""

    def test_each_demo_reseller_serves_customers_of_its_territory(self, seeded):
        today = timezone.localdate()
        for slug in DEMO_RESELLERS:
            organisation = Organisation.objects.get(slug=slug)
            territory = tuple(
                organisation.territory.values_list("postcode_prefix", flat=True)
            )
            customers = customers_visible_to_organisation(organisation)
            assert 6 <= customers.count() <= 10, slug
            for customer in customers:
                assert customer.postcode.startswith(territory), customer
                assert customer.phone.startswith("0") and len(customer.phone) == 14
            installations = Installation.objects.filter(organisation=organisation)
            installed_for = customers.filter(installations__in=installations)
            # Some have two.
            assert installations.count() > installed_for.distinct().count()
            assert set(installations.values_list("status", flat=True)) == {"submitted"}
            technician = organisation.memberships.get(role=Role.TECHNICIAN).user
            for installation in installations:
                assert installation.recorded_by == technician
                assert today - timedelta(days=731) <= installation.installed_on < today
                assert (
                    timezone.localtime(installation.submitted_at).date()
                    == installation.installed_on
                )
                assert installation.consumables.exists(), installation
            consumables = InstallationConsumable.objects.filter(
                installation__organisation=organisation
            )
            assert_schedules_follow_the_catalogue(consumables)
            found = states(consumables)
            assert found["overdue"] and found["soon"] and found["later"], (slug, found)
        # Installed over two years, not all on one day.
        ages = {(today - i.installed_on).days // 90 for i in Installation.objects.all()}
        assert len(ages) >= 6
        assert Customer.objects.filter(shares_record=False).exists()
        assert Customer.objects.filter(shares_record=True).count() > 15

    def test_customers_who_agreed_can_sign_in_by_code(self, seeded):
        sharing = Customer.objects.filter(shares_record=True).exclude(email="")
        assert not sharing.filter(user=None).exists()
        for customer in sharing.select_related("user"):
            assert not customer.user.has_usable_password()
            assert customer.consent_recorded_at == customer.created_at
            assert EmailAddress.objects.filter(
                user=customer.user, email=customer.email
            ).exists()
        assert (
            not Customer.objects.filter(shares_record=False).exclude(user=None).exists()
        )
        # One record per person: the second appliance joined the first record.
        assert Customer.objects.annotate(n=Count("installations")).filter(n=2).exists()
        assert "client@oxyplus.test" in seeded
        assert "customer (login by emailed code)" in seeded

    def test_the_demo_customer_sees_what_is_due_in_their_space(self, seeded, client):
        customer = Customer.objects.get(email="client@oxyplus.test")
        consumables = InstallationConsumable.objects.filter(
            installation__customer=customer
        )
        found = states(consumables)
        assert found["overdue"] and found["soon"] and found["later"], found

        client.force_login(customer.user)
        response = client.get(reverse("customer_home"))

        assert response.status_code == 200
        for installation in customer.installations.all():
            assert escape(installation.appliance.name) in response.text
        assert customer.orders.get().number in response.text

    def test_web_orders_are_credited_to_the_installer(self, seeded, client):
        web = Order.objects.filter(channel=Order.Channel.WEB)
        assert web.count() >= 2
        assert set(web.values_list("payment_method", flat=True)) == {"transfer"}
        assert {"placed", "delivered"} <= set(web.values_list("status", flat=True))
        credited = set()
        for order in web.select_related("customer"):
            assert order.organisation is None
            assert order.placed_by == order.customer.user
            # Consumables of an appliance the credited reseller installed.
            parts = set(order.lines.values_list("product", flat=True))
            assert any(
                parts <= set(i.consumables.values_list("part", flat=True))
                for i in order.customer.installations.filter(
                    organisation=order.credited_organisation
                )
            )
            events = list(order.events.order_by("created_at", "pk"))
            assert events[0].created_at == order.placed_at
            assert [e.pk for e in events] == sorted(e.pk for e in events)
            assert events[-1].created_at <= timezone.now()
            assert order.number.endswith(f"-{order.placed_at.year}-{order.pk:06d}")
            credited.add(order.credited_organisation_id)
        assert len(credited) == 3

        order = web.filter(status="placed").first()
        installation = order.customer.installations.filter(
            organisation=order.credited_organisation
        ).first()
        owner = order.credited_organisation.memberships.get(role=Role.OWNER).user
        client.force_login(owner)
        response = client.get(reverse("installation_detail", args=[installation.pk]))
        assert response.status_code == 200
        assert order.number in response.text

    def test_callbacks_tell_every_state_of_a_promise(self, seeded):
        now = timezone.now()
        callbacks = CallbackRequest.objects.select_related(
            "customer__user", "installation__appliance", "owner", "created_by"
        )
        assert 15 <= callbacks.count() <= 25
        assert set(callbacks.values_list("status", flat=True)) == set(
            CallbackRequest.Status.values
        )
        assert set(callbacks.values_list("source", flat=True)) == set(
            CallbackRequest.Source.values
        )
        assert len(set(callbacks.values_list("reason", flat=True))) >= 4
        # Owned by both demo agents, every demo reseller and the shared queue.
        agents = set(callbacks.values_list("owner__email", flat=True)) - {None}
        assert agents == {"agent@oxyplus.test", "manager@oxyplus.test"}
        assert set(callbacks.values_list("owner_organisation__slug", flat=True)) - {
            None
        } == set(DEMO_RESELLERS)
        assert callbacks.filter(owner=None, owner_organisation=None).exists()
        # Asked over five weeks; still to keep within the next working days.
        assert callbacks.filter(created_at__lt=now - timedelta(days=28)).exists()
        assert not callbacks.filter(created_at__lt=now - timedelta(days=40)).exists()
        pending = callbacks.filter(status__in=["open", "in_progress"])
        assert not pending.filter(due_at__lte=now).exists()
        assert not pending.filter(due_at__gt=now + timedelta(days=7)).exists()
        assert callbacks_mark_missed(now=now) == 0  # nothing left overdue
        documented = {(f.code, a) for f in FAULT_CODES for a in f.appliances}
        for callback in callbacks:
            assert callback.created_at < callback.due_at
            if callback.status == "done":
                assert callback.created_at < callback.done_at < now
                assert callback.outcome
            else:
                assert callback.done_at is None and not callback.outcome
            if callback.status == "missed" or (
                callback.status == "done" and not callback.kept
            ):
                assert callback.due_at < callback.missed_at < now
            if callback.source == "customer":
                assert callback.created_by == callback.customer.user
            elif callback.source == "call_center":
                assert callback.created_by.is_staff
            else:
                organisation = callback.created_by.membership.organisation
                served = customers_visible_to_organisation(organisation)
                assert served.filter(pk=callback.customer_id).exists()
            if callback.owner_organisation is not None:
                served = customers_visible_to_organisation(callback.owner_organisation)
                assert served.filter(pk=callback.customer_id).exists()
            if callback.reason == "fault":
                appliance = callback.installation.appliance.reference
                assert (callback.fault_code, appliance) in documented, callback
        done = callbacks.filter(status="done")
        late = [c for c in done if not c.kept]
        assert late and len(late) < done.count()
        start, end = (now - timedelta(days=40)).date(), (now + timedelta(days=5)).date()
        rate = callback_promise_rate(start=start, end=end, now=now).rate
        assert 65 <= rate <= 85, rate
        # The promise emailed to the customers who share their record.
        assert CustomerEmail.objects.filter(template="callback_promised").count() == (
            callbacks.filter(customer__shares_record=True)
            .exclude(customer__email="")
            .count()
        )

    def test_a_month_of_sales_in_every_channel_credited_by_the_rule(self, seeded):
        now = timezone.now()
        month = Order.objects.filter(placed_at__gt=now - timedelta(days=35))
        assert set(month.values_list("channel", flat=True)) == set(Order.Channel.values)
        sales = Order.objects.exclude(channel=Order.Channel.RESELLER).exclude(
            customer=None
        )
        assert sales.filter(channel=Order.Channel.WEB).count() >= 8
        assert sales.filter(channel=Order.Channel.CALL_CENTER).count() >= 8
        assert not sales.exclude(placed_at__gt=now - timedelta(days=35)).exists()
        assert sales.filter(
            channel=Order.Channel.CALL_CENTER,
            lines__product__kind=Product.Kind.APPLIANCE,
        ).exists()
        rates = {
            o.slug: o.commission_rate
            for o in Organisation.objects.filter(slug__in=DEMO_RESELLERS)
        }
        assert sorted(rates.values()) == [5, Decimal("6.5"), 8]
        rules = Counter()
        for order in sales.select_related("customer", "credited_organisation"):
            rules[order.credit_rule] += 1
            credited = order.credited_organisation
            if order.credit_rule == Order.CreditRule.INSTALLER:
                installed = order.customer.installations.filter(organisation=credited)
                assert installed.exists()
            elif order.credit_rule == Order.CreditRule.TERRITORY:
                assert not order.customer.installations.exists()
                prefixes = credited.territory.values_list("postcode_prefix", flat=True)
                assert order.delivery_postcode.startswith(tuple(prefixes))
            else:
                assert credited is None and order.commission_rate is None
                continue
            assert order.commission_rate == rates[credited.slug]
        assert rules[Order.CreditRule.INSTALLER] >= 10
        assert rules[Order.CreditRule.TERRITORY] >= 2
        assert rules[""] >= 1  # outside every territory: nobody's sale
        by_channel = set(
            sales.filter(credit_rule=Order.CreditRule.TERRITORY).values_list(
                "channel", flat=True
            )
        )
        assert by_channel == {Order.Channel.CALL_CENTER}

    def test_units_have_visits_warranties_and_a_notice_done_on_some(self, seeded):
        visits = ServiceVisit.objects.select_related("installation__appliance")
        repairs = visits.filter(kind=ServiceVisit.Kind.REPAIR)
        assert repairs.filter(fixed=True).exists()
        assert repairs.filter(fixed=False).exists()
        maintenance = visits.filter(kind=ServiceVisit.Kind.MAINTENANCE)
        # One yearly visit was made in its window: that warranty is longer.
        assert any(warranty_of(v.installation).extensions for v in maintenance)
        assert all(v.checklist and v.signed_by for v in visits)
        notices = UnitNotice.objects.all()
        # One live notice, on a range of serial numbers.
        notice = SafetyNoticePage.objects.live().get()
        assert notice.serial_from and notice.serial_to
        assert notices.filter(done_at__isnull=False).exists()
        assert notices.filter(done_at__isnull=True).exists()
        statuses = set(WarrantyClaim.objects.values_list("status", flat=True))
        assert statuses == set(WarrantyClaim.Status.values)
        assert WarrantyClaim.objects.filter(replacement_order__isnull=False).exists()

    def test_a_second_run_changes_nothing(self, seeded):
        before = snapshot()

        output = seed()

        assert snapshot() == before
        assert "Recorded" not in output
        assert "Placed" not in output
        assert "Created" not in output

    def test_the_large_seed_spreads_installations_over_the_bench_resellers(
        self, seeded
    ):
        scale = bench_orders.Scale(organisations=6, products=90, orders=30, lines=90)
        assert bench_orders.seed_large(log=lambda message: None, scale=scale)
        before = counts()
        lines = []

        assert accounts_demo.seed_installations_large(log=lines.append, count=400)

        bench = Installation.objects.filter(organisation__slug__startswith="bench-")
        assert bench.count() == 400 == counts()["Installation"] - before["Installation"]
        assert lines[-1].startswith("Large installation set built in")
        per_installer = Counter(bench.values_list("organisation", flat=True))
        assert len(per_installer) == 6
        assert len(set(bench.values_list("serial_number", flat=True))) == 400
        customers = Customer.objects.filter(installations__in=bench).distinct()
        assert 300 < customers.count() < 400  # a few have two appliances
        assert not customers.filter(
            installations__organisation__slug__in=DEMO_RESELLERS
        ).exists()
        assert not customers.exclude(postcode__regex=r"^\d{5}$").exists()
        today = timezone.localdate()
        for installation in bench.select_related("recorded_by__membership"):
            membership = installation.recorded_by.membership
            assert membership.role == Role.TECHNICIAN
            assert membership.organisation_id == installation.organisation_id
            assert today - timedelta(days=731) <= installation.installed_on < today
            assert installation.created_at == installation.submitted_at
            local = timezone.localtime(installation.submitted_at).date()
            assert local == installation.installed_on
        for customer in customers:
            first = customer.installations.order_by("submitted_at").first()
            assert customer.created_at == first.submitted_at
            if customer.shares_record:
                assert customer.consent_recorded_at == customer.created_at
        consumables = InstallationConsumable.objects.filter(installation__in=bench)
        assert consumables.count() > 400
        assert not bench.filter(consumables=None).exists()
        assert_schedules_follow_the_catalogue(consumables)
        assert not consumables.exclude(part__kind=Product.Kind.CONSUMABLE).exists()
        assert not consumables.exclude(
            part__reference__startswith=bench_orders.REFERENCE_PREFIX
        ).exists()
        found = states(consumables)
        assert found["overdue"] and found["soon"] and found["later"], found
        assert found["later"] > found["overdue"]  # most households keep up

        # A second run finds the volume there and adds nothing.
        after = counts()
        assert not accounts_demo.seed_installations_large(log=lines.append, count=400)
        assert counts() == after
        assert lines[-1] == "The large installation set is already there"
