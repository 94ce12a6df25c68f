"""Where files go, from the environment: local disk, or S3-compatible storage.

With ``DJANGO_S3_BUCKET`` set, public media and private files (documents,
installation photos) go to object storage, so every app server and the worker
read and write the same files (README.md, "Object storage"). Empty key
variables leave boto3 its own chain (AWS_* variables, the instance's role).
A function rather than settings lines, so ``base.py`` stays a list of settings.
"""

from urllib.parse import urlsplit

import environ

STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def storages_from_env(
    env: environ.Env, *, private_root: str, max_age: int
) -> tuple[dict, list[str]]:
    """The STORAGES setting and the origins pictures come from (CSP img-src)."""
    bucket = env("DJANGO_S3_BUCKET", default="")
    if bucket:
        s3_endpoint = env("DJANGO_S3_ENDPOINT_URL", default="")
        s3_region = env("DJANGO_S3_REGION", default="")
        s3_connection = {
            "endpoint_url": s3_endpoint or None,
            "region_name": s3_region or None,
            "access_key": env("DJANGO_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("DJANGO_S3_SECRET_ACCESS_KEY", default="") or None,
            # django-storages overwrites a file uploaded under a taken name.
            "file_overwrite": False,
            # No ACL on objects: the bucket policy alone says who may read.
            "default_acl": None,
        }
        if s3_endpoint:
            s3_default_public_url = f"{s3_endpoint.rstrip('/')}/{bucket}"
        else:
            s3_host = f"s3.{s3_region}" if s3_region else "s3"
            s3_default_public_url = f"https://{bucket}.{s3_host}.amazonaws.com"
        s3_public_url = urlsplit(
            env("DJANGO_S3_PUBLIC_URL", default="") or s3_default_public_url
        )
        # Without it, files of the private bucket go under "private/" in the
        # public one, which the bucket policy must then keep unreadable.
        private_bucket = env("DJANGO_S3_PRIVATE_BUCKET", default="") or bucket
        s3_private_prefix = "private" if private_bucket == bucket else ""
        storages = {
            "default": {
                "BACKEND": "portal.storage.PublicS3Storage",
                "OPTIONS": {
                    **s3_connection,
                    "bucket_name": bucket,
                    # Plain addresses: anyone may see a catalogue picture.
                    "querystring_auth": False,
                    "url_protocol": f"{s3_public_url.scheme}:",
                    "custom_domain": s3_public_url.netloc
                    + s3_public_url.path.rstrip("/"),
                    "object_parameters": {"CacheControl": f"public, max-age={max_age}"},
                },
            },
            "private": {
                "BACKEND": "portal.storage.PrivateS3Storage",
                "OPTIONS": {
                    **s3_connection,
                    "bucket_name": private_bucket,
                    "location": s3_private_prefix,
                },
            },
            "staticfiles": STATICFILES,
        }
        media_origins = [f"{s3_public_url.scheme}://{s3_public_url.netloc}"]
    else:
        media_origins = []
        storages = {
            "default": {"BACKEND": "portal.storage.PublicFileSystemStorage"},
            "private": {
                "BACKEND": "portal.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": private_root},
            },
            "staticfiles": STATICFILES,
        }
    return storages, media_origins
