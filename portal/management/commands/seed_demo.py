"""Build the demo: Wagtail site, three resellers with their teams, staff users.

Idempotent: a second run finds everything in place and changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from pages import demo as pages_demo


class Command(BaseCommand):
    help = "Create the demo site, resellers and users (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            pages_demo.seed(log=self.stdout.write)
            logins = accounts_demo.seed(log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (password for all):"))
        self.stdout.write(f"  password: {accounts_demo.DEMO_PASSWORD}")
        for email, description in logins:
            self.stdout.write(f"  {email:<38} {description}")
