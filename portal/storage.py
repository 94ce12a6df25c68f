"""Storage for files that must never have a public address.

Technical documents (and, later, installation photos) are read only through
views that check who asks. The "private" storage has no URL: a template or a
redirect cannot leak one, and Wagtail's document view streams the file.
"""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, with no URL to give away."""

    def url(self, name):
        raise NotImplementedError("Private files are served by a permission view.")


def private_storage():
    """The "private" entry of STORAGES; a callable so migrations stay stable
    and tests may swap the backend."""
    return storages["private"]
