"""What a reader opened just before asking for a technician, kept in their
session: the last few documentation pages, each with the time it was read."""

import time

from django.http import HttpRequest

SESSION_KEY = "pages.read"
KEPT = 5
# Read within this long before the request for a visit: read "just before".
JUST_BEFORE_SECONDS = 30 * 60


def page_read_remember(request: HttpRequest, page_id: int) -> None:
    """Note that the reader opened the page (the last one read goes last)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    read = [entry for entry in session.get(SESSION_KEY, []) if entry[0] != page_id]
    session[SESSION_KEY] = (read + [[page_id, int(time.time())]])[-KEPT:]


def pages_read_just_before(request: HttpRequest) -> list[int]:
    """The pages the reader opened in the last half hour, oldest first."""
    session = getattr(request, "session", None)
    since = time.time() - JUST_BEFORE_SECONDS
    return [
        entry[0]
        for entry in (session.get(SESSION_KEY, []) if session is not None else [])
        if isinstance(entry, list) and len(entry) == 2 and entry[1] >= since
    ]
