"""The task worker that keeps its promises when what it talks to fails.

django-tasks-db's own worker runs each queued task once: a task that meets
an SMTP server that is down ends FAILED for good, a worker killed mid-task
leaves its task RUNNING for ever, and a PostgreSQL restart ends the worker.
``PortalWorker`` keeps that worker's claiming (one row locked with
``SKIP LOCKED``, then marked RUNNING) and adds what a page that said "sent"
needs:

- a task that fails on a *transient* error (SMTP refused or timed out, the
  database or Redis gone, Stripe unreachable) goes back to the queue after a
  growing delay, until ``PORTAL_TASK_MAX_ATTEMPTS`` tries; only then is it
  FAILED, listed for staff in the admin with a retry button;
- a task left RUNNING longer than ``PORTAL_TASK_STALE_SECONDS`` (its worker
  died) is queued again, or FAILED if it has used up its tries;
- a database outage makes the worker wait and reconnect, never exit; the
  outcome of a task that ran is written once the database is back, so a sent
  e-mail is never sent again because its "done" could not be recorded.

Tries are counted from the row's ``worker_ids``: each claim appends one.
E-mails are therefore sent at least once; the one window for a second copy is
a worker killed between the SMTP server's "accepted" and the next database
write, a few milliseconds.
"""

import contextlib
import logging
import random
import smtplib
import time
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("portal.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Errors that say "try again later", not "this task is wrong". A refused
# recipient (5xx) or a bug is final at once; a connection error is not.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPDataError,
    smtplib.SMTPSenderRefused,
    ConnectionError,
    TimeoutError,
    OperationalError,
    InterfaceError,
)
OPTIONAL_TRANSIENT_ERRORS = (
    "redis.exceptions.ConnectionError",
    "redis.exceptions.TimeoutError",
    "stripe.APIConnectionError",
    "stripe.RateLimitError",
)
# A background job lost with its worker (row found RUNNING, worker gone).
WORKER_LOST = "portal.worker.WorkerLost"


class WorkerLost(Exception):
    """The worker running this task died before it finished."""


def _transient_classes() -> tuple[type[BaseException], ...]:
    classes = list(TRANSIENT_ERRORS)
    for path in OPTIONAL_TRANSIENT_ERRORS:
        try:
            classes.append(import_string(path))
        except ImportError:
            continue
    return tuple(classes)


def is_transient(error: BaseException) -> bool:
    """Whether trying the same task later may succeed."""
    if isinstance(error, smtplib.SMTPResponseException):
        # 4xx is "try later" in SMTP; 5xx is final (unknown mailbox...).
        return 400 <= error.smtp_code < 500 or error.smtp_code == 421
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    return isinstance(error, _transient_classes())


def retry_delay(attempt: int) -> timedelta:
    """Wait before try ``attempt + 1``: the base, doubled each time, at most
    an hour, with a tenth of jitter so that a queue of e-mails does not hit a
    server coming back all at once. Ten tries span about five hours."""
    base = settings.PORTAL_TASK_RETRY_SECONDS
    seconds = min(base * 2 ** max(attempt - 1, 0), 3600)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311


def _error_fields(error: BaseException) -> dict:
    return {
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(format_exception(error)),
    }


def close_connections() -> None:
    """Drop every database connection, broken ones included, so that the
    next query opens a new one. A connection inside a transaction is left
    alone: closing it would lose the transaction of whoever opened it (a
    test, or a task run at once in development)."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        with contextlib.suppress(*DATABASE_ERRORS):
            connection.close()


def close_old_connections_outside_transactions() -> None:
    """Django's per-request clean-up of expired or broken connections, for a
    loop that is no request; skipped inside a transaction, which Django's
    own would close (its autocommit differs from the settings')."""
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        close_old_connections()


def tasks_reclaim_stale(*, now=None) -> tuple[int, int]:
    """Queue again the tasks whose worker died; fail those out of tries.

    Returns ``(queued_again, failed)``.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.PORTAL_TASK_STALE_SECONDS)
    queued = failed = 0
    with exclusive_transaction():
        stale = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for row in stale:
            if len(row.worker_ids) >= settings.PORTAL_TASK_MAX_ATTEMPTS:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = WORKER_LOST
                row.traceback = (
                    f"The worker running this task stopped answering for more "
                    f"than {settings.PORTAL_TASK_STALE_SECONDS} seconds, "
                    f"{len(row.worker_ids)} times."
                )
                failed += 1
            else:
                row.status = TaskResultStatus.READY
                row.run_after = now
                row.exception_class_path = WORKER_LOST
                row.traceback = "The worker running this task stopped; run again."
                queued += 1
            row.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "run_after",
                    "exception_class_path",
                    "traceback",
                ]
            )
    if queued or failed:
        logger.warning(
            "Tasks of a dead worker: %d queued again, %d failed", queued, failed
        )
    return queued, failed


def task_retry_now(row: DBTaskResult) -> bool:
    """Staff's "retry": a FAILED task goes back to the queue with all its
    tries. Returns False when the task was no longer FAILED."""
    return bool(
        DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            finished_at=None,
            worker_ids=[],
        )
    )


class PortalWorker(Worker):
    """django-tasks-db's worker with retries, stale-task pickup and a loop
    that outlives the database (see the module's docstring)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_reclaim = 0.0
        # How often the stale-task sweep runs (one query on RUNNING rows): a
        # dead worker's task waits at most a third more than the stale limit.
        self.reclaim_every = min(30.0, settings.PORTAL_TASK_STALE_SECONDS / 3)

    # --- The loop ---------------------------------------------------------

    def run(self) -> None:
        logger.info("Worker %s started", self.worker_id)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads a restart
        outage = 0
        while self.running:
            try:
                close_old_connections_outside_transactions()
                self._reclaim_when_due()
                db_task_result = self._claim_next()
            except DATABASE_ERRORS as error:
                outage += 1
                self._wait_for_database(error, outage)
                continue
            if outage:
                logger.warning("Worker %s: database back", self.worker_id)
                outage = 0
            if db_task_result is not None:
                self.run_task(db_task_result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and db_task_result is None:
                time.sleep(self.interval)

    def _wait_for_database(self, error: BaseException, outage: int) -> None:
        delay = min(2 ** (outage - 1), 15)
        logger.warning(
            "Worker %s: database unavailable (%s); trying again in %ss",
            self.worker_id,
            str(error).strip().splitlines()[0] if str(error).strip() else error,
            delay,
        )
        close_connections()
        time.sleep(delay)

    def _reclaim_when_due(self) -> None:
        if time.monotonic() - self._last_reclaim < self.reclaim_every:
            return
        tasks_reclaim_stale()
        self._last_reclaim = time.monotonic()

    def _claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                db_task_result = tasks.get_locked()
                if db_task_result is not None:
                    db_task_result.claim(self.worker_id)
                return db_task_result
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None
            raise

    # --- One task ---------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        backend_type = None  # unknown while the task cannot be loaded
        try:
            try:
                task = db_task_result.task
                task_result = db_task_result.task_result
                backend_type = type(task.get_backend())
                task_started.send(sender=backend_type, task_result=task_result)
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=task_result),
                        *task_result.args,
                        **task_result.kwargs,
                    )
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            except (KeyboardInterrupt, SystemExit):
                # Stopped by its operator mid-task: the task runs again.
                self._record(db_task_result, self._requeue_now)
                raise
            except Exception as error:
                self._record(db_task_result, self._fail_or_retry, error)
            else:
                self._record(db_task_result, self._succeed, value)
            if backend_type is not None:
                try:
                    task_finished.send(
                        sender=backend_type, task_result=db_task_result.task_result
                    )
                except Exception:
                    logger.exception("task_finished handler failed")
        except Exception:
            logger.exception("Task %s: its outcome was not recorded", db_task_result.pk)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _record(self, db_task_result: DBTaskResult, write, *args) -> None:
        """Write a task's outcome, waiting for the database as long as it
        takes: the work is done and must not be done twice."""
        outage = 0
        while True:
            try:
                write(db_task_result, *args)
                return
            except DATABASE_ERRORS as error:
                outage += 1
                self._wait_for_database(error, outage)

    def _succeed(self, db_task_result: DBTaskResult, value) -> None:
        try:
            db_task_result.set_successful(value)
        except DATABASE_ERRORS:
            raise
        except Exception as error:  # the return value is not JSON
            db_task_result.set_failed(error)

    def _requeue_now(self, db_task_result: DBTaskResult) -> None:
        DBTaskResult.objects.filter(pk=db_task_result.pk).update(
            status=TaskResultStatus.READY, run_after=timezone.now()
        )

    def _fail_or_retry(self, db_task_result: DBTaskResult, error: Exception) -> None:
        attempts = len(db_task_result.worker_ids)
        if is_transient(error) and attempts < settings.PORTAL_TASK_MAX_ATTEMPTS:
            delay = retry_delay(attempts)
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY,
                run_after=timezone.now() + delay,
                **_error_fields(error),
            )
            logger.warning(
                "Task %s (%s) failed on try %d (%s); next try in %ds",
                db_task_result.pk,
                db_task_result.task_path,
                attempts,
                type(error).__name__,
                delay.total_seconds(),
            )
            return
        db_task_result.set_failed(error)
        logger.error(
            "Task %s (%s) failed for good after %d tries: %r",
            db_task_result.pk,
            db_task_result.task_path,
            attempts,
            error,
        )


def once_the_database_answers(write, *, give_up_after: float = 300.0):
    """Run a database ``write`` that follows a side effect already done (an
    e-mail sent), waiting out a database outage instead of failing: a failed
    task would be tried again and do the side effect twice."""
    waited = 0.0
    outage = 0
    while True:
        try:
            return write()
        except DATABASE_ERRORS:
            outage += 1
            delay = min(2 ** (outage - 1), 15)
            if waited + delay > give_up_after:
                raise
            logger.warning("Database unavailable after a side effect: wait %ss", delay)
            close_connections()
            time.sleep(delay)
            waited += delay


def backlog_oldest_wait(*, now=None) -> timedelta | None:
    """How long the oldest task that is due has waited for a worker."""
    now = now or timezone.now()
    oldest = (
        DBTaskResult.objects.ready()
        .order_by(F("enqueued_at").asc())
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return None
    enqueued_at, run_after = oldest
    due = enqueued_at if run_after.year >= 9999 else max(enqueued_at, run_after)
    return max(now - due, timedelta(0))
