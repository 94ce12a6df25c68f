"""What a technician checks on each demo appliance's visit, and its warranty.

Heat-pump water heaters carry three years; air purifiers two years that a
visit does not extend; the water treatment keeps the catalogue's defaults
(two years, a year more per yearly maintenance, five at most).
"""

from collections.abc import Callable

from ordering.catalogue.models import Product, ServiceChecklistItem

CHECK, MEASURE = ServiceChecklistItem.Kind.CHECK, ServiceChecklistItem.Kind.MEASURE

# appliance reference prefix → (label, kind, unit)
CHECKLISTS: dict[str, list[tuple[str, str, str]]] = {
    "AQP": [
        ("Dureté de l'eau adoucie", MEASURE, "°f"),
        ("Pression d'entrée", MEASURE, "bar"),
        ("Bac à sel nettoyé, niveau de sel correct", CHECK, ""),
        ("Régénération manuelle lancée et contrôlée", CHECK, ""),
        ("Injecteur et vanne sans fuite", CHECK, ""),
    ],
    "OSP": [
        ("TDS de l'eau produite", MEASURE, "ppm"),
        ("Pression d'entrée", MEASURE, "bar"),
        ("Cartouches de préfiltration changées", CHECK, ""),
        ("Membrane rincée, pas de fuite", CHECK, ""),
    ],
    "FPT": [
        ("Pression avant et après filtres", MEASURE, "bar"),
        ("Cartouches changées, bols nettoyés", CHECK, ""),
        ("Joints toriques graissés", CHECK, ""),
    ],
    "UVP": [
        ("Heures de fonctionnement de la lampe", MEASURE, "h"),
        ("Gaine quartz nettoyée", CHECK, ""),
        ("Témoin de lampe vert à la remise en eau", CHECK, ""),
    ],
    "AIR": [
        ("Indice PM2,5 après 10 minutes", MEASURE, "µg/m³"),
        ("Préfiltre aspiré", CHECK, ""),
        ("Capteurs nettoyés", CHECK, ""),
    ],
    "THP": [
        ("Température de l'eau en sortie", MEASURE, "°C"),
        ("Anode contrôlée", CHECK, ""),
        ("Évacuation des condensats dégagée", CHECK, ""),
        ("Groupe de sécurité manœuvré", CHECK, ""),
    ],
}

# appliance reference prefix → warranty fields that differ from the defaults
WARRANTY_TERMS: dict[str, dict[str, int]] = {
    "THP": {"warranty_months": 36, "warranty_max_months": 72},
    "AIR": {"warranty_extension_months": 0},
}


def seed_checklists(
    products: dict[str, Product], *, log: Callable[[str], None]
) -> None:
    """Give each demo appliance its checklist and warranty terms (idempotent)."""
    appliances = [p for p in products.values() if p.is_appliance]
    kept = set(ServiceChecklistItem.objects.values_list("appliance_id", flat=True))
    items = []
    for appliance in appliances:
        family = appliance.reference.split("-")[0]
        terms = WARRANTY_TERMS.get(family, {})
        if any(getattr(appliance, f) != v for f, v in terms.items()):
            Product.objects.filter(pk=appliance.pk).update(**terms)
        if appliance.pk in kept:
            continue
        items += [
            ServiceChecklistItem(
                appliance=appliance, label=label, kind=kind, unit=unit, sort_order=i
            )
            for i, (label, kind, unit) in enumerate(CHECKLISTS.get(family, []))
        ]
    ServiceChecklistItem.objects.bulk_create(items)
    if items:
        log(f"Created {len(items)} visit checklist points")
