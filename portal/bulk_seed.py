"""What the large demo seeds share: the bench resellers' prefixes, made-up
names, fast SQLite loading and ids for bulk inserts.

``seed_demo --scale large`` builds the bench resellers and their orders
(``ordering.demo.large``), then their customers and installations
(``accounts.demo.large``) and the documentation volume (``pages.demo.large``);
each finds the others' rows by these prefixes instead of importing them.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Max, Model

# Slugs of the bench resellers and references of the bench products.
SLUG_PREFIX = "bench-"
REFERENCE_PREFIX = "BN-"

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Lucie",
    "Anne", "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Christine",
    "Sophie", "Valérie", "Céline", "Aurélie", "Hélène", "Monique", "Brigitte",
    "Françoise", "Élodie", "Mathilde", "Pauline", "Laure", "Nicolas", "Thomas",
    "Julien", "Pierre", "Jean", "Philippe", "Michel", "Alain", "Patrick", "Christophe",
    "Laurent", "Olivier", "Frédéric", "Sébastien", "Stéphane", "David", "Éric",
    "Vincent", "Antoine", "Maxime", "Hugo", "Lucas", "Louis", "Gabriel", "Arthur",
    "Yann", "Gwenaël", "Erwan", "Mathieu", "Benoît", "Gérard", "Bernard"
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert",
    "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
    "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas",
    "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis",
    "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux",
    "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine",
    "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre",
    "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
    "Le Goff", "Kerjean", "Le Gall", "Tanguy", "Le Bihan"
]  # fmt: skip

CITIES = [
    ("Lyon", "69003"), ("Villeurbanne", "69100"), ("Grenoble", "38000"),
    ("Annecy", "74000"), ("Chambéry", "73000"), ("Saint-Étienne", "42000"),
    ("Clermont-Ferrand", "63000"), ("Dijon", "21000"), ("Besançon", "25000"),
    ("Strasbourg", "67000"), ("Mulhouse", "68100"), ("Metz", "57000"),
    ("Nancy", "54000"), ("Reims", "51100"), ("Lille", "59000"),
    ("Amiens", "80000"), ("Rouen", "76000"), ("Caen", "14000"),
    ("Rennes", "35000"), ("Brest", "29200"), ("Quimper", "29000"),
    ("Vannes", "56000"), ("Saint-Brieuc", "22000"), ("Nantes", "44000"),
    ("Angers", "49000"), ("Le Mans", "72000"), ("Tours", "37000"),
    ("Orléans", "45000"), ("Bourges", "18000"), ("Poitiers", "86000"),
    ("La Rochelle", "17000"), ("Limoges", "87000"), ("Bordeaux", "33000"),
    ("Pau", "64000"), ("Bayonne", "64100"), ("Toulouse", "31000"),
    ("Montauban", "82000"), ("Perpignan", "66000"), ("Montpellier", "34000"),
    ("Nîmes", "30000"), ("Avignon", "84000"), ("Marseille", "13001"),
    ("Aix-en-Provence", "13100"), ("Toulon", "83000"), ("Nice", "06000"),
    ("Cannes", "06400"), ("Ajaccio", "20000"), ("Valence", "26000"),
    ("Paris", "75011"), ("Versailles", "78000"), ("Créteil", "94000"),
    ("Nanterre", "92000"), ("Saint-Denis", "93200"), ("Évry", "91000"),
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo",
    "boulevard Pasteur", "rue des Écoles", "chemin des Vignes", "allée des Tilleuls",
    "rue du Moulin", "place de l'Église", "route de la Gare", "impasse des Lilas",
    "rue des Artisans", "avenue de la Libération", "rue Gambetta",
    "chemin de la Source",
]  # fmt: skip


@contextmanager
def sqlite_fast_load() -> Iterator[None]:
    """On SQLite, skip the fsyncs while loading, then restore the settings.

    The load is one transaction on a scratch database: if the machine dies
    half-way, the file is thrown away anyway.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
            cursor.execute("PRAGMA cache_size = -2000")
            cursor.execute("PRAGMA temp_store = DEFAULT")


def next_id(model: type[Model]) -> int:
    """The id the next bulk-created row of ``model`` takes."""
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def insert_rows(model: type[Model], fields: list[str], rows: list[tuple]) -> None:
    """INSERT rows already in database form with one ``executemany``.

    ``bulk_create`` spends nine tenths of its time building model instances
    and preparing each value; for the million rows of the benchmark set that
    is the difference between two minutes and ten. Nothing here needs a
    model's ``save()``: no signal, no ``auto_now``, ids chosen up front.
    """
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    times = [
        i
        for i, name in enumerate(fields)
        if meta.get_field(name).get_internal_type() == "DateTimeField"
    ]
    if times:
        adapt = connection.ops.adapt_datetimefield_value
        rows = [
            tuple(adapt(v) if i in times else v for i, v in enumerate(row))
            for row in rows
        ]
    with connection.cursor() as cursor:
        # Names come from the model's metadata; every value is a parameter.
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, rows)
