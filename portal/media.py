"""Public media served by Django, for production without a web server rule or
object storage in front of MEDIA_URL.

A web server answers faster (README.md, nginx's ``location /media/``); this
view is what answers when none does, so that catalogue pictures never 404.
It reads through the default storage, on local disk and in a bucket alike.

What it never does: serve a private file. The name must be a plain relative
path (no ``..``, no hidden file, no backslash), must not lead into the private
storage (a private root inside MEDIA_ROOT, the "private/" prefix of a shared
bucket), and on disk must not leave MEDIA_ROOT through a symbolic link.

Caching: public file names are never given to other content
(``portal.storage.UniqueNameMixin``; Wagtail renditions are named after their
original and filter, then made unique), so a response may be kept
``PORTAL_MEDIA_MAX_AGE`` (a year). Browsers revalidate with the ETag or the
modification time and get 304 without the body.
"""

import mimetypes
import os
import posixpath
import stat
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from storages.backends.s3 import S3Storage

# An SVG opened on its own is a document: no script, no form, no plug-in.
MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class MediaFile:
    size: int
    modified: datetime


@require_safe
def public_media(request: HttpRequest, name: str) -> HttpResponse:
    """One public file, with validators and a long cache lifetime."""
    storage = default_storage
    if not _is_plain_name(name) or _leads_to_private_files(storage, name):
        raise Http404
    found = _media_file(storage, name)
    if found is None:
        raise Http404
    timestamp = found.modified.timestamp()
    etag = f'"{found.size:x}-{int(timestamp * 1_000_000):x}"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(timestamp),
        "Cache-Control": f"public, max-age={settings.PORTAL_MEDIA_MAX_AGE}",
        "Content-Security-Policy": MEDIA_CSP,
    }
    response = get_conditional_response(
        request, etag=etag, last_modified=int(timestamp)
    )
    if response is None:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
            headers["Content-Length"] = str(found.size)
        else:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    for header, value in headers.items():
        response[header] = value
    return response


def _is_plain_name(name: str) -> bool:
    """A relative path made of ordinary names only."""
    if "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.split("/")
    return posixpath.normpath(name) == name and not any(
        part in ("", ".", "..") or part.startswith(".") for part in parts
    )


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _leads_to_private_files(public, name: str) -> bool:
    """Whether the name, read in the public storage, reaches private files."""
    private = storages["private"]
    if isinstance(public, FileSystemStorage) and isinstance(private, FileSystemStorage):
        return _inside(
            os.path.realpath(public.path(name)), os.path.realpath(private.location)
        )
    if (
        isinstance(public, S3Storage)
        and isinstance(private, S3Storage)
        and public.bucket_name == private.bucket_name
    ):
        key = posixpath.join(public.location.strip("/"), name)
        prefix = private.location.strip("/")
        return not prefix or key == prefix or key.startswith(f"{prefix}/")
    return False


def _media_file(storage, name: str) -> MediaFile | None:
    """Size and modification time of a regular file, or None."""
    if isinstance(storage, FileSystemStorage):
        return _file_on_disk(storage, name)
    # Object storage (or memory in tests): only the storage API.
    if not storage.exists(name):
        return None
    try:
        size = storage.size(name)
    except IsADirectoryError:
        return None
    return MediaFile(size, storage.get_modified_time(name))


def _file_on_disk(storage: FileSystemStorage, name: str) -> MediaFile | None:
    try:
        path = storage.path(name)
    except SuspiciousFileOperation:
        return None
    real = os.path.realpath(path)
    if not _inside(real, os.path.realpath(storage.location)):
        return None  # a symbolic link out of MEDIA_ROOT
    try:
        status = os.stat(real)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return MediaFile(status.st_size, datetime.fromtimestamp(status.st_mtime, tz=UTC))
