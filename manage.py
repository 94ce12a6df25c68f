#!/usr/bin/env python
import os
import sys
from pathlib import Path


def settings_module() -> str:
    """The settings module: the environment's, else .env's, else development.

    A command started by cron, systemd or by hand on a production machine
    reads the same .env as gunicorn, so it can never run with development
    settings (DEBUG on, tasks run in the request, MFA off) by omission.
    """
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return os.environ["DJANGO_SETTINGS_MODULE"]
    dotenv = Path(__file__).resolve().parent / ".env"
    if dotenv.exists():
        import environ

        environ.Env.read_env(dotenv)  # fills os.environ, never overwrites
        if os.environ.get("DJANGO_SETTINGS_MODULE"):
            return os.environ["DJANGO_SETTINGS_MODULE"]
    return "portal.settings.dev"


if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
