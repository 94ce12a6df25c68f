"""The approved e-invoicing platform's place and credentials, from the
environment (``ordering.invoicing.platforms``; README.md, "Invoicing").

A function rather than settings lines, so ``base.py`` stays a list of settings.
"""

import environ


def einvoicing_from_env(env: environ.Env) -> dict[str, str]:
    """What the platform class named by ``PORTAL_EINVOICING_PLATFORM`` reads:
    the local folder (``folder``: empty means ``<private media>/einvoicing``)
    and, for a real platform, its address and credentials."""
    return {
        "folder": env("PORTAL_EINVOICING_FOLDER", default=""),
        "url": env("PORTAL_EINVOICING_URL", default=""),
        "login": env("PORTAL_EINVOICING_LOGIN", default=""),
        "secret": env("PORTAL_EINVOICING_SECRET", default=""),
    }
