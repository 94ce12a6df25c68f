"""Media on object storage (DJANGO_S3_BUCKET), against a real S3 server (moto).

The storages are built by portal/settings/base.py from the same environment
variables an operator sets; the tests then swap them in with
override_settings. Installation photos go to the private bucket and are
streamed to their organisation only; pictures get plain addresses under the
public URL; a second process reads what the first wrote.
"""

import hashlib
import io
import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.customers.models import InstallationPhoto
from pages.models import TechnicalDocument
from portal.storage import PrivateS3Storage, PublicS3Storage
from tests.accounts.factories import installation_form, picture
from tests.ordering.factories import ApplianceFactory

BASE_DIR = Path(settings.BASE_DIR)
PUBLIC_BUCKET = "oxyplus-media"
PRIVATE_BUCKET = "oxyplus-private"
# One bucket for both: private files under "private/".
SHARED_BUCKET = "oxyplus-files"
BUCKETS = (PUBLIC_BUCKET, PRIVATE_BUCKET, SHARED_BUCKET)
CDN = "https://cdn.oxyplus.test/media"
REGION = "eu-west-3"
S3_VARIABLES = (
    "DJANGO_S3_BUCKET",
    "DJANGO_S3_PRIVATE_BUCKET",
    "DJANGO_S3_ENDPOINT_URL",
    "DJANGO_S3_REGION",
    "DJANGO_S3_ACCESS_KEY_ID",
    "DJANGO_S3_SECRET_ACCESS_KEY",
    "DJANGO_S3_PUBLIC_URL",
)

pytestmark = pytest.mark.django_db


def _anyone_reads(bucket: str, *prefixes: str) -> str:
    """The bucket policy of README.md, "Object storage": anonymous reads of
    public media; the private bucket (or prefix) gets no policy at all."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicMediaReadable",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [
                        f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in prefixes
                    ],
                }
            ],
        }
    )


BUCKET_POLICIES = {
    PUBLIC_BUCKET: _anyone_reads(PUBLIC_BUCKET, ""),
    # Wagtail's two folders only: never "private/".
    SHARED_BUCKET: _anyone_reads(SHARED_BUCKET, "original_images/", "images/"),
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server in its own process, with the buckets and their
    policies (moto applies them to anonymous reads, as S3 does)."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(BASE_DIR / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.05)
        client = _s3_client(endpoint)
        for bucket in BUCKETS:
            client.create_bucket(
                Bucket=bucket,
                CreateBucketConfiguration={"LocationConstraint": REGION},
            )
        for bucket, policy in BUCKET_POLICIES.items():
            client.put_bucket_policy(Bucket=bucket, Policy=policy)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="portal",
        aws_secret_access_key="portal-secret",
    )


def _environment(endpoint: str, **overrides: str) -> dict[str, str]:
    """What an operator sets to put media on object storage."""
    variables = dict.fromkeys(S3_VARIABLES, "")
    variables.update(
        DJANGO_S3_BUCKET=PUBLIC_BUCKET,
        DJANGO_S3_PRIVATE_BUCKET=PRIVATE_BUCKET,
        DJANGO_S3_ENDPOINT_URL=endpoint,
        DJANGO_S3_REGION=REGION,
        DJANGO_S3_ACCESS_KEY_ID="portal",
        DJANGO_S3_SECRET_ACCESS_KEY="portal-secret",
    )
    variables.update(overrides)
    return variables


def _settings_from(environment: dict[str, str]) -> dict:
    """portal/settings/base.py, run again with these variables set."""
    with mock.patch.dict(os.environ, environment):
        return runpy.run_path(str(BASE_DIR / "portal" / "settings" / "base.py"))


@pytest.fixture
def object_storage(s3_endpoint):
    """Switch to the storages built from the environment, and back after."""

    def switch(**variables: str) -> dict:
        built = _settings_from(_environment(s3_endpoint, **variables))
        storages_setting = {
            **built["STORAGES"],
            "staticfiles": settings.STORAGES["staticfiles"],
        }
        override = override_settings(
            STORAGES=storages_setting,
            CONTENT_SECURITY_POLICY=built["CONTENT_SECURITY_POLICY"],
        )
        override.enable()
        overrides.append(override)
        # File fields keep the storage they were given when models were
        # loaded: point the private ones at the new "private" storage.
        for field in private_fields:
            patcher = mock.patch.object(field, "storage", storages["private"])
            patcher.start()
            patchers.append(patcher)
        return built

    private_fields = [
        InstallationPhoto._meta.get_field("image"),
        TechnicalDocument._meta.get_field("file"),
    ]
    overrides, patchers = [], []
    yield switch
    for patcher in reversed(patchers):
        patcher.stop()
    for override in reversed(overrides):
        override.disable()
    client = _s3_client(s3_endpoint)
    for bucket in BUCKETS:
        for entry in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=entry["Key"])


def _keys(endpoint: str, bucket: str) -> set[str]:
    listing = _s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return {entry["Key"] for entry in listing.get("Contents", [])}


def _anonymous_get(url: str) -> tuple[int, bytes, str | None]:
    """What a browser (or anyone holding the address) gets."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310
            return answer.status, answer.read(), answer.headers["Cache-Control"]
    except urllib.error.HTTPError as refused:
        return refused.code, b"", None


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 110, 170)).save(out, format="JPEG")
    return out.getvalue()


def test_a_photo_goes_to_the_private_bucket_and_only_its_organisation_sees_it(
    client, object_storage, s3_endpoint, technician, owner, other_owner
):
    object_storage()
    client.force_login(technician)
    response = client.post(
        reverse("installation_new"),
        {**installation_form(ApplianceFactory()), "photos": picture()},
    )
    assert response.status_code == 302
    photo = InstallationPhoto.objects.get()

    assert _keys(s3_endpoint, PRIVATE_BUCKET) == {photo.image.name}
    assert _keys(s3_endpoint, PUBLIC_BUCKET) == set()
    stored = (
        _s3_client(s3_endpoint)
        .get_object(Bucket=PRIVATE_BUCKET, Key=photo.image.name)["Body"]
        .read()
    )
    assert stored.startswith(b"\xff\xd8")  # a JPEG, re-encoded by the portal
    # The bucket itself refuses it to anyone without the portal's keys.
    bucket_address = f"{s3_endpoint}/{PRIVATE_BUCKET}/{photo.image.name}"
    assert _anonymous_get(bucket_address)[0] == 403

    # Streamed through the permission view: the storage has no disk path.
    assert isinstance(photo.image.storage, PrivateS3Storage)
    with pytest.raises(NotImplementedError):
        _ = photo.image.path
    client.force_login(owner)
    response = client.get(reverse("installation_photo", args=[photo.token]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Cache-Control"] == "private, max-age=3600"

    client.force_login(other_owner)
    response = client.get(reverse("installation_photo", args=[photo.token]))
    assert response.status_code == 404

    # Not even a signed address: it would work for whoever it is forwarded to.
    with pytest.raises(NotImplementedError):
        _ = photo.image.url
    with pytest.raises(NotImplementedError):
        storages["private"].url(photo.image.name)


def test_a_technical_document_is_streamed_from_the_bucket(
    client, object_storage, s3_endpoint, buyer
):
    object_storage()
    document = TechnicalDocument(
        title="Notice d'installation", collection=Collection.get_first_root_node()
    )
    pdf = b"%PDF-1.4 notice AquaPure\n%%EOF\n"
    document.file.save("notice-aqp-300.pdf", ContentFile(pdf), save=False)
    document.save()
    assert _keys(s3_endpoint, PRIVATE_BUCKET) == {document.file.name}

    client.force_login(buyer)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert document.url.startswith("/documents/")


def test_a_picture_has_a_plain_address_under_the_public_url(
    client, object_storage, s3_endpoint
):
    built = object_storage()
    assert isinstance(storages["default"], PublicS3Storage)
    image = get_image_model().objects.create(
        title="Cartouche anticalcaire",
        file=ImageFile(io.BytesIO(_jpeg()), name="cartouche.jpg"),
    )
    rendition = image.get_rendition("fill-60x45")
    public_url = f"{s3_endpoint}/{PUBLIC_BUCKET}/"

    assert image.file.url.startswith(f"{public_url}original_images/cartouche_")
    assert rendition.url.startswith(f"{public_url}images/cartouche_")
    assert "?" not in rendition.url  # no signature, no expiry
    assert {image.file.name, rendition.file.name} <= _keys(s3_endpoint, PUBLIC_BUCKET)
    # Anyone may fetch it, and caches may keep it.
    status, body, cache_control = _anonymous_get(rendition.url)
    assert (status, body[:2]) == (200, b"\xff\xd8")
    assert cache_control == "public, max-age=31536000"
    # Pages allow pictures from that origin.
    assert s3_endpoint in built["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert (
        s3_endpoint in client.get(reverse("account_login"))["Content-Security-Policy"]
    )


def test_a_cdn_address_replaces_the_bucket_address(client, object_storage):
    built = object_storage(DJANGO_S3_PUBLIC_URL=CDN)
    image = get_image_model().objects.create(
        title="Vanne", file=ImageFile(io.BytesIO(_jpeg()), name="vanne.jpg")
    )
    assert image.file.url.startswith(f"{CDN}/original_images/vanne_")
    assert built["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://cdn.oxyplus.test",
    ]
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "img-src 'self' data: https://cdn.oxyplus.test" in policy


def test_without_a_bucket_files_stay_on_local_disk():
    built = _settings_from(dict.fromkeys(S3_VARIABLES, ""))
    assert built["STORAGES"]["default"]["BACKEND"] == (
        "portal.storage.PublicFileSystemStorage"
    )
    assert built["STORAGES"]["private"] == {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": built["PRIVATE_MEDIA_ROOT"]},
    }
    assert built["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
    ]


def test_two_app_servers_see_the_same_files(object_storage, s3_endpoint):
    """A second Django process, configured by the same environment variables,
    reads what this one wrote, and this one reads what it wrote."""
    object_storage()
    content = os.urandom(50_000)
    name = storages["private"].save("installations/1/premier.jpg", ContentFile(content))
    # portal.settings.test keeps files in memory whatever the environment says;
    # the second process takes the storages base.py built from the variables.
    script = (
        "import hashlib, sys\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import StorageHandler\n"
        "from portal.settings import base\n"
        "private = StorageHandler(base.STORAGES)['private']\n"
        f"with private.open({name!r}) as f: data = f.read()\n"
        "print(len(data), hashlib.sha256(data).hexdigest())\n"
        "print(private.save('installations/1/second.jpg', ContentFile(b'second')))\n"
    )
    environment = {
        **os.environ,
        **_environment(s3_endpoint),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    size, digest, written = result.stdout.split()[-3:]
    assert (int(size), digest) == (len(content), hashlib.sha256(content).hexdigest())
    with storages["private"].open(written) as second:
        assert second.read() == b"second"


def test_the_media_view_serves_the_bucket_but_never_the_private_prefix(
    client, object_storage, s3_endpoint
):
    """One bucket for both: private files under "private/", which /media/
    must not serve even though they sit in the public storage's bucket."""
    object_storage(DJANGO_S3_BUCKET=SHARED_BUCKET, DJANGO_S3_PRIVATE_BUCKET="")
    secret, jpeg = b"%PDF-1.4 confidentiel", _jpeg()
    private_name = storages["private"].save("documents/notice.pdf", ContentFile(secret))
    public_name = default_storage.save("images/vanne.jpg", ContentFile(jpeg))
    assert _keys(s3_endpoint, SHARED_BUCKET) == {
        f"private/{private_name}",
        public_name,
    }
    # The bucket policy opens Wagtail's folders only.
    bucket_address = f"{s3_endpoint}/{SHARED_BUCKET}"
    assert _anonymous_get(f"{bucket_address}/{public_name}")[0] == 200
    assert _anonymous_get(f"{bucket_address}/private/{private_name}")[0] == 403

    response = client.get(f"/media/{public_name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg
    assert response["Cache-Control"] == "public, max-age=31536000"
    assert response["Content-Type"] == "image/jpeg"
    again = client.get(f"/media/{public_name}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

    for url in (
        f"/media/private/{private_name}",
        f"/media/images/../private/{private_name}",
        "/media/images/absent.jpg",
    ):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert secret not in answer.content
