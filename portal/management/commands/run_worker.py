"""Run the task workers and keep them running.

``manage.py run_worker`` is a small supervisor: it starts ``--processes``
worker processes (``run_worker --child``) and starts a new one whenever one
exits, whatever killed it (out of memory, SIGKILL, a bug), waiting a little
longer each time one dies young. It never touches the database itself, so a
database outage cannot stop it; the children wait for the database
themselves (portal.worker). SIGTERM or SIGINT stops the children gracefully
(each finishes its task) and then the supervisor.

systemd (deploy/oxyplus-worker.service) restarts the supervisor itself; on
one machine, honcho runs it from deploy/Procfile.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS

from portal.worker import PortalWorker


class Command(BaseCommand):
    help = "Run the background task workers, restarting any that stops."

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=int(os.environ.get("PORTAL_WORKER_PROCESSES", "1")),
            help="Worker processes to keep running (default 1).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between two looks at an empty queue.",
        )
        parser.add_argument(
            "--child",
            action="store_true",
            help="Be one worker process (the supervisor starts these).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is due now in this process, then exit.",
        )

    def handle(self, *args, processes, interval, child, batch, **options):
        if child or batch:
            self._work(interval=interval, batch=batch)
        else:
            Supervisor(processes=max(processes, 1), interval=interval, out=self).run()

    def _work(self, *, interval: float, batch: bool) -> None:
        worker = PortalWorker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=f"{os.uname().nodename[:40]}-{os.getpid()}-"
            f"{get_random_string(8)}",
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        if settings.DEBUG and not batch:
            self.stderr.write("DEBUG is on: fine here, never in production.")
        worker.run()


class Supervisor:
    """Keep ``processes`` children alive until told to stop."""

    def __init__(self, *, processes: int, interval: float, out: BaseCommand):
        self.processes = processes
        self.interval = interval
        self.out = out
        self.children: dict[int, tuple[subprocess.Popen, float]] = {}
        self.deaths_in_a_row = 0
        self.stopping = False

    def _command(self) -> list[str]:
        manage = Path(sys.argv[0]).resolve()
        if manage.name != "manage.py":
            manage = Path(__file__).resolve().parents[3] / "manage.py"
        return [
            sys.executable,
            str(manage),
            "run_worker",
            "--child",
            "--interval",
            str(self.interval),
        ]

    def _start_one(self) -> None:
        child = subprocess.Popen(self._command(), env=os.environ.copy())  # noqa: S603
        self.children[child.pid] = (child, time.monotonic())
        self._say(f"worker process {child.pid} started")

    def _say(self, message: str) -> None:
        self.out.stdout.write(f"[run_worker {os.getpid()}] {message}")
        self.out.stdout.flush()

    def _stop(self, signum, frame) -> None:
        if self.stopping:
            for child, _ in self.children.values():
                child.kill()
            return
        self.stopping = True
        self._say(f"{signal.Signals(signum).name}: stopping the workers")
        for child, _ in self.children.values():
            child.send_signal(signal.SIGTERM)

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for _ in range(self.processes):
            self._start_one()
        while self.children:
            time.sleep(0.5)
            for pid, (child, started) in list(self.children.items()):
                code = child.poll()
                if code is None:
                    continue
                del self.children[pid]
                if self.stopping:
                    continue
                lived = time.monotonic() - started
                self.deaths_in_a_row = 0 if lived > 60 else self.deaths_in_a_row + 1
                wait = min(2 ** max(self.deaths_in_a_row - 1, 0), 30)
                self._say(
                    f"worker process {pid} exited with {code} after {lived:.0f}s; "
                    f"starting another in {wait}s"
                )
                self._sleep(wait)
                if not self.stopping:
                    self._start_one()
        self._say("stopped")

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(0.1)
