"""How a reseller's words become a search: fault codes, accents and French stems.

The same functions prepare what is indexed and what is asked, so "fuite",
"fuites" and "Fuité" meet on every database, SQLite included, and a fault code
is found however it is typed ("E12", "e12", "E 12", "e-12").
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# One or two letters then digits, possibly separated by a space or a dash.
FAULT_CODE = re.compile(r"^\s*([A-Za-z]{1,2})\s*[-\s]?\s*(\d{1,4})\s*$")
# Inside a longer query only a single letter is joined to its number, so
# "de 12 bar" stays three words while "E 12" becomes E12.
FAULT_CODE_IN_TEXT = re.compile(r"(?<![\w])([A-Za-z])[\s-](\d{1,4})(?![\w])")
WORD = re.compile(r"\w+", re.UNICODE)
# A title that starts with its code: "E12 — Fuite", "E 12 : fuite", "E12-Fuite".
_LEADING_CODE = re.compile(r"^\s*([A-Za-z]{1,2}\s*-?\s*\d{1,4})(?!\w)[\s:\-–—·.]*")
# Words that say nothing about what is searched; left out of queries only.
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a au aux avec c ce ces d dans de des du en et il l la le les leur ma mon "
        "ne ni on ou par pas pour qu que qui sa se ses son sur ta ton un une vos "
        "votre y the of and or to in on for with is",
    )
)


def fault_code_normalise(text: str) -> str:
    """``"e 12"`` → ``"E12"``; empty when the text is not a fault code."""
    match = FAULT_CODE.match(text or "")
    if not match:
        return ""
    return f"{match.group(1).upper()}{match.group(2)}"


def fold(text: str) -> str:
    """Lower case without accents: "Fuité" → "fuite"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    # Snowball is pure Python (~0.1 ms a word); indexing repeats words a lot.
    return _STEMMER.stemWord(word)


def stems_of(text: str) -> list[str]:
    """The French stems of the words of ``text``, accents folded."""
    words = WORD.findall(fold(FAULT_CODE_IN_TEXT.sub(r"\1\2", text or "")))
    return [_stem(w) for w in words]


def query_terms(query: str) -> list[str]:
    """Distinct stems of a query, in the order typed."""
    seen: dict[str, None] = {}
    words = WORD.findall(fold(FAULT_CODE_IN_TEXT.sub(r"\1\2", query or "")))
    kept = [w for w in words if w not in STOP_WORDS]
    for stem in map(_stem, kept):
        seen.setdefault(stem, None)
    return list(seen)


def title_without_code(title: str, code: str) -> str:
    """``"E12 — Fuite"`` → ``"Fuite"``: the title without the code it
    repeats, for lists that show the code beside it."""
    match = _LEADING_CODE.match(title)
    if match and fault_code_normalise(match.group(1)) == code:
        return title[match.end() :] or title
    return title
