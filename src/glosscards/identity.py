"""A term's identity across glossary versions.

Two headings name the same term when they are equal up to case, accents, spacing, dashes and
quote styles: ``Large-Language  Model`` is ``large language model``, ``Ockham’s Razor`` is
``Ockham's Razor``. Every other character counts, so ``C``, ``C++``, ``C#``, ``F#`` and ``.NET``
stay five terms (an earlier version kept only letters and digits and merged them). Only
sentence punctuation at the very end (``Inc.``, ``Yes!``) is dropped.

The stable identity key of a term (the Anki note GUID comes from it) is a slug of the name the
term had when it was first imported, and never changes afterwards, even when the term is renamed.
Slugs are what earlier versions made for every name of letters, digits, spaces and punctuation,
so GUIDs already sent to Anki stay valid; only ``+``, ``#`` and a leading ``.`` now spell
themselves out (``c-plus-plus``, ``c-sharp``, ``dot-net``) instead of vanishing.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["identity_key", "match_key", "unique_key"]

_QUOTES = dict.fromkeys(map(ord, "'\"`´‘’‚‛“”„‟′″«»"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_]+")
_TRAILING = re.compile(r"[\s.,;:!?]+$")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SPELLED = (("+", " plus "), ("#", " sharp "))


def _fold(name: str) -> str:
    """Compatibility forms unified, accents removed, case folded."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_key(name: str) -> str:
    """``"Large-Language  Model"`` → ``"large language model"``; ``"C++"`` → ``"c++"``.

    What two headings share exactly when they name the same term (see the module docstring).
    """
    folded = _SEPARATORS.sub(" ", _fold(name).translate(_QUOTES)).strip()
    return _TRAILING.sub("", folded) or folded


def identity_key(name: str) -> str:
    """The stable key a new term gets: a slug of its name (``large-language-model``)."""
    text = _fold(name).strip()
    if text.startswith("."):
        text = "dot " + text[1:]
    for symbol, word in _SPELLED:
        text = text.replace(symbol, word)
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", ascii_text).strip().replace(" ", "-") or "term"


def unique_key(name: str, taken: set[str]) -> str:
    """:func:`identity_key`, with a numeric suffix when another term already holds it."""
    base = identity_key(name)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
