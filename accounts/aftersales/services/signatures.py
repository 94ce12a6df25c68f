"""The customer's signature, drawn on the technician's screen.

The browser sends a PNG data URL; nothing it says is trusted. The bytes
must decode as base64, stay under a size limit, and be a real PNG of a
sensible size; the picture is then drawn again by Pillow, which keeps the
pixels and nothing else.
"""

import base64
import binascii
import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PREFIX = "data:image/png;base64,"
MAX_BYTES = 300 * 1024
MAX_SIDE = 2000


class SignatureRejected(ValueError):
    """The drawn signature cannot be kept; the message says why."""


def signature_clean(data_url: str) -> bytes | None:
    """The signature as fresh PNG bytes; None when nothing was drawn."""
    data_url = (data_url or "").strip()
    if not data_url:
        return None
    if not data_url.startswith(PREFIX):
        raise SignatureRejected(_("The signature is not a drawn picture."))
    encoded = data_url.removeprefix(PREFIX)
    # base64 is 4/3 larger: refuse before decoding what would be too large.
    if len(encoded) > MAX_BYTES * 4 // 3 + 4:
        raise SignatureRejected(
            _("The signature is too large: clear it and sign again.")
        )
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureRejected(_("The signature is not a drawn picture.")) from error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format != "PNG":
                    raise SignatureRejected(_("The signature is not a drawn picture."))
                width, height = probe.size
                if width > MAX_SIDE or height > MAX_SIDE:
                    raise SignatureRejected(
                        _("The signature is too large: clear it and sign again.")
                    )
                probe.verify()
            with Image.open(io.BytesIO(raw)) as picture:
                picture.load()
                clean = picture.convert("RGBA")
    except SignatureRejected:
        raise
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise SignatureRejected(_("The signature is not a drawn picture.")) from error
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()
