"""Writes of the documentation app: subscriptions, change notices and the
searches that found nothing."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from accounts.network.models import User
from ordering.catalogue.models import Product
from pages.models import (
    DocumentationPage,
    DocumentationSubscription,
    ReaderStruggle,
    SearchMiss,
)
from pages.selectors import subscribers_of
from portal.emails import email_send
from portal.links import absolute_url
from portal.text import storable

SEARCH_MISSES_KEPT_DAYS = 180
_SPACES = re.compile(r"\s+")
_QUERY_MAX = SearchMiss._meta.get_field("query").max_length


@transaction.atomic
def subscriptions_set(*, user: User, appliances: list[Product]) -> None:
    """Follow exactly ``appliances``: new ones are added, the others dropped."""
    wanted = {a.pk for a in appliances}
    DocumentationSubscription.objects.filter(user=user).exclude(
        appliance_id__in=wanted
    ).delete()
    have = set(
        DocumentationSubscription.objects.filter(user=user).values_list(
            "appliance_id", flat=True
        )
    )
    DocumentationSubscription.objects.bulk_create(
        [
            DocumentationSubscription(user=user, appliance_id=pk)
            for pk in sorted(wanted - have)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def subscription_toggle(*, user: User, appliance: Product) -> bool:
    """Follow ``appliance`` if not yet followed, else stop; True when following."""
    deleted, _ = DocumentationSubscription.objects.filter(
        user=user, appliance=appliance
    ).delete()
    if deleted:
        return False
    DocumentationSubscription.objects.get_or_create(user=user, appliance=appliance)
    return True


def documentation_change_notify(*, page: Page) -> int:
    """Email the subscribers of the appliances a just-published page concerns.

    Returns how many people were told. Runs in a task, after the commit.
    """
    page = page.specific
    if not isinstance(page, DocumentationPage):
        return 0
    appliances = page.appliances_concerned()
    if not appliances:
        return 0
    url = absolute_url(page.url)
    recipients = list(subscribers_of(appliances=appliances))
    for user in recipients:
        email_send.enqueue(
            template="pages/email/documentation_changed",
            to=[user.email],
            context={
                "title": page.title,
                "kind": str(page._meta.verbose_name),
                "appliances": ", ".join(a.name for a in appliances),
                "url": url,
                "editor": page.responsible_editor.get_full_name()
                if page.responsible_editor
                else "",
            },
            language=settings.LANGUAGE_CODE,
        )
    return len(recipients)


def search_miss_normalise(query: str) -> str:
    """The text a search is counted under: lower case, one space between
    words, without what a database cannot store; accents are kept, so the
    editors' list runs the very search again."""
    text = _SPACES.sub(" ", storable(query or "")).strip().casefold()
    return "".join(c for c in text if c.isprintable())[:_QUERY_MAX].strip()


def search_miss_record(*, query: str) -> None:
    """Count one search that found nothing: one UPDATE, and an INSERT the
    first time a query is seen (upsert by normalised text)."""
    text = search_miss_normalise(query)
    if not text:
        return
    now = timezone.now()
    rows = SearchMiss.objects.filter(query=text)
    if rows.update(count=F("count") + 1, last_searched_at=now):
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(
                query=text, first_searched_at=now, last_searched_at=now
            )
    except IntegrityError:
        # Another reader typed the same words at the same moment.
        rows.update(count=F("count") + 1, last_searched_at=now)


def reader_struggle_record(*, page_ids: list[int], kind: str, day=None) -> None:
    """Count one visit request against each page (an UPDATE, and an INSERT
    the first time a page is counted that day)."""
    day = day or timezone.localdate()
    for page_id in dict.fromkeys(page_ids):
        rows = ReaderStruggle.objects.filter(page_id=page_id, day=day, kind=kind)
        if rows.update(count=F("count") + 1):
            continue
        try:
            with transaction.atomic():
                ReaderStruggle.objects.create(page_id=page_id, day=day, kind=kind)
        except IntegrityError:
            rows.update(count=F("count") + 1)


def search_misses_purge(*, days: int = SEARCH_MISSES_KEPT_DAYS) -> int:
    """Forget the searches nobody has typed again for ``days`` days, and the
    visit requests counted against pages before then; returns how many rows
    were forgotten."""
    before = timezone.now() - timedelta(days=days)
    deleted, _ = SearchMiss.objects.filter(last_searched_at__lt=before).delete()
    # The struggles are counted per French calendar day: the cut-off is the
    # day in Paris, not UTC's, which is still the day before after midnight.
    struggles, _ = ReaderStruggle.objects.filter(
        day__lt=timezone.localdate(before)
    ).delete()
    return deleted + struggles
