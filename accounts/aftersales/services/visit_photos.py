"""Visit photos: checked and re-encoded as installation photos are, kept
waiting for their form, attached when the visit is recorded."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.aftersales.models import VisitPhoto
from accounts.customers.photos import PhotoRejected, photo_clean, photo_store
from accounts.network.models import Organisation, User

PENDING_PHOTO_HOURS = 24


@dataclass(frozen=True)
class VisitPhotosAdded:
    photos: list[VisitPhoto]
    refused: list[str] = field(default_factory=list)


def visit_photos_add(
    *, organisation: Organisation, by: User, kept: list[VisitPhoto], uploads: list
) -> VisitPhotosAdded:
    """Check the pictures sent with a visit form and keep those that pass.

    Files past ``PORTAL_PHOTOS_PER_INSTALLATION`` (with those kept) are
    refused unread; a refused file is never written to storage.
    """
    room = max(0, settings.PORTAL_PHOTOS_PER_INSTALLATION - len(kept))
    uploads = [upload for upload in uploads if upload]
    refused, cleaned = [], []
    for upload in uploads[:room]:
        name = (getattr(upload, "name", "") or "")[:80]
        try:
            cleaned.append(photo_clean(upload, name=name))
        except PhotoRejected as error:
            refused.append(str(error))
    if uploads[room:]:
        refused.append(
            _("A visit keeps at most %(limit)s photos: the others were not added.")
            % {"limit": settings.PORTAL_PHOTOS_PER_INSTALLATION}
        )
    photos = list(kept)
    for clean in cleaned:
        photo = VisitPhoto(
            organisation=organisation, uploaded_by=by, size=len(clean.content)
        )
        photos.append(photo_store(photo, clean))
    return VisitPhotosAdded(photos, refused)


def visit_photo_remove(*, photo: VisitPhoto) -> None:
    """Take a waiting photo off its form, and its file off the storage."""
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


def visit_photos_pending_purge(*, now=None) -> int:
    """Delete photos of visit forms that were never recorded, and their files."""
    before = (now or timezone.now()) - timedelta(hours=PENDING_PHOTO_HOURS)
    stale = list(VisitPhoto.objects.filter(visit__isnull=True, created_at__lt=before))
    for photo in stale:
        photo.image.storage.delete(photo.image.name)
        photo.delete()
    return len(stale)
