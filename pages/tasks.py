"""Background work of the documentation app."""

from django_tasks import task
from wagtail.models import Page

from pages.services import documentation_change_notify, search_misses_purge


@task()
def documentation_changed(*, page_id: int) -> int:
    """Tell subscribers that a page they follow was published again."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return 0
    return documentation_change_notify(page=page)


@task()
def search_misses_forget() -> int:
    """Every night: forget the searches that found nothing and nobody typed
    again for 180 days, and the visit requests counted against pages before
    then. Safe to run again at any time."""
    return search_misses_purge()
