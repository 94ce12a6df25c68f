"""The demo committed for real sends no email.

Alone in its file: a test that commits empties the database after it, and
the parallel run (``--dist loadfile``) keeps each file on one worker, after
every test that shares a database with the data migrations' rows.
"""

import pytest

from accounts.customers.models import Customer
from ordering.orders.models import Order
from tests.accounts.test_demo import seed


@pytest.mark.django_db(transaction=True)
def test_the_demo_sends_no_email(migration_rows, mailoutbox):
    # Committed for real, so every email queued "after commit" is handed to
    # the task backend; the command's dummy backend must drop them.
    seed()

    assert Customer.objects.exclude(user=None).count() > 15  # all were invited
    assert Order.objects.filter(channel=Order.Channel.WEB, status="delivered").exists()
    assert mailoutbox == []
