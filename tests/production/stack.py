"""A production-like stack on throwaway servers, for the fault-injection test.

Everything runs as subprocesses in one temporary directory: a PostgreSQL
cluster, a Redis server, an SMTP catcher, moto's S3 server, two gunicorn app
servers, the task worker (``run_worker``) and the scheduler
(``run_scheduler``), all with ``portal.settings.production``. Each server can
be stopped and started again on the same port, so the test can cut one and
watch what users and operators would see. The machine's own PostgreSQL (5432)
and Redis (6379) are never touched: every port here is a free one.

``PortalClient`` speaks plain HTTP to the app servers while production sets
Secure cookies (which an HTTP client must not send back): it keeps the
cookies itself instead of weakening the settings.
"""

import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CATCHER = Path(__file__).with_name("smtp_catcher.py")
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
DEMO_PASSWORD = "oxyplus-demo"
LOGIN_PATH = "/accounts/login/"
S3_PUBLIC_BUCKET = "oxyplus-public"
S3_PRIVATE_BUCKET = "oxyplus-private"
# Long enough for the test to find and kill the worker waiting on it.
SLOW_GREETING_SECONDS = 30.0
# Environment variables of the test run that must not leak into the stack.
NOT_INHERITED = ("DJANGO_", "PORTAL_", "GUNICORN_", "AWS_")
NOT_INHERITED_NAMES = {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}


def tools_missing() -> list[str]:
    """The programs the stack needs that this machine lacks."""
    needed = [
        PG_BIN / "initdb",
        PG_BIN / "pg_ctl",
        Path(shutil.which("redis-server") or "redis-server"),
        VENV_BIN / "gunicorn",
        VENV_BIN / "moto_server",
    ]
    return [str(path) for path in needed if not path.exists()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    predicate: Callable[[], bool], *, timeout: float, what: str, interval=0.2
) -> float:
    """Poll ``predicate`` until it holds; return when it did (monotonic)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f}s")
        time.sleep(interval)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def children_of(pid: int) -> list[int]:
    """Direct child processes of ``pid``, read from /proc (no psutil)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def pid_alive(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def connected_to(pid: int, port: int) -> bool:
    """Whether the process holds a TCP connection to 127.0.0.1:``port``."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    try:
        table = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    for row in table:
        fields = row.split()
        remote_port = int(fields[2].split(":")[1], 16)
        if remote_port == port and fields[9] in inodes:
            return True
    return False


@dataclass
class Window:
    """A span of wall-clock time (``time.time()``) a server was down."""

    start: float
    end: float

    def covers(self, start: float, end: float, margin: float = 0.0) -> bool:
        return start <= self.end + margin and end >= self.start


class Stack:
    """The servers and processes of one production-like installation."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.logs = root / "logs"
        self.logs.mkdir()
        self.ports = {
            name: free_port()
            for name in ("pg", "redis", "smtp", "s3", "web_a", "web_b")
        }
        self.pg_data = root / "pg"
        self.pg_socket = root / "pgsock"
        self.mail_log = root / "mail.jsonl"
        self.slow_flag = root / "slow-greeting"
        self.processes: dict[str, subprocess.Popen] = {}
        self.pg_running = False
        self.secret_key = secrets.token_urlsafe(50)
        # PostgreSQL refuses to run as root; it then runs as "postgres".
        self.pg_user = None
        if os.geteuid() == 0:
            try:
                self.pg_user = pwd.getpwnam("postgres")
            except KeyError:
                self.pg_user = pwd.getpwnam("nobody")

    # --- Environment ---------------------------------------------------------

    @property
    def urls(self) -> dict[str, str]:
        return {
            "A": f"http://127.0.0.1:{self.ports['web_a']}",
            "B": f"http://127.0.0.1:{self.ports['web_b']}",
        }

    @property
    def database_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports['pg']}/portal"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of every app process, as an operator would set it."""
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(NOT_INHERITED) and key not in NOT_INHERITED_NAMES
        }
        s3 = f"http://127.0.0.1:{self.ports['s3']}"
        return {
            **inherited,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_BASE_URL": self.urls["A"],
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['pg']}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{self.ports['smtp']}",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(self.root / "static"),
            "DJANGO_MEDIA_ROOT": str(self.root / "media" / "public"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(self.root / "media" / "private"),
            "DJANGO_S3_BUCKET": S3_PUBLIC_BUCKET,
            "DJANGO_S3_PRIVATE_BUCKET": S3_PRIVATE_BUCKET,
            "DJANGO_S3_ENDPOINT_URL": s3,
            "DJANGO_S3_REGION": "eu-west-3",
            "DJANGO_S3_ACCESS_KEY_ID": "testing",
            "DJANGO_S3_SECRET_ACCESS_KEY": "testing",
            "PORTAL_TASK_STALE_SECONDS": "15",
            "PORTAL_TASK_RETRY_SECONDS": "2",
            "DJANGO_CONN_MAX_AGE": "60",
            "DJANGO_STAFF_MFA_REQUIRED": "false",
            **extra,
        }

    def _start(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        """Start a long-running process in its own session, output to a log."""
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        log.close()
        self.processes[name] = process
        return process

    def _end(self, *names: str, grace: float = 10.0) -> None:
        """Stop processes started by ``_start`` and everything they started:
        SIGTERM to all at once, SIGKILL to what is left after ``grace``."""
        stopping = [
            process
            for process in (self.processes.pop(name, None) for name in names)
            if process is not None and process.poll() is None
        ]
        for process in stopping:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in stopping:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def _manage(self, *args: str) -> subprocess.Popen:
        with (self.logs / f"manage-{args[0]}.log").open("ab") as log:
            return subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", *args],
                cwd=REPO,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def _finish(self, command: subprocess.Popen, started: float, timeout=300) -> float:
        """Wait for a management command; return how long it took since
        ``started``. A failure shows the end of its output."""
        if command.wait(timeout=timeout) != 0:
            name = command.args[2]
            raise RuntimeError(f"manage.py {name} failed:\n{self.log_tail(name)}")
        return time.monotonic() - started

    def manage(self, *args: str, timeout: float = 300) -> float:
        """Run a management command to completion; return how long it took."""
        return self._finish(self._manage(*args), time.monotonic(), timeout)

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():
            path = self.logs / f"manage-{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- PostgreSQL ----------------------------------------------------------

    def _pg(self, *args: str, timeout: float = 60) -> None:
        user = {"user": self.pg_user.pw_uid} if self.pg_user else {}
        with (self.logs / "pg_ctl.log").open("ab") as log:
            subprocess.run(  # noqa: S603
                [str(PG_BIN / args[0]), *args[1:]],
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=True,
                **user,
            )

    def pg_init(self) -> None:
        for folder in (self.pg_data, self.pg_socket):
            folder.mkdir()
            if self.pg_user:
                os.chown(folder, self.pg_user.pw_uid, self.pg_user.pw_gid)
        if self.pg_user:
            # The "postgres" user must be able to reach its folders and log.
            self.root.chmod(0o755)
            self.logs.chmod(0o777)
        self._pg("initdb", "-D", str(self.pg_data), "-U", "postgres", "--auth=trust")
        self.pg_start()
        with psycopg.connect(
            self.database_dsn.rsplit("/", 1)[0] + "/postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE portal")

    def pg_start(self) -> None:
        # The outages this test makes are clean stops: durability on disk is
        # not under test, and without fsync the migrations take half the time.
        options = (
            f"-p {self.ports['pg']} -k {self.pg_socket} "
            "-c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg(
            "pg_ctl", "-D", str(self.pg_data), "-o", options,
            "-l", str(self.logs / "postgresql.log"), "-w", "start",
        )  # fmt: skip
        self.pg_running = True

    def pg_stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.pg_data), "-m", mode, "-w", "stop")
        self.pg_running = False

    def pg_accepting(self) -> bool:
        try:
            with psycopg.connect(self.database_dsn, connect_timeout=2) as connection:
                connection.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True

    def pg_restart(self, down_seconds: float = 3.0) -> Window:
        """Stop PostgreSQL, leave it down a few seconds, start it; the window
        runs from the stop to the first accepted connection."""
        start = time.time()
        self.pg_stop()
        time.sleep(down_seconds)
        self.pg_start()
        wait_until(self.pg_accepting, timeout=30, what="PostgreSQL back")
        return Window(start, time.time())

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.database_dsn, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    # --- Redis ---------------------------------------------------------------

    def redis_start(self) -> None:
        self._start(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.ports["redis"]), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
            ],
        )  # fmt: skip
        wait_until(
            lambda: port_open(self.ports["redis"]), timeout=10, what="Redis start"
        )

    def redis_stop(self) -> None:
        self._end("redis")

    # --- SMTP ----------------------------------------------------------------

    def smtp_start(self) -> None:
        self._start(
            "smtp",
            [
                sys.executable, str(CATCHER),
                "--port", str(self.ports["smtp"]),
                "--log", str(self.mail_log),
                "--slow-flag", str(self.slow_flag),
                "--slow-seconds", str(SLOW_GREETING_SECONDS),
            ],
        )  # fmt: skip
        wait_until(lambda: port_open(self.ports["smtp"]), timeout=15, what="SMTP start")

    def smtp_stop(self) -> None:
        self._end("smtp")

    def slow_greeting(self, on: bool) -> None:
        if on:
            self.slow_flag.touch()
        else:
            self.slow_flag.unlink(missing_ok=True)

    def mail_events(self, event: str = "message") -> list[dict]:
        if not self.mail_log.exists():
            return []
        lines = self.mail_log.read_text(encoding="utf-8").splitlines()
        return [e for e in map(json.loads, lines) if e["event"] == event]

    # --- S3 ------------------------------------------------------------------

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.ports['s3']}",
            region_name="eu-west-3",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def s3_start(self) -> None:
        self._start(
            "s3",
            [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p",
             str(self.ports["s3"])],
        )  # fmt: skip

    def s3_buckets(self) -> None:
        wait_until(lambda: port_open(self.ports["s3"]), timeout=30, what="moto")
        client = self.s3_client()
        for bucket in (S3_PUBLIC_BUCKET, S3_PRIVATE_BUCKET):
            client.create_bucket(
                Bucket=bucket,
                CreateBucketConfiguration={"LocationConstraint": "eu-west-3"},
            )

    # --- The portal's processes ----------------------------------------------

    def web_start(self, name: str) -> None:
        bind = f"127.0.0.1:{self.ports[f'web_{name.lower()}']}"
        self._start(
            f"web_{name.lower()}",
            [str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "portal.wsgi"],
            env=self.env(GUNICORN_BIND=bind, WEB_CONCURRENCY="2"),
        )

    def worker_start(self) -> None:
        self._start(
            "worker",
            [sys.executable, "manage.py", "run_worker", "--processes", "1"],
            env=self.env(),
        )

    def scheduler_start(self) -> None:
        self._start(
            "scheduler", [sys.executable, "manage.py", "run_scheduler"], env=self.env()
        )

    def worker_children(self) -> list[int]:
        return [
            pid for pid in children_of(self.processes["worker"].pid) if pid_alive(pid)
        ]

    def wait_for_web(self, timeout: float = 90) -> None:
        """Both app servers answer /health/ with 200."""

        def ready(base: str) -> bool:
            try:
                return requests.get(base + "/health/", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        for name, base in self.urls.items():
            process = self.processes[f"web_{name.lower()}"]
            wait_until(
                lambda base=base, process=process: (
                    ready(base) or process.poll() is not None
                ),
                timeout=timeout,
                what=f"app server {name}",
                interval=0.5,
            )
            if process.poll() is not None:
                raise RuntimeError(
                    f"app server {name} exited:\n{self.log_tail(f'web_{name.lower()}')}"
                )

    # --- Whole stack ---------------------------------------------------------

    def start(self) -> dict[str, float]:
        """Start everything; return how long the slow steps took (seconds).

        What does not depend on the previous step runs alongside it:
        collectstatic with the migrations, the app processes' start-up with
        the demo data (the worker and scheduler serve whatever it queues).
        """
        timings = {}
        started = time.monotonic()
        self.s3_start()
        self.pg_init()
        self.redis_start()
        self.smtp_start()
        self.s3_buckets()
        timings["servers"] = time.monotonic() - started
        started = time.monotonic()
        collectstatic = self._manage("collectstatic", "--no-input", "-v", "0")
        timings["migrate"] = self.manage("migrate", "--no-input", "-v", "0")
        timings["collectstatic"] = self._finish(collectstatic, started)
        started = time.monotonic()
        seed = self._manage("seed_demo")
        self.web_start("A")
        self.web_start("B")
        self.worker_start()
        self.scheduler_start()
        timings["seed_demo"] = self._finish(seed, started)
        self.wait_for_web()
        timings["seed and app servers"] = time.monotonic() - started
        return timings

    def close(self) -> None:
        """Stop everything this stack started, whatever state it is in."""
        self.slow_greeting(False)
        self._end(*self.processes)
        if self.pg_data.exists():
            # Fails when it is already stopped, which is fine.
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg("pg_ctl", "-D", str(self.pg_data), "-m", "immediate", "stop")


class PortalClient:
    """One browser: its own cookies, sent to app server A or B at will.

    Cookies come from every Set-Cookie header and go back in a Cookie header;
    production marks them Secure, which is about the browser's transport, not
    what this test measures.
    """

    def __init__(self, urls: dict[str, str], name: str) -> None:
        self.urls = urls
        self.name = name
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()
        # requests' own jar is left empty: it would drop Secure cookies.
        self.http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.logged_in_as: str | None = None

    def request(
        self, method: str, server: str, path: str, **kwargs
    ) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.setdefault("Accept-Language", "fr")
        response = self.http.request(
            method,
            self.urls[server] + path,
            headers=headers,
            allow_redirects=False,
            timeout=kwargs.pop("timeout", 20),
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for morsel in SimpleCookie(header).values():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(morsel.key, None)
                else:
                    self.cookies[morsel.key] = morsel.value
        return response

    def get(self, server: str, path: str, **kwargs) -> requests.Response:
        return self.request("GET", server, path, **kwargs)

    def post_form(
        self, server: str, path: str, data: dict, *, files=None
    ) -> requests.Response:
        """GET the form's page, then POST it with its CSRF token, as a
        browser does; when the page itself fails, that is the answer."""
        page = self.get(server, path)
        if page.status_code != 200:
            return page  # the user sees this page instead of the form
        token = csrf_token(page.text)
        return self.request(
            "POST",
            server,
            path,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Referer": self.urls[server] + path},
        )

    def login(self, server: str, email: str, password: str = DEMO_PASSWORD) -> None:
        response = self.post_form(
            server, LOGIN_PATH, {"login": email, "password": password}
        )
        if response.status_code != 302 or is_login_page(response):
            raise AssertionError(
                f"{email} could not log in through {server}: {response.status_code}"
            )
        self.logged_in_as = email


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def csrf_token(html: str) -> str:
    found = CSRF_INPUT.search(html)
    if not found:
        raise AssertionError("no CSRF token in the page")
    return found.group(1)


def is_login_page(response: requests.Response) -> bool:
    """A redirect to the login form, or the login form itself."""
    if response.status_code in (301, 302, 303):
        return urlsplit(response.headers.get("Location", "")).path == LOGIN_PATH
    return (
        response.status_code == 200
        and f'action="{LOGIN_PATH}' in response.text
        and 'name="password"' in response.text
    )
