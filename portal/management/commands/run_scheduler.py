"""Queue the periodic jobs (portal.schedule.JOBS) at their times.

One process for the whole installation, beside the web servers and the
workers. It only queues tasks: the work, and its retries, happen in the
workers. When the database is down at a job's time, the scheduler logs it
and tries again at the next time; a job missed while the scheduler itself
was stopped runs once when it starts again (coalesced), if it is less than
an hour late.
"""

import contextlib
import logging
import signal
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

from portal.schedule import JOBS

logger = logging.getLogger("portal.scheduler")


def enqueue(task_path: str) -> str | None:
    """Queue one job's task; returns its id, or None when the database (or
    the task backend) could not take it this time."""
    close_old_connections()
    try:
        result = import_string(task_path).enqueue()
    except Exception:
        logger.exception(
            "Could not queue %s; next time it will be tried again", task_path
        )
        return None
    finally:
        close_old_connections()
    logger.info("Queued %s as task %s", task_path, result.id)
    return result.id


class Command(BaseCommand):
    help = "Queue the portal's periodic jobs at their times (run exactly one)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Print the jobs and their next times."
        )
        parser.add_argument(
            "--run-now",
            metavar="NAME",
            help="Queue one job now (a name from --list) and exit.",
        )

    def handle(self, *args, list=False, run_now=None, **options):
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job in JOBS:
            scheduler.add_job(
                enqueue,
                CronTrigger.from_crontab(job.cron, timezone=settings.TIME_ZONE),
                args=[job.task],
                id=job.name,
                name=job.why,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
        if list:
            self._list(scheduler)
            return
        if run_now:
            jobs = {job.name: job for job in JOBS}
            if run_now not in jobs:
                self.stderr.write(f"No job named {run_now!r}; see --list.")
                raise SystemExit(2)
            task_id = enqueue(jobs[run_now].task)
            if task_id is None:
                raise SystemExit(1)
            self.stdout.write(f"Queued {run_now} as task {task_id}.")
            return
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"Scheduler started: {len(JOBS)} jobs (see --list).")
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()

    def _list(self, scheduler: BlockingScheduler) -> None:
        now = datetime.now(ZoneInfo(settings.TIME_ZONE))
        for job in JOBS:
            trigger = scheduler.get_job(job.name).trigger
            following = trigger.get_next_fire_time(None, now)
            self.stdout.write(
                f"{job.name:22} {job.cron:14} next {following:%Y-%m-%d %H:%M}  "
                f"{job.why}"
            )
