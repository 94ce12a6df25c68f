"""`{% thumbnail product %}`: the product's picture beside its name.

A tag rather than an included template with ``{% image %}``: tables print it
on every row (stock, cart, kits), and the include with Wagtail's tag cost as
much as the rest of the row."""

from django import template
from django.utils.html import format_html
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from ordering.catalogue.selectors import THUMBNAIL_SPEC
from portal.templatetags.icons import icon

register = template.Library()

# Parsed once: Wagtail parses the spec again on every ``get_rendition``.
_THUMBNAIL = Filter(spec=THUMBNAIL_SPEC)


@register.simple_tag
def thumbnail(product) -> str:
    """The 96 px square picture (decorative: the name is said next to it), or
    a neutral placeholder."""
    if not product.image_id:
        return format_html(
            '<span class="thumb thumb--none">{}</span>',
            icon("cube", size=24, large=True),
        )
    rendition = _rendition(product.image)
    return format_html(
        '<span class="thumb"><img src="{}" width="{}" height="{}" alt=""'
        ' class="thumb__img" loading="lazy"></span>',
        rendition.url,
        rendition.width,
        rendition.height,
    )


def _rendition(image):
    """The thumbnail among the renditions the view prefetched
    (``catalogue.selectors.prefetch_thumbnails``) for the image's current
    focal point, as Wagtail matches them (its ``get_rendition`` would also
    parse the spec and write the rendition back to the cache on every row);
    otherwise Wagtail finds or makes it (its not-found picture stands in for
    a lost file, as with ``{% image %}``)."""
    prefetched = getattr(image, "prefetched_renditions", None)
    if prefetched:
        focal_point_key = _THUMBNAIL.get_cache_key(image)
        for rendition in prefetched:
            if (
                rendition.filter_spec == THUMBNAIL_SPEC
                and rendition.focal_point_key == focal_point_key
            ):
                return rendition
    return get_rendition_or_not_found(image, _THUMBNAIL)
