"""``manage.py restore FOLDER``: load a backup made by ``manage.py backup``.

Meant for an empty database (a new server, a restore drill); see
portal.backups. Stop the web, worker and scheduler processes first.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from portal.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the local media from a backup FOLDER, then "
        "print what the restored database holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by backup.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database alias to restore into (default: default).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Restore into a database that already has tables, replacing "
                "what the backup holds."
            ),
        )

    def handle(self, *args, folder, database, force, **options):
        try:
            backup_restore(
                folder=folder, database=database, force=force, log=self.stdout.write
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
