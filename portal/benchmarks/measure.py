"""How a case is timed: alternating with a bare view of the same byte length."""

import statistics
import time
from dataclasses import dataclass, field
from functools import cache
from math import ceil

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from portal.benchmarks.bench import Bench
from portal.benchmarks.cases import Case

TARGET_RATIO = 3.0
TARGET_QUERIES = 15


# --- The bare view --------------------------------------------------------------


@cache
def _bare_template():
    return engines["django"].from_string(
        "{% for line in lines %}{{ line }}\n{% endfor %}"
    )


def bare_view(request: HttpRequest, size: int) -> HttpResponse:
    """Render a template to exactly ``size`` bytes: lines of 100 bytes."""
    lines = ["x" * 99] * (size // 100)
    if size % 100:
        lines.append("x" * (size % 100 - 1))
    return HttpResponse(_bare_template().render({"lines": lines}))


# The benchmark serves the site's URLs plus the bare view.
urlpatterns = [
    path("__benchmark__/bare/<int:size>/", bare_view, name="benchmark_bare"),
    path("", include(settings.ROOT_URLCONF)),
]


# --- Measuring -------------------------------------------------------------------


@dataclass
class Result:
    case: Case
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    bare_times: list[float] = field(default_factory=list)
    size: int = 0
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[ceil(0.95 * len(ordered)) - 1]

    @property
    def bare_median(self) -> float:
        return statistics.median(self.bare_times)

    @property
    def ratio(self) -> float:
        return self.median / self.bare_median if self.bare_median else 0.0

    @property
    def query_count(self) -> int:
        return max(self.queries)

    @property
    def on_target(self) -> bool:
        if self.query_count > TARGET_QUERIES:
            return False
        # A case with a budget of its own (the search) is held to it instead.
        if self.case.max_ms is not None:
            return self.median <= self.case.max_ms
        return self.ratio <= TARGET_RATIO


@dataclass
class Sample:
    ms: float
    queries: int
    response: HttpResponse
    error: str = ""


def _timed(bench: Bench, case: Case) -> Sample:
    if case.rollback:
        with transaction.atomic():
            sample = _timed_request(bench, case)
            transaction.set_rollback(True)
        # Messages left in the cookie would change the next page's size.
        bench.client.cookies.pop("messages", None)
        return sample
    return _timed_request(bench, case)


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def _statements(queries: CaptureQueriesContext) -> int:
    """The view's statements. A case rolled back runs inside the benchmark's
    own transaction, where the view's atomic blocks become SAVEPOINT and
    RELEASE statements; outside it they are the BEGIN and COMMIT Django does
    not log, so they are not counted either way."""
    return sum(
        not query["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
        for query in queries.captured_queries
    )


def _timed_request(bench: Bench, case: Case) -> Sample:
    if case.prepare:
        case.prepare(bench)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = case.request(bench)
        elapsed = time.perf_counter() - started
    sample = Sample(elapsed * 1000, _statements(queries), response)
    if response.status_code != case.expected_status:
        sample.error = f"HTTP {response.status_code}, expected {case.expected_status}"
    elif case.check:
        sample.error = case.check(bench, response)
    return sample


def _bare(bench: Bench, case: Case, size: int) -> float:
    """The bare twin, asked by the case's own client: with the browser's
    session for a page, without one for an API call."""
    url = reverse("benchmark_bare", args=[size])
    client = bench.integration if case.api else bench.client
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if len(response.content) != size:
        raise CommandError(f"The bare view answered {len(response.content)} bytes")
    return elapsed * 1000


def measure(bench: Bench, case: Case, *, runs: int, warmup: int = 2) -> Result:
    """Alternate the page and its bare twin, so both see the same machine."""
    result = Result(case)
    for run in range(warmup + runs):
        try:
            sample = _timed(bench, case)
        except CommandError as error:  # the data set lacks what the case needs
            result.error = str(error)
            return result
        if sample.error:
            result.error = sample.error
            return result
        result.size = len(sample.response.content)
        bare = _bare(bench, case, result.size)
        if run >= warmup:
            result.times.append(sample.ms)
            result.queries.append(sample.queries)
            result.bare_times.append(bare)
    return result
