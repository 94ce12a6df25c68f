"""``manage.py backup FOLDER``: the database, local media and a manifest.

Run nightly by deploy/oxyplus-backup.timer into a new dated folder; see
portal.backups for what is written and why.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from portal.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or a copy of the SQLite file), the "
        "media kept on local disk and a manifest into FOLDER (new or empty)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Where to write the backup.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database alias to back up (default: default).",
        )

    def handle(self, *args, folder, database, **options):
        try:
            backup_create(folder=folder, database=database, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
