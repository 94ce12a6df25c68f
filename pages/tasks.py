"""Background work of the documentation app."""

from django_tasks import task
from wagtail.models import Page

from pages.services import documentation_change_notify


@task()
def documentation_changed(*, page_id: int) -> int:
    """Tell subscribers that a page they follow was published again."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return 0
    return documentation_change_notify(page=page)
