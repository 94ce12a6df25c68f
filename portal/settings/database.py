"""The database connection, from ``DATABASE_URL`` (SQLite by default).

A function rather than settings lines, so ``base.py`` stays a list of settings.
"""

from pathlib import Path

import environ

# PostgreSQL's JIT compiles a query when its estimated cost passes
# ``jit_above_cost``: on the network dashboard over a year it spent 825 ms
# compiling a query that then ran in 200 ms. A web page's queries are short
# and read through indexes, so the portal's connections turn it off; a
# reporting session may still ``SET jit = on``.
POSTGRESQL_OPTIONS = "-c jit=off"


def database_from_env(env: environ.Env, base_dir: Path) -> dict:
    database = env.db("DATABASE_URL", default=f"sqlite:///{base_dir / 'db.sqlite3'}")
    database["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
    # A connection kept between requests is checked before use: after a
    # PostgreSQL restart only the requests in flight fail, not the next ones.
    database["CONN_HEALTH_CHECKS"] = True
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} {POSTGRESQL_OPTIONS}".strip()
        )
    return database
