"""Where uploaded files live: public media, and files that must never have a
public address.

Technical documents and installation photos are read only through views that
check who asks. The "private" storage has no URL: a template or a redirect
cannot leak one, and the views stream the file through ``storage.open()``.
On object storage the same holds: no signed URL either, since a signed URL
works for whoever holds it until it expires, and can be forwarded.

Public media (Wagtail images and their renditions) get a name no file had
before (``UniqueNameMixin``), so a browser or a CDN may keep them for a year
(``PORTAL_MEDIA_MAX_AGE``): new content always comes under a new address.

Local disk is the default; ``DJANGO_S3_BUCKET`` switches both storages to
object storage (portal/settings/base.py, "Static and media files").
"""

import posixpath

from django.core.files.storage import FileSystemStorage, storages
from django.utils.crypto import get_random_string
from storages.backends.s3 import S3Storage


class UniqueNameMixin:
    """Every saved file gets a random suffix, even when its name is free.

    Without it, a picture deleted and another uploaded later under the same
    name (and so its renditions) would take the old one's address, and
    browsers that cached the old picture would go on showing it.
    """

    def get_available_name(self, name, max_length=None):
        root, extension = posixpath.splitext(str(name).replace("\\", "/"))
        return super().get_available_name(
            f"{root}_{get_random_string(7)}{extension}", max_length=max_length
        )


class NoURLMixin:
    """A storage that refuses to give any address for its files."""

    def url(self, name, *args, **kwargs):
        raise NotImplementedError("Private files are served by a permission view.")


class PublicFileSystemStorage(UniqueNameMixin, FileSystemStorage):
    """Public media on local disk, under MEDIA_ROOT."""


class PrivateFileSystemStorage(NoURLMixin, FileSystemStorage):
    """Files outside MEDIA_ROOT, with no URL to give away."""


class PublicS3Storage(UniqueNameMixin, S3Storage):
    """Public media in a bucket that anyone may read (bucket policy); its
    URLs are plain addresses under ``DJANGO_S3_PUBLIC_URL``."""


class PrivateS3Storage(NoURLMixin, S3Storage):
    """Private files in a bucket (or under a prefix) nobody reads anonymously.

    The app servers read them with their own keys and stream them after the
    permission check: not even a signed URL is given out.
    """


def private_storage():
    """The "private" entry of STORAGES; a callable so migrations stay stable
    and tests may swap the backend."""
    return storages["private"]
