"""Text as people type it: lower case, no accents, serials without separators.

Searches compare what is typed with a folded copy of each searched column,
stored by the database itself (a ``GeneratedField``) so that no write, not
even a ``bulk_create`` or an ``update()``, leaves it stale. ``fold`` folds
what is typed the same way, so both sides meet: "GÉRARD", "gérard" and
"gerard" all become "gerard".

On PostgreSQL the copy is ``LOWER`` wrapped in one ``REPLACE`` per letter:
both are immutable, as a stored generated column requires (``unaccent`` is
not). SQLite's parser refuses more than about 28 nested calls, so there the
copy calls ``fold`` itself, registered on each connection as a deterministic
function (as Django registers its own, ``REVERSE`` or ``LPAD``).
"""

from django.db.models import Expression, Func, Q, TextField, Value
from django.db.models.functions import Replace, Upper

# Each accented letter, in both cases (LOWER may only know A to Z), and the
# letters a keyboard without them writes as two.
_LETTERS = {
    "a": "àáâãäåÀÁÂÃÄÅ",
    "ae": "æÆ",
    "c": "çÇ",
    "e": "èéêëÈÉÊË",
    "i": "ìíîïÌÍÎÏ",
    "n": "ñÑ",
    "o": "òóôõöøÒÓÔÕÖØ",
    "oe": "œŒ",
    "u": "ùúûüÙÚÛÜ",
    "y": "ýÿÝŸ",
    "'": "’ʼ",  # noqa: RUF001 - the typographic apostrophe of "N’Diaye"
}
FOLDED = {letter: plain for plain, letters in _LETTERS.items() for letter in letters}
SERIAL_SEPARATORS = "- ./"
# The fewest last characters of a serial number that find it, as a caller
# reads them off a worn rating plate.
SERIAL_TAIL_MIN = 4
SQLITE_FUNCTION = "PORTAL_FOLD"
# Words of a query matched at most: a pasted paragraph stays one cheap query.
MAX_WORDS = 5


def fold(text: str) -> str:
    """``"Gérard ŒUVRAY"`` → ``"gerard oeuvray"``, as ``Fold`` stores it."""
    return "".join(FOLDED.get(c, c) for c in text.lower())


def folded_words_in(field: str, text: str) -> Q:
    """Every word of ``text``, folded, somewhere in the folded column
    ``field``, in any order; nothing if ``text`` has no word."""
    words = fold(text).split()[:MAX_WORDS]
    if not words:
        return Q(pk__in=[])
    return Q(*(Q(**{f"{field}__contains": word}) for word in words))


class Fold(Func):
    """The database's ``fold()`` of one text expression.

    Changing ``FOLDED`` changes what this computes without a migration
    noticing: add one that drops and re-adds the generated columns.
    """

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        sql, params = f"LOWER({sql})", list(params)
        for letter, plain in FOLDED.items():
            sql = f"REPLACE({sql}, %s, %s)"
            params += [letter, plain]
        return sql, tuple(params)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function=SQLITE_FUNCTION, **extra_context
        )


def _fold_or_null(text: str | None) -> str | None:
    return None if text is None else fold(text)


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection ``PORTAL_FOLD``: its generated columns
    call it on every write (``connection_created`` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, _fold_or_null, deterministic=True
        )


def serial_compact(text: str) -> str:
    """``" ab-123.45 "`` → ``"AB12345"``: a serial number without separators."""
    kept = (c for c in text.upper() if c not in SERIAL_SEPARATORS)
    return "".join("".join(kept).split())


def serial_matches(text: str, *, field: str = "serial_compact") -> Q:
    """A serial number typed whole, with or without its separators, or its
    last ``SERIAL_TAIL_MIN`` characters or more (digits among them)."""
    serial = serial_compact(text)
    if len(serial) >= SERIAL_TAIL_MIN and any(c.isdigit() for c in serial):
        return Q(**{f"{field}__endswith": serial})
    return Q(**{field: serial}) if serial else Q(pk__in=[])


def serial_compacted(expression: Expression) -> Expression:
    """The database's ``serial_compact()`` of ``expression``."""
    result = Upper(expression)
    for separator in SERIAL_SEPARATORS:
        result = Replace(result, Value(separator), Value(""))
    return result
