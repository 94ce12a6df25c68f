"""Installation photos: checked and counted before anything is stored, then
kept waiting for their form, attached when it is recorded, purged otherwise."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.customers.models import Installation, InstallationPhoto
from accounts.customers.photos import PhotoRejected, photo_clean, photo_store
from accounts.customers.services.installers import PhotoError, ensure_records
from accounts.network.models import Organisation, User

# Photos of a form never saved are deleted after this long.
PENDING_PHOTO_HOURS = 24


@dataclass(frozen=True)
class PhotosAdded:
    """The form's photos after an upload, and why any file was refused."""

    photos: list[InstallationPhoto]
    refused: list[str] = field(default_factory=list)


def _named(upload) -> str:
    return (getattr(upload, "name", "") or "")[:80]


def _too_many(names: list[str], limit: int) -> str:
    shown = ", ".join(name or _("a photo") for name in names[:5])
    if len(names) > 5:
        shown += ", …"
    return ngettext(
        "%(names)s was not added: an installation keeps at most %(limit)s "
        "photos. Remove one to add another.",
        "%(count)s photos were not added (%(names)s): an installation keeps at "
        "most %(limit)s photos. Remove some to add others.",
        len(names),
    ) % {"names": shown, "count": len(names), "limit": limit}


def _pending_make_room(by: User, *, keep: list[InstallationPhoto], new: int) -> None:
    """Keep the user's photos waiting for a form under the per-user bound.

    The oldest photos of forms left unsaved give way; those of the form
    being sent (``keep``) never do. They would be purged within a day anyway.
    """
    pending = InstallationPhoto.objects.filter(
        uploaded_by=by, installation__isnull=True
    ).exclude(pk__in=[p.pk for p in keep])
    excess = (
        pending.count()
        + sum(1 for p in keep if p.installation_id is None)
        + new
        - settings.PORTAL_PHOTOS_PENDING_PER_USER
    )
    if excess <= 0:
        return
    for photo in pending.order_by("created_at", "pk")[:excess]:
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))


def photos_add(
    *,
    organisation: Organisation,
    by: User,
    kept: list[InstallationPhoto],
    uploads: list,
) -> PhotosAdded:
    """Check the pictures sent with a form, then keep those that pass.

    The count comes first: files past the form's limit
    (``PORTAL_PHOTOS_PER_INSTALLATION``, with the ``kept`` ones) are refused
    unread, the first ones in the order sent are taken. Each other file is
    checked and re-encoded in memory; only a picture that passes is written
    to the private storage, so a refused file never is. The user's photos
    waiting for a form stay under ``PORTAL_PHOTOS_PENDING_PER_USER``.
    """
    ensure_records(by, organisation)
    per_form = settings.PORTAL_PHOTOS_PER_INSTALLATION
    pending_kept = sum(1 for p in kept if p.installation_id is None)
    room = max(
        0,
        min(
            per_form - len(kept),
            settings.PORTAL_PHOTOS_PENDING_PER_USER - pending_kept,
        ),
    )
    uploads = [u for u in uploads if u]
    refused = []
    cleaned = []
    for upload in uploads[:room]:
        try:
            cleaned.append(photo_clean(upload, name=_named(upload)))
        except PhotoRejected as error:
            refused.append(str(error))
    extra = uploads[room:]
    if extra:
        refused.append(_too_many([_named(u) for u in extra], per_form))
    if not cleaned:
        return PhotosAdded(list(kept), refused)
    _pending_make_room(by, keep=kept, new=len(cleaned))
    photos = list(kept)
    for clean in cleaned:
        photo = InstallationPhoto(
            organisation=organisation, uploaded_by=by, size=len(clean.content)
        )
        photos.append(photo_store(photo, clean))
    return PhotosAdded(photos, refused)


def photo_upload(*, organisation: Organisation, by: User, upload) -> InstallationPhoto:
    """Check and re-encode one uploaded picture; it waits for its form.

    A refused file (not a picture, too large, too many pixels) raises
    ``PhotoError`` and stores nothing.
    """
    added = photos_add(organisation=organisation, by=by, kept=[], uploads=[upload])
    if added.refused:
        raise PhotoError(added.refused[0])
    return added.photos[0]


def attach_photos(installation: Installation, photos: list[InstallationPhoto]):
    limit = settings.PORTAL_PHOTOS_PER_INSTALLATION
    kept = {p.pk for p in installation.photos.all()} if installation.pk else set()
    wanted = kept | {p.pk for p in photos}
    if len(wanted) > limit:
        raise PhotoError(
            _("An installation keeps at most %(limit)s photos.") % {"limit": limit}
        )
    InstallationPhoto.objects.filter(
        pk__in=[p.pk for p in photos],
        organisation=installation.organisation,
        installation__isnull=True,
    ).update(installation=installation)


def photo_remove(*, photo: InstallationPhoto, by: User) -> None:
    """Take a photo off its form, and its file off the storage."""
    ensure_records(by, photo.organisation)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


def photos_pending_purge(*, now=None) -> int:
    """Delete photos of forms that were never saved, and their files."""
    before = (now or timezone.now()) - timedelta(hours=PENDING_PHOTO_HOURS)
    stale = list(
        InstallationPhoto.objects.filter(
            installation__isnull=True, created_at__lt=before
        )
    )
    for photo in stale:
        photo.image.storage.delete(photo.image.name)
        photo.delete()
    return len(stale)
