"""The files in deploy/ start processes that exist, with the settings they claim.

A Procfile or a systemd unit naming a management command that was renamed
only fails on the production machine, at the worst moment; a gunicorn
setting with a typo is ignored without a word. These tests read the files
as honcho, systemd and gunicorn do and check each name against the code.
"""

import configparser
import os
import re
import runpy
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from gunicorn.config import Config
from honcho.environ import parse_procfile

DEPLOY = Path(settings.BASE_DIR) / "deploy"
BIN = Path(sys.executable).parent
SERVICES = ["web", "worker", "scheduler", "backup"]
# Where the units expect the checkout (README.md, "Production").
SERVER_ROOT = "/srv/oxyplus/"


def _procfile() -> dict[str, str]:
    return parse_procfile((DEPLOY / "Procfile").read_text()).processes


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(DEPLOY / name)
    return unit


def _exec_start(service: str) -> list[str]:
    """The service's command, unwrapped from ``sh -c`` where the unit uses it."""
    argv = shlex.split(_unit(f"oxyplus-{service}.service")["Service"]["ExecStart"])
    if argv[:2] == ["/bin/sh", "-c"]:
        argv = shlex.split(argv[2].replace("exec ", "", 1))
    return argv


def _check_command(argv: list[str]) -> None:
    """The program is installed here and a manage.py command exists."""
    program = Path(argv[0]).name
    assert (BIN / program).exists(), f"{program} is not installed"
    if "manage.py" in argv:
        command = argv[argv.index("manage.py") + 1]
        assert command in get_commands(), f"manage.py {command} does not exist"
    if program == "gunicorn":
        config = argv[argv.index("-c") + 1]
        assert (Path(settings.BASE_DIR) / config).is_file()
        assert argv[-1] == "portal.wsgi"


def test_the_procfile_runs_web_worker_and_scheduler_from_the_venv():
    processes = _procfile()

    assert set(processes) == {"web", "worker", "scheduler"}
    for command in processes.values():
        argv = shlex.split(command)
        assert argv[0].startswith(".venv/bin/")
        _check_command(argv)


def test_honcho_accepts_the_procfile():
    result = subprocess.run(  # noqa: S603
        [BIN / "honcho", "-f", "deploy/Procfile", "check"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Valid procfile detected (web, worker, scheduler)" in output


@pytest.mark.parametrize("service", SERVICES)
def test_each_unit_runs_a_command_that_exists_as_the_oxyplus_user(service):
    unit = _unit(f"oxyplus-{service}.service")["Service"]

    _check_command(_exec_start(service))
    assert unit["User"] == "oxyplus"
    assert unit["WorkingDirectory"] == SERVER_ROOT.rstrip("/")
    assert unit["EnvironmentFile"] == f"{SERVER_ROOT}.env"
    assert unit["KillSignal"] == "SIGTERM"
    assert int(unit["TimeoutStopSec"]) > 0
    if service != "backup":
        assert unit["Restart"] == "always"


@pytest.mark.parametrize("service", ["web", "worker", "scheduler"])
def test_systemd_and_honcho_run_the_same_commands(service):
    procfile_argv = shlex.split(_procfile()[service])
    unit_argv = [arg.removeprefix(SERVER_ROOT) for arg in _exec_start(service)]

    assert unit_argv == procfile_argv


def test_the_backup_timer_starts_a_backup_into_a_new_folder_every_day():
    timer = _unit("oxyplus-backup.timer")["Timer"]
    argv = _exec_start("backup")

    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["OnCalendar"])
    assert timer["Persistent"] == "true"
    assert argv[argv.index("manage.py") + 1 :] == [
        "backup",
        "/var/backups/oxyplus/$(date +%%Y-%%m-%%dT%%H%%M)",
    ]


def _gunicorn_config(monkeypatch, **environ: str) -> Config:
    """deploy/gunicorn.conf.py read as gunicorn reads it, with ``environ``."""
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    names = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    config = Config()
    for name, value in names.items():
        if name.startswith("_") or name == "os":
            continue
        # Gunicorn ignores an unknown name in its config file without a word.
        assert name in config.settings, f"{name} is not a gunicorn setting"
        config.set(name, value)
    return config


def test_gunicorn_binds_and_sizes_from_the_environment(monkeypatch):
    config = _gunicorn_config(
        monkeypatch, GUNICORN_BIND="0.0.0.0:9001", WEB_CONCURRENCY="7"
    )

    assert config.bind == ["0.0.0.0:9001"]
    assert config.workers == 7


def test_gunicorn_defaults_to_local_port_8000_even_under_honcho(monkeypatch):
    # honcho sets PORT, on which gunicorn would otherwise listen on every address.
    config = _gunicorn_config(monkeypatch, PORT="5000")

    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers == 4
    assert (config.timeout, config.graceful_timeout) == (30, 30)
    assert config.max_requests == 1000
    assert config.max_requests_jitter > 0
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.preload_app


def test_loading_the_application_opens_no_database_connection(tmp_path):
    # gunicorn's master loads it (preload_app) before forking the workers:
    # a connection opened then would be shared by every worker.
    script = (
        "import portal.wsgi\n"
        "from django.db import connections\n"
        "print([c.alias for c in connections.all() if c.connection is not None])"
    )
    loaded = subprocess.run(  # noqa: S603
        [BIN / "python", "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=True,
    )

    assert loaded.stdout.strip().splitlines()[-1] == "[]"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_access_log_line_carries_the_request_id_and_duration(tmp_path):
    port = _free_port()
    request_id = uuid.uuid4().hex
    server = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = _get_when_up(
            f"http://127.0.0.1:{port}/health/", {"X-Request-ID": request_id}
        )
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)

    assert status == 200
    line = next(line for line in output.splitlines() if request_id in line)
    assert 'method=GET path="/health/" status=200 duration_us=' in line
    assert re.search(r"duration_us=\d+ ", line)


def _get_when_up(url: str, headers: dict[str, str], timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, headers=headers)  # noqa: S310
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_nginx_takes_a_full_size_photo_and_never_serves_private_files():
    config = (DEPLOY / "nginx.conf").read_text()

    body = re.search(r"client_max_body_size (\d+)m;", config)
    assert int(body.group(1)) * 1024 * 1024 > settings.PORTAL_PHOTO_MAX_BYTES
    media = re.search(r"location /media/ \{\s*alias ([^;]+);", config)
    assert media.group(1).endswith("/media/public/")
    assert "private" not in "".join(re.findall(r"alias ([^;]+);", config))
    assert "proxy_set_header X-Request-ID $request_id;" in config


def _pins(path: Path) -> dict[str, str]:
    """``name==version`` pins of a requirements or lock file, names normalised."""
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(
            r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)", line
        )
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            pins[name] = match.group(3)
    return pins


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-test.txt", "requirements-test.lock"),
    ],
)
def test_the_lock_files_pin_what_the_requirements_ask(requirements, lock):
    """A line added to requirements*.txt without ``make lock`` fails here."""
    root = Path(settings.BASE_DIR)
    wanted = _pins(root / requirements)
    if requirements == "requirements-test.txt":
        wanted |= _pins(root / "requirements.txt")
    locked = _pins(root / lock)

    assert {name: locked.get(name) for name in wanted} == wanted
    assert (root / lock).read_text().count("--hash=sha256:") >= len(locked)


def test_the_test_lock_holds_the_runtime_pins_unchanged():
    root = Path(settings.BASE_DIR)
    runtime = _pins(root / "requirements.lock")
    test = _pins(root / "requirements-test.lock")

    assert {name: test.get(name) for name in runtime} == runtime
