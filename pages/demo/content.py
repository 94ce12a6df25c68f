"""The French texts of the demo documentation, as data.

One ``Family`` per appliance range of the catalogue (``ordering.demo``): what
an installer must prepare, how the appliance is started, what it consumes and
how often, and the faults a reseller hears about on the phone. Maintenance
frequencies are not written here: they are read from the consumables'
``replacement_interval_months`` so the sheet and the catalogue agree.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    pictogram: str | None = None  # a key of images.PICTOGRAMS


@dataclass(frozen=True)
class Maintenance:
    task: str
    detail: str
    # The first of these the appliance takes sets the frequency; a point none of
    # whose consumables fits the appliance is left out.
    consumables: tuple[str, ...] = ()
    frequency: str = ""  # when no consumable sets it


@dataclass(frozen=True)
class CommonFault:
    symptom: str
    remedy: str
    code: str = ""  # a fault code of the same family


@dataclass(frozen=True)
class Family:
    key: str
    code: str  # how the catalogue references start: AQP-300, BN-AQP-1000
    brand: str
    label: str
    has_display: bool
    display_idle: str  # what the front panel shows when all is well
    presentation: str
    prerequisites: list[str]
    warning: str
    introduction: str
    startup: list[Step]
    maintenance: list[Maintenance]
    common_faults: list[CommonFault]
    consumable_drawing: str  # a key of images.CONSUMABLE_DRAWINGS
    consumable_caption: str


@dataclass(frozen=True)
class FaultCode:
    code: str
    title: str
    appliances: tuple[str, ...]  # demo references
    severity: str  # low, medium, high
    symptom: str
    causes: list[str]
    steps: list[Step]
    technician_required: bool = False
    while_waiting: str = ""
    safety_warnings: str = ""
    search_description: str = ""

    @property
    def full_title(self) -> str:
        return f"{self.code} — {self.title}"


ELECTRICITY = (
    "Débranchez l'appareil ou coupez son disjoncteur avant d'ouvrir un capot : "
    "des pièces sous 230 V sont accessibles."
)
PRESSURE = (
    "Fermez l'arrivée d'eau et faites chuter la pression en ouvrant un robinet "
    "avant de desserrer un raccord ou un carter : l'eau sous pression peut "
    "projeter les pièces."
)
UV_LAMP = (
    "Ne regardez jamais une lampe UV allumée, même brièvement : le rayonnement "
    "UV-C brûle les yeux et la peau. La lampe contient du mercure : rapportez "
    "la lampe usagée en déchetterie, ne la jetez pas avec les ordures."
)
REFRIGERANT = (
    "Le circuit frigorifique contient du R290 (propane), un fluide inflammable. "
    "Seul un technicien titulaire de l'attestation de capacité peut l'ouvrir. "
    "Aucune flamme ni étincelle à proximité en cas d'odeur de gaz."
)
HOT_WATER = (
    "L'eau du ballon peut dépasser 60 °C : risque de brûlure à la vidange et au "
    "groupe de sécurité."
)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# --- Appliance ranges ---------------------------------------------------------

SOFTENER = Family(
    key="softener",
    code="AQP",
    brand="AquaPure",
    label="adoucisseur",
    has_display=True,
    display_idle="12:30",
    presentation=(
        "Les adoucisseurs AquaPure retirent le calcaire de l'eau par échange "
        "d'ions sur une résine cationique alimentaire. La vanne volumétrique "
        "compte l'eau consommée et ne régénère la résine que lorsqu'elle est "
        "saturée : la consommation de sel suit celle du foyer. Une dureté "
        "résiduelle de 8 à 15 °f, réglée à la vis de mélange, protège les "
        "canalisations sans rendre l'eau agressive."
    ),
    prerequisites=[
        "Dureté de l'eau mesurée avant la pose (kit TH) et notée sur la fiche "
        "de mise en service.",
        "Pression d'arrivée entre 1,5 et 8 bar ; au-delà, un réducteur de "
        "pression réglé à 3 bar est obligatoire.",
        "Pose après le compteur et le réducteur, avant le chauffe-eau ; le "
        "robinet du jardin et l'eau de boisson de la cuisine peuvent rester en "
        "eau non adoucie.",
        "By-pass 3 vannes et préfiltre 20 µm en amont de la vanne.",
        "Sonde de fuite (livrée) posée au sol sous la vanne, câble le long "
        "du tuyau d'égout.",
        "Évacuation à l'égout avec rupture de charge (garde d'air de 2 cm) à "
        "moins de 3 m, et trop-plein du bac à sel raccordé séparément.",
        "Prise 230 V protégée par un différentiel 30 mA à moins de 1,5 m.",
        "Local hors gel, sol plan supportant 150 kg (bac à sel plein).",
    ],
    warning=(
        "N'utilisez que du sel régénérant pur à 99,9 % : le sel de déneigement "
        "ou de cuisine colmate l'injecteur et abîme la résine. " + ELECTRICITY
    ),
    introduction=(
        "Cette notice guide la mise en service d'un adoucisseur AquaPure en "
        "six étapes, de la mise en eau à la première régénération. Comptez "
        "45 minutes, dont 20 minutes de régénération. Gardez à portée de main "
        "le kit d'analyse de dureté et un sac de sel en pastilles."
    ),
    startup=[
        Step(
            "Mettez l'adoucisseur en by-pass",
            _p(
                "Fermez les vannes d'entrée et de sortie du by-pass et ouvrez la "
                "vanne centrale : la maison reste alimentée en eau non adoucie "
                "pendant la mise en service."
            ),
            "bypass",
        ),
        Step(
            "Branchez la vanne et réglez l'heure",
            _p(
                "Branchez le transformateur 12 V. L'afficheur clignote : réglez "
                "l'heure avec les flèches, puis la dureté mesurée en °f et le "
                "nombre de personnes du foyer.",
                "L'heure de régénération est réglée par défaut à 2 h du matin.",
            ),
            "electricity",
        ),
        Step(
            "Mettez en eau progressivement",
            _p(
                "Ouvrez la vanne d'entrée d'un quart de tour seulement : l'air "
                "de la bouteille s'échappe par l'égout. Quand l'eau coule sans "
                "bulles, ouvrez entièrement l'entrée puis la sortie, et fermez "
                "la vanne centrale du by-pass."
            ),
            "water_inlet",
        ),
        Step(
            "Remplissez le bac à sel",
            _p(
                "Versez 5 litres d'eau dans le bac puis au moins deux sacs de "
                "sel en pastilles. Le niveau de sel doit toujours dépasser le "
                "niveau de l'eau."
            ),
            "salt",
        ),
        Step(
            "Lancez une régénération manuelle",
            _p(
                "Maintenez la touche de régénération 5 secondes. La vanne passe "
                "par le détassage, l'aspiration de saumure, le rinçage et le "
                "remplissage du bac : comptez 20 minutes. Vérifiez que l'eau "
                "coule à l'égout pendant le détassage."
            ),
            "wait",
        ),
        Step(
            "Réglez la dureté résiduelle",
            _p(
                "Après la régénération, mesurez la dureté à un robinet d'eau "
                "froide et tournez la vis de mélange jusqu'à obtenir 8 à 15 °f. "
                "Notez la valeur sur l'étiquette de la vanne."
            ),
            "hardness",
        ),
    ],
    maintenance=[
        Maintenance(
            "Recharger le bac en sel régénérant",
            "Le niveau de sel doit rester au-dessus de l'eau ; casser un "
            "éventuel pont de sel avec un manche à balai.",
            consumables=("SEL-PAS-25",),
        ),
        Maintenance(
            "Changer la cartouche du préfiltre 20 µm",
            "Plus tôt si le carter est brun ou si la pression baisse aux robinets.",
            consumables=("FLT-SED-20",),
        ),
        Maintenance(
            "Désinfecter la résine",
            "Verser le désinfectant dans le puits de saumure puis lancer une "
            "régénération manuelle.",
            consumables=("DES-RES-500",),
        ),
        Maintenance(
            "Contrôler la dureté résiduelle",
            "Entre 8 et 15 °f au robinet ; régler la vis de mélange sinon.",
            consumables=("KIT-TH",),
        ),
        Maintenance(
            "Nettoyer l'injecteur et son filtre",
            "Démonter, rincer à l'eau tiède, vérifier l'absence de calcaire.",
            frequency="Tous les ans, lors de la visite d'entretien",
        ),
        Maintenance(
            "Remplacer la résine",
            "Quand la capacité a baissé de plus de 30 % malgré l'entretien.",
            consumables=("RES-CAT-25",),
        ),
    ],
    common_faults=[
        CommonFault(
            "Le voyant sel clignote et l'afficheur montre E01",
            "Rechargez le bac en sel et cassez le pont de sel s'il y en a un.",
            "E01",
        ),
        CommonFault(
            "Des traces de calcaire réapparaissent sur la robinetterie",
            "Mesurez la dureté au robinet et réglez la vis de mélange.",
            "E03",
        ),
        CommonFault(
            "De l'eau au sol sous l'adoucisseur",
            "Passez en by-pass, débranchez la vanne et cherchez la fuite.",
            "E12",
        ),
        CommonFault(
            "La pression a baissé à tous les robinets",
            "Contrôlez le préfiltre et la position des vannes du by-pass.",
            "E21",
        ),
    ],
    consumable_drawing="salt",
    consumable_caption="Sel régénérant en pastilles : le niveau doit dépasser l'eau.",
)

OSMOSIS = Family(
    key="osmosis",
    code="OSP",
    brand="OsmoPure",
    label="osmoseur",
    has_display=True,
    display_idle="TDS 18",
    presentation=(
        "Les osmoseurs OsmoPure produisent une eau de boisson débarrassée de "
        "98 % des sels, nitrates, pesticides et résidus médicamenteux. "
        "L'eau traverse une préfiltration (sédiments et charbon actif) qui "
        "protège la membrane, la membrane d'osmose inverse, puis un post-filtre "
        "qui affine le goût et reminéralise l'eau en calcium et magnésium."
    ),
    prerequisites=[
        "Pression d'arrivée d'eau froide entre 2,8 et 6 bar ; sous 2,8 bar, "
        "prévoir la pompe de surpression 24 V.",
        "TDS de l'eau brute inférieur à 1 500 mg/L et chlore libre inférieur "
        "à 0,2 mg/L après le charbon.",
        "Eau adoucie ou dureté inférieure à 25 °f, sinon la membrane "
        "s'entartre en quelques mois.",
        "Place sous l'évier : 40 cm de large, 45 cm de haut, réservoir compris.",
        "Perçage de l'évier ou du plan de travail Ø 12 mm pour le robinet.",
        "Collier de drain sur l'évacuation de l'évier, au-dessus du siphon.",
        "Prise 230 V sous l'évier pour l'OsmoPure 200 Direct Flow.",
    ],
    warning=(
        "Ne raccordez jamais l'osmoseur sur l'eau chaude : au-delà de 35 °C la "
        "membrane est détruite. " + PRESSURE
    ),
    introduction=(
        "Cette notice décrit la mise en service d'un osmoseur OsmoPure après "
        "sa pose sous l'évier. Le premier réservoir, ou les dix premières "
        "minutes d'eau en Direct Flow, servent à rincer la membrane et les "
        "cartouches neuves : cette eau ne se boit pas."
    ),
    startup=[
        Step(
            "Vérifiez les raccords rapides",
            _p(
                "Chaque tuyau doit être enfoncé de 15 mm et bloqué par son "
                "clip. Tirez sur chaque tuyau : il ne doit pas ressortir."
            ),
            "cartridge",
        ),
        Step(
            "Ouvrez l'arrivée d'eau froide",
            _p(
                "Ouvrez la vanne d'alimentation lentement et contrôlez "
                "l'absence de fuite à chaque raccord et chaque carter pendant "
                "cinq minutes, avec un essuie-tout sec."
            ),
            "water_inlet",
        ),
        Step(
            "Mesurez la pression d'entrée",
            _p(
                "Le manomètre d'entrée doit indiquer au moins 2,8 bar. En "
                "dessous, la production chute et le rejet à l'égout augmente : "
                "installez la pompe de surpression."
            ),
            "pressure",
        ),
        Step(
            "Rincez la membrane et les cartouches",
            _p(
                "Ouvrez le robinet d'eau osmosée et laissez couler dix minutes "
                "(Direct Flow) ou videz entièrement le premier réservoir. "
                "L'eau peut être laiteuse ou noire au début : ce sont les fines "
                "de charbon et l'air, c'est normal."
            ),
            "rinse",
        ),
        Step(
            "Contrôlez la qualité de l'eau produite",
            _p(
                "Mesurez le TDS de l'eau brute et de l'eau osmosée. Le taux de "
                "réduction doit dépasser 90 %. Notez les deux valeurs sur la "
                "fiche de mise en service."
            ),
            "hardness",
        ),
    ],
    maintenance=[
        Maintenance(
            "Changer la cartouche de préfiltration",
            "Sédiments et charbon : elles protègent la membrane du chlore.",
            consumables=("CAR-OSM-PRE",),
        ),
        Maintenance(
            "Changer la cartouche charbon actif",
            "Avec la préfiltration, en changeant le joint torique s'il est marqué.",
            consumables=("CAR-OSM-CHB",),
        ),
        Maintenance(
            "Changer le post-filtre et la cartouche reminéralisante",
            "Une eau au goût plat ou acide signale une reminéralisation épuisée.",
            consumables=("CAR-OSM-MIN",),
        ),
        Maintenance(
            "Changer le kit 3 cartouches Direct Flow",
            "Préfiltre, charbon et reminéralisation se clipsent d'un quart de "
            "tour ; remettre le compteur F07 à zéro.",
            consumables=("KIT-OSM-DF3",),
        ),
        Maintenance(
            "Remplacer la membrane",
            "Plus tôt si le taux de réduction du TDS passe sous 85 %.",
            consumables=("MEM-OSM-75", "MEM-OSM-400"),
        ),
        Maintenance(
            "Désinfecter le circuit et le réservoir",
            "Lors du changement de cartouches, avec une solution de "
            "désinfection alimentaire.",
            frequency="Tous les ans",
        ),
    ],
    common_faults=[
        CommonFault(
            "Le débit d'eau osmosée est faible",
            "Mesurez la pression d'entrée ; au-dessous de 2,8 bar, installez "
            "la pompe de surpression.",
            "E31",
        ),
        CommonFault(
            "L'eau a un goût ou le TDS dépasse 50 mg/L",
            "Changez les cartouches puis, si rien ne change, la membrane.",
            "E32",
        ),
        CommonFault(
            "L'eau coule en permanence à l'égout",
            "La vanne d'arrêt automatique ne ferme plus : remplacez-la.",
            "E34",
        ),
        CommonFault(
            "Un bruit de gargouillement sort de l'évier",
            "Repositionnez le collier de drain au-dessus du siphon.",
            "E38",
        ),
    ],
    consumable_drawing="cartridge",
    consumable_caption=(
        "Cartouche de préfiltration : flèche vers le haut, joint graissé."
    ),
)

FILTRATION = Family(
    key="filtration",
    code="FPT",
    brand="FiltroPure",
    label="station de filtration",
    has_display=False,
    display_idle="2,8 bar",
    presentation=(
        "La station FiltroPure Trio traite toute l'eau de la maison en tête "
        "d'installation : une cartouche sédiments 20 µm retient le sable et la "
        "rouille, une cartouche charbon actif en bloc réduit le chlore, les "
        "goûts et les odeurs, une cartouche de polyphosphates protège les "
        "canalisations du calcaire. Le manomètre de sortie indique le "
        "colmatage des cartouches."
    ),
    prerequisites=[
        "Pose après le compteur et le réducteur de pression, en amont de tout "
        "appareil de traitement.",
        "Pression de service inférieure à 8 bar, eau froide entre 4 et 40 °C.",
        "Débit de pointe de la maison inférieur à 2,5 m³/h.",
        "Dégagement de 30 cm sous les carters pour les dévisser.",
        "By-pass 3 vannes pour changer les cartouches sans couper l'eau.",
        "Mur vertical capable de porter 25 kg carters pleins.",
    ],
    warning=(
        "Le polyphosphate n'est pas un adoucisseur : ne le raccordez pas sur "
        "un réseau d'eau chaude au-delà de 40 °C. " + PRESSURE
    ),
    introduction=(
        "Cette notice décrit la mise en eau de la station FiltroPure Trio et "
        "le premier rinçage des cartouches. Comptez 20 minutes. La station n'a "
        "pas d'électronique : le manomètre et les codes F de cette "
        "documentation servent au diagnostic."
    ),
    startup=[
        Step(
            "Placez les cartouches dans le bon ordre",
            _p(
                "De gauche à droite dans le sens de l'eau : sédiments 20 µm, "
                "charbon actif, polyphosphates. Chaque cartouche se centre sur "
                "l'ergot du fond du carter."
            ),
            "cartridge",
        ),
        Step(
            "Serrez les carters à la main",
            _p(
                "Vérifiez le joint torique, graissez-le légèrement à la graisse "
                "silicone alimentaire et serrez à la main puis d'un huitième de "
                "tour avec la clé. Un serrage excessif fend le carter."
            ),
            "wrench",
        ),
        Step(
            "Ouvrez l'eau et purgez l'air",
            _p(
                "Ouvrez la vanne d'entrée lentement, appuyez sur le bouton de "
                "purge de chaque carter jusqu'à ce que l'eau sorte sans air."
            ),
            "water_inlet",
        ),
        Step(
            "Rincez la cartouche charbon",
            _p(
                "Ouvrez un robinet d'eau froide cinq minutes : l'eau noire du "
                "début contient des fines de charbon sans danger."
            ),
            "rinse",
        ),
        Step(
            "Notez la pression de référence",
            _p(
                "Relevez la pression au manomètre, robinet ouvert, et notez-la "
                "sur l'étiquette. Une chute de plus de 0,8 bar par rapport à "
                "cette valeur signale des cartouches colmatées."
            ),
            "pressure",
        ),
    ],
    maintenance=[
        Maintenance(
            "Changer la cartouche sédiments 20 µm",
            "Plus tôt si la pression chute de plus de 0,8 bar.",
            consumables=("FLT-SED-20",),
        ),
        Maintenance(
            "Changer la cartouche charbon actif",
            "Dès que le goût de chlore revient.",
            consumables=("FLT-CHB-10",),
        ),
        Maintenance(
            "Changer la cartouche de polyphosphates",
            "Quand les cristaux ont fondu aux deux tiers.",
            consumables=("FLT-POLY-10",),
        ),
        Maintenance(
            "Nettoyer les carters et changer les joints marqués",
            "Eau savonneuse, jamais de solvant : le carter transparent se fend.",
            frequency="À chaque changement de cartouche",
        ),
    ],
    common_faults=[
        CommonFault(
            "La pression baisse dans toute la maison",
            "Comparez la pression au manomètre avec la valeur de référence.",
            "F01",
        ),
        CommonFault(
            "De l'eau perle autour d'un carter",
            "Changez le joint torique et resserrez à la main.",
            "F02",
        ),
        CommonFault(
            "Le goût de chlore est revenu",
            "Changez la cartouche charbon actif.",
            "F03",
        ),
    ],
    consumable_drawing="cartridge",
    consumable_caption="Cartouche 10 pouces : le sens de l'eau est gravé sur la tête.",
)

UV = Family(
    key="uv",
    code="UVP",
    brand="AquaPure UV",
    label="stérilisateur UV",
    has_display=True,
    display_idle="365 j",
    presentation=(
        "Le stérilisateur AquaPure UV 40 détruit bactéries, virus et parasites "
        "de l'eau de puits ou de source sans produit chimique : l'eau passe "
        "dans une chambre en inox 316L autour d'une lampe UV-C protégée par "
        "une gaine quartz. L'afficheur compte les jours restants avant le "
        "changement de lampe et signale toute panne par un code U."
    ),
    prerequisites=[
        "Analyse d'eau de moins de 3 mois : fer < 0,3 mg/L, manganèse "
        "< 0,05 mg/L, dureté < 20 °f, transmittance UV > 75 %.",
        "Préfiltre 20 µm obligatoire en amont ; un adoucisseur si la dureté "
        "dépasse 20 °f.",
        "Pose en dernier, au plus près du point de consommation, après tout "
        "autre traitement et après le réservoir de surpression.",
        "Dégagement de 90 cm au bout de la chambre pour sortir la lampe.",
        "Prise 230 V avec différentiel 30 mA, hors de portée des projections.",
        "Désinfection chlorée de tout le réseau en aval à la mise en service.",
    ],
    warning=UV_LAMP + " " + ELECTRICITY,
    introduction=(
        "Cette notice décrit la mise en service d'un stérilisateur AquaPure "
        "UV 40. La lampe doit rester allumée en permanence : elle atteint son "
        "efficacité en deux minutes et s'use surtout aux allumages."
    ),
    startup=[
        Step(
            "Posez la gaine quartz et ses joints",
            _p(
                "Manipulez la gaine avec des gants propres : une trace de doigt "
                "arrête les UV. Glissez-la dans la chambre, posez les joints "
                "toriques et serrez les écrous à la main."
            ),
            "uv_lamp",
        ),
        Step(
            "Mettez la chambre en eau",
            _p(
                "Ouvrez l'arrivée lentement et vérifiez l'absence de fuite aux "
                "écrous de la gaine. Laissez couler une minute pour chasser "
                "l'air de la chambre."
            ),
            "water_inlet",
        ),
        Step(
            "Insérez la lampe et branchez le ballast",
            _p(
                "Enfoncez la lampe dans la gaine sans la toucher aux doigts, "
                "branchez le connecteur puis le ballast. Le voyant vert "
                "s'allume et l'afficheur indique 365 jours."
            ),
            "electricity",
        ),
        Step(
            "Désinfectez le réseau en aval",
            _p(
                "Injectez une solution chlorée dans le carter du préfiltre, "
                "ouvrez chaque robinet jusqu'à sentir le chlore, laissez agir "
                "deux heures puis rincez."
            ),
            "rinse",
        ),
        Step(
            "Remettez le compteur de la lampe à zéro",
            _p(
                "Maintenez la touche du ballast 5 secondes jusqu'au bip : le "
                "compteur repart pour 365 jours."
            ),
            "wait",
        ),
    ],
    maintenance=[
        Maintenance(
            "Remplacer la lampe UV",
            "Même si elle éclaire encore : après 9 000 heures elle n'émet "
            "plus assez d'UV-C.",
            consumables=("LMP-UV-40",),
        ),
        Maintenance(
            "Nettoyer la gaine quartz",
            "Au vinaigre blanc ; la remplacer si elle est rayée ou opaque.",
            frequency="À chaque changement de lampe",
        ),
        Maintenance(
            "Changer la cartouche du préfiltre 20 µm",
            "Une eau trouble protège les germes des UV.",
            consumables=("FLT-SED-20",),
        ),
        Maintenance(
            "Faire analyser l'eau traitée",
            "Analyse bactériologique par un laboratoire agréé.",
            frequency="Tous les ans",
        ),
    ],
    common_faults=[
        CommonFault(
            "Alarme sonore et voyant rouge",
            "La lampe ne s'allume plus : ne buvez pas l'eau et changez la lampe.",
            "U01",
        ),
        CommonFault(
            "Le voyant orange clignote",
            "La lampe arrive en fin de vie : commandez-en une.",
            "U02",
        ),
        CommonFault(
            "L'eau coule à l'écrou de la gaine quartz",
            "Changez les deux joints toriques de la gaine.",
            "U05",
        ),
    ],
    consumable_drawing="uv_lamp",
    consumable_caption="Lampe UV 40 W dans sa gaine quartz : ne touchez pas le verre.",
)

AIR = Family(
    key="air",
    code="AIR",
    brand="AirPure",
    label="purificateur d'air",
    has_display=True,
    display_idle="PM2,5 8",
    presentation=(
        "Les purificateurs AirPure filtrent l'air de la pièce à travers un "
        "préfiltre lavable, un filtre HEPA H13 qui retient 99,95 % des "
        "particules fines et un filtre à charbon actif contre les odeurs. En "
        "mode automatique, le capteur laser PM2,5 règle la vitesse du "
        "ventilateur selon la pollution mesurée."
    ),
    prerequisites=[
        "Surface de la pièce compatible avec le modèle (hauteur sous plafond 2,5 m).",
        "30 cm de dégagement autour de l'appareil et 60 cm au-dessus de la "
        "sortie d'air.",
        "Sol plan et stable, hors de portée d'une source de chaleur ou "
        "d'humidité (salle de bains exclue).",
        "Prise 230 V à proximité, sans rallonge enroulée.",
        "Retirer l'emballage plastique des filtres avant la première mise en marche.",
    ],
    warning=(
        "Ne lavez jamais le filtre HEPA ni le filtre charbon : seul le "
        "préfiltre se lave. " + ELECTRICITY
    ),
    introduction=(
        "Cette notice décrit la mise en service d'un purificateur AirPure. "
        "L'appareil est livré avec ses filtres en place, dans leur sachet "
        "plastique : la mise en service dure cinq minutes."
    ),
    startup=[
        Step(
            "Retirez les filtres de leur sachet",
            _p(
                "Ouvrez la façade arrière, sortez les filtres, retirez le "
                "sachet plastique et remettez-les, étiquette vers l'extérieur."
            ),
            "air_filter",
        ),
        Step(
            "Placez l'appareil",
            _p(
                "Au centre de la pièce ou le long d'un mur, à 30 cm de tout "
                "obstacle, jamais derrière un rideau."
            ),
            None,
        ),
        Step(
            "Branchez et lancez le mode automatique",
            _p(
                "Branchez l'appareil et appuyez sur la touche marche. Le voyant "
                "de qualité d'air passe au bleu après une minute de mesure."
            ),
            "electricity",
        ),
        Step(
            "Remettez le compteur des filtres à zéro",
            _p(
                "Maintenez la touche filtre 3 secondes : le voyant filtre "
                "s'éteint et le compteur repart."
            ),
            "wait",
        ),
    ],
    maintenance=[
        Maintenance(
            "Laver le préfiltre",
            "À l'eau tiède, sécher 24 heures avant de le remettre.",
            frequency="Tous les mois",
        ),
        Maintenance(
            "Remplacer le préfiltre",
            "Quand la maille est déformée ou déchirée.",
            consumables=("PRE-AIR-2",),
        ),
        Maintenance(
            "Remplacer le filtre charbon actif",
            "Plus tôt dans un logement fumeur ou une cuisine ouverte.",
            consumables=("FLT-CHA-200", "FLT-CHA-400"),
        ),
        Maintenance(
            "Remplacer le filtre HEPA H13",
            "Quand le voyant filtre s'allume ou que le filtre est gris foncé.",
            consumables=("FLT-HEPA-200", "FLT-HEPA-400"),
        ),
        Maintenance(
            "Dépoussiérer le capteur de particules",
            "Coton-tige sec dans la lentille du capteur.",
            frequency="Tous les 3 mois",
        ),
    ],
    common_faults=[
        CommonFault(
            "Le voyant filtre est allumé",
            "Remplacez le filtre HEPA puis remettez le compteur à zéro.",
            "A01",
        ),
        CommonFault(
            "Les odeurs ne disparaissent plus",
            "Le filtre charbon est saturé : remplacez-le.",
            "A02",
        ),
        CommonFault(
            "Un bruit de frottement ou de cliquetis",
            "Arrêtez l'appareil, vérifiez qu'aucun objet n'est tombé dans la grille.",
            "A05",
        ),
        CommonFault(
            "L'appareil ne démarre pas",
            "Refermez correctement la porte des filtres.",
            "A06",
        ),
    ],
    consumable_drawing="air_filter",
    consumable_caption="Filtre HEPA H13 : les plis vers l'intérieur de l'appareil.",
)

HEAT_PUMP = Family(
    key="heat_pump",
    code="THP",
    brand="ThermoPure",
    label="chauffe-eau thermodynamique",
    has_display=True,
    display_idle="55 °C",
    presentation=(
        "Les chauffe-eau thermodynamiques ThermoPure chauffent l'eau sanitaire "
        "avec une pompe à chaleur qui puise les calories de l'air : pour 1 kWh "
        "d'électricité, ils en restituent plus de 3 en eau chaude. Une "
        "résistance stéatite de 1 800 W prend le relais quand l'air est trop "
        "froid et assure l'anti-légionellose hebdomadaire à 62 °C."
    ),
    prerequisites=[
        "Local non chauffé d'au moins 20 m³ entre 5 et 35 °C pour le modèle "
        "sur air ambiant (garage, buanderie, cellier).",
        "Pour le modèle gainable : deux gaines Ø 160 mm de 10 m au plus au "
        "total, avec grilles extérieures.",
        "Sol supportant 350 kg (ballon plein) et plan à 1 cm près.",
        "Groupe de sécurité 7 bar neuf sur l'arrivée d'eau froide, raccordé "
        "à l'égout par un siphon ; réducteur de pression si le réseau dépasse "
        "4 bar.",
        "Raccords diélectriques sur l'eau chaude et l'eau froide.",
        "Évacuation des condensats vers l'égout avec siphon (kit de 3 m).",
        "Ligne électrique dédiée 230 V, disjoncteur 16 A, différentiel 30 mA.",
    ],
    warning=REFRIGERANT + " " + HOT_WATER,
    introduction=(
        "Cette notice décrit la mise en service d'un chauffe-eau ThermoPure "
        "après sa pose et son raccordement. Ne mettez jamais l'appareil sous "
        "tension ballon vide : la résistance grille en quelques secondes. La "
        "première chauffe complète dure de 8 à 10 heures."
    ),
    startup=[
        Step(
            "Remplissez le ballon",
            _p(
                "Ouvrez un robinet d'eau chaude de la maison, puis l'arrivée "
                "d'eau froide. Le ballon est plein quand l'eau coule au robinet "
                "sans à-coups d'air."
            ),
            "water_inlet",
        ),
        Step(
            "Contrôlez l'étanchéité et le groupe de sécurité",
            _p(
                "Vérifiez les raccords et la bride. Manœuvrez le groupe de "
                "sécurité : l'eau doit couler franchement à l'égout puis "
                "s'arrêter."
            ),
            "pressure",
        ),
        Step(
            "Remplissez le siphon des condensats",
            _p(
                "Versez un verre d'eau dans le siphon : sans garde d'eau, "
                "l'air aspiré empêche les condensats de s'écouler."
            ),
            "rinse",
        ),
        Step(
            "Mettez sous tension et choisissez le mode",
            _p(
                "Enclenchez le disjoncteur. Réglez la consigne à 55 °C et le "
                "mode ECO : la pompe à chaleur seule chauffe l'eau tant que "
                "l'air dépasse -5 °C."
            ),
            "electricity",
        ),
        Step(
            "Vérifiez le démarrage de la pompe à chaleur",
            _p(
                "Après trois minutes de temporisation, le ventilateur démarre "
                "et l'air soufflé est plus froid de 5 à 8 °C que l'air aspiré."
            ),
            "thermometer",
        ),
    ],
    maintenance=[
        Maintenance(
            "Manœuvrer le groupe de sécurité",
            "Quelques secondes, pour éviter qu'il ne s'entartre et reste bloqué.",
            frequency="Tous les mois",
        ),
        Maintenance(
            "Nettoyer ou remplacer le filtre à air de l'évaporateur",
            "Un filtre encrassé fait chuter le COP et déclenche le code H06.",
            consumables=("FLT-EVA-THP",),
        ),
        Maintenance(
            "Contrôler l'anode magnésium",
            "La remplacer quand son diamètre est inférieur à 10 mm ; joint de "
            "bride neuf à chaque ouverture.",
            consumables=("ANO-MG-THP",),
        ),
        Maintenance(
            "Vérifier l'écoulement des condensats",
            "Siphon rempli, tuyau sans coude écrasé.",
            frequency="Tous les ans",
        ),
        Maintenance(
            "Détartrer la cuve et la résistance",
            "En région calcaire (plus de 25 °f), lors de la vidange.",
            frequency="Tous les 2 ans",
        ),
    ],
    common_faults=[
        CommonFault(
            "L'eau chaude est tiède et la facture augmente",
            "Nettoyez le filtre à air de l'évaporateur.",
            "H06",
        ),
        CommonFault(
            "L'eau chaude sent l'œuf pourri",
            "L'anode magnésium réagit à une eau adoucie : posez l'anode titane.",
            "H09",
        ),
        CommonFault(
            "Le groupe de sécurité goutte en permanence",
            "La pression du réseau est trop élevée : posez un réducteur de pression.",
            "H10",
        ),
        CommonFault(
            "De l'eau au pied du chauffe-eau",
            "Contrôlez le tuyau et le siphon des condensats.",
            "H08",
        ),
    ],
    consumable_drawing="anode",
    consumable_caption="Anode magnésium : à remplacer sous 10 mm de diamètre.",
)

FAMILIES = [SOFTENER, OSMOSIS, FILTRATION, UV, AIR, HEAT_PUMP]


def family_of(reference: str) -> Family | None:
    """``AQP-300`` and the large set's ``BN-AQP-1010`` are both softeners."""
    parts = reference.split("-")
    for family in FAMILIES:
        if family.code in parts:
            return family
    return None


# --- Each appliance's own specifications --------------------------------------

# fmt: off
SPECIFICATIONS: dict[str, list[tuple[str, str]]] = {
    "AQP-300": [
        ("Volume de résine", "20 L, résine cationique alimentaire"),
        ("Foyer conseillé", "1 à 4 personnes"),
        ("Débit nominal", "1,2 m³/h"),
        ("Capacité d'échange", "100 °f·m³"),
        ("Consommation de sel", "2,4 kg par régénération"),
        ("Pression de service", "1,5 à 8 bar"),
        ("Température de l'eau", "5 à 30 °C"),
        ("Raccordement", "1 pouce (26 × 34)"),
        ("Alimentation électrique", "230 V / 12 V par transformateur, 5 W"),
        ("Dimensions (L × P × H)", "330 × 500 × 650 mm"),
        ("Garantie", "10 ans bouteille, 5 ans vanne"),
    ],
    "AQP-500": [
        ("Volume de résine", "2 bouteilles de 30 L en alternance"),
        ("Foyer conseillé", "4 à 8 personnes, ou petit collectif"),
        ("Débit nominal", "2,0 m³/h, eau adoucie en continu"),
        ("Capacité d'échange", "2 × 150 °f·m³"),
        ("Consommation de sel", "3,6 kg par régénération"),
        ("Bac à sel", "100 L avec puits de saumure et flotteur"),
        ("Pression de service", "1,5 à 8 bar"),
        ("Température de l'eau", "5 à 30 °C"),
        ("Raccordement", "1 pouce (26 × 34)"),
        ("Alimentation électrique", "230 V / 12 V par transformateur, 8 W"),
        ("Dimensions bouteilles (L × P × H)", "2 × 260 × 260 × 1 100 mm"),
        ("Garantie", "10 ans bouteilles, 5 ans vanne"),
    ],
    "OSP-100": [
        ("Production", "75 GPD, environ 280 L par jour à 4 bar et 25 °C"),
        ("Étapes de traitement", "5 : sédiments, charbon, membrane, post-filtre, "
                                 "reminéralisation"),
        ("Réservoir", "12 L sous pression, 8 L utiles"),
        ("Rapport eau produite / rejetée", "1 : 3"),
        ("Réduction des sels dissous", "90 à 96 %"),
        ("Pression d'alimentation", "2,8 à 6 bar"),
        ("Température de l'eau", "5 à 35 °C"),
        ("TDS maximal de l'eau brute", "1 500 mg/L"),
        ("Raccords", "1/4 pouce, raccords rapides"),
        ("Dimensions (L × P × H)", "380 × 140 × 420 mm, réservoir à part"),
    ],
    "OSP-200": [
        ("Production", "400 GPD, 1,05 L/min sans réservoir"),
        ("Étapes de traitement", "Préfiltre, charbon, membrane 400 GPD, "
                                 "reminéralisation"),
        ("Rapport eau produite / rejetée", "2 : 1"),
        ("Pompe", "24 V intégrée, 36 W"),
        ("Pression d'alimentation", "1 à 4 bar"),
        ("Température de l'eau", "5 à 35 °C"),
        ("Affichage", "TDS en continu, rappel de remplacement des cartouches"),
        ("Alimentation électrique", "230 V, 50 Hz, 60 W"),
        ("Dimensions (L × P × H)", "450 × 160 × 390 mm"),
    ],
    "FPT-3": [
        ("Cartouches", "3 × 10 pouces : sédiments 20 µm, charbon actif, "
                       "polyphosphates"),
        ("Débit maximal", "2,5 m³/h"),
        ("Pression de service", "1 à 8 bar"),
        ("Température de l'eau", "4 à 40 °C"),
        ("Raccordement", "1 pouce femelle"),
        ("Manomètre", "0 à 10 bar, en sortie"),
        ("Dimensions (L × P × H)", "560 × 190 × 380 mm"),
    ],
    "UVP-40": [
        ("Lampe", "UV-C basse pression 40 W, 9 000 heures"),
        ("Débit maximal", "2,5 m³/h"),
        ("Dose UV", "30 mJ/cm² au minimum en fin de vie de lampe, UVT 95 %"),
        ("Chambre", "Inox 316L, gaine quartz"),
        ("Pression maximale", "8 bar"),
        ("Température de l'eau", "2 à 40 °C"),
        ("Raccordement", "1 pouce mâle"),
        ("Alimentation électrique", "230 V, 50 Hz, ballast électronique"),
        ("Signalisation", "Compte à rebours de la lampe, alarme sonore"),
        ("Dimensions (L × Ø)", "900 × 89 mm"),
    ],
    "AIR-200": [
        ("Surface conseillée", "Jusqu'à 40 m²"),
        ("Débit d'air purifié (CADR)", "280 m³/h"),
        ("Filtration", "Préfiltre lavable, HEPA H13, charbon actif"),
        ("Efficacité", "99,95 % des particules de 0,3 µm"),
        ("Capteur", "Particules PM2,5 laser"),
        ("Niveau sonore", "24 à 52 dB(A)"),
        ("Puissance", "8 à 45 W"),
        ("Dimensions (L × P × H)", "300 × 300 × 560 mm"),
        ("Poids", "6,2 kg"),
    ],
    "AIR-400": [
        ("Surface conseillée", "Jusqu'à 80 m²"),
        ("Débit d'air purifié (CADR)", "520 m³/h"),
        ("Filtration", "Préfiltre lavable, HEPA H13, 1,2 kg de charbon actif"),
        ("Efficacité", "99,95 % des particules de 0,3 µm"),
        ("Capteurs", "Particules PM2,5 et composés organiques volatils (COV)"),
        ("Ventilateur", "EC basse consommation, 5 vitesses"),
        ("Niveau sonore", "22 à 58 dB(A)"),
        ("Puissance", "6 à 65 W"),
        ("Dimensions (L × P × H)", "380 × 380 × 720 mm"),
        ("Poids", "11,5 kg"),
    ],
    "THP-200": [
        ("Capacité", "200 L, cuve acier émaillé"),
        ("Source d'énergie", "Air ambiant du local, de -5 à +35 °C"),
        ("COP", "3,2 (EN 16147, air à 7 °C)"),
        ("Puissance absorbée PAC", "500 W"),
        ("Appoint électrique", "Résistance stéatite 1 800 W"),
        ("Température de consigne", "45 à 62 °C, 55 °C en PAC seule"),
        ("Fluide frigorigène", "R290, 150 g"),
        ("Niveau sonore", "45 dB(A) à 2 m"),
        ("Raccordements", "3/4 pouce, condensats Ø 16 mm"),
        ("Protection de la cuve", "Anode magnésium, anode titane en option"),
        ("Dimensions (Ø × H)", "620 × 1 650 mm"),
    ],
    "THP-270": [
        ("Capacité", "270 L, cuve acier émaillé"),
        ("Source d'énergie", "Air extérieur gainé, de -7 à +35 °C"),
        ("COP", "3,4 (EN 16147, air à 7 °C)"),
        ("Puissance absorbée PAC", "620 W"),
        ("Appoint électrique", "Résistance stéatite 1 800 W"),
        ("Température de consigne", "45 à 62 °C, 55 °C en PAC seule"),
        ("Fluide frigorigène", "R290, 180 g"),
        ("Gaines", "Ø 160 mm, 10 m au total au maximum"),
        ("Niveau sonore", "47 dB(A) à 2 m"),
        ("Raccordements", "3/4 pouce, condensats Ø 16 mm"),
        ("Dimensions (Ø × H)", "620 × 1 950 mm"),
    ],
}
# fmt: on

FAMILY_SPECIFICATIONS = {
    "softener": "AQP-300",
    "osmosis": "OSP-100",
    "filtration": "FPT-3",
    "uv": "UVP-40",
    "air": "AIR-200",
    "heat_pump": "THP-200",
}


def specifications_of(reference: str, family: Family) -> list[tuple[str, str]]:
    """The appliance's own table, else the first model of its range's."""
    return (
        SPECIFICATIONS.get(reference)
        or SPECIFICATIONS[FAMILY_SPECIFICATIONS[family.key]]
    )


# --- Fault codes ----------------------------------------------------------------

SOFTENERS = ("AQP-300", "AQP-500")
OSMOSERS = ("OSP-100", "OSP-200")
PURIFIERS = ("AIR-200", "AIR-400")
HEAT_PUMPS = ("THP-200", "THP-270")

FAULT_CODES: list[FaultCode] = [
    # --- Softeners
    FaultCode(
        "E01",
        "Manque de sel dans le bac",
        SOFTENERS,
        "low",
        "Le voyant sel clignote et l'afficheur alterne l'heure et E01. "
        "L'adoucisseur régénère mais l'eau redevient calcaire.",
        [
            "Bac à sel vide ou presque",
            "Pont de sel : une croûte dure au-dessus d'un vide",
            "Capteur de niveau de sel encrassé",
        ],
        [
            Step(
                "Regardez dans le bac à sel",
                _p(
                    "Le sel doit dépasser le niveau de l'eau. Tapotez la surface "
                    "avec un manche à balai : si elle sonne creux, c'est un pont "
                    "de sel, cassez-le."
                ),
                "salt",
            ),
            Step(
                "Rechargez en sel en pastilles",
                _p("Au moins un sac de 25 kg, sans dépasser le haut du puits."),
            ),
            Step(
                "Lancez une régénération manuelle",
                _p(
                    "Maintenez la touche de régénération 5 secondes. Le voyant "
                    "s'éteint à la fin du cycle, dans 20 minutes."
                ),
                "wait",
            ),
            Step(
                "Si E01 revient avec du sel dans le bac",
                _p("Nettoyez la lentille du capteur de niveau à l'eau claire."),
            ),
        ],
    ),
    FaultCode(
        "E02",
        "Aspiration de saumure impossible",
        SOFTENERS,
        "medium",
        "La régénération se termine mais le niveau d'eau du bac à sel ne "
        "baisse pas ; le sel n'est pas consommé et le calcaire réapparaît.",
        [
            "Injecteur ou filtre d'injecteur bouché par du calcaire ou des "
            "impuretés du sel",
            "Tuyau de saumure pincé ou prise d'air au raccord",
            "Évacuation à l'égout trop haute ou bouchée",
        ],
        [
            Step(
                "Mettez l'adoucisseur en by-pass et débranchez-le",
                _p("Fermez l'entrée et la sortie, ouvrez la vanne centrale."),
                "bypass",
            ),
            Step(
                "Démontez et nettoyez l'injecteur",
                _p(
                    "Dévissez le bouchon de l'injecteur sur le côté de la vanne, "
                    "rincez l'injecteur et son filtre à l'eau tiède. Remplacez "
                    "l'injecteur s'il reste entartré."
                ),
                "wrench",
            ),
            Step(
                "Contrôlez le tuyau de saumure et l'égout",
                _p(
                    "Le tuyau ne doit pas être écrasé ; le tuyau d'égout doit "
                    "descendre sans remonter de plus de 2 m."
                ),
            ),
            Step(
                "Relancez une régénération et observez le bac",
                _p(
                    "Pendant l'aspiration de saumure, le niveau d'eau du bac "
                    "doit baisser nettement en 10 minutes."
                ),
                "wait",
            ),
        ],
    ),
    FaultCode(
        "E03",
        "Dureté résiduelle trop élevée, eau calcaire",
        SOFTENERS,
        "low",
        "Des traces de calcaire réapparaissent sur la robinetterie et dans la "
        "bouilloire alors que l'adoucisseur fonctionne et consomme du sel.",
        [
            "Vis de mélange trop ouverte",
            "Dureté de l'eau du réseau plus élevée que celle programmée",
            "Résine épuisée ou encrassée par le fer",
        ],
        [
            Step(
                "Mesurez la dureté au robinet",
                _p(
                    "Avec le kit TH, à un robinet d'eau froide après deux minutes "
                    "d'écoulement. La cible est de 8 à 15 °f."
                ),
                "hardness",
            ),
            Step(
                "Réglez la vis de mélange",
                _p(
                    "Un quart de tour dans le sens horaire baisse la dureté "
                    "d'environ 3 °f. Mesurez à nouveau après 5 minutes."
                ),
            ),
            Step(
                "Mesurez l'eau du réseau et reprogrammez la vanne",
                _p(
                    "Si la dureté du réseau a changé, saisissez la nouvelle "
                    "valeur dans le menu de la vanne."
                ),
            ),
        ],
        search_description="Calcaire malgré l'adoucisseur : réglage de la dureté.",
    ),
    FaultCode(
        "E04",
        "Trop d'eau dans le bac à sel",
        ("AQP-500",),
        "medium",
        "Le bac à sel est rempli d'eau bien au-dessus du sel, parfois jusqu'au "
        "trop-plein. Le sel fond en bouillie.",
        [
            "Flotteur de sécurité bloqué par du sel",
            "Coupure de courant pendant le remplissage du bac",
            "Injecteur bouché : la saumure n'est plus aspirée",
        ],
        [
            Step(
                "Vérifiez le trop-plein",
                _p(
                    "Le tuyau de trop-plein doit être raccordé à l'égout, sans "
                    "passer par le tuyau d'évacuation de la vanne."
                ),
            ),
            Step(
                "Libérez le flotteur du puits de saumure",
                _p("Sortez le flotteur, rincez-le et vérifiez qu'il coulisse."),
            ),
            Step(
                "Lancez une régénération manuelle",
                _p(
                    "L'aspiration doit vider l'excédent d'eau. Sinon, nettoyez "
                    "l'injecteur (code E02)."
                ),
                "wait",
            ),
        ],
    ),
    FaultCode(
        "E05",
        "Moteur de vanne bloqué",
        SOFTENERS,
        "high",
        "L'afficheur montre E05 et la vanne ne change plus de position ; on "
        "entend le moteur forcer ou un bruit de cliquetis, puis plus rien. "
        "L'eau peut couler en continu à l'égout.",
        [
            "Piston de vanne grippé par le calcaire ou le sable",
            "Moteur ou micro-contact de position défectueux",
            "Joints de piston usés",
        ],
        [
            Step(
                "Mettez l'adoucisseur en by-pass",
                _p(
                    "La maison reste alimentée en eau non adoucie et l'eau ne "
                    "coule plus à l'égout."
                ),
                "bypass",
            ),
            Step(
                "Débranchez puis rebranchez la vanne",
                _p(
                    "Attendez 30 secondes. Si E05 revient au premier mouvement, "
                    "ne relancez pas : la vanne doit être démontée."
                ),
                "electricity",
            ),
            Step(
                "Faites intervenir un technicien",
                _p(
                    "Il remplace le kit de joints de piston ou la tête de vanne. "
                    "Préparez la référence de l'appareil et sa date de pose."
                ),
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Laissez l'adoucisseur en by-pass et débranché. Prévenez le client "
            "que l'eau est calcaire jusqu'à l'intervention, sans danger pour "
            "la santé."
        ),
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "E07",
        "Coupure de courant, horloge à régler",
        SOFTENERS,
        "low",
        "L'afficheur clignote en alternant 12:00 et E07 après une coupure de "
        "courant de plus de 8 heures.",
        [
            "Coupure de courant prolongée",
            "Transformateur débranché par erreur",
            "Pile de sauvegarde de l'horloge usée",
        ],
        [
            Step(
                "Réglez l'heure",
                _p("Avec les flèches, puis validez. Les autres réglages sont gardés."),
                "wait",
            ),
            Step(
                "Lancez une régénération si la coupure a duré plus de 2 jours",
                _p("La régénération programmée de la nuit a pu être manquée."),
            ),
        ],
    ),
    FaultCode(
        "E12",
        "Fuite détectée sous l'appareil",
        SOFTENERS,
        "high",
        "La sonde de fuite posée au sol a détecté de l'eau : l'afficheur "
        "montre E12, une alarme sonne et la vanne s'est mise en position "
        "d'arrêt. Une flaque ou des fuites goutte à goutte sont visibles "
        "sous l'adoucisseur ou le by-pass.",
        [
            "Joint torique du by-pass ou d'un raccord mal serré",
            "Joints de vanne usés après plusieurs années",
            "Trop-plein du bac à sel non raccordé",
            "Bouteille de résine fissurée (rare, après un gel)",
        ],
        [
            Step(
                "Fermez l'eau : by-pass en position fermée",
                _p(
                    "Fermez l'entrée et la sortie du by-pass et ouvrez la vanne "
                    "centrale : la maison garde l'eau, l'adoucisseur n'est plus "
                    "sous pression."
                ),
                "bypass",
            ),
            Step(
                "Débranchez la vanne et séchez le sol",
                _p("Séchez aussi la sonde de fuite : l'alarme s'arrête."),
                "electricity",
            ),
            Step(
                "Localisez la fuite",
                _p(
                    "Remettez l'entrée du by-pass en eau un court instant avec "
                    "un essuie-tout sec sous chaque raccord : by-pass, raccords "
                    "de vanne, tuyau d'égout, trop-plein du bac."
                ),
                "water_inlet",
            ),
            Step(
                "Réparez ou faites intervenir un technicien",
                _p(
                    "Un raccord se resserre et un joint de by-pass se change sur "
                    "place. Une fuite au corps de vanne ou à la bouteille "
                    "demande un technicien."
                ),
                "wrench",
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Laissez l'adoucisseur en by-pass, débranché, et la sonde de fuite "
            "sèche. L'eau de la maison reste disponible, non adoucie."
        ),
        safety_warnings=ELECTRICITY + " " + PRESSURE,
        search_description="Fuite d'eau sous l'adoucisseur : sonde de fuite, by-pass.",
    ),
    FaultCode(
        "E21",
        "Débit insuffisant, perte de pression",
        SOFTENERS,
        "medium",
        "La pression baisse à tous les robinets de la maison depuis la pose "
        "de l'adoucisseur ou progressivement ; la douche coule faiblement.",
        [
            "Préfiltre 20 µm colmaté",
            "Vanne de sortie du by-pass à moitié fermée",
            "Résine colmatée par le fer ou le sable",
        ],
        [
            Step(
                "Contrôlez le préfiltre",
                _p("Un carter brun ou une cartouche colmatée : changez-la."),
                "cartridge",
            ),
            Step(
                "Vérifiez la position des vannes du by-pass",
                _p("Entrée et sortie ouvertes à fond, vanne centrale fermée."),
                "bypass",
            ),
            Step(
                "Comparez la pression en by-pass",
                _p(
                    "Si la pression revient en by-pass, la résine est colmatée : "
                    "une désinfection ou un changement de résine s'impose."
                ),
                "pressure",
            ),
        ],
    ),
    # --- Reverse osmosis
    FaultCode(
        "E12",
        "Fuite interne, électrovanne d'entrée fermée",
        ("OSP-200",),
        "high",
        "L'OsmoPure 200 s'arrête, l'afficheur montre E12 et le voyant rouge "
        "clignote : la sonde placée au fond du capot a détecté de l'eau. Il "
        "n'y a plus d'eau au robinet d'eau osmosée.",
        [
            "Cartouche mal clipsée après un changement",
            "Raccord rapide mal enfoncé",
            "Tête de pompe fissurée",
        ],
        [
            Step(
                "Fermez l'arrivée d'eau et débranchez l'appareil",
                _p("Ouvrez le robinet d'eau osmosée pour faire chuter la pression."),
                "electricity",
            ),
            Step(
                "Ouvrez le capot et séchez la sonde",
                _p(
                    "Repérez où l'eau s'est accumulée : sous les cartouches, "
                    "sous un raccord ou sous la pompe."
                ),
            ),
            Step(
                "Reclipsez les cartouches et renfoncez les raccords",
                _p(
                    "Chaque cartouche se tourne d'un quart de tour jusqu'au "
                    "clic ; chaque tuyau s'enfonce de 15 mm."
                ),
                "cartridge",
            ),
            Step(
                "Remettez en eau, puis sous tension",
                _p(
                    "Si l'eau revient sous la pompe, l'appareil doit être "
                    "échangé : appelez le service technique."
                ),
                "water_inlet",
            ),
        ],
        safety_warnings=ELECTRICITY + " " + PRESSURE,
    ),
    FaultCode(
        "E31",
        "Pression d'entrée insuffisante",
        OSMOSERS,
        "medium",
        "La production d'eau osmosée est lente, le réservoir ne se remplit "
        "plus ou le débit au robinet faiblit ; l'eau coule beaucoup à l'égout.",
        [
            "Pression du réseau inférieure à 2,8 bar",
            "Cartouche de préfiltration colmatée",
            "Vanne d'alimentation partiellement fermée",
        ],
        [
            Step(
                "Mesurez la pression d'entrée",
                _p("Au manomètre d'entrée, robinets de la maison fermés."),
                "pressure",
            ),
            Step(
                "Changez la cartouche de préfiltration si elle est brune",
                _p("Une préfiltration colmatée fait perdre jusqu'à 1 bar."),
                "cartridge",
            ),
            Step(
                "Installez la pompe de surpression si la pression reste basse",
                _p(
                    "Sous 2,8 bar, la pompe 24 V rétablit la production et "
                    "réduit le rejet à l'égout."
                ),
            ),
        ],
    ),
    FaultCode(
        "E32",
        "Eau produite trop minéralisée, membrane à remplacer",
        OSMOSERS,
        "medium",
        "L'eau osmosée a un goût, le testeur TDS dépasse 50 mg/L ou le "
        "voyant qualité d'eau est orange.",
        [
            "Membrane usée ou entartrée",
            "Chlore arrivé sur la membrane : cartouche charbon épuisée",
            "Joint de membrane déplacé",
        ],
        [
            Step(
                "Mesurez le TDS de l'eau brute et de l'eau produite",
                _p("Un taux de réduction inférieur à 85 % signale la membrane."),
                "hardness",
            ),
            Step(
                "Changez les cartouches de préfiltration et de charbon",
                _p("Toujours avant la membrane, pour la protéger."),
                "cartridge",
            ),
            Step(
                "Remplacez la membrane",
                _p(
                    "Graissez son joint, enfoncez-la à fond dans le carter et "
                    "rincez dix minutes avant de boire l'eau."
                ),
            ),
        ],
    ),
    FaultCode(
        "E34",
        "Production en continu, l'eau coule toujours à l'égout",
        ("OSP-100",),
        "medium",
        "On entend un bruit d'écoulement permanent dans l'évacuation de "
        "l'évier, même réservoir plein ; la facture d'eau augmente.",
        [
            "Vanne d'arrêt automatique 4 voies défectueuse",
            "Clapet anti-retour de la membrane bloqué",
            "Réservoir dont la vessie est percée",
        ],
        [
            Step(
                "Fermez le robinet du réservoir",
                _p(
                    "L'écoulement doit s'arrêter en deux minutes. S'il continue, "
                    "la vanne d'arrêt automatique est en cause."
                ),
            ),
            Step(
                "Remplacez la vanne d'arrêt automatique",
                _p("Repérez les quatre tuyaux avant de les déclipser."),
                "wrench",
            ),
        ],
    ),
    FaultCode(
        "E35",
        "Réservoir sans pression, débit faible au robinet",
        ("OSP-100",),
        "low",
        "Le robinet d'eau osmosée coule en filet et le réservoir est lourd, "
        "plein d'eau.",
        [
            "Prégonflage du réservoir perdu (moins de 0,5 bar à vide)",
            "Vessie du réservoir percée",
        ],
        [
            Step(
                "Videz le réservoir",
                _p(
                    "Fermez l'arrivée, ouvrez le robinet jusqu'à ce qu'il ne "
                    "coule plus."
                ),
            ),
            Step(
                "Regonflez à 0,5 bar",
                _p(
                    "Par la valve sous le capuchon bleu, avec une pompe à vélo "
                    "équipée d'un manomètre."
                ),
                "pressure",
            ),
            Step(
                "Remplacez le réservoir si de l'eau sort de la valve",
                _p("La vessie est percée."),
            ),
        ],
    ),
    FaultCode(
        "E36",
        "Surchauffe de la pompe",
        ("OSP-200",),
        "high",
        "L'appareil s'arrête après quelques minutes de production, la pompe "
        "fait un bruit de ronflement aigu et le capot est chaud.",
        [
            "Arrivée d'eau fermée ou préfiltre colmaté : la pompe tourne à vide",
            "Pompe en fin de vie",
            "Appareil posé contre une source de chaleur (lave-vaisselle)",
        ],
        [
            Step(
                "Débranchez l'appareil et laissez refroidir",
                _p("Trente minutes au moins."),
                "electricity",
            ),
            Step(
                "Vérifiez l'arrivée d'eau et le kit de cartouches",
                _p("Vanne ouverte à fond, cartouches changées depuis moins d'un an."),
                "cartridge",
            ),
            Step(
                "Faites remplacer la pompe si le défaut revient",
                _p("Le remplacement demande l'ouverture du bloc hydraulique."),
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Laissez l'osmoseur débranché et l'arrivée d'eau fermée. Le client "
            "utilise l'eau du robinet de cuisine ou de l'eau en bouteille."
        ),
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "E38",
        "Bruit de gargouillement à l'évier",
        ("OSP-100",),
        "low",
        "Un bruit de gargouillement ou de sifflement sort de l'évacuation de "
        "l'évier pendant la production d'eau osmosée.",
        [
            "Collier de drain posé sous le siphon",
            "Tuyau de rejet qui fait une boucle pleine d'eau",
        ],
        [
            Step(
                "Déplacez le collier de drain",
                _p("Au-dessus du siphon, sur la partie verticale de l'évacuation."),
                "wrench",
            ),
            Step(
                "Raccourcissez le tuyau de rejet",
                _p("Il doit descendre en pente continue, sans boucle."),
            ),
        ],
    ),
    FaultCode(
        "F07",
        "Kit de cartouches à remplacer",
        ("OSP-200",),
        "low",
        "Le voyant cartouche est orange et l'afficheur montre F07 : le compteur "
        "de 12 mois ou de 4 000 litres est atteint.",
        ["Échéance normale de remplacement des cartouches"],
        [
            Step(
                "Remplacez les trois cartouches du kit",
                _p(
                    "Fermez l'arrivée, tournez chaque cartouche d'un quart de "
                    "tour, clipsez les neuves."
                ),
                "cartridge",
            ),
            Step(
                "Rincez et remettez le compteur à zéro",
                _p(
                    "Laissez couler dix minutes, puis maintenez la touche "
                    "cartouche 5 secondes."
                ),
                "rinse",
            ),
        ],
    ),
    FaultCode(
        "F08",
        "Reminéralisation épuisée, eau acide",
        ("OSP-100", "OSP-200"),
        "low",
        "L'eau osmosée a un goût plat ou légèrement acide ; son pH est "
        "inférieur à 6,5.",
        ["Cartouche reminéralisante épuisée", "Cartouche montée à l'envers"],
        [
            Step(
                "Mesurez le pH de l'eau produite",
                _p("Avec des bandelettes ; la cible est entre 7 et 7,5."),
                "hardness",
            ),
            Step(
                "Remplacez la cartouche reminéralisante",
                _p("La flèche de la cartouche dans le sens de l'eau."),
                "cartridge",
            ),
        ],
    ),
    # --- Filtration station
    FaultCode(
        "F01",
        "Préfiltre colmaté, pression en baisse",
        ("FPT-3", "UVP-40", "AQP-300"),
        "medium",
        "La pression baisse dans toute la maison ; le manomètre de la station "
        "indique plus de 0,8 bar de moins que la pression de référence, ou la "
        "cartouche sédiments est brune.",
        [
            "Cartouche sédiments saturée de sable ou de rouille",
            "Travaux sur le réseau public qui ont chargé l'eau",
        ],
        [
            Step(
                "Mettez la station en by-pass",
                _p(
                    "Ou fermez l'arrivée et ouvrez un robinet pour faire chuter "
                    "la pression."
                ),
                "bypass",
            ),
            Step(
                "Changez la cartouche sédiments",
                _p("Nettoyez le carter et graissez le joint torique."),
                "cartridge",
            ),
            Step(
                "Notez la nouvelle pression de référence",
                _p("Robinet ouvert, sur l'étiquette de la station."),
                "pressure",
            ),
        ],
        safety_warnings=PRESSURE,
    ),
    FaultCode(
        "F02",
        "Fuite au carter de filtration",
        ("FPT-3", "UVP-40"),
        "medium",
        "De l'eau perle ou coule autour de la bague d'un carter ; une petite "
        "flaque se forme sous la station.",
        [
            "Joint torique pincé, sec ou marqué",
            "Carter fendu par un serrage excessif",
            "Coup de bélier du réseau",
        ],
        [
            Step(
                "Fermez l'eau et faites chuter la pression",
                _p("Vanne d'entrée fermée, bouton de purge enfoncé."),
                "bypass",
            ),
            Step(
                "Changez le joint torique",
                _p("Graissez-le, posez-le à fond dans sa gorge, serrez à la main."),
                "wrench",
            ),
            Step(
                "Remplacez le carter s'il est fendu",
                _p("Une fissure se voit à contre-jour près du filetage."),
            ),
        ],
        safety_warnings=PRESSURE,
    ),
    FaultCode(
        "F03",
        "Goût de chlore ou odeur persistante",
        ("FPT-3",),
        "low",
        "L'eau du robinet a de nouveau un goût de chlore ou une odeur de "
        "moisi, alors que la station est en service.",
        ["Cartouche charbon actif saturée", "Cartouche charbon non rincée"],
        [
            Step(
                "Remplacez la cartouche charbon actif",
                _p("Deuxième carter dans le sens de l'eau."),
                "cartridge",
            ),
            Step("Rincez cinq minutes", _p("À un robinet d'eau froide."), "rinse"),
        ],
    ),
    FaultCode(
        "F05",
        "Eau trouble ou noire après changement de cartouche",
        ("FPT-3",),
        "low",
        "Juste après le remplacement des cartouches, l'eau sort grise ou "
        "noire, ou laiteuse avec des bulles.",
        [
            "Fines de charbon de la cartouche neuve",
            "Air dans les carters",
        ],
        [
            Step(
                "Purgez l'air de chaque carter",
                _p(
                    "Appuyez sur le bouton de purge jusqu'à ce que l'eau coule "
                    "sans bulles."
                ),
                "water_inlet",
            ),
            Step(
                "Rincez cinq à dix minutes",
                _p("L'eau s'éclaircit : les fines de charbon sont sans danger."),
                "rinse",
            ),
        ],
    ),
    FaultCode(
        "F06",
        "Dépôts de calcaire malgré la cartouche anti-tartre",
        ("FPT-3",),
        "low",
        "Des traces blanches de calcaire réapparaissent sur les robinets et "
        "dans le chauffe-eau.",
        [
            "Cristaux de polyphosphates épuisés",
            "Eau chaude au-delà de 60 °C : le polyphosphate ne protège plus",
            "Eau trop dure pour un simple traitement anti-tartre (plus de 30 °f)",
        ],
        [
            Step(
                "Regardez la cartouche de polyphosphates",
                _p("Si les cristaux ont fondu aux deux tiers, remplacez-la."),
                "cartridge",
            ),
            Step(
                "Mesurez la dureté de l'eau",
                _p("Au-delà de 30 °f, proposez un adoucisseur AquaPure."),
                "hardness",
            ),
        ],
    ),
    # --- UV steriliser
    FaultCode(
        "U01",
        "Lampe UV hors service",
        ("UVP-40",),
        "high",
        "Une alarme sonore retentit, le voyant rouge est fixe et l'afficheur "
        "montre U01 : la lampe ne s'allume plus, l'eau n'est plus désinfectée.",
        [
            "Lampe grillée ou cassée",
            "Connecteur de lampe mal enfoncé ou oxydé",
            "Ballast défaillant (voir U03)",
        ],
        [
            Step(
                "Prévenez le client de ne pas boire l'eau",
                _p("Eau bouillie ou en bouteille jusqu'au remplacement."),
            ),
            Step(
                "Coupez l'alimentation et retirez la lampe",
                _p(
                    "Laissez refroidir 5 minutes, dévissez le capuchon et tirez "
                    "la lampe par son culot, sans toucher le verre."
                ),
                "uv_lamp",
            ),
            Step(
                "Installez une lampe neuve",
                _p(
                    "Branchez le connecteur, remettez sous tension : le voyant "
                    "vert s'allume. Remettez le compteur à zéro."
                ),
                "electricity",
            ),
            Step(
                "Désinfectez le réseau en aval",
                _p("L'eau n'a pas été traitée pendant la panne : chlorez puis rincez."),
                "rinse",
            ),
        ],
        safety_warnings=UV_LAMP + " " + ELECTRICITY,
    ),
    FaultCode(
        "U02",
        "Lampe UV en fin de vie",
        ("UVP-40",),
        "low",
        "Le voyant orange clignote et l'afficheur compte les jours restants : "
        "la lampe a atteint 8 600 heures et sera hors d'usage dans 15 jours.",
        ["Usure normale de la lampe"],
        [
            Step(
                "Commandez une lampe UV 40 W",
                _p("Et les joints de gaine : changez-les en même temps."),
                "uv_lamp",
            ),
            Step(
                "Remplacez la lampe et nettoyez la gaine quartz",
                _p("Au vinaigre blanc, avec un chiffon doux."),
            ),
            Step(
                "Remettez le compteur à zéro",
                _p("Touche du ballast 5 secondes."),
                "wait",
            ),
        ],
        safety_warnings=UV_LAMP,
    ),
    FaultCode(
        "U03",
        "Ballast défaillant",
        ("UVP-40",),
        "high",
        "L'afficheur reste éteint ou montre U03 même avec une lampe neuve ; "
        "le ballast est chaud ou sent le brûlé.",
        ["Ballast électronique en panne", "Surtension sur le réseau électrique"],
        [
            Step(
                "Essayez une lampe neuve",
                _p("Si U03 persiste, le ballast est en cause."),
                "uv_lamp",
            ),
            Step(
                "Débranchez le ballast et faites-le remplacer",
                _p("Le ballast ne se répare pas."),
                "electricity",
            ),
        ],
        technician_required=True,
        while_waiting=(
            "L'eau n'est plus désinfectée : le client ne la boit pas et ne "
            "l'utilise pas pour cuisiner ; eau bouillie une minute ou eau en "
            "bouteille. Laissez le ballast débranché."
        ),
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "U04",
        "Intensité UV insuffisante",
        ("UVP-40",),
        "medium",
        "Le voyant orange est fixe et l'afficheur montre U04 : le capteur "
        "mesure une intensité UV trop faible pour désinfecter l'eau.",
        [
            "Gaine quartz encrassée par le calcaire ou le fer",
            "Eau trouble : préfiltre saturé",
            "Lampe en fin de vie",
        ],
        [
            Step(
                "Sortez la lampe puis la gaine quartz",
                _p("Alimentation coupée, eau fermée et pression chutée."),
                "uv_lamp",
            ),
            Step(
                "Nettoyez la gaine",
                _p(
                    "Au vinaigre blanc ou à l'acide citrique. Un dépôt qui revient "
                    "en quelques semaines signale une eau trop calcaire : un "
                    "adoucisseur en amont est nécessaire."
                ),
            ),
            Step(
                "Changez la cartouche du préfiltre",
                _p("Une eau trouble protège les germes des UV."),
                "cartridge",
            ),
        ],
        safety_warnings=UV_LAMP + " " + PRESSURE,
    ),
    FaultCode(
        "U05",
        "Fuite à l'écrou de la gaine quartz",
        ("UVP-40",),
        "medium",
        "De l'eau perle ou coule à l'une des extrémités de la chambre UV, "
        "autour de l'écrou de la gaine quartz.",
        ["Joints toriques de gaine durcis", "Écrou mal serré après l'entretien"],
        [
            Step(
                "Coupez l'alimentation et l'eau",
                _p("Puis faites chuter la pression en ouvrant un robinet."),
                "electricity",
            ),
            Step(
                "Remplacez les deux joints de gaine",
                _p("Serrez les écrous à la main : la gaine quartz casse sous la clé."),
                "wrench",
            ),
        ],
        safety_warnings=UV_LAMP + " " + ELECTRICITY,
    ),
    FaultCode(
        "U06",
        "Surchauffe de la chambre UV",
        ("UVP-40",),
        "medium",
        "Le premier verre d'eau est chaud après une nuit sans consommation ; "
        "l'afficheur montre U06.",
        ["Pas de circulation pendant plusieurs heures", "Chambre posée au soleil"],
        [
            Step(
                "Laissez couler l'eau une minute avant de la boire",
                _p("L'eau chaude de la chambre n'est pas dangereuse."),
                "rinse",
            ),
            Step(
                "Proposez une vanne thermostatique de purge",
                _p("Elle évacue quelques litres quand la chambre dépasse 40 °C."),
            ),
        ],
    ),
    # --- Air purifiers
    FaultCode(
        "A01",
        "Filtre HEPA à remplacer",
        PURIFIERS,
        "low",
        "Le voyant filtre est allumé et l'afficheur montre A01 ; le débit "
        "d'air a baissé.",
        ["Échéance de 12 mois atteinte", "Filtre saturé plus tôt (travaux, animaux)"],
        [
            Step(
                "Remplacez le filtre HEPA H13",
                _p("Plis vers l'intérieur de l'appareil, étiquette visible."),
                "air_filter",
            ),
            Step(
                "Remettez le compteur à zéro",
                _p("Touche filtre 3 secondes : le voyant s'éteint."),
                "wait",
            ),
        ],
    ),
    FaultCode(
        "A02",
        "Filtre charbon saturé, odeurs persistantes",
        PURIFIERS,
        "low",
        "Les odeurs de cuisine ou de tabac ne disparaissent plus, l'appareil "
        "sent parfois mauvais en démarrant.",
        ["Filtre charbon actif saturé", "Filtre humide (pièce mal ventilée)"],
        [
            Step(
                "Remplacez le filtre charbon actif",
                _p("Il ne se lave pas et ne se régénère pas."),
                "air_filter",
            ),
        ],
    ),
    FaultCode(
        "A03",
        "Capteur de particules encrassé",
        PURIFIERS,
        "low",
        "En mode automatique, le voyant de qualité d'air reste rouge ou varie "
        "sans raison, la vitesse change sans arrêt.",
        ["Poussière dans la lentille du capteur PM2,5", "Capteur défectueux"],
        [
            Step(
                "Nettoyez le capteur",
                _p("Ouvrez la trappe latérale, coton-tige sec dans la lentille."),
            ),
            Step(
                "Remplacez le capteur si la mesure reste incohérente",
                _p("Un capteur PM2,5 se clipse sur la carte."),
                "wrench",
            ),
        ],
    ),
    FaultCode(
        "A04",
        "Capteur de COV défaillant",
        ("AIR-400",),
        "medium",
        "Le voyant COV clignote et l'afficheur montre A04 ; le mode "
        "automatique ne réagit plus aux odeurs.",
        ["Capteur de COV en fin de vie", "Connecteur débranché après un transport"],
        [
            Step(
                "Débranchez l'appareil une minute",
                _p("Le capteur se réinitialise au démarrage."),
                "electricity",
            ),
            Step(
                "Remplacez le capteur de COV",
                _p("Derrière la trappe latérale, deux vis."),
                "wrench",
            ),
        ],
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "A05",
        "Ventilateur bloqué ou bruit anormal",
        PURIFIERS,
        "high",
        "L'appareil s'arrête, l'afficheur montre A05, ou un bruit de "
        "frottement, de cliquetis ou de vibration apparaît.",
        [
            "Objet tombé dans la grille de sortie",
            "Roulement du moto-ventilateur usé",
            "Appareil posé sur un sol irrégulier",
        ],
        [
            Step(
                "Arrêtez et débranchez l'appareil",
                _p("Ne passez rien dans la grille appareil branché."),
                "electricity",
            ),
            Step(
                "Retirez l'objet éventuel et calez l'appareil",
                _p("Lampe de poche par la grille du haut."),
            ),
            Step(
                "Faites remplacer le moto-ventilateur si le bruit persiste",
                _p("Intervention en atelier, appareil retourné au revendeur."),
                "wrench",
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Laissez l'appareil débranché et aérez la pièce dix minutes matin "
            "et soir. Proposez un appareil de prêt aux clients allergiques."
        ),
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "A06",
        "Porte des filtres mal fermée",
        PURIFIERS,
        "low",
        "L'appareil ne démarre pas ou s'arrête dès qu'on le touche ; le "
        "voyant filtre clignote vite et l'afficheur montre A06.",
        ["Porte arrière mal clipsée", "Filtre mal positionné qui empêche la fermeture"],
        [
            Step(
                "Repositionnez les filtres",
                _p("Préfiltre, HEPA puis charbon, chacun dans son logement."),
                "air_filter",
            ),
            Step("Refermez la porte jusqu'au clic", _p("Des deux côtés.")),
        ],
    ),
    FaultCode(
        "A07",
        "Voyant filtre toujours allumé après remplacement",
        PURIFIERS,
        "low",
        "Le filtre a été remplacé mais le voyant filtre reste allumé.",
        ["Compteur des filtres non remis à zéro"],
        [
            Step(
                "Remettez le compteur à zéro",
                _p("Appareil allumé, touche filtre maintenue 3 secondes."),
                "wait",
            ),
        ],
    ),
    # --- Heat-pump water heaters
    FaultCode(
        "H01",
        "Sonde de température de cuve défaillante",
        HEAT_PUMPS,
        "medium",
        "L'afficheur montre H01 et une température incohérente ; l'eau chaude "
        "est produite par la seule résistance.",
        ["Sonde NTC de cuve coupée ou en court-circuit", "Connecteur oxydé"],
        [
            Step(
                "Coupez le disjoncteur et contrôlez le connecteur",
                _p("Sur la carte de commande, derrière le capot avant."),
                "electricity",
            ),
            Step(
                "Mesurez la sonde",
                _p("Environ 10 kΩ à 25 °C ; sinon remplacez la sonde NTC."),
                "thermometer",
            ),
        ],
        safety_warnings=ELECTRICITY,
    ),
    FaultCode(
        "H02",
        "Sonde d'évaporateur défaillante",
        HEAT_PUMPS,
        "medium",
        "L'afficheur montre H02 ; la pompe à chaleur ne démarre plus et "
        "l'appareil chauffe à l'appoint électrique.",
        ["Sonde NTC d'évaporateur défectueuse", "Câble pincé par le capot"],
        [
            Step(
                "Coupez le disjoncteur",
                _p("Et attendez 5 minutes avant d'ouvrir le capot supérieur."),
                "electricity",
            ),
            Step(
                "Remplacez la sonde d'évaporateur",
                _p("Collée sur le tube en cuivre de l'évaporateur."),
                "thermometer",
            ),
        ],
        safety_warnings=ELECTRICITY + " " + REFRIGERANT,
    ),
    FaultCode(
        "H03",
        "Haute pression du circuit frigorifique",
        HEAT_PUMPS,
        "high",
        "L'afficheur montre H03 ; la pompe à chaleur s'arrête en sécurité "
        "après quelques minutes et un bruit de compresseur anormal peut "
        "précéder l'arrêt.",
        [
            "Eau de la cuve au-delà de 65 °C",
            "Sonde de cuve mal placée dans son doigt de gant",
            "Défaut du détendeur",
        ],
        [
            Step(
                "Notez la température affichée et la consigne",
                _p("Une consigne au-delà de 62 °C n'est pas possible en PAC seule."),
                "thermometer",
            ),
            Step(
                "Coupez le disjoncteur cinq minutes et remettez sous tension",
                _p("Si H03 revient, ne réarmez plus : appelez le service technique."),
                "electricity",
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Passez l'appareil en mode ÉLEC : la résistance assure l'eau "
            "chaude. Prévenez le client que la consommation électrique augmente "
            "jusqu'à l'intervention."
        ),
        safety_warnings=REFRIGERANT,
    ),
    FaultCode(
        "H04",
        "Basse pression, fuite de fluide frigorigène",
        HEAT_PUMPS,
        "high",
        "L'afficheur montre H04 ; l'air soufflé n'est plus froid, la pompe à "
        "chaleur s'arrête et une trace huileuse peut apparaître sur les "
        "raccords frigorifiques.",
        [
            "Fuite de fluide frigorigène R290",
            "Évaporateur pris en glace (local trop froid)",
            "Filtre à air très encrassé",
        ],
        [
            Step(
                "Aérez le local et écartez toute flamme",
                _p("En cas d'odeur de gaz, coupez le disjoncteur depuis le tableau."),
            ),
            Step(
                "Contrôlez le filtre à air et la température du local",
                _p("Au-dessous de -5 °C, la PAC s'arrête normalement."),
                "air_filter",
            ),
            Step(
                "Faites rechercher la fuite",
                _p("Le circuit R290 ne s'ouvre que par un frigoriste habilité."),
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Mode ÉLEC pour l'eau chaude, local aéré. Aucune intervention sur "
            "les raccords frigorifiques."
        ),
        safety_warnings=REFRIGERANT,
    ),
    FaultCode(
        "H05",
        "Air hors plage, bascule sur l'appoint électrique",
        HEAT_PUMPS,
        "low",
        "L'afficheur montre H05 et le symbole de la résistance : l'air est "
        "trop froid ou trop chaud pour la pompe à chaleur. L'eau chaude reste "
        "disponible.",
        [
            "Température de l'air inférieure à -5 °C (ou -7 °C gainé)",
            "Local trop petit qui se refroidit pendant la chauffe",
        ],
        [
            Step(
                "Vérifiez la température du local",
                _p("Le défaut disparaît seul quand l'air se réchauffe."),
                "thermometer",
            ),
            Step(
                "Conseillez un local plus grand ou un gainage",
                _p(
                    "Moins de 20 m³ pour le modèle sur air ambiant : proposez "
                    "le 270 L gainable."
                ),
            ),
        ],
    ),
    FaultCode(
        "H06",
        "Filtre à air de l'évaporateur encrassé",
        HEAT_PUMPS,
        "low",
        "L'eau chaude met plus longtemps à chauffer, le ventilateur tourne "
        "plus fort et l'afficheur montre H06.",
        ["Filtre à air colmaté par la poussière ou les peluches du sèche-linge"],
        [
            Step(
                "Sortez le filtre par le haut de l'appareil",
                _p("Sans outil, appareil en marche ou à l'arrêt."),
                "air_filter",
            ),
            Step(
                "Nettoyez-le à l'aspirateur ou remplacez-le",
                _p("S'il est gras ou déchiré, remplacez-le."),
            ),
        ],
    ),
    FaultCode(
        "H07",
        "Résistance d'appoint hors service",
        HEAT_PUMPS,
        "medium",
        "L'eau chaude est tiède en hiver et le cycle anti-légionellose échoue ; "
        "l'afficheur montre H07.",
        [
            "Résistance stéatite coupée",
            "Thermostat de sécurité déclenché",
            "Résistance entartrée",
        ],
        [
            Step(
                "Réarmez le thermostat de sécurité",
                _p("Disjoncteur coupé, bouton rouge sous le capot inférieur."),
                "electricity",
            ),
            Step(
                "Faites remplacer la résistance si le défaut persiste",
                _p("Elle se change sans vidange, sous son fourreau."),
                "wrench",
            ),
        ],
        technician_required=True,
        while_waiting=(
            "La pompe à chaleur continue de chauffer l'eau au-dessus de -5 °C : "
            "conseillez au client de décaler les douches en fin de journée."
        ),
        safety_warnings=ELECTRICITY + " " + HOT_WATER,
    ),
    FaultCode(
        "H08",
        "Défaut d'évacuation des condensats",
        HEAT_PUMPS,
        "medium",
        "De l'eau au pied du chauffe-eau ; la fuite apparaît pendant le "
        "fonctionnement de la pompe à chaleur, jamais à l'arrêt.",
        [
            "Siphon des condensats vide ou bouché",
            "Tuyau écrasé ou qui remonte",
        ],
        [
            Step(
                "Remplissez le siphon",
                _p("Un verre d'eau ; nettoyez-le s'il est encrassé."),
                "rinse",
            ),
            Step(
                "Vérifiez la pente du tuyau",
                _p("Pente continue vers l'égout, sans coude écrasé."),
            ),
            Step(
                "Si la fuite vient d'un raccord d'eau",
                _p(
                    "L'eau coule aussi à l'arrêt : c'est une fuite hydraulique, "
                    "resserrez le raccord ou changez le joint."
                ),
                "wrench",
            ),
        ],
    ),
    FaultCode(
        "H09",
        "Anode à contrôler, odeur d'œuf pourri",
        HEAT_PUMPS,
        "low",
        "L'eau chaude sent l'œuf pourri ; l'afficheur rappelle H09 après "
        "deux ans de fonctionnement.",
        [
            "Anode magnésium usée ou qui réagit avec une eau adoucie",
            "Eau chaude stockée longtemps à basse température",
        ],
        [
            Step(
                "Vidangez partiellement et contrôlez l'anode",
                _p(
                    "Remplacez-la sous 10 mm de diamètre ; joint de bride neuf "
                    "à chaque ouverture."
                ),
                "anode",
            ),
            Step(
                "Sur une eau adoucie, posez l'anode titane",
                _p("Elle ne s'use pas et supprime l'odeur."),
            ),
            Step(
                "Lancez un cycle anti-légionellose",
                _p("62 °C pendant une heure."),
                "thermometer",
            ),
        ],
        safety_warnings=HOT_WATER,
    ),
    FaultCode(
        "H10",
        "Surpression, le groupe de sécurité goutte",
        HEAT_PUMPS,
        "medium",
        "Le groupe de sécurité goutte ou coule en permanence, pas seulement "
        "pendant la chauffe ; la pression du réseau dépasse 4 bar.",
        [
            "Pression du réseau trop élevée, pas de réducteur",
            "Groupe de sécurité entartré",
        ],
        [
            Step(
                "Mesurez la pression du réseau",
                _p("Au-delà de 4 bar, posez un réducteur réglé à 3 bar."),
                "pressure",
            ),
            Step(
                "Manœuvrez le groupe de sécurité",
                _p("S'il goutte toujours, remplacez-le : il est entartré."),
                "wrench",
            ),
        ],
        safety_warnings=HOT_WATER + " " + PRESSURE,
    ),
    FaultCode(
        "H11",
        "Dégivrage trop long",
        ("THP-270",),
        "low",
        "Par temps froid et humide, la pompe à chaleur s'arrête souvent pour "
        "dégivrer et l'afficheur montre H11 ; l'appoint électrique prend le "
        "relais.",
        ["Gaines trop longues ou écrasées", "Grille extérieure obstruée"],
        [
            Step(
                "Contrôlez les gaines et les grilles",
                _p("10 m au total au maximum, sans coude écrasé, grilles dégagées."),
            ),
            Step(
                "Nettoyez le filtre à air",
                _p("Un filtre encrassé allonge le dégivrage."),
                "air_filter",
            ),
        ],
    ),
    FaultCode(
        "H12",
        "Défaut de communication de la carte de commande",
        HEAT_PUMPS,
        "high",
        "L'afficheur est figé ou montre H12 ; ni la pompe à chaleur ni la "
        "résistance ne chauffent, il n'y a plus d'eau chaude.",
        ["Carte de commande défectueuse", "Nappe de l'afficheur débranchée"],
        [
            Step(
                "Coupez le disjoncteur deux minutes",
                _p("Puis remettez sous tension."),
                "electricity",
            ),
            Step(
                "Faites remplacer la carte de commande si H12 revient",
                _p("La carte se change sans vidange ni intervention frigorifique."),
            ),
        ],
        technician_required=True,
        while_waiting=(
            "Il n'y a plus d'eau chaude : proposez au client un chauffe-eau "
            "électrique de prêt si l'intervention dépasse 48 heures."
        ),
        safety_warnings=ELECTRICITY,
    ),
]


# --- The rest of the tree -------------------------------------------------------

DOCUMENTATION_INTRODUCTION = _p(
    "Fiches techniques, notices de mise en service, codes défaut et tableau des "
    "consommables de toute la gamme Oxyplus : tout ce qu'il faut pour vendre, "
    "installer et dépanner."
)
FAULT_CODES_INTRODUCTION = _p(
    "Le code affiché par l'appareil, ce qu'il signifie et comment le faire "
    "disparaître. Tapez-le comme il apparaît, par exemple E12."
)
CONSUMABLES_INTRODUCTION = _p(
    "Pour chaque appareil, les consommables à prévoir et leur fréquence de "
    "remplacement. Imprimez ce tableau pour votre magasin ou votre véhicule."
)


def months_text(months: int) -> str:
    """``6`` → "Tous les 6 mois", ``24`` → "Tous les 2 ans"."""
    if months == 1:
        return "Tous les mois"
    if months == 12:
        return "Tous les ans"
    if months % 12 == 0:
        return f"Tous les {months // 12} ans"
    return f"Tous les {months} mois"


# The large set swaps these in so its pages do not all read alike.
SHEET_TITLES = [
    "Fiche technique",
    "Fiche d'installation",
    "Caractéristiques et prérequis",
    "Fiche produit",
    "Guide de pose",
]
MANUAL_TITLES = [
    "Notice de mise en service",
    "Guide de démarrage rapide",
    "Premiers pas",
    "Mise en route",
    "Notice simplifiée",
]
SETTINGS = [
    "en maison individuelle",
    "en appartement",
    "en local professionnel",
    "en résidence secondaire",
    "en rénovation",
    "en construction neuve",
]
SETTINGS_OF_RANGE = {
    "air": ["en chambre d'enfant", "en cabinet médical"],
    "heat_pump": ["en garage non chauffé", "en buanderie"],
}
WATER_SETTINGS = ["en eau de puits", "en région calcaire"]


def settings_for(family: Family) -> list[str]:
    """Where an appliance of the range is installed, for the large set's titles."""
    return SETTINGS + SETTINGS_OF_RANGE.get(family.key, WATER_SETTINGS)
