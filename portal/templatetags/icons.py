"""`{% icon "shopping-cart" %}`: one icon of the portal's single icon set.

The icons are Heroicons, rendered as inline SVG from the ``heroicons``
package's own files, so the portal serves them itself (no CDN, no web font)
and they take the text colour. Every icon here is decorative: the button or
link it sits in says what it does in words, so screen readers skip the SVG.
"""

from functools import lru_cache

from django import template
from heroicons.templatetags.heroicons import heroicon_mini, heroicon_outline

register = template.Library()


@register.simple_tag
def icon(name: str, *, size: int = 20, large: bool = False) -> str:
    """A 20 px icon drawn for that size (Heroicons "mini"), or a larger
    outline one (empty states, placeholders) when ``large`` is set."""
    return _icon(str(name), size, large)


# The same icon is drawn on every row of a table: its markup is kept rather
# than copied from the SVG tree and serialised again on every call.
@lru_cache(maxsize=512)
def _icon(name: str, size: int, large: bool) -> str:
    render = heroicon_outline if large else heroicon_mini
    css_class = "icon icon--large" if large else "icon"
    attributes = {"class": css_class, "aria-hidden": "true", "focusable": "false"}
    return render(name, size=size, **attributes)
