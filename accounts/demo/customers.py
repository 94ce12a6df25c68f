"""The demo resellers' customers, what was installed for them, what they reorder.

Dates are counted in days before the day the demo is seeded, so the
maintenance schedule tells the same story whenever it runs: some consumables
overdue, some due within the month, most later. Each figure below was chosen
with a margin of a few days, because calendar months are not all the same
length. Customers who also appear in the order history (Benoît Lambert,
Monique Faure, Gwenaël Tanguy, Frédéric Barbier...) are installed after the
reseller's order for them was delivered, at the address it was shipped to.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoInstallation:
    serial: str  # as on the rating plate; it identifies the demo row
    appliance: str
    installed: int  # days ago
    # Days ago of the last maintenance visit: every consumable due by then
    # (or within the month after) was changed that day.
    serviced: int | None = None
    # References of the consumables fitted; empty means FITTED[appliance].
    parts: tuple[str, ...] = ()
    hardness: str = ""  # °f
    pressure: str = ""  # bar
    notes: str = ""


@dataclass(frozen=True)
class DemoCustomer:
    first_name: str
    last_name: str
    line1: str
    postcode: str
    city: str
    installations: tuple[DemoInstallation, ...]
    email: str = ""
    phone: str = ""
    line2: str = ""
    shares_record: bool = True


@dataclass(frozen=True)
class DemoWebOrder:
    key: str
    serial: str  # the installation whose consumables are reordered
    days_ago: int
    lines: tuple[tuple[str, int], ...]
    delivered: bool = False  # else still waiting for the bank transfer


# The consumables a technician lists when fitting each appliance; the
# quantity is the compatibility table's quantity per change.
FITTED: dict[str, tuple[str, ...]] = {
    "AQP-300": ("SEL-PAS-25", "RES-CAT-25", "DES-RES-500", "KIT-TH"),
    "AQP-500": ("SEL-PAS-25", "RES-CAT-25", "DES-RES-500", "KIT-TH"),
    "OSP-100": (
        "MEM-OSM-75",
        "CAR-OSM-PRE",
        "CAR-OSM-CHB",
        "CAR-OSM-POST",
        "CAR-OSM-MIN",
    ),
    "OSP-200": ("MEM-OSM-400", "KIT-OSM-DF3", "FLT-SED-20"),
    "FPT-3": ("FLT-SED-20", "FLT-CHB-10", "FLT-POLY-10"),
    "UVP-40": ("LMP-UV-40", "FLT-SED-20"),
    "AIR-200": ("FLT-HEPA-200", "FLT-CHA-200", "PRE-AIR-2"),
    "AIR-400": ("FLT-HEPA-400", "FLT-CHA-400", "PRE-AIR-2"),
    "THP-200": ("ANO-MG-THP", "FLT-EVA-THP"),
    "THP-270": ("ANO-MG-THP", "FLT-EVA-THP"),
}

I = DemoInstallation  # noqa: E741 (the tables below read better short)
C = DemoCustomer

# The customer who signs in to the customer space in the demo.
CUSTOMER_LOGIN = "client@oxyplus.test"

# fmt: off
CUSTOMERS: dict[str, list[DemoCustomer]] = {
    # Lyon, Ain, Isère: hard water, many osmosers and softeners.
    "aqua-services-lyon": [
        C("Élise", "Fontaine", "14 rue Duguesclin", "69006", "Lyon",
          email=CUSTOMER_LOGIN, phone="06 12 48 73 90", installations=(
            I("OS1-2207841", "OSP-100", installed=355, serviced=170,
              pressure="3.2",
              notes="Osmoseur sous l'évier de la cuisine, robinet 3 voies posé."),
            I("AP2-0193377", "AIR-200", installed=230,
              notes="Purificateur dans la chambre des enfants (asthme)."),
        )),
        C("Benoît", "Lambert", "9 rue Pasteur", "69540", "Irigny",
          email="benoit.lambert@example.fr", phone="06 71 25 93 08", installations=(
            I("OS1-2209156", "OSP-100", installed=64, pressure="3.6",
              notes="TDS de l'eau produite : 18 ppm."),
        )),
        C("Monique", "Faure", "8 chemin des Vignes", "69290", "Craponne",
          email="monique.faure@example.fr", phone="04 78 44 19 62", installations=(
            I("AP2-0201458", "AIR-200", installed=58,
              notes="Appareil livré par le centre d'appels, mis en service au "
                    "salon."),
        )),
        C("Gérard", "Chevalier", "Lieu-dit La Combe", "38440",
          "Saint-Jean-de-Bournay", email="gerard.chevalier@example.fr",
          phone="06 83 17 52 44", installations=(
            I("AQ3-1154820", "AQP-300", installed=610, serviced=250,
              parts=("SEL-PAS-25", "RES-CAT-25", "DES-RES-500", "FLT-SED-20"),
              hardness="36.0", pressure="4.0",
              notes="Adoucisseur en cave avec by-pass 3 vannes. Dureté "
                    "résiduelle réglée à 10 °f."),
            I("UV4-0388215", "UVP-40", installed=35,
              notes="Eau de puits. Préfiltre 20 µm posé en amont du "
                    "stérilisateur."),
        )),
        C("Nathalie", "Girard", "14 allée des Tilleuls", "38200", "Vienne",
          email="nathalie.girard@example.fr", phone="06 28 90 61 37", installations=(
            I("AQ5-0572194", "AQP-500", installed=9, hardness="34.0",
              pressure="4.5",
              notes="Adoucisseur bi-bloc au garage ; robinet extérieur laissé "
                    "en eau dure pour le jardin."),
        )),
        C("Olivier", "Mercier", "31 cours Émile Zola", "69100", "Villeurbanne",
          email="olivier.mercier@example.fr", phone="07 66 12 38 05", installations=(
            I("AP4-0077310", "AIR-400", installed=385, serviced=200,
              notes="Open space de 70 m², appareil en mode automatique."),
        )),
        C("Sandrine", "Perrin", "41 route de Genas", "69500", "Bron",
          phone="04 72 37 80 14", shares_record=False, installations=(
            I("FP3-0641182", "FPT-3", installed=700, serviced=160, pressure="5.5",
              notes="Filtration en tête d'installation au sous-sol. Pression "
                    "du réseau élevée : réducteur conseillé. Pas d'adresse "
                    "électronique, rappeler la cliente."),
        )),
        C("Jean-Pierre", "Morel", "2 place de la Mairie", "01600", "Trévoux",
          email="jp.morel@example.fr", phone="06 45 70 28 19", installations=(
            I("OS2-0155903", "OSP-200", installed=480, serviced=120,
              pressure="2.8"),
        )),
    ],
    # Finistère, Ille-et-Vilaine, Morbihan, Côtes-d'Armor: soft water, wells.
    "confort-eau-bretagne": [
        C("Gwenaël", "Tanguy", "3 rue de Pen Ar Creac'h", "29200", "Brest",
          email="gwenael.tanguy@example.fr", phone="06 58 21 74 90", installations=(
            I("AQ3-1160347", "AQP-300", installed=63,
              parts=("SEL-BLC-16", "RES-CAT-25", "DES-RES-500", "KIT-TH"),
              hardness="26.0", pressure="3.5",
              notes="Eau de forage calcaire. Adoucisseur dans la buanderie, "
                    "sel en blocs."),
        )),
        C("Anne", "Quéméner", "Lieu-dit Kerhuel", "29510", "Briec",
          email="anne.quemener@example.fr", phone="02 98 59 41 26", installations=(
            I("UV4-0371062", "UVP-40", installed=540, serviced=170,
              notes="Eau de source ; stérilisateur en local technique."),
        )),
        C("Loïc", "Guillou", "8 rue du Port", "56470", "La Trinité-sur-Mer",
          email="loic.guillou@example.fr", phone="06 33 84 15 72", installations=(
            I("AP2-0184290", "AIR-200", installed=400),
        )),
        C("Catherine", "Le Gall", "22 boulevard de la Liberté", "35000", "Rennes",
          email="catherine.legall@example.fr", phone="06 19 47 62 83",
          line2="Appartement 12, 3e étage", installations=(
            I("OS1-2198470", "OSP-100", installed=200, pressure="3.0"),
        )),
        C("Yvon", "Kerdraon", "Hameau de Keriolet", "22300", "Lannion",
          phone="02 96 37 12 58", shares_record=False, installations=(
            I("FP3-0652277", "FPT-3", installed=120,
              notes="Client sans adresse électronique : le rappeler pour "
                    "l'entretien."),
        )),
        C("Ronan", "Le Corre", "12 rue de Dinan", "35400", "Saint-Malo",
          email="ronan.lecorre@example.fr", phone="06 72 05 38 61", installations=(
            I("OS2-0142718", "OSP-200", installed=700, serviced=340,
              pressure="2.6"),
            I("UV4-0366540", "UVP-40", installed=340,
              notes="Puits : analyse bactériologique conseillée chaque année."),
        )),
        C("Gaëlle", "Morvan", "11 rue de Brest", "29000", "Quimper",
          email="gaelle.morvan@example.fr", phone="06 91 26 48 30", installations=(
            I("AP4-0081956", "AIR-400", installed=15),
        )),
    ],
    # Bouches-du-Rhône, Var, Vaucluse: very hard water, heat-pump water heaters.
    "thermoplus-provence": [
        C("Frédéric", "Barbier", "1120 chemin de la Source", "13100",
          "Aix-en-Provence", line2="Mas des Oliviers",
          email="frederic.barbier@example.fr", phone="06 14 52 87 39",
          installations=(
            I("TP2-0418833", "THP-200", installed=14,
              notes="Chauffe-eau en cellier, évacuation des condensats "
                    "raccordée, groupe de sécurité neuf."),
        )),
        C("Christophe", "Roussel", "22 avenue Frédéric Mistral", "84000", "Avignon",
          email="christophe.roussel@example.fr", phone="07 81 39 24 66",
          installations=(
            I("AP2-0212743", "AIR-200", installed=5),
        )),
        C("Véronique", "Arnaud", "7 rue des Cigales", "13600", "La Ciotat",
          email="veronique.arnaud@example.fr", phone="06 37 18 95 02",
          installations=(
            I("TP7-0096125", "THP-270", installed=20,
              notes="Modèle 270 L gainable choisi à la place du 200 L ; gaines "
                    "vers l'extérieur."),
        )),
        C("Jean-Marc", "Fabre", "18 traverse des Pins", "13009", "Marseille",
          email="jm.fabre@example.fr", phone="06 24 63 70 58", installations=(
            I("TP2-0397714", "THP-200", installed=710, serviced=45),
            I("AQ3-1176502", "AQP-300", installed=430, serviced=45,
              parts=("SEL-PAS-25", "RES-CAT-25", "DES-RES-500", "KIT-TH",
                     "FLT-SED-20"),
              hardness="32.0", pressure="3.8",
              notes="Adoucisseur posé pour protéger le chauffe-eau "
                    "thermodynamique."),
        )),
        C("Sylvie", "Boyer", "4 impasse des Lavandes", "83000", "Toulon",
          email="sylvie.boyer@example.fr", phone="06 50 82 13 47", installations=(
            I("OS1-2186355", "OSP-100", installed=560, serviced=190,
              pressure="4.2"),
        )),
        C("Marcel", "Giraud", "Route de Gordes", "84220", "Roussillon",
          line2="La Bastide Blanche", phone="04 90 05 62 31", shares_record=False,
          installations=(
            I("AQ5-0561388", "AQP-500", installed=380,
              parts=("SEL-BLC-16", "RES-CAT-25", "DES-RES-500", "KIT-TH"),
              hardness="38.0", pressure="4.8",
              notes="Pas d'adresse électronique. Bac à sel dans la remise."),
        )),
        C("Leïla", "Mansouri", "36 boulevard Baille", "13005", "Marseille",
          email="leila.mansouri@example.fr", phone="06 77 40 91 25",
          installations=(
            I("FP3-0660419", "FPT-3", installed=250, pressure="4.6"),
        )),
        C("Thierry", "Castellani", "12 avenue de la Mer", "83400", "Hyères",
          email="thierry.castellani@example.fr", phone="06 62 97 34 18",
          installations=(
            I("AP4-0069824", "AIR-400", installed=170,
              notes="Séjour ouvert sur la cuisine : filtre charbon conseillé."),
        )),
    ],
}

WEB_ORDERS = [
    # Ordered ahead of the annual service, waiting for the transfer.
    DemoWebOrder("fontaine-cartouches", "OS1-2207841", days_ago=3,
                 lines=(("CAR-OSM-PRE", 1), ("CAR-OSM-CHB", 1))),
    # Salt for the softener, paid by transfer, delivered.
    DemoWebOrder("fabre-sel", "AQ3-1176502", days_ago=24,
                 lines=(("SEL-PAS-25", 4),), delivered=True),
]
# fmt: on
