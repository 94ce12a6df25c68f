"""Public media at /media/ in production, without nginx or object storage:
served with validators and a long cache lifetime, never a private file,
whatever the path tries."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import override_settings
from PIL import Image

from accounts.customers.services.installation_photos import photo_upload
from portal.media import MEDIA_CSP
from portal.storage import PublicFileSystemStorage
from tests.accounts.factories import picture

SECRET = b"%PDF-1.4 notice confidentielle"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 110, 170)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def on_disk(tmp_path):
    """Public and private storages on disk, side by side as in production."""
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    with override_settings(
        MEDIA_ROOT=str(public),
        STORAGES={
            "default": {
                "BACKEND": "portal.storage.PublicFileSystemStorage",
                "OPTIONS": {"location": str(public)},
            },
            "private": {
                "BACKEND": "portal.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(private)},
            },
            "staticfiles": settings.STORAGES["staticfiles"],
        },
    ):
        yield public, private


def test_a_public_picture_is_served_with_caching_headers(client, settings):
    jpeg = _jpeg()
    name = default_storage.save("images/cartouche.fill-300x200.jpg", ContentFile(jpeg))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000"
    assert settings.PORTAL_MEDIA_MAX_AGE == 365 * 24 * 3600
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Content-Security-Policy"] == MEDIA_CSP


def test_a_browser_that_has_the_file_gets_304_without_the_body(client):
    name = default_storage.save("images/vanne.jpg", ContentFile(_jpeg()))
    first = client.get(f"/media/{name}")

    again = client.get(f"/media/{name}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=31536000"

    since = client.get(f"/media/{name}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    stale = client.get(f"/media/{name}", HTTP_IF_NONE_MATCH='"0-0"')
    assert stale.status_code == 200


def test_head_answers_the_headers_without_the_body(client):
    jpeg = _jpeg()
    name = default_storage.save("images/tete.jpg", ContentFile(jpeg))
    response = client.head(f"/media/{name}")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(jpeg))
    assert response["Content-Type"] == "image/jpeg"
    assert client.post(f"/media/{name}").status_code == 405


def test_a_missing_file_or_a_folder_answers_404(client):
    default_storage.save("images/present.jpg", ContentFile(_jpeg()))
    for url in ("/media/images/absent.jpg", "/media/images", "/media/images/"):
        assert client.get(url).status_code == 404, url


def test_public_names_are_never_reused_so_the_long_cache_is_safe(on_disk):
    public, _private = on_disk
    storage = storages["default"]
    assert isinstance(storage, PublicFileSystemStorage)
    first = storage.save("original_images/vanne.jpg", ContentFile(b"old"))
    storage.delete(first)
    # The same upload name after the first file is gone: a new address.
    second = storage.save("original_images/vanne.jpg", ContentFile(b"new"))
    assert first != second
    assert first.startswith("original_images/vanne_") and first.endswith(".jpg")


def test_the_same_view_serves_from_disk(client, on_disk):
    public, _private = on_disk
    name = storages["default"].save("images/disque.jpg", ContentFile(_jpeg()))
    assert (public / name).is_file()
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000"
    assert (
        client.get(f"/media/{name}", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_path_tricks_never_reach_private_files(client, on_disk):
    public, private = on_disk
    (private / "documents").mkdir()
    (private / "documents" / "notice.pdf").write_bytes(SECRET)
    (public / ".env").write_bytes(b"DJANGO_SECRET_KEY=x")
    # A link planted in the public folder that leads to the private one.
    os.symlink(private / "documents", public / "raccourci")
    tricks = [
        "/media/../private/documents/notice.pdf",
        "/media/%2e%2e/private/documents/notice.pdf",
        "/media/images/../../private/documents/notice.pdf",
        "/media/..%2fprivate%2fdocuments%2fnotice.pdf",
        "/media/..%5cprivate%5cdocuments%5cnotice.pdf",
        f"/media/{private}/documents/notice.pdf",
        "/media//etc/passwd",
        "/media/./raccourci/notice.pdf",
        "/media/raccourci/notice.pdf",
        "/media/.env",
    ]
    for url in tricks:
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in b"".join(getattr(response, "streaming_content", [])), url


def test_a_private_folder_inside_media_root_is_never_served(client, tmp_path):
    """An operator who puts DJANGO_PRIVATE_MEDIA_ROOT under DJANGO_MEDIA_ROOT."""
    public = tmp_path / "media"
    private = public / "private"
    (private / "documents").mkdir(parents=True)
    (private / "documents" / "notice.pdf").write_bytes(SECRET)
    with override_settings(
        STORAGES={
            "default": {
                "BACKEND": "portal.storage.PublicFileSystemStorage",
                "OPTIONS": {"location": str(public)},
            },
            "private": {
                "BACKEND": "portal.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(private)},
            },
            "staticfiles": settings.STORAGES["staticfiles"],
        },
    ):
        name = storages["default"].save("images/ok.jpg", ContentFile(_jpeg()))
        assert client.get(f"/media/{name}").status_code == 200
        assert client.get("/media/private/documents/notice.pdf").status_code == 404


def test_an_installation_photo_is_not_under_media(client, organisation, owner):
    photo = photo_upload(organisation=organisation, by=owner, upload=picture())
    client.force_login(owner)
    name = photo.image.name
    for url in (f"/media/{name}", f"/media/private/{name}"):
        assert client.get(url).status_code == 404, url
