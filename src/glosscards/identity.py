"""A term's identity across glossary versions.

Two headings name the same term when they are equal up to case, accents, spacing and
punctuation: ``Large-Language  Model``, ``large language model`` and ``Large Language Model!``
are one term, as are ``Ockham’s Razor`` and ``Ockham's Razor``. Three marks are not punctuation
in a name, because they tell different things apart: ``+`` and ``#`` anywhere, and a leading
``.``. So ``C``, ``C++``, ``C#``, ``F#`` and ``.NET`` stay five terms (an earlier version kept only
letters and digits and merged them). Letters of every script count (an earlier version dropped
all but ASCII, so two Cyrillic headings could collide).

The stable identity key of a term (the Anki note GUID comes from it) is a slug of the name the
term had when it was first imported, and never changes afterwards, even when the term is renamed.
Slugs are exactly what earlier versions made for every name without an ASCII ``+``, ``#`` or a
leading ``.``, so GUIDs already sent to Anki stay valid; those three now spell themselves out
(``c-plus-plus``, ``c-sharp``, ``dot-net``) instead of vanishing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["identity_key", "match_key", "unique_key"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_TOKEN = re.compile(r"[+#]|[^\W_]+")
"""A word (letters and digits of any script), or one of the marks that tell names apart."""
_SPELLED = (("+", " plus "), ("#", " sharp "))


@lru_cache(maxsize=1 << 16)
def match_key(name: str) -> str:
    """``"Large-Language  Model!"`` → ``"large language model"``; ``"C++"`` → ``"c + +"``.

    What two headings share exactly when they name the same term (see the module docstring).
    """
    stripped = name.strip()
    lead = "." if stripped.startswith(".") else ""
    if stripped.isascii():  # most names: nothing to decompose (and a cache for the repeats)
        folded = stripped.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", stripped)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return lead + " ".join(t for t in _TOKEN.findall(folded))


def identity_key(name: str) -> str:
    """The stable key a new term gets: a slug of its name (``large-language-model``)."""
    text = name.strip()
    if text.startswith("."):
        text = "dot " + text[1:]
    for symbol, word in _SPELLED:
        text = text.replace(symbol, word)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_WORD.sub(" ", folded).strip().replace(" ", "-") or "term"


def unique_key(name: str, taken: set[str]) -> str:
    """:func:`identity_key`, with a numeric suffix when another term already holds it."""
    base = identity_key(name)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
