"""`{{ url|qr_svg }}` and `{{ url|qr_png }}`: an address as a QR code to scan.

Drawn by segno on the server: the page needs no script and the PDF no network.
A page gets inline SVG, sharp at any print size; xhtml2pdf reads no SVG, so a
PDF gets a PNG as a data URI. Error correction "M" survives a crease or a
smudge on a sheet left next to an appliance.
"""

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Quiet zone in modules: the standard's minimum, so phones find the code.
BORDER = 4


def _qr(address: str) -> segno.QRCode:
    return segno.make_qr(address, error="m")


@register.filter
def qr_svg(address: str) -> str:
    """``address`` as an inline ``<svg class="qr-code">``, sized by the stylesheet."""
    svg = _qr(address).svg_inline(
        border=BORDER, omitsize=True, svgclass="qr-code", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's markup: shapes only, no address text


@register.filter
def qr_png(address: str) -> str:
    """``address`` as a PNG data URI, 10 pixels a module: crisp once printed."""
    return _qr(address).png_data_uri(scale=10, border=BORDER)
