"""One figure of the day on a home: what it counts, where it leads."""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class WorkCard:
    """One figure of the day. ``alert``: a figure above 0 asks for action
    (overdue, short of stock) and shows in the warning colour."""

    number: int
    label: str
    url: str
    amount: Decimal | None = None
    alert: bool = False
    tracked: list = field(default_factory=list)
    # Its Heroicons name ({% icon %}): the same picture for the same work.
    icon: str = "squares-2x2"

    @property
    def is_empty(self) -> bool:
        """Nothing to do: shown calmly (muted)."""
        return not (self.amount if self.amount is not None else self.number)

    @property
    def is_alert(self) -> bool:
        return self.alert and not self.is_empty


def card_url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url
