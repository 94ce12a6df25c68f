"""Callback writes: requests and their status map (``requests``), and the
periodic check (``reminders``). Views use ``from accounts.callbacks import
services``."""

from accounts.callbacks.services.reminders import (
    callback_reminders_send,
    callbacks_mark_missed,
)
from accounts.callbacks.services.requests import (
    PENDING,
    SLOT_ENDS,
    SLOT_HOURS,
    TRANSITIONS,
    CallbackDetails,
    CallbackError,
    DuplicateCallbackError,
    IllegalCallbackTransitionError,
    Slot,
    Status,
    callback_assign,
    callback_complete,
    callback_due_at,
    callback_due_default,
    callback_due_next_slot,
    callback_may_act,
    callback_request,
    callback_take,
    moment_display,
)

__all__ = [
    "CallbackDetails",
    "CallbackError",
    "DuplicateCallbackError",
    "IllegalCallbackTransitionError",
    "PENDING",
    "SLOT_ENDS",
    "SLOT_HOURS",
    "Slot",
    "Status",
    "TRANSITIONS",
    "callback_assign",
    "callback_complete",
    "callback_due_at",
    "callback_due_default",
    "callback_due_next_slot",
    "callback_may_act",
    "callback_reminders_send",
    "callback_request",
    "callback_take",
    "callbacks_mark_missed",
    "moment_display",
]
