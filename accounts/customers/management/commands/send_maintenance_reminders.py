"""Run the daily maintenance reminders; cron calls it once a day.

    0 7 * * *  cd /srv/portal && .venv/bin/python manage.py send_maintenance_reminders

Running it twice, or again after it stopped half-way, sends nothing twice.
With ``--enqueue`` it queues the work for a task worker instead.
"""

from django.core.management.base import BaseCommand

from accounts.customers.tasks import maintenance_reminders_send


class Command(BaseCommand):
    help = "Email customers whose consumables fall due within 30 days, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue it for a task worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = maintenance_reminders_send.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        summary = maintenance_reminders_send.call()
        for name, value in summary.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")
