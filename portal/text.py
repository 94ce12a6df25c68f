"""Text every database the portal runs on can store.

PostgreSQL refuses a NUL character in a text value (``DataError``; SQLite
stores it) and no UTF-8 database can take a lone surrogate (``"\\ud800"``,
which JSON's ``\\u`` escapes can produce). Neither means anything in a name,
a reference or a search, so input is cleaned of them, or refused, at the
edge: ``portal.middleware.PortalInputMiddleware`` for forms and query
strings, the webhooks and the API for their JSON bodies.
"""

import re

UNSTORABLE = re.compile("[\\x00\\ud800-\\udfff]")


def storable(text: str) -> str:
    """``text`` without the characters a database text column refuses."""
    return UNSTORABLE.sub("", text)


def is_storable(text: str) -> bool:
    return UNSTORABLE.search(text) is None
