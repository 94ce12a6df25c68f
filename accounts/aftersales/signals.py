"""The after-sales room's signal receivers.

Publishing a safety notice sends it: Wagtail's ``page_published``, received
here because the pages room may not read installations."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from accounts.aftersales.notices.services import notice_send
from accounts.aftersales.tasks import safety_notice_emails_send
from pages.models import SafetyNoticePage


def _notice_published(sender, instance, **kwargs) -> None:
    # Scheduled publication fires it too. The page is read again: its
    # appliances as saved, not as the revision's object holds them.
    notice = SafetyNoticePage.objects.get(pk=instance.pk)
    sent = notice_send(notice=notice)
    if sent.units:
        transaction.on_commit(
            partial(
                safety_notice_emails_send.enqueue,
                notice_id=notice.pk,
                notified_at=sent.notified_at.isoformat(),
            )
        )


def connect() -> None:
    page_published.connect(
        _notice_published, sender=SafetyNoticePage, dispatch_uid="aftersales.notices"
    )
