"""A term's identity across glossary versions.

Headings match "up to case, spacing and punctuation", so the match key of a name keeps only
lowercase letters and digits separated by single spaces. The stable identity key of a term (the
Anki note GUID comes from it) is derived from the name the term had when it was first imported and
never changes afterwards, even when the term is renamed.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["identity_key", "match_key", "unique_key"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def match_key(name: str) -> str:
    """``"Large-Language  Model!"`` → ``"large language model"``: what two headings share if equal."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_WORD.sub(" ", folded).strip()


def identity_key(name: str) -> str:
    """The stable key a new term gets: a slug of its name (``large-language-model``)."""
    return match_key(name).replace(" ", "-") or "term"


def unique_key(name: str, taken: set[str]) -> str:
    """:func:`identity_key`, with a numeric suffix when another term already holds it."""
    base = identity_key(name)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
