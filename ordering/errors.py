"""The refusal every ordering room raises: one base class, so a page or the API
catches ``OrderingError`` and shows its message, whichever room refused."""


class OrderingError(Exception):
    """An ordering action that cannot be done; the message says why."""


class NotAllowedError(OrderingError):
    pass
