"""Catalogue pictures for the demo: each appliance and consumable drawn with
Pillow in its family's colour, so lists show real thumbnails; spare parts and
accessories keep none, so the placeholder shows too. Nothing is downloaded."""

from collections.abc import Callable

from ordering.catalogue.models import Compatibility, Product
from pages.demo.images import ImageLibrary, appliance_picture, consumable_picture

# An appliance's family from its reference; a part takes the family of the
# first appliance it fits.
FAMILY_OF_PREFIX = {
    "AQP": "softener",
    "OSP": "osmosis",
    "FPT": "filtration",
    "UVP": "uv",
    "AIR": "air",
    "THP": "heat_pump",
}


def _family(product: Product, fits: dict[int, str]) -> str:
    return FAMILY_OF_PREFIX.get(product.reference.split("-")[0]) or fits.get(
        product.pk, ""
    )


def seed_product_pictures(*, images: ImageLibrary, log: Callable[[str], None]) -> None:
    """Gives each appliance and consumable without a picture its drawing."""
    fits: dict[int, str] = {}
    for part_id, appliance_reference in Compatibility.objects.order_by(
        "appliance__reference"
    ).values_list("part_id", "appliance__reference"):
        prefix = appliance_reference.split("-")[0]
        fits.setdefault(part_id, FAMILY_OF_PREFIX.get(prefix, ""))
    draw_for = {
        Product.Kind.APPLIANCE: appliance_picture,
        Product.Kind.CONSUMABLE: consumable_picture,
    }
    pictured = 0
    for product in Product.objects.filter(image__isnull=True, kind__in=draw_for):
        family = _family(product, fits)
        product.image = images.get(
            title=f"Produit {product.reference}",
            description=product.name,
            draw=lambda product=product, family=family: draw_for[product.kind](family),
        )
        product.save(update_fields=["image"])
        pictured += 1
    if pictured:
        log(f"Gave {pictured} products a picture")
