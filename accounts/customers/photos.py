"""Installation photos: what a phone sends, checked and re-encoded by Pillow.

Nothing the browser says about a file is trusted: not its name, not its
content type. Pillow reads the header to learn the real format and the size
in pixels before decoding anything, so a decompression bomb is refused
without being opened; the picture is then decoded, turned upright, shrunk
and saved again as a JPEG, which leaves its metadata (GPS position, phone
model) behind.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones take HEIC pictures; Wagtail already installs the decoder.
register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
LONGEST_SIDE = 2560
JPEG_QUALITY = 85


class PhotoRejected(ValueError):
    """The file is not a picture the portal keeps; the message says why."""


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


def _limits() -> tuple[int, int]:
    return settings.PORTAL_PHOTO_MAX_BYTES, settings.PORTAL_PHOTO_MAX_PIXELS


def photo_clean(upload, *, name: str = "") -> CleanPhoto:
    """The upload as a re-encoded JPEG, or ``PhotoRejected`` with the reason."""
    max_bytes, max_pixels = _limits()
    label = name or _("The file")
    if upload.size > max_bytes:
        raise PhotoRejected(
            _("%(name)s is larger than %(size)s MB: send a smaller picture.")
            % {"name": label, "size": max_bytes // (1024 * 1024)}
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit: refuse it all.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind, (width, height) = probe.format, probe.size
                if kind not in ACCEPTED_FORMATS:
                    raise PhotoRejected(
                        _("%(name)s is not a JPEG, PNG, WebP or HEIC picture.")
                        % {"name": label}
                    )
                if width * height > max_pixels:
                    raise PhotoRejected(
                        _(
                            "%(name)s has too many pixels (%(pixels)s million, at "
                            "most %(limit)s million)."
                        )
                        % {
                            "name": label,
                            "pixels": round(width * height / 1e6),
                            "limit": max_pixels // 1_000_000,
                        }
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
                upright = ImageOps.exif_transpose(picture).convert("RGB")
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses to even open the largest ones.
        raise PhotoRejected(
            _("%(name)s has too many pixels (at most %(limit)s million).")
            % {"name": label, "limit": max_pixels // 1_000_000}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoRejected(
            _("%(name)s is not a picture the portal can read.") % {"name": label}
        ) from error
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    # A fresh JPEG: no EXIF, no GPS position, nothing but the pixels.
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), upright.width, upright.height)


def photo_store(photo, clean: CleanPhoto):
    """Save an unsaved row of a photo model (installation, visit, claim) with
    the cleaned picture: a fresh token names it and its file."""
    photo.token = secrets.token_hex(16)
    photo.width, photo.height = clean.width, clean.height
    photo.image.save(f"{photo.token}.jpg", ContentFile(clean.content), save=False)
    photo.save()
    return photo
