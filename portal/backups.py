"""Backups of the portal and their restore (``manage.py backup`` / ``restore``).

A backup is one folder: the database dump, one archive per storage kept on
local disk, and ``manifest.json``. The manifest is written last and lists
every file with its SHA-256, so a folder without it (a backup cut short) is
never restored, and a damaged file is found before anything is replaced.

PostgreSQL is dumped by ``pg_dump -Fc`` in another process: it reads what is
committed, in one snapshot, while the portal keeps running. SQLite is copied
with sqlite3's online backup API, which is consistent even while the
development server writes.

Files on object storage (DJANGO_S3_BUCKET) are not copied: the bucket's own
versioning or replication keeps them, and a copy here would double a large
volume every night. The manifest says so.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.apps import apps
from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
POSTGRESQL_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
# What the manifest counts, so a restore can be checked at a glance.
COUNTED_MODELS = {
    "orders": "ordering.Order",
    "users": settings.AUTH_USER_MODEL,
    "customers": "customers.Customer",
    "installations": "customers.Installation",
}

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def backup_create(
    *, folder: Path, database: str = DEFAULT_DB_ALIAS, log: Log = print
) -> dict:
    """Write a backup of ``database`` and of the local media into ``folder``.

    The folder must not exist or be empty: a backup never overwrites another.
    Returns the manifest.
    """
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder.")
    folder.mkdir(parents=True, exist_ok=True)
    connection = connections[database]

    if connection.vendor == "postgresql":
        dump = folder / POSTGRESQL_DUMP
        _run_libpq(
            "pg_dump", connection, ["--format=custom", "--file", str(dump)], log=log
        )
    elif connection.vendor == "sqlite":
        dump = folder / SQLITE_COPY
        connection.ensure_connection()
        with closing(sqlite3.connect(dump)) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"No backup method for {connection.vendor} databases.")
    log(f"Database ({connection.vendor}): {dump.name}, {_size(dump)}")

    media = {}
    for alias in _media_storage_aliases():
        media[alias] = _archive_storage(alias, folder, log=log)

    manifest = {
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": dump.name},
        "migrations": _applied_migrations(connection),
        "counts": _counts(database),
        "media": media,
        "files": {
            path.name: _sha256(path)
            for path in sorted(folder.iterdir())
            if path.name != MANIFEST
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    log(f"Counts: {_format_counts(manifest['counts'])}")
    log(f"Backup complete: {folder}")
    return manifest


def backup_restore(
    *,
    folder: Path,
    database: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    log: Log = print,
) -> dict:
    """Load the backup in ``folder`` into ``database`` and put the media back.

    Refuses a database that already has tables unless ``force``: restoring
    replaces what the backup holds and would silently lose newer orders.
    Returns the counts read from the restored database.
    """
    folder = Path(folder)
    manifest = _read_manifest(folder)
    # A media archive that would be refused is found before the database is
    # touched, not half-way through the restore.
    for saved in manifest["media"].values():
        if saved.get("archive"):
            with tarfile.open(folder / saved["archive"], "r:gz") as tar:
                _plain_members(tar, folder / saved["archive"])
    connection = connections[database]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup is of a {vendor} database; this one is {connection.vendor}."
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database already has {len(tables)} tables. Restore into an "
            "empty database, or add --force to replace what the backup holds "
            "(stop the web, worker and scheduler processes first)."
        )

    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        _run_libpq(
            "pg_restore",
            connection,
            # One transaction: a restore that fails leaves the database as it was.
            ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
            + ["--single-transaction", str(dump)],
            log=log,
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(dump)) as source:
            source.backup(connection.connection)
    log(f"Database ({vendor}) restored from {dump.name}")

    for alias, saved in manifest["media"].items():
        _restore_storage(alias, saved, folder, log=log)

    # Cached pages, sessions and search results describe the database as it
    # was before the restore.
    for cache in caches.all(initialized_only=False):
        cache.clear()
    log("Caches cleared.")

    counts = _counts(database)
    for name, count in counts.items():
        log(f"{name}: {count} (backup: {manifest['counts'].get(name)})")
    _report_migration_state(connection, log=log)
    return counts


# --- Database ---------------------------------------------------------------


def _run_libpq(program: str, connection, options: list[str], *, log: Log) -> None:
    """Run pg_dump or pg_restore against ``connection``'s database.

    The password travels in PGPASSWORD (never on the command line, which
    ``ps`` shows to every user); TLS options as Django's ``dbshell`` passes them.
    """
    executable = shutil.which(program)
    if not executable:
        raise BackupError(
            f"{program} is not installed: apt-get install postgresql-client "
            "(the same major version as the server, or newer)."
        )
    settings_dict = connection.settings_dict
    _, libpq_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    args = [executable, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    if settings_dict.get("NAME"):
        args += ["--dbname", settings_dict["NAME"]]
    result = subprocess.run(  # noqa: S603 (arguments from settings, no shell)
        args + options,
        env={**os.environ, **(libpq_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed ({result.returncode}): {result.stderr}")
    if result.stderr.strip():
        log(result.stderr.strip())


def _applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _report_migration_state(connection, *, log: Log) -> None:
    """Say whether the restored schema matches this code's migrations."""
    loader = MigrationLoader(connection)
    unknown = sorted(set(loader.applied_migrations) - set(loader.disk_migrations))
    pending = [
        key for key in loader.graph.leaf_nodes() if key not in loader.applied_migrations
    ]
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        log(
            f"The backup has migrations this code does not know ({names}): "
            "deploy the version of the portal the backup was taken with."
        )
    elif pending:
        log("The backup is older than this code: run manage.py migrate.")
    else:
        log("Migrations: the database matches this code.")


def _counts(database: str) -> dict[str, int]:
    return {
        name: apps.get_model(label).objects.using(database).count()
        for name, label in COUNTED_MODELS.items()
    }


def _format_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items())


# --- Media ------------------------------------------------------------------


def _media_storage_aliases() -> list[str]:
    """Every configured storage but the static files (collectstatic rebuilds them)."""
    return [alias for alias in settings.STORAGES if alias != STATICFILES_STORAGE_ALIAS]


def _archive_name(alias: str) -> str:
    return f"media-{alias}.tar.gz"


def _archive_storage(alias: str, folder: Path, *, log: Log) -> dict:
    """Archive a storage on local disk; describe one that is elsewhere."""
    storage = storages[alias]
    if not isinstance(storage, FileSystemStorage):
        note = _not_on_disk(storage)
        log(f"Media '{alias}': not copied, {note}")
        return {"archive": None, "note": note}
    location = Path(storage.location)
    archive = folder / _archive_name(alias)
    files = 0
    # JPEG and PDF files are compressed already: the fastest level is enough.
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        if location.is_dir():
            for path in sorted(location.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(location)))
                    files += 1
    log(f"Media '{alias}': {files} file(s) from {location}, {_size(archive)}")
    return {"archive": archive.name, "files": files, "location": str(location)}


def _restore_storage(alias: str, saved: dict, folder: Path, *, log: Log) -> None:
    if not saved.get("archive"):
        log(f"Media '{alias}': not in the backup ({saved.get('note')})")
        return
    storage = storages[alias] if alias in settings.STORAGES else None
    if not isinstance(storage, FileSystemStorage):
        log(
            f"Media '{alias}': NOT restored, the storage is no longer on local "
            f"disk; extract {saved['archive']} and upload its files by hand."
        )
        return
    location = Path(storage.location)
    location.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / saved["archive"], "r:gz") as tar:
        members = _plain_members(tar, folder / saved["archive"])
        if hasattr(tarfile, "data_filter"):
            tar.extractall(location, members=members, filter="data")
        else:  # Python before 3.11.4 (Debian 12's): _plain_members is the filter.
            tar.extractall(location, members=members)  # noqa: S202
    files = sum(1 for member in members if member.isfile())
    log(f"Media '{alias}': {files} file(s) restored into {location}")


def _plain_members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    """The archive's files and folders, refusing anything that would land
    outside the media folder (absolute paths, "..") or is not a plain file."""
    members = tar.getmembers()
    for member in members:
        parts = Path(member.name).parts
        if (
            not (member.isfile() or member.isdir())
            or Path(member.name).is_absolute()
            or ".." in parts
        ):
            raise BackupError(
                f"{archive.name} holds {member.name!r}, which is not a plain "
                "file inside the media folder: refused."
            )
    return members


def _not_on_disk(storage) -> str:
    backend = type(storage).__name__
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        return (
            f"on object storage ({backend}, bucket {bucket}): the bucket's "
            "versioning or replication is its backup"
        )
    return f"not on local disk ({backend})"


# --- Files ------------------------------------------------------------------


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{path} is missing: {folder} is not a backup, or one cut short."
        )
    manifest = json.loads(path.read_text())
    for name, digest in manifest["files"].items():
        if not (folder / name).is_file():
            raise BackupError(f"{name} is missing from {folder}.")
        if _sha256(folder / name) != digest:
            raise BackupError(f"{name} is damaged (its SHA-256 differs).")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024 / 1024:.1f} MB"
