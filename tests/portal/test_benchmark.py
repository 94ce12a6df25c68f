"""``manage.py benchmark`` on the small demo: its table, its file, its errors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.customers.models import Installation
from accounts.network.models import ApiToken
from ordering.orders.models import Order
from portal.benchmarks.bench import TOKEN_NAME, busiest_reseller
from portal.benchmarks.measure import _statements


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def benchmark(**options) -> str:
    out = StringIO()
    call_command("benchmark", runs=1, no_startup=True, stdout=out, **options)
    return out.getvalue()


class TestTheBenchmark:
    def test_it_prints_and_writes_the_table_and_leaves_the_data_as_it_was(
        self, demo, db, tmp_path
    ):
        orders = Order.objects.count()
        path = tmp_path / "results.md"

        out = benchmark(only="Orders, page", output=str(path), render=True)

        assert f"database: {connection.vendor}" in out
        assert "Load average (1, 5, 15 min): " in out
        assert "Load average: " in out and " → " in out
        row = next(line for line in out.splitlines() if "Orders, page 1" in line)
        assert row.split()[-1] in {"ok", "over"}
        assert "Orders list" in out  # the rendering section
        written = path.read_text()
        assert "| Orders, page 1 |" in written
        assert "Load average (1, 5, 15 min):" in written
        assert "## Template rendering" in written
        assert Order.objects.count() == orders
        assert not ApiToken.objects.filter(name=TOKEN_NAME).exists()

    def test_a_case_without_its_data_says_so_and_the_others_still_run(
        self, demo, db, tmp_path
    ):
        # The reseller's installations are all drafts: none to show.
        Installation.objects.filter(organisation=busiest_reseller()).update(
            status=Installation.Status.DRAFT
        )

        out = benchmark(only="Installation", no_write=True)

        assert "No installation of the reseller in this data set." in out
        row = next(line for line in out.splitlines() if "Installations, page" in line)
        assert row.split()[-1] in {"ok", "over"}
        assert not list(tmp_path.iterdir())


def test_a_case_rolled_back_counts_the_views_statements_not_savepoints(db):
    """A rolled-back case (placing an order) runs in the benchmark's own
    transaction: the view's atomic block logs a SAVEPOINT and its RELEASE
    there, where a real request runs BEGIN and COMMIT, which Django does
    not log. Only the view's statements count, as in production."""
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            Order.objects.exists()
        with transaction.atomic():
            Order.objects.count()
            transaction.set_rollback(True)

    # SAVEPOINT, the query, RELEASE; SAVEPOINT, the count, ROLLBACK TO, RELEASE.
    assert len(queries) == 7
    assert _statements(queries) == 2
