"""Publication side effects (the work itself is in services, tasks and caches),
and the workflow names translated as they are loaded (pages.workflows)."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    Site,
    Task,
    Workflow,
)
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.workflows import get_task_types

from ordering.catalogue.models import Product
from pages.cache import documentation_version_bump
from pages.models import DocumentationPage
from pages.tasks import documentation_changed
from pages.workflows import log_names_translated, workflow_names_translated

# What a user's row shows on a documentation page: the responsible editor.
_EDITOR_FIELDS = {"first_name", "last_name", "email"}


def _notify_subscribers(sender, instance, **kwargs):
    # page_published also fires for scheduled publication (publish_scheduled),
    # which Wagtail's admin hooks would miss.
    if isinstance(instance, DocumentationPage):
        transaction.on_commit(
            partial(documentation_changed.enqueue, page_id=instance.pk)
        )


def _documentation_changed(sender, **kwargs):
    documentation_version_bump()


def _editor_changed(sender, update_fields=None, **kwargs):
    # Every login saves last_login; only a change of name matters here.
    if update_fields is None or _EDITOR_FIELDS & set(update_fields):
        documentation_version_bump()


def connect() -> None:
    page_published.connect(_notify_subscribers, dispatch_uid="pages.notify")
    # Cached page fragments (see pages.cache) show other pages, pictures,
    # documents, appliances and editors, at the site's URLs: any change to
    # them renders anew.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_documentation_changed, dispatch_uid="pages.fragments")
    # A draft saved is not a change readers see; a page deleted is.
    post_delete.connect(
        _documentation_changed, sender=Page, dispatch_uid="pages.fragments.page"
    )
    for model in (Site, get_image_model(), get_document_model(), Product):
        for signal in (post_save, post_delete):
            signal.connect(
                _documentation_changed,
                sender=model,
                dispatch_uid=f"pages.fragments.{model._meta.label}",
            )
    post_save.connect(
        _editor_changed, sender=get_user_model(), dispatch_uid="pages.fragments.user"
    )
    # Per model: post_init with no sender would run for every row loaded.
    for model in (Workflow, Task, *get_task_types()):
        post_init.connect(
            workflow_names_translated,
            sender=model,
            dispatch_uid=f"pages.workflow_name.{model._meta.label}",
        )
    for model in (PageLogEntry, ModelLogEntry):
        post_init.connect(
            log_names_translated,
            sender=model,
            dispatch_uid=f"pages.workflow_log.{model._meta.label}",
        )
