"""Calls run at the same moment on real concurrent connections.

SQLite serialises every write of the whole database, so only PostgreSQL
shows whether locks and constraints hold when two requests meet: tests
marked ``AT_ONCE`` are skipped elsewhere.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, nothing runs at once",
)
AT_ONCE = [ON_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # the test looks at what each call raised
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results
