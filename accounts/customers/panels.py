"""What rooms above this one add to its pages, through Wagtail's hooks
registry (this room never imports them).

- ``portal_unit_panels``: ``fn(request, installation) -> str`` (HTML), shown
  on the installation page and the customer space's unit page;
- ``portal_unit_summaries``: ``fn(request, installations) -> {pk: str}``,
  a line under each unit of a list (the customer 360);
- ``portal_customer_timeline``: ``fn(customer=, limit=) -> [TimelineEntry]``,
  events on the customer 360's timeline.
"""

from django.http import HttpRequest
from django.utils.safestring import mark_safe
from wagtail import hooks

from accounts.customers.models import Installation


def unit_panels(request: HttpRequest, installation: Installation) -> list[str]:
    """The panels the rooms above add to a unit's page, as HTML."""
    return [
        mark_safe(html)  # noqa: S308 - rendered by the hook's own template
        for hook in hooks.get_hooks("portal_unit_panels")
        if (html := hook(request, installation))
    ]


def unit_summaries(request: HttpRequest, installations: list[Installation]) -> None:
    """Give each unit of a list the lines the rooms above add (``summaries``)."""
    for installation in installations:
        installation.summaries = []
    if not installations:
        return
    for hook in hooks.get_hooks("portal_unit_summaries"):
        lines = hook(request, installations)
        for installation in installations:
            if line := lines.get(installation.pk):
                installation.summaries.append(mark_safe(line))  # noqa: S308
