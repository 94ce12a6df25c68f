"""Remind owners of callbacks due soon and mark late ones missed; cron calls
it every five minutes.

    */5 * * * *  cd /srv/portal && .venv/bin/python manage.py check_callbacks

Running it twice sends no reminder twice. With ``--enqueue`` it queues the
work for a task worker instead.
"""

from django.core.management.base import BaseCommand

from accounts.callbacks.tasks import callbacks_check


class Command(BaseCommand):
    help = "Remind owners of callbacks falling due, mark those past due as missed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue it for a task worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = callbacks_check.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        for name, value in callbacks_check.call().items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")
