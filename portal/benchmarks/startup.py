"""A worker's start-up: a fresh interpreter loads the WSGI application, then
serves its first request and warm ones, as a gunicorn worker would."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings

# Run in a fresh interpreter with the command's settings and environment.
# Logging in (a session row) happens before the first request, and the
# database connection it opened is closed, so the first request opens its
# own like a new worker's.
SCRIPT = """
import json, statistics, sys, time
started = time.perf_counter()
import portal.wsgi
loaded = time.perf_counter()
from django.conf import settings
from django.db import connections
from django.test import Client
from accounts.network.models import User
host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "testserver")
client = Client(HTTP_HOST=host)
client.force_login(User.objects.get(pk=int(sys.argv[1])))
connections.close_all()
def timed():
    began = time.perf_counter()
    response = client.get(sys.argv[2], secure=True)
    return (time.perf_counter() - began) * 1000, response.status_code
first, status = timed()
warm = statistics.median(timed()[0] for _ in range(5))
print(json.dumps({"startup": (loaded - started) * 1000, "first": first,
                  "warm_up": portal.wsgi.warm_up_ms,
                  "warm": warm, "status": status}))
"""
# The first request may cost this many warm ones at most.
TARGET_FIRST_RATIO = 3.0


@dataclass
class StartUp:
    startup_ms: float = 0.0
    warm_up_ms: float = 0.0
    first_ms: float = 0.0
    warm_ms: float = 0.0
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.first_ms / self.warm_ms if self.warm_ms else 0.0

    def line(self) -> str:
        if self.error:
            return f"Worker start-up: {self.error}"
        verdict = "ok" if self.ratio <= TARGET_FIRST_RATIO else "over"
        return (
            f"Worker start-up {self.startup_ms:.0f} ms (of which warm-up "
            f"{self.warm_up_ms:.0f} ms), first request "
            f"{self.first_ms:.1f} ms, warm {self.warm_ms:.1f} ms, first/warm "
            f"{self.ratio:.1f}× (target ≤ {TARGET_FIRST_RATIO:g}×: {verdict})"
        )


def worker_startup(*, user_id: int, path: str) -> StartUp:
    """Load the application in a new interpreter and time its first requests
    of ``path`` as the user."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, str(user_id), path],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=settings.BASE_DIR,
        timeout=300,
        check=False,
    )
    if completed.returncode:
        return StartUp(error=completed.stderr.strip().splitlines()[-1])
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    if figures["status"] != 200:
        return StartUp(error=f"{path} answered HTTP {figures['status']}")
    return StartUp(
        startup_ms=figures["startup"],
        warm_up_ms=figures["warm_up"],
        first_ms=figures["first"],
        warm_ms=figures["warm"],
    )
