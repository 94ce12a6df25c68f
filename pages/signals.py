"""Publication side effects; the work itself is in services and tasks."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from .models import DocumentationPage


def _notify_subscribers(sender, instance, **kwargs):
    # page_published also fires for scheduled publication (publish_scheduled),
    # which Wagtail's admin hooks would miss.
    if isinstance(instance, DocumentationPage):
        from .tasks import documentation_changed

        transaction.on_commit(
            partial(documentation_changed.enqueue, page_id=instance.pk)
        )


def connect() -> None:
    page_published.connect(_notify_subscribers, dispatch_uid="pages.notify")
