"""Telling a suspended reseller's member why they were signed out.

Suspending a reseller ends its members' sessions. Deleting them would leave
the person, on their next click, in front of a bare login form; instead each
session is emptied (signed out) but for a note naming the organisation, and
the next page the person opens is the suspension notice, with whom to contact.
The per-request check and the login leave the same note when they refuse
someone. The note is shown once unprompted; a later login forgets it.
"""

from contextlib import suppress
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase, UpdateError

from accounts.network.models import Organisation

NOTE = "accounts_suspension"


def suspension_note(session: SessionBase, organisation: Organisation) -> None:
    """Remember, in a signed-out session, which suspension closed it."""
    session[NOTE] = {"organisation": organisation.pk, "shown": False}


def suspension_notice_due(session: SessionBase) -> bool:
    """True while the noted suspension has not been shown to the person yet."""
    note = session.get(NOTE)
    return isinstance(note, dict) and not note.get("shown")


def suspension_noted(session: SessionBase) -> Organisation | None:
    """The organisation the note names while it is still suspended (the note
    then counts as shown); a note whose organisation was reactivated is dropped."""
    note = session.get(NOTE)
    if not isinstance(note, dict):
        return None
    organisation = Organisation.objects.filter(
        pk=note.get("organisation"), status=Organisation.Status.SUSPENDED
    ).first()
    if organisation is None:
        session.pop(NOTE, None)
        return None
    if not note.get("shown"):
        session[NOTE] = {**note, "shown": True}
    return organisation


def suspension_forget(session: SessionBase) -> None:
    session.pop(NOTE, None)


def session_sign_out_with_note(session_key: str, organisation: Organisation) -> None:
    """Empty a stored session (its owner is signed out) but for the note."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if not store.exists(session_key):
        return
    store.clear()
    suspension_note(store, organisation)
    # Expired or deleted meanwhile: there is nothing left to sign out.
    with suppress(UpdateError):
        store.save()
