"""Production holds when what it stands on fails (issue 14).

A production-like stack (tests/production/stack.py: two gunicorn app servers,
the task worker, the scheduler, PostgreSQL, Redis, an SMTP server and S3, each
its own throwaway process) serves eight logged-in resellers browsing through
both app servers while owners invite people and a visitor asks for login
codes and password resets. Then, one after the other: PostgreSQL restarts,
Redis restarts, the worker process sending an e-mail is killed with SIGKILL,
and the SMTP server is away for 30 seconds. What users and operators would
notice is measured and printed, then asserted: no e-mail lost or sent twice,
no session lost, errors only while PostgreSQL was down, the worker back on its
own, no task failed.

Run on CI's PostgreSQL pass only (it needs initdb and redis-server, and about
three minutes): ``DATABASE_URL=postgres://… .venv/bin/pytest tests/production
-m fault -s -p no:randomly``.
"""

import contextlib
import io
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import count, cycle
from pathlib import Path

import psycopg
import pytest
import requests
from PIL import Image

from tests.production.stack import (
    S3_PRIVATE_BUCKET,
    PortalClient,
    Stack,
    Window,
    connected_to,
    is_login_page,
    pid_alive,
    tools_missing,
    wait_until,
)

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the fault test runs in the PostgreSQL pass only",
    ),
    pytest.mark.skipif(
        bool(tools_missing()), reason=f"missing: {', '.join(tools_missing())}"
    ),
]

# django-tasks-db keeps the app label of its former name for its table.
TASKS_TABLE = "django_tasks_database_dbtaskresult"
# A PostgreSQL outage may fail the requests in flight and those a moment after.
PG_MARGIN = 2.0
PAUSE_BETWEEN_PAGES = 0.3
INVITE_EVERY = 2.0
# allauth allows 3 login codes a minute for one address: one every 22 s.
VISITOR_EVERY = 22.0
CUSTOMER = "client@oxyplus.test"
RESET_ADDRESS = "reviewer@oxyplus.test"

OWNER_PAGES = [
    "/",
    "/reseller/orders/",
    "/reseller/stock/",
    "/docs/documentation/",
    "/docs/documentation/fiche-technique-aqp-300/",
]
BUYER_PAGES = [
    "/",
    "/reseller/orders/",
    "/reseller/stock/",
    "/docs/documentation/codes-defaut/",
    "/docs/documentation/fiche-technique-osp-100/",
]
TECHNICIAN_PAGES = [
    "/",
    "/reseller/installations/",
    "/docs/documentation/",
    "/docs/documentation/codes-defaut/e05-moteur-de-vanne-bloque/",
    "/docs/documentation/consommables/",
]
RESELLERS = {
    "aqua-services-lyon": "aqua-lyon.test",
    "confort-eau-bretagne": "confort-bretagne.test",
    "thermoplus-provence": "thermoplus-provence.test",
}
# Eight browsing clients: every owner and buyer, two technicians. The third
# technician and a second session of an owner are the test's own hands.
CLIENTS = [
    *[(f"owner@{domain}", OWNER_PAGES, slug) for slug, domain in RESELLERS.items()],
    *[(f"buyer@{domain}", BUYER_PAGES, None) for domain in RESELLERS.values()],
    ("technician@aqua-lyon.test", TECHNICIAN_PAGES, None),
    ("technician@confort-bretagne.test", TECHNICIAN_PAGES, None),
]


@pytest.fixture(scope="module")
def stack():
    """The whole stack, started once for the module and always torn down.

    ``FAULT_KEEP_DIR=1`` keeps its folder (logs of every process) afterwards.
    """
    root = Path(tempfile.mkdtemp(prefix="portal-fault-"))
    stack = Stack(root)
    try:
        timings = stack.start()
        print(
            "\nstack started:", ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        )
        yield stack
    finally:
        stack.close()
        if os.environ.get("FAULT_KEEP_DIR"):
            print(f"stack folder kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


# --- Traffic ----------------------------------------------------------------


@dataclass
class Hit:
    """One request as a user lived it: status 0 is no answer at all."""

    client: str
    server: str
    method: str
    path: str
    start: float
    end: float
    status: int


@dataclass
class Traffic:
    """Everything the clients did and saw, shared by their threads."""

    hits: list[Hit] = field(default_factory=list)
    sessions_lost: list[tuple[float, str, str]] = field(default_factory=list)
    # (recipient, kind) -> requests answered with success / with an error.
    mail_promised: Counter = field(default_factory=Counter)
    mail_uncertain: Counter = field(default_factory=Counter)
    invited: list[tuple[float, str]] = field(default_factory=list)
    harness_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(
        self, client: PortalClient, method: str, server: str, path: str, **kwargs
    ) -> requests.Response | None:
        start = time.time()
        try:
            if method == "FORM":
                response = client.post_form(server, path, **kwargs)
            else:
                response = client.request(method, server, path, **kwargs)
        except (requests.RequestException, AssertionError):
            response = None
        with self.lock:
            self.hits.append(
                Hit(
                    client.name,
                    server,
                    method,
                    path,
                    start,
                    time.time(),
                    response.status_code if response is not None else 0,
                )
            )
        return response

    def expect_mail(self, recipient: str, kind: str, response) -> None:
        """A form posted and answered with its success redirect promises an
        e-mail; a post that failed, or no answer, may or may not have queued
        one. A form page that did not even load promises nothing."""
        posted = response is not None and response.request.method == "POST"
        with self.lock:
            if posted and response.status_code == 302 and not is_login_page(response):
                self.mail_promised[(recipient, kind)] += 1
            elif response is None or (posted and response.status_code >= 500):
                self.mail_uncertain[(recipient, kind)] += 1


class Browsing(threading.Thread):
    """A logged-in reseller reading their pages through A and B in turn; an
    owner also invites a new address every ``INVITE_EVERY`` seconds."""

    def __init__(self, client, pages, team_slug, traffic, stop, run_id):
        super().__init__(name=client.name, daemon=True)
        self.client = client
        self.pages = pages
        self.team_path = f"/organisations/{team_slug}/team/" if team_slug else None
        self.traffic = traffic
        self.stop = stop
        self.run_id = run_id
        self.servers = cycle("AB")
        self.invitations = count(1)

    def run(self) -> None:
        last_invite = time.time()
        for path in cycle(self.pages):
            if self.stop.is_set():
                return
            try:
                self.browse(path)
                due = time.time() - last_invite >= INVITE_EVERY
                if self.team_path and due and self.client.logged_in_as:
                    last_invite = time.time()
                    self.invite()
            except Exception as error:  # the figures must say it, not hide it
                with self.traffic.lock:
                    self.traffic.harness_errors.append(f"{self.name}: {error!r}")
            self.stop.wait(PAUSE_BETWEEN_PAGES)

    def browse(self, path: str) -> None:
        server = next(self.servers)
        if self.client.logged_in_as is None:
            self.relogin(server)
            return
        response = self.traffic.request(self.client, "GET", server, path)
        self.check_session(response, server, path)

    def check_session(self, response, server: str, path: str) -> None:
        """Sent to the login page without logging out: the session is lost."""
        if response is not None and is_login_page(response):
            with self.traffic.lock:
                self.traffic.sessions_lost.append((time.time(), self.name, path))
            self.client.logged_in_as = None
            self.relogin(server)

    def relogin(self, server: str) -> None:
        """Log in again after a lost session, so the rest is still measured."""
        try:
            self.client.login(server, self.name)
        except (requests.RequestException, AssertionError):
            self.client.logged_in_as = None

    def invite(self) -> None:
        address = f"fault-{self.run_id}-{self.name.split('@')[1]}-"
        address += f"{next(self.invitations)}@example.test"
        server = next(self.servers)
        response = self.traffic.request(
            self.client,
            "FORM",
            server,
            self.team_path,
            data={"email": address, "role": "technician"},
        )
        self.traffic.expect_mail(address, "invitation", response)
        if self.traffic.mail_promised[(address, "invitation")]:
            with self.traffic.lock:
                self.traffic.invited.append((time.time(), address))
        self.check_session(response, server, self.team_path)


class Visitor(threading.Thread):
    """Someone logged out asking a customer login code and a password reset,
    every ``VISITOR_EVERY`` seconds (allauth's per-address limits allow it)."""

    def __init__(self, urls, traffic, stop, first_at: float):
        super().__init__(name="visitor", daemon=True)
        self.urls = urls
        self.traffic = traffic
        self.stop = stop
        self.next_at = first_at
        self.servers = cycle("BA")

    def run(self) -> None:
        while not self.stop.wait(max(self.next_at - time.time(), 0)):
            self.next_at = time.time() + VISITOR_EVERY
            try:
                ask_code_and_reset(self.urls, self.traffic, next(self.servers))
            except Exception as error:  # the figures must say it, not hide it
                with self.traffic.lock:
                    self.traffic.harness_errors.append(f"visitor: {error!r}")


def ask_code_and_reset(urls, traffic: Traffic, server: str) -> None:
    visitor = PortalClient(urls, "visitor")
    response = traffic.request(
        visitor, "FORM", server, "/accounts/login/code/", data={"email": CUSTOMER}
    )
    traffic.expect_mail(CUSTOMER, "login code", response)
    visitor = PortalClient(urls, "visitor")
    response = traffic.request(
        visitor,
        "FORM",
        server,
        "/accounts/password/reset/",
        data={"email": RESET_ADDRESS},
    )
    traffic.expect_mail(RESET_ADDRESS, "password reset", response)


# --- Reading the outcome ----------------------------------------------------


def mail_figures(stack: Stack, traffic: Traffic, subjects: dict) -> dict:
    """Compare the e-mails promised with those the SMTP server accepted, per
    recipient and kind (``subjects`` maps a kind's subject to it)."""
    invited = {
        recipient
        for recipient, kind in [*traffic.mail_promised, *traffic.mail_uncertain]
        if kind == "invitation"
    }
    received = Counter()
    message_ids = Counter()
    for message in stack.mail_events():
        message_ids[message["message_id"]] += 1
        for recipient in message["to"]:
            kind = subjects.get((recipient, message["subject"]))
            if kind is None and recipient in invited:
                kind = "invitation"
            if kind is not None:
                received[(recipient, kind)] += 1
    keys = set(traffic.mail_promised) | set(traffic.mail_uncertain) | set(received)
    lost = duplicated = 0
    lost_keys, duplicated_keys = [], []
    for key in keys:
        promised = traffic.mail_promised[key]
        at_most = promised + traffic.mail_uncertain[key]
        if received[key] < promised:
            lost += promised - received[key]
            lost_keys.append(key)
        elif received[key] > at_most:
            duplicated += received[key] - at_most
            duplicated_keys.append(key)
    return {
        "expected": sum(traffic.mail_promised.values()),
        "uncertain": sum(traffic.mail_uncertain.values()),
        "received": sum(received.values()),
        "lost": lost,
        "duplicated": duplicated,
        "same Message-ID twice": sum(n - 1 for n in message_ids.values() if n > 1),
        "lost_keys": sorted(lost_keys),
        "duplicated_keys": sorted(duplicated_keys),
    }


def task_counts(stack: Stack) -> dict[str, int]:
    rows = stack.query(f"SELECT status, count(*) FROM {TASKS_TABLE} GROUP BY status")  # noqa: S608
    return dict(rows)


def warm_up(stack: Stack, traffic: Traffic) -> dict:
    """Log every client in, check its pages answer 200, and send one login
    code and one reset to learn their subjects: all before any fault."""
    # The session-loss detector recognises both forms of "log in again".
    stranger = PortalClient(stack.urls, "stranger")
    assert is_login_page(stranger.get("A", "/reseller/orders/"))
    assert is_login_page(stranger.get("B", "/accounts/login/"))
    clients = []
    for email, pages, slug in CLIENTS:
        client = PortalClient(stack.urls, email)
        client.login("A", email)
        for page, server in zip(pages, cycle("BA"), strict=False):
            status = client.get(server, page).status_code
            assert status == 200, f"{email} {page} through {server}: {status}"
        clients.append((client, pages, slug))
    sent_before = len(stack.mail_events())
    ask_code_and_reset(stack.urls, traffic, "A")
    wait_until(
        lambda: len(stack.mail_events()) >= sent_before + 2,
        timeout=30,
        what="the warm-up login code and reset e-mails",
    )
    subjects = {}
    for message in stack.mail_events()[sent_before:]:
        for recipient in message["to"]:
            kind = {CUSTOMER: "login code", RESET_ADDRESS: "password reset"}.get(
                recipient
            )
            if kind:
                subjects[(recipient, message["subject"])] = kind
    assert set(subjects.values()) == {"login code", "password reset"}, subjects
    return {"clients": clients, "subjects": subjects}


def kill_worker_mid_send(stack: Stack, hand: PortalClient, traffic, run_id) -> dict:
    """Hold the SMTP greeting, invite someone, and SIGKILL the worker process
    waiting for that greeting; the test does nothing else to help it."""
    connected_before = len(stack.mail_events("connected"))
    stack.slow_greeting(True)
    try:
        address = f"fault-{run_id}-killed@example.test"
        response = traffic.request(
            hand,
            "FORM",
            "A",
            "/organisations/confort-eau-bretagne/team/",
            data={"email": address, "role": "buyer"},
        )
        traffic.expect_mail(address, "invitation", response)
        wait_until(
            lambda: len(stack.mail_events("connected")) > connected_before,
            timeout=30,
            what="a worker connecting to the slow SMTP server",
        )
        smtp_port = stack.ports["smtp"]
        sending = wait_until_value(
            lambda: [
                pid for pid in stack.worker_children() if connected_to(pid, smtp_port)
            ],
            timeout=5,
            what="the worker process connected to SMTP",
        )
        running = [row[0] for row in stack.query(
            f"SELECT id FROM {TASKS_TABLE} WHERE status = 'RUNNING'"  # noqa: S608
        )]  # fmt: skip
        os.kill(sending[0], signal.SIGKILL)
        killed_at = time.time()
    finally:
        stack.slow_greeting(False)
    return {"pid": sending[0], "at": killed_at, "tasks": running}


def wait_until_value(produce, *, timeout: float, what: str):
    """Poll ``produce`` until it returns something truthy, and return it."""
    found = []
    wait_until(lambda: found.append(produce()) or found[-1], timeout=timeout, what=what)
    return found[-1]


def rerun_seconds(stack: Stack, killed: dict, timeout: float) -> float | None:
    """Seconds from the kill until the killed tasks ended SUCCESSFUL again."""
    if not killed["tasks"]:
        return None

    def finished():
        try:
            rows = stack.query(
                f"SELECT status, finished_at FROM {TASKS_TABLE}"  # noqa: S608
                " WHERE id = ANY(%s)",
                (killed["tasks"],),
            )
        except psycopg.OperationalError:
            return None  # asked again in a moment
        if all(status == "SUCCESSFUL" for status, _ in rows):
            return max(at for _, at in rows)
        return None

    try:
        at = wait_until_value(finished, timeout=timeout, what="killed task re-run")
    except TimeoutError:
        return None
    return at.timestamp() - killed["at"]


# --- The scenario -----------------------------------------------------------


@dataclass
class Timeline:
    """When each fault happened, in ``time.time()`` seconds."""

    began: float
    phases: list[tuple[str, float]] = field(default_factory=list)
    pg_windows: list[Window] = field(default_factory=list)
    redis_window: Window | None = None
    smtp_window: Window | None = None
    killed: dict | None = None
    rerun: float | None = None
    ended: float = 0.0
    drained_in: float = 0.0

    def at(self, moment: float) -> str:
        return f"{moment - self.began:.1f}s"

    def span(self, window: Window | None) -> str:
        return f"{self.at(window.start)}–{self.at(window.end)}" if window else "-"


def inject_faults(stack: Stack, hand: PortalClient, traffic, run_id, timeline) -> None:
    """The four faults in turn, each followed by a quiet period."""
    time.sleep(6)
    timeline.phases.append(("PostgreSQL restart", time.time()))
    timeline.pg_windows.append(stack.pg_restart(down_seconds=3))
    time.sleep(8)

    timeline.phases.append(("Redis restart", time.time()))
    down = time.time()
    stack.redis_stop()
    time.sleep(5)
    stack.redis_start()
    timeline.redis_window = Window(down, time.time())
    time.sleep(6)

    timeline.phases.append(("worker killed mid-send", time.time()))
    timeline.killed = kill_worker_mid_send(stack, hand, traffic, run_id)
    timeline.rerun = rerun_seconds(stack, timeline.killed, timeout=60)

    timeline.phases.append(("SMTP away 30 s", time.time()))
    down = time.time()
    stack.smtp_stop()
    time.sleep(30)
    stack.smtp_start()
    timeline.smtp_window = Window(down, time.time())
    time.sleep(6)


def restore(stack: Stack) -> None:
    """Whatever a failed step left down comes back for the next test."""
    stack.slow_greeting(False)
    if not stack.pg_running:
        stack.pg_start()
    if "redis" not in stack.processes:
        stack.redis_start()
    if "smtp" not in stack.processes:
        stack.smtp_start()


def drain(stack: Stack, traffic: Traffic, subjects: dict, timeout=90) -> float:
    """Wait until every promised e-mail arrived or nothing is left to send;
    past the deadline the figures say what is missing. Returns the wait."""
    started = time.time()

    def done() -> bool:
        if mail_figures(stack, traffic, subjects)["lost"] == 0:
            return True
        try:
            counts = task_counts(stack)
        except psycopg.OperationalError:
            return False
        return not (counts.get("READY") or counts.get("RUNNING"))

    with contextlib.suppress(TimeoutError):
        wait_until(done, timeout=timeout, what="e-mails drained", interval=1)
    return time.time() - started


def outcome(stack, traffic, subjects, timeline, worker_pid, first_children) -> dict:
    errors = [hit for hit in traffic.hits if hit.status >= 500 or hit.status == 0]
    children = stack.worker_children()
    return {
        "mails": mail_figures(stack, traffic, subjects),
        "tasks": task_counts(stack),
        "errors": errors,
        "errors outside": [
            hit
            for hit in errors
            if not any(
                window.covers(hit.start, hit.end, PG_MARGIN)
                for window in timeline.pg_windows
            )
        ],
        "worker alive": pid_alive(worker_pid),
        "worker children": children,
        "new children": [pid for pid in children if pid not in first_children],
        "scheduler alive": stack.processes["scheduler"].poll() is None,
    }


def report(traffic: Traffic, timeline: Timeline, found: dict) -> str:
    at, killed = timeline.at, timeline.killed or {}
    statuses = Counter(hit.status for hit in traffic.hits)
    lines = [
        "",
        "=== fault-injection figures ===",
        "phases: "
        + ", ".join(f"{name} at {at(moment)}" for name, moment in timeline.phases)
        + f"; clients stopped at {at(timeline.ended)}, drained in"
        f" {timeline.drained_in:.1f}s",
        "PostgreSQL down: "
        + ", ".join(timeline.span(window) for window in timeline.pg_windows)
        + f"; Redis down: {timeline.span(timeline.redis_window)}"
        f"; SMTP down: {timeline.span(timeline.smtp_window)}",
        f"requests: {len(traffic.hits)} ("
        + ", ".join(f"{k or 'no answer'}: {n}" for k, n in sorted(statuses.items()))
        + ")",
        f"5xx or no answer: {len(found['errors'])}; outside PostgreSQL-down"
        f" (+{PG_MARGIN:.0f}s): {len(found['errors outside'])}",
        f"sessions lost: {len(traffic.sessions_lost)}",
        f"invitations the portal confirmed: {len(traffic.invited)}",
        "e-mails expected: {expected} (+{uncertain} after an error page),"
        " received: {received}, lost: {lost}, duplicated: {duplicated},"
        " same Message-ID twice: {same Message-ID twice}".format(**found["mails"]),
        f"worker: run_worker {'alive' if found['worker alive'] else 'DEAD'}, worker"
        f" processes now {found['worker children']}, killed {killed.get('pid')}"
        f" at {at(killed['at']) if killed else '-'} (task {killed.get('tasks')}),"
        " re-run after "
        + (f"{timeline.rerun:.1f}s" if timeline.rerun is not None else "never"),
        f"tasks by status: {found['tasks']}",
        f"scheduler: {'alive' if found['scheduler alive'] else 'exited'}",
    ]
    for hit in found["errors outside"][:15]:
        lines.append(
            f"  error outside: {at(hit.start)} {hit.server} {hit.method} {hit.path}"
            f" {hit.status or 'no answer'} ({hit.client})"
        )
    for moment, name, path in traffic.sessions_lost[:10]:
        lines.append(f"  session lost: {at(moment)} {name} on {path}")
    lines += [f"  lost: {key}" for key in found["mails"]["lost_keys"][:10]]
    lines += [f"  duplicated: {key}" for key in found["mails"]["duplicated_keys"][:10]]
    lines += [f"  harness error: {error}" for error in traffic.harness_errors[:10]]
    return "\n".join(lines)


def problems_in(traffic: Traffic, timeline: Timeline, found: dict) -> list[str]:
    mails, killed = found["mails"], timeline.killed or {}
    problems = []
    if traffic.harness_errors:
        problems.append(f"{len(traffic.harness_errors)} errors in the test's clients")
    if mails["lost"]:
        problems.append(f"{mails['lost']} e-mails lost")
    if mails["duplicated"] or mails["same Message-ID twice"]:
        problems.append(f"{mails['duplicated']} e-mails sent twice")
    if traffic.sessions_lost:
        problems.append(f"{len(traffic.sessions_lost)} sessions lost")
    if found["errors outside"]:
        problems.append(
            f"{len(found['errors outside'])} errors while PostgreSQL was up"
        )
    if (
        not found["worker alive"]
        or not found["new children"]
        or killed.get("pid") in found["worker children"]
    ):
        problems.append("run_worker did not replace its killed process by itself")
    if timeline.rerun is None:
        problems.append("the killed worker's task was not run again")
    if found["tasks"].get("FAILED"):
        problems.append(f"{found['tasks']['FAILED']} tasks FAILED")
    return problems


def test_users_and_emails_survive_database_redis_worker_and_smtp_faults(stack):
    run_id = f"{int(time.time()) % 100000}"
    traffic = Traffic()
    prepared = warm_up(stack, traffic)
    hand = PortalClient(stack.urls, "owner@confort-bretagne.test")
    hand.login("B", hand.name)
    worker_pid = stack.processes["worker"].pid
    first_children = set(stack.worker_children())

    stop = threading.Event()
    threads = [
        Browsing(client, pages, slug, traffic, stop, run_id)
        for client, pages, slug in prepared["clients"]
    ]
    threads.append(Visitor(stack.urls, traffic, stop, time.time() + VISITOR_EVERY))
    timeline = Timeline(began=time.time(), phases=[("baseline", time.time())])
    for thread in threads:
        thread.start()
    try:
        inject_faults(stack, hand, traffic, run_id, timeline)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        timeline.ended = time.time()
        restore(stack)
    timeline.drained_in = drain(stack, traffic, prepared["subjects"])

    found = outcome(
        stack, traffic, prepared["subjects"], timeline, worker_pid, first_children
    )
    print(report(traffic, timeline, found))
    problems = problems_in(traffic, timeline, found)
    assert not problems, "; ".join(problems) + "\n" + stack.log_tail("worker", 20)


# --- Files and health -------------------------------------------------------


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 110, 170)).save(out, format="JPEG")
    return out.getvalue()


PHOTO_TOKEN = re.compile(r'name="photo"\s+value="([^"]+)"')


def upload_photo(stack: Stack, technician: PortalClient) -> str:
    """Send a photo with the installation form through server A, as the
    "find a customer" button does; return the photo's token."""
    response = technician.post_form(
        "A",
        "/reseller/installations/new/",
        data={"action": "find", "customer_lookup": ""},
        files={"photos": ("site.jpg", jpeg(), "image/jpeg")},
    )
    assert response.status_code == 200, response.status_code
    found = PHOTO_TOKEN.search(response.text)
    assert found, "the form did not keep the photo"
    return found.group(1)


def test_two_app_servers_see_the_same_files_and_report_health(stack):
    technician = PortalClient(stack.urls, "technician@thermoplus-provence.test")
    technician.login("A", technician.name)
    token = upload_photo(stack, technician)

    through_a = technician.get("A", f"/photos/{token}/")
    through_b = technician.get("B", f"/photos/{token}/")
    assert through_a.status_code == 200
    assert through_b.status_code == 200
    assert through_b.content == through_a.content
    assert through_b.content.startswith(b"\xff\xd8")  # a JPEG, not an error page

    stranger = PortalClient(stack.urls, "owner@aqua-lyon.test")
    stranger.login("B", stranger.name)
    assert stranger.get("B", f"/photos/{token}/").status_code == 404

    anonymous = PortalClient(stack.urls, "anonymous")
    for server in ("A", "B"):
        assert technician.get(server, "/docs/").status_code == 200
        assert anonymous.get(server, "/health/").status_code == 200
        assert anonymous.get(server, "/health/ready/").status_code == 200

    stack.pg_stop()
    try:
        for server in ("A", "B"):
            assert anonymous.get(server, "/health/ready/").status_code == 500
            assert anonymous.get(server, "/health/").status_code == 200
    finally:
        stack.pg_start()
    wait_until(
        lambda: anonymous.get("A", "/health/ready/").status_code == 200,
        timeout=20,
        what="ready again once PostgreSQL is back",
    )


def test_uploaded_photos_go_to_the_private_bucket_not_the_disk(stack):
    """With DJANGO_S3_* set, a photo sent to one app server is one new object
    in the private bucket, the very bytes the other server streams."""
    bucket = stack.s3_client()

    def keys() -> set[str]:
        listed = bucket.list_objects_v2(Bucket=S3_PRIVATE_BUCKET)
        return {item["Key"] for item in listed.get("Contents", [])}

    before = keys()
    technician = PortalClient(stack.urls, "technician@thermoplus-provence.test")
    technician.login("A", technician.name)
    token = upload_photo(stack, technician)
    new = keys() - before
    assert len(new) == 1, new
    stored = bucket.get_object(Bucket=S3_PRIVATE_BUCKET, Key=new.pop())["Body"]
    assert technician.get("B", f"/photos/{token}/").content == stored.read()
    private_root = stack.root / "media" / "private"
    assert not [path for path in private_root.rglob("*") if path.is_file()]
