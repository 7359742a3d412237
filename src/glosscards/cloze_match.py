"""Where the spellings of a term stand in a line: what :mod:`glosscards.cloze` hides.

Word-bounded, case-insensitive, with an optional ``s``/``es`` plural, the longest spelling first
at a position: what one regex of all the spellings finds (:func:`matcher`), found with
``str.find`` wherever that is exact (:func:`find_matches`), since a regex compiled per entry
made an import several times slower.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "FOLDS_TO_ASCII",
    "Pattern",
    "Spelling",
    "find_matches",
    "flexible",
    "matcher",
    "spans",
    "visible",
]


class Pattern(NamedTuple):
    """A spelling to hide in the prompt; ``ordinal`` is 2 for the acronym itself, else 1.

    The functions here take any ``(text, ordinal)`` pair (:data:`Spelling`): the card maker
    keeps plain tuples, which the cycle collector stops tracking and which hash in C."""

    text: str
    ordinal: int


Spelling = tuple[str, int]


def spans(line: str, patterns: tuple[Spelling, ...]) -> list[tuple[int, int, int]]:
    """(start, end, ordinal) of each spelling in ``line``: found with ``str.find`` where that
    is exact, else with the patterns' regex."""
    if not patterns:
        return []
    matches = find_matches(line, patterns)
    if matches is None:
        matches = [(m.start(), m.end(), 1) for m in matcher(patterns).finditer(line)]
    return matches


def visible(line: str, patterns: tuple[Spelling, ...]) -> str:
    """``line`` with every spelling of the term taken out (what surrounds the gaps)."""
    matches = spans(line, patterns)
    out: list[str] = []
    position = 0
    for start, end, _ in matches:
        out.append(line[position:start])
        position = end
    out.append(line[position:])
    return " ".join("".join(out).split())


@lru_cache(maxsize=64)
def matcher(patterns: tuple[Spelling, ...]) -> re.Pattern[str]:
    """One regex: any pattern, word-bounded, case-insensitive, with an optional plural."""
    alternatives = "|".join(f"(?P<p{i}>{flexible(p[0])})" for i, p in enumerate(patterns))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:e?s)?(?!\w)", re.IGNORECASE)


def flexible(text: str) -> str:
    """``text`` as a regex in which any run of whitespace matches any run of whitespace."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# What Python's case-insensitive regex takes for an ASCII letter outside ASCII (İ and ı for i,
# ſ for s, the Kelvin sign for k); tests/test_cloze_matches.py checks it on every code point.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _plain_beyond_ascii(line: str) -> bool:
    """True when no character of ``line`` outside ASCII can match, or be lower-cased into,
    an ASCII pattern, and the only white space is single spaces: then ``str.find`` on the
    lower-cased line finds what the regex finds, at the same places."""
    if "  " in line:
        return False
    for char in set(line):
        if char.isascii():
            if char.isspace() and char != " ":
                return False
        elif char.isspace() or char in FOLDS_TO_ASCII or not _lowers_beyond_ascii(char):
            return False
    return True


def _lowers_beyond_ascii(char: str) -> bool:
    lower = char.lower()
    return len(lower) == 1 and not lower.isascii()


@lru_cache(maxsize=256)
def _needles(patterns: tuple[Spelling, ...]) -> tuple[tuple[str, int], ...] | None:
    """Each pattern as :func:`find_matches` seeks it, and its ordinal; None: one is not ASCII."""
    if not all(p[0].isascii() for p in patterns):
        return None
    return tuple((" ".join(p[0].split()).lower(), p[1]) for p in patterns)


def find_matches(line: str, patterns: Sequence[Spelling]) -> list[tuple[int, int, int]] | None:
    """Non-overlapping (start, end, ordinal) of the patterns in ``line``, as :func:`matcher`
    would find them — word-bounded, case-insensitive, optional ``s``/``es`` plural, longest
    pattern first at a position — but with ``str.find``, not a regex compiled per entry (which
    made an import several times slower). ``None`` when the line needs the regex: a pattern
    outside ASCII, runs of white space, or a character outside ASCII that could meet one (the
    regex's Unicode case folding takes ``ı`` for ``I``; see :func:`_plain_beyond_ascii`)."""
    needles = _needles(tuple(patterns))
    if needles is None:
        return None
    if line.isascii():
        if "  " in line or "\t" in line or "\n" in line:
            return None
    elif not _plain_beyond_ascii(line):
        return None
    lower = line.lower()  # one character for each of line's: the same places
    found: list[tuple[int, int, int, int]] = []  # (start, -pattern rank, end, ordinal)
    for rank, (needle, ordinal) in enumerate(needles):
        if not needle:
            continue
        at = lower.find(needle)
        while at != -1:
            end = at + len(needle)
            if at == 0 or not _is_word_char(line[at - 1]):
                for suffix in ("es", "s", ""):
                    stop = end + len(suffix)
                    if lower.startswith(suffix, end) and (
                        stop == len(line) or not _is_word_char(line[stop])
                    ):
                        found.append((at, rank, stop, ordinal))
                        break
            at = lower.find(needle, at + 1)
    found.sort()
    out: list[tuple[int, int, int]] = []
    position = 0
    for start, _, end, ordinal in found:
        if start >= position:
            out.append((start, end, ordinal))
            position = end
    return out
