"""The demo catalogue: Oxyplus appliances, what they consume, where it is stored.

Prices are catalogue prices excluding VAT. Everything is sold to resellers at
the standard 20 % rate: the reduced 5.5 % rate of energy-saving work applies to
an installer's invoice to the household, never to the parts Oxyplus sells.
"""

import secrets
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.network.models import Organisation
from ordering.catalogue.models import Compatibility, PriceList, PriceListEntry, Product
from ordering.demo.checklists import seed_checklists
from ordering.shipping.models import Carrier
from ordering.stock.models import StockLevel, Warehouse

APPLIANCE = Product.Kind.APPLIANCE
CONSUMABLE = Product.Kind.CONSUMABLE
SPARE_PART = Product.Kind.SPARE_PART
ACCESSORY = Product.Kind.ACCESSORY

# reference, name, kind, price, replacement interval (months), description
# fmt: off
PRODUCTS: list[tuple[str, str, str, str, int | None, str]] = [
    # --- Appliances
    ("AQP-300", "Adoucisseur AquaPure 300", APPLIANCE, "1490.00", None,
     "Adoucisseur volumétrique 20 L de résine, pour 1 à 4 personnes."),
    ("AQP-500", "Adoucisseur AquaPure 500 Duo", APPLIANCE, "2190.00", None,
     "Adoucisseur bi-bloc 30 L, régénération alternée, eau adoucie en continu."),
    ("OSP-100", "Osmoseur OsmoPure 100", APPLIANCE, "890.00", None,
     "Osmoseur sous évier 5 étapes avec réservoir 12 L."),
    ("OSP-200", "Osmoseur OsmoPure 200 Direct Flow", APPLIANCE, "1290.00", None,
     "Osmoseur sans réservoir 400 GPD, pompe intégrée, reminéralisation."),
    ("FPT-3", "Station de filtration FiltroPure Trio", APPLIANCE, "590.00", None,
     "Triple filtration en tête d'installation : sédiments, charbon, anti-tartre."),
    ("UVP-40", "Stérilisateur UV AquaPure UV 40", APPLIANCE, "690.00", None,
     "Désinfection UV 40 W pour eau de puits ou de source, 2,5 m³/h."),
    ("AIR-200", "Purificateur d'air AirPure 200", APPLIANCE, "449.00", None,
     "Purificateur HEPA H13 pour pièces jusqu'à 40 m²."),
    ("AIR-400", "Purificateur d'air AirPure 400 Pro", APPLIANCE, "749.00", None,
     "Purificateur HEPA H13 et charbon actif, capteurs PM2,5 et COV, 80 m²."),
    ("THP-200", "Chauffe-eau thermodynamique ThermoPure 200 L", APPLIANCE,
     "2690.00", None, "Pompe à chaleur sur air ambiant, COP 3,2, ballon émaillé."),
    ("THP-270", "Chauffe-eau thermodynamique ThermoPure 270 L", APPLIANCE,
     "3190.00", None, "Pompe à chaleur sur air extérieur gainable, COP 3,4."),
    # --- Water softeners
    ("SEL-PAS-25", "Sel régénérant en pastilles, sac de 25 kg", CONSUMABLE,
     "12.90", 2, "Pastilles de sel pur à 99,9 % pour adoucisseurs."),
    ("SEL-BLC-16", "Sel régénérant en blocs, 2 × 8 kg", CONSUMABLE, "14.50", 3,
     "Blocs compressés, sans pont de sel, pour bacs à sel étroits."),
    ("RES-CAT-25", "Résine cationique alimentaire, sac de 25 L", CONSUMABLE,
     "189.00", 120, "Résine de remplacement pour adoucisseur, qualité alimentaire."),
    ("DES-RES-500", "Désinfectant de résine, flacon de 500 mL", CONSUMABLE, "19.90",
     12, "Désinfection annuelle de la résine lors de l'entretien."),
    ("KIT-TH", "Kit d'analyse de dureté de l'eau (TH)", CONSUMABLE, "14.90", 12,
     "Réactif goutte à goutte pour régler la dureté résiduelle."),
    ("INJ-AQP", "Injecteur de régénération AquaPure", SPARE_PART, "18.90", None,
     "Injecteur et son filtre, à changer s'il est entartré."),
    ("VAN-AQP-V", "Tête de vanne volumétrique AquaPure", SPARE_PART, "289.00",
     None, "Vanne de commande électronique avec afficheur."),
    ("JNT-AQP-KIT", "Kit de joints de vanne AquaPure", SPARE_PART, "24.90", None,
     "Joints de piston et d'entretoises de la vanne."),
    ("CAP-SEL-AQP", "Capteur de niveau de sel AquaPure", SPARE_PART, "49.00", None,
     "Alerte de manque de sel sur l'afficheur."),
    ("BAC-SEL-100", "Bac à sel 100 L AquaPure 500", SPARE_PART, "149.00", None,
     "Bac à sel avec puits de saumure et flotteur."),
    ("BYP-3V", "By-pass 3 vannes 1 pouce", ACCESSORY, "59.00", None,
     "Isole l'adoucisseur pour l'entretien sans couper l'eau."),
    # --- Filtration (FiltroPure and pre-filters)
    ("FLT-SED-20", "Cartouche sédiments 20 µm, 10 pouces", CONSUMABLE, "9.90", 6,
     "Retient sable, rouille et particules en amont des appareils."),
    ("FLT-CHB-10", "Cartouche charbon actif en bloc, 10 pouces", CONSUMABLE,
     "16.90", 6, "Réduit le chlore, les goûts et les odeurs."),
    ("FLT-POLY-10", "Cartouche polyphosphates anti-tartre, 10 pouces", CONSUMABLE,
     "21.90", 6, "Protège les canalisations du tartre sans adoucisseur."),
    ("CTR-10", "Carter transparent 10 pouces", SPARE_PART, "34.90", None,
     "Carter de remplacement avec purge."),
    ("JNT-TOR-10", "Joint torique de carter 10 pouces", SPARE_PART, "3.90", None,
     "À changer à chaque remplacement de cartouche s'il est marqué."),
    ("MANO-10B", "Manomètre 0–10 bar", SPARE_PART, "19.50", None,
     "Indique le colmatage des cartouches."),
    ("CLE-CTR-10", "Clé de carter 10 pouces", ACCESSORY, "8.90", None,
     "Clé de serrage pour carters 10 pouces."),
    # --- Reverse osmosis
    ("MEM-OSM-75", "Membrane d'osmose inverse 75 GPD", CONSUMABLE, "69.00", 36,
     "Membrane TFC pour osmoseurs à réservoir."),
    ("MEM-OSM-400", "Membrane Direct Flow 400 GPD", CONSUMABLE, "149.00", 36,
     "Membrane haut débit des osmoseurs sans réservoir."),
    ("CAR-OSM-PRE", "Cartouche de préfiltration sédiments + charbon", CONSUMABLE,
     "29.90", 6, "Première étape de l'OsmoPure 100."),
    ("CAR-OSM-CHB", "Cartouche charbon actif en bloc OsmoPure", CONSUMABLE,
     "24.90", 6, "Protège la membrane du chlore."),
    ("CAR-OSM-POST", "Post-filtre charbon de finition", CONSUMABLE, "19.90", 12,
     "Affine le goût de l'eau osmosée."),
    ("CAR-OSM-MIN", "Cartouche reminéralisante calcium-magnésium", CONSUMABLE,
     "27.50", 12, "Rééquilibre le pH et les minéraux de l'eau osmosée."),
    ("KIT-OSM-DF3", "Kit 3 cartouches OsmoPure 200 Direct Flow", CONSUMABLE,
     "79.00", 12, "Préfiltre, charbon et reminéralisation à clipser."),
    ("RES-OSM-12", "Réservoir sous pression 12 L", SPARE_PART, "89.00", None,
     "Réservoir avec vessie alimentaire et robinet d'isolement."),
    ("ROB-3V", "Robinet 3 voies chromé eau osmosée", ACCESSORY, "119.00", None,
     "Eau chaude, eau froide et eau osmosée sur un seul robinet."),
    ("PMP-OSM-24", "Pompe de surpression 24 V", SPARE_PART, "159.00", None,
     "Pour réseaux sous 3 bar."),
    ("VAN-OSM-AS", "Vanne d'arrêt automatique 4 voies", SPARE_PART, "22.90", None,
     "Coupe la production quand le réservoir est plein."),
    ("JNT-OSM-KIT", "Kit de joints toriques de carters OsmoPure", SPARE_PART,
     "12.90", None, "Trois joints de carter et graisse silicone alimentaire."),
    ("SND-TDS", "Sonde TDS de qualité d'eau", SPARE_PART, "39.00", None,
     "Mesure en continu la minéralisation de l'eau produite."),
    # --- UV
    ("LMP-UV-40", "Lampe UV 40 W", CONSUMABLE, "79.00", 12,
     "Lampe basse pression, 9 000 heures d'efficacité."),
    ("GAI-QZ-40", "Gaine quartz pour lampe UV 40 W", SPARE_PART, "45.00", None,
     "À nettoyer à chaque changement de lampe, à remplacer si elle est rayée."),
    ("BAL-UV-40", "Ballast électronique UV 40 W", SPARE_PART, "99.00", None,
     "Alimentation de la lampe avec témoin de fin de vie."),
    ("JNT-UV-2", "Joints toriques de gaine quartz (lot de 2)", SPARE_PART, "6.90",
     None, "Étanchéité de la gaine quartz."),
    # --- Air purifiers
    ("FLT-HEPA-200", "Filtre HEPA H13 AirPure 200", CONSUMABLE, "49.90", 12,
     "Filtre principal : pollens, poussières fines, PM2,5."),
    ("FLT-HEPA-400", "Filtre HEPA H13 AirPure 400 Pro", CONSUMABLE, "69.90", 12,
     "Filtre principal grande surface."),
    ("FLT-CHA-200", "Filtre charbon actif AirPure 200", CONSUMABLE, "29.90", 6,
     "Odeurs de cuisine, fumée, COV."),
    ("FLT-CHA-400", "Filtre charbon actif AirPure 400 Pro", CONSUMABLE, "39.90", 6,
     "Odeurs, fumée et COV, 1,2 kg de charbon."),
    ("PRE-AIR-2", "Préfiltre lavable AirPure (lot de 2)", CONSUMABLE, "14.90", 24,
     "Retient cheveux et poils d'animaux ; se lave à l'eau."),
    ("CAP-PM25", "Capteur de particules PM2,5", SPARE_PART, "34.00", None,
     "Capteur laser du mode automatique."),
    ("CAP-COV", "Capteur de COV AirPure 400 Pro", SPARE_PART, "42.00", None,
     "Détecte les composés organiques volatils."),
    ("MOT-AIR-400", "Moto-ventilateur AirPure 400 Pro", SPARE_PART, "129.00", None,
     "Ventilateur EC basse consommation."),
    # --- Heat pump water heaters
    ("ANO-MG-THP", "Anode magnésium ThermoPure", CONSUMABLE, "34.90", 24,
     "Protège la cuve de la corrosion ; à contrôler tous les deux ans."),
    ("FLT-EVA-THP", "Filtre à air d'évaporateur ThermoPure", CONSUMABLE, "17.90", 12,
     "Garde l'évaporateur propre et le COP élevé."),
    ("ANO-TI-THP", "Anode titane à courant imposé", SPARE_PART, "89.00", None,
     "Sans entretien, pour eaux agressives ou adoucies."),
    ("RES-STE-1800", "Résistance stéatite 1 800 W", SPARE_PART, "69.00", None,
     "Appoint électrique sous fourreau, démontable sans vidange."),
    ("SND-NTC-THP", "Sonde de température NTC ThermoPure", SPARE_PART, "19.90",
     None, "Sonde de cuve ou d'évaporateur."),
    ("GRP-SEC-34", "Groupe de sécurité 3/4 pouce, 7 bar", SPARE_PART, "29.90",
     None, "Obligatoire sur l'arrivée d'eau froide du ballon."),
    ("JNT-BRD-THP", "Joint de bride ThermoPure", SPARE_PART, "9.90", None,
     "À remplacer à chaque ouverture de la trappe de visite."),
    ("CDE-THP", "Carte de commande ThermoPure", SPARE_PART, "219.00", None,
     "Carte électronique avec afficheur et programmation."),
    ("KIT-COND-THP", "Kit d'évacuation des condensats", ACCESSORY, "24.90", None,
     "Siphon et tuyau 3 m."),
]

# appliance → (part, quantity per change)
COMPATIBILITY: dict[str, list[tuple[str, int]]] = {
    "AQP-300": [
        ("SEL-PAS-25", 2), ("SEL-BLC-16", 1), ("RES-CAT-25", 1),
        ("DES-RES-500", 1), ("KIT-TH", 1), ("INJ-AQP", 1), ("VAN-AQP-V", 1),
        ("JNT-AQP-KIT", 1), ("CAP-SEL-AQP", 1), ("BYP-3V", 1), ("FLT-SED-20", 1),
        ("CTR-10", 1), ("JNT-TOR-10", 1),
    ],
    "AQP-500": [
        ("SEL-PAS-25", 4), ("SEL-BLC-16", 2), ("RES-CAT-25", 2),
        ("DES-RES-500", 1), ("KIT-TH", 1), ("INJ-AQP", 2), ("VAN-AQP-V", 1),
        ("JNT-AQP-KIT", 2), ("CAP-SEL-AQP", 1), ("BAC-SEL-100", 1), ("BYP-3V", 1),
        ("FLT-SED-20", 1), ("CTR-10", 1), ("JNT-TOR-10", 1),
    ],
    "OSP-100": [
        ("MEM-OSM-75", 1), ("CAR-OSM-PRE", 1), ("CAR-OSM-CHB", 1),
        ("CAR-OSM-POST", 1), ("CAR-OSM-MIN", 1), ("RES-OSM-12", 1), ("ROB-3V", 1),
        ("PMP-OSM-24", 1), ("VAN-OSM-AS", 1), ("JNT-OSM-KIT", 1), ("SND-TDS", 1),
        ("CLE-CTR-10", 1),
    ],
    "OSP-200": [
        ("MEM-OSM-400", 1), ("KIT-OSM-DF3", 1), ("ROB-3V", 1), ("SND-TDS", 1),
        ("JNT-OSM-KIT", 1), ("FLT-SED-20", 1),
    ],
    "FPT-3": [
        ("FLT-SED-20", 1), ("FLT-CHB-10", 1), ("FLT-POLY-10", 1), ("CTR-10", 3),
        ("JNT-TOR-10", 3), ("MANO-10B", 1), ("CLE-CTR-10", 1), ("BYP-3V", 1),
    ],
    "UVP-40": [
        ("LMP-UV-40", 1), ("GAI-QZ-40", 1), ("BAL-UV-40", 1), ("JNT-UV-2", 1),
        ("FLT-SED-20", 1), ("CTR-10", 1), ("JNT-TOR-10", 1),
    ],
    "AIR-200": [
        ("FLT-HEPA-200", 1), ("FLT-CHA-200", 1), ("PRE-AIR-2", 1), ("CAP-PM25", 1),
    ],
    "AIR-400": [
        ("FLT-HEPA-400", 1), ("FLT-CHA-400", 1), ("PRE-AIR-2", 1), ("CAP-PM25", 1),
        ("CAP-COV", 1), ("MOT-AIR-400", 1),
    ],
    "THP-200": [
        ("ANO-MG-THP", 1), ("FLT-EVA-THP", 1), ("ANO-TI-THP", 1),
        ("RES-STE-1800", 1), ("SND-NTC-THP", 2), ("GRP-SEC-34", 1),
        ("JNT-BRD-THP", 1), ("CDE-THP", 1), ("KIT-COND-THP", 1),
    ],
    "THP-270": [
        ("ANO-MG-THP", 1), ("FLT-EVA-THP", 1), ("ANO-TI-THP", 1),
        ("RES-STE-1800", 1), ("SND-NTC-THP", 2), ("GRP-SEC-34", 1),
        ("JNT-BRD-THP", 1), ("CDE-THP", 1), ("KIT-COND-THP", 1),
    ],
}
# fmt: on

WAREHOUSES = [
    ("lyon", "Entrepôt de Lyon", "Saint-Priest", 1),
    ("orleans", "Entrepôt d'Orléans", "Saran", 2),
]

# Stock that tells a story on the Stock tab; every other product is well
# stocked (see ``_usual_stock``). reference → {warehouse: (on hand, restock
# in days, restock quantity)}.
STOCK_STORIES: dict[str, dict[str, tuple[int, int | None, int | None]]] = {
    # Out everywhere, with the date the next delivery is expected.
    "AIR-400": {"lyon": (0, 12, 20), "orleans": (0, None, None)},
    "MEM-OSM-400": {"lyon": (0, 9, 60), "orleans": (0, 21, 40)},
    "BAL-UV-40": {"lyon": (0, 15, 25), "orleans": (0, None, None)},
    "CAP-COV": {"lyon": (0, 30, 50), "orleans": (0, None, None)},
    "CDE-THP": {"lyon": (0, 6, 10), "orleans": (0, None, None)},
    # Out in Lyon, still available from Orléans.
    "LMP-UV-40": {"lyon": (0, 8, 120), "orleans": (35, None, None)},
    "RES-OSM-12": {"lyon": (0, 10, 30), "orleans": (14, None, None)},
    # Low: at or under the product's threshold.
    "THP-270": {"lyon": (2, 20, 12), "orleans": (0, None, None)},
    "FLT-HEPA-400": {"lyon": (3, 14, 100), "orleans": (0, None, None)},
    "ANO-TI-THP": {"lyon": (1, None, None), "orleans": (1, None, None)},
    "PMP-OSM-24": {"lyon": (4, None, None), "orleans": (0, None, None)},
}

# Ran out everywhere and came back in Lyon this many days ago (what
# ``stock_adjust`` stamps when it counts them again): products Aqua Services
# Lyon ordered, so its buyer's home says they are back in stock.
BACK_IN_STOCK_DAYS_AGO = {"FLT-CHB-10": 3, "DES-RES-500": 9}

PRICE_LISTS = {
    "Revendeur standard": (Decimal("10.00"), {}),
    "Revendeur premium": (
        Decimal("15.00"),
        {
            "AQP-300": Decimal("1190.00"),
            "OSP-100": Decimal("699.00"),
            "SEL-PAS-25": Decimal("9.90"),
            "MEM-OSM-75": Decimal("52.00"),
            "FLT-HEPA-200": Decimal("38.00"),
        },
    ),
}
PRICE_LIST_OF = {
    "aqua-services-lyon": "Revendeur premium",
    "confort-eau-bretagne": "Revendeur standard",
    "thermoplus-provence": "Revendeur standard",
}

CARRIERS = [
    (
        "colissimo",
        "Colissimo",
        "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    ),
    (
        "chronopost",
        "Chronopost",
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
    ),
    (
        "db-schenker",
        "DB Schenker",
        "https://www.dbschenker.com/app/tracking-public/?refNumber={number}",
    ),
]


def _usual_stock(product: Product, warehouse: Warehouse, index: int) -> int:
    """Plenty of consumables, a handful of appliances; Orléans holds less."""
    base = {
        APPLIANCE: 12,
        CONSUMABLE: 240,
        SPARE_PART: 40,
        ACCESSORY: 30,
    }[product.kind]
    spread = (index * 37) % (base // 2 + 1)
    return base + spread if warehouse.priority == 1 else (base + spread) // 3


def seed(*, log: Callable[[str], None]) -> dict[str, Product]:
    """Create what is missing of the catalogue, stock, prices and carriers."""
    products = {p.reference: p for p in Product.objects.all()}
    created = [
        Product(
            reference=reference,
            name=name,
            kind=kind,
            unit_price=Decimal(price),
            replacement_interval_months=interval,
            description=description,
        )
        for reference, name, kind, price, interval, description in PRODUCTS
        if reference not in products
    ]
    for product in created:
        product.full_clean()
        product.save()
        products[product.reference] = product
    if created:
        log(f"Created {len(created)} products")

    pairs = set(
        Compatibility.objects.values_list("appliance__reference", "part__reference")
    )
    compatibilities = [
        Compatibility(
            appliance=products[appliance],
            part=products[part],
            quantity_per_change=quantity,
        )
        for appliance, parts in COMPATIBILITY.items()
        for part, quantity in parts
        if (appliance, part) not in pairs
    ]
    Compatibility.objects.bulk_create(compatibilities)
    if compatibilities:
        log(f"Created {len(compatibilities)} compatibility lines")

    warehouses = {}
    for code, name, city, priority in WAREHOUSES:
        warehouses[code], created_ = Warehouse.objects.get_or_create(
            code=code, defaults={"name": name, "city": city, "priority": priority}
        )
        if created_:
            log(f"Created warehouse {name}")
    _seed_stock(products, warehouses, log=log)
    _seed_prices(products, log=log)
    seed_checklists(products, log=log)

    for code, name, pattern in CARRIERS:
        _carrier, created_ = Carrier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "tracking_url_pattern": pattern,
                "webhook_secret": secrets.token_urlsafe(32),
            },
        )
        if created_:
            log(f"Created carrier {name}")
    return products


def _seed_stock(
    products: dict[str, Product],
    warehouses: dict[str, Warehouse],
    *,
    log: Callable[[str], None],
) -> None:
    existing = set(StockLevel.objects.values_list("product_id", "warehouse_id"))
    now = timezone.now()
    today = timezone.localdate(now)
    levels = []
    for index, (reference, *_rest) in enumerate(PRODUCTS):
        product = products[reference]
        for code, warehouse in warehouses.items():
            if (product.pk, warehouse.pk) in existing:
                continue
            story = STOCK_STORIES.get(reference, {}).get(code)
            if story is None:
                on_hand, restock_in, restock_quantity = (
                    _usual_stock(product, warehouse, index),
                    None,
                    None,
                )
            else:
                on_hand, restock_in, restock_quantity = story
            levels.append(
                StockLevel(
                    product=product,
                    warehouse=warehouse,
                    on_hand=on_hand,
                    restock_date=today + timedelta(days=restock_in)
                    if restock_in
                    else None,
                    restock_quantity=restock_quantity,
                    restocked_at=_restocked_at(reference, warehouse, now),
                )
            )
    StockLevel.objects.bulk_create(levels)
    if levels:
        log(f"Created {len(levels)} stock levels")


def _restocked_at(reference: str, warehouse: Warehouse, now):
    days = BACK_IN_STOCK_DAYS_AGO.get(reference)
    if days is None or warehouse.priority != 1:
        return None
    return now - timedelta(days=days)


def _seed_prices(products: dict[str, Product], *, log: Callable[[str], None]):
    price_lists = {}
    for name, (discount, specific) in PRICE_LISTS.items():
        price_list, created = PriceList.objects.get_or_create(
            name=name, defaults={"discount_percent": discount}
        )
        price_lists[name] = price_list
        for reference, unit_price in specific.items():
            PriceListEntry.objects.get_or_create(
                price_list=price_list,
                product=products[reference],
                defaults={"unit_price": unit_price},
            )
        if created:
            log(f"Created price list {name}")
    for slug, name in PRICE_LIST_OF.items():
        # Only a reseller still on catalogue prices: staff may have changed it.
        if Organisation.objects.filter(slug=slug, price_list=None).update(
            price_list=price_lists[name]
        ):
            log(f"Gave {slug} the price list {name}")
