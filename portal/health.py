"""Health endpoints for load balancers, supervisors and monitoring.

``/health/`` says the process answers (liveness): no database, no cache, so a
load balancer does not take every app server out when PostgreSQL restarts.
``/health/ready/`` (django-health-check) checks what serving needs:
the database, the cache, both file storages (a file written, read and
deleted) and the task backlog (a due task waiting longer than
PORTAL_TASK_BACKLOG_ALERT_SECONDS means no worker is running). It answers
500 when one fails, with each check's state (``?format=json`` for
monitoring). Neither shows data; keep /health/ready/ to the internal network
(deploy/nginx.conf) since it names the services.

A server error caused by the database being unreachable answers 503 with
Retry-After instead of 500: the page says to try again in a moment, and a
load balancer or client may retry.
"""

import dataclasses
import sys
import uuid

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from portal.worker import backlog_oldest_wait


@never_cache
def alive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@dataclasses.dataclass
class TaskBacklog(HealthCheck):
    """Due tasks are picked up: some worker is running."""

    async def run(self):
        # In the request's own thread and connection, like the view's other
        # queries (sync_to_async is thread-sensitive by default).
        waited = await sync_to_async(backlog_oldest_wait)()
        limit = settings.PORTAL_TASK_BACKLOG_ALERT_SECONDS
        if waited is not None and waited.total_seconds() > limit:
            raise ServiceUnavailable(
                f"A due task has waited {int(waited.total_seconds())} s for a worker"
            )


@dataclasses.dataclass
class Storage(checks.Storage):
    """A file written, read and deleted, at the storage's top level: the
    library's own folder would stay behind, empty, on a disk."""

    def get_file_name(self):
        return f"health-check-{uuid.uuid4().hex}.txt"


ready = HealthCheckView.as_view(
    checks=[
        "health_check.checks.Database",
        "health_check.checks.Cache",
        (Storage, {"alias": "default"}),
        (Storage, {"alias": "private"}),
        TaskBacklog,
    ]
)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 "try again in a moment" while the database is
    unreachable, the usual 500 page otherwise. Renders without the request:
    the context processors would query the database again."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    ):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
