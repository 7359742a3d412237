"""A typed answer compared with the expected one, forgivingly, and the difference to show.

Like Anki's ``{{type:}}`` comparison, the answer side shows what was typed against what was
expected, character by character. What is forgiven — never a difference, never marked:

* case (``large language model``), accents and other compatibility forms (Unicode NFKD with
  the combining marks dropped: ``Naive`` for ``Naïve``, ``ﬁ`` for ``fi``);
* spacing, hyphens and underscores: they are ignored, so ``Large-Language  Model``,
  ``large_language_model`` and ``LargeLanguageModel`` all match ``Large Language Model``;
* curly quotes for straight ones (``Ockham's`` for ``Ockham’s``), as term identity does;
* a parenthesised kind hint at the end of the expected answer (``Claude (model)``): the card
  shows the kind as the gap's hint (:mod:`glosscards.cloze` writes ``{{c1::Claude::model}}``),
  so it is never required, though typing it is no mistake either.

Everything else counts: other punctuation (``C++`` is not ``C``), a typo, a missing word. The
difference is :class:`difflib.SequenceMatcher`'s on the forgiven forms, words first (a word
left out is missing whole, not matched letter by letter with its neighbours), then the letters
of the words that differ. It is reported in the original spellings: what matched as the
expected answer writes it, what was typed wrong or too much as the learner typed it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from glosscards.glossary.naming import is_kind_word

__all__ = ["Segment", "SegmentKind", "TypedAnswer", "check_typed"]

_SEPARATORS = frozenset("-_")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_HINT = re.compile(r"\(([^()]*)\)\s*$")


class SegmentKind(StrEnum):
    SAME = "same"
    """In both: shown as the expected answer writes it."""
    MISSING = "missing"
    """Expected, not typed (after a ``WRONG`` segment: what should have stood there)."""
    EXTRA = "extra"
    """Typed, not expected."""
    WRONG = "wrong"
    """Typed where other characters were expected (the ``MISSING`` segment that follows)."""


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass(frozen=True, slots=True)
class TypedAnswer:
    """Whether the typed answer is right, and the difference in reading order."""

    correct: bool
    diff: tuple[Segment, ...]


def check_typed(typed: str, expected: str, *, hint: str | None = None) -> TypedAnswer:
    """Compare ``typed`` with ``expected``. A parenthesised part ending ``expected`` is optional
    when it is ``hint`` (the card's kind hint), or, without ``hint``, a kind word (``model``,
    ``python module``: :func:`glosscards.glossary.naming.is_kind_word`)."""
    mine = _fold(typed)
    shorter = _without_hint(expected, hint)
    candidates = [expected] if shorter is None else [shorter, expected]
    best: tuple[float, str, _Folded] | None = None
    for candidate in candidates:
        theirs = _fold(candidate)
        if mine.text == theirs.text:
            return TypedAnswer(True, _segments(typed, mine, candidate, theirs))
        ratio = difflib.SequenceMatcher(a=mine.text, b=theirs.text, autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, candidate, theirs)
    assert best is not None  # there is always one candidate
    _, candidate, theirs = best
    return TypedAnswer(False, _segments(typed, mine, candidate, theirs))


def _without_hint(expected: str, hint: str | None) -> str | None:
    """``expected`` without its trailing kind hint, or ``None`` when it ends with none."""
    match = _HINT.search(expected)
    before = expected[: match.start()].rstrip() if match else ""
    if match is None or not before:
        return None
    inside = " ".join(match.group(1).split())
    if hint is not None:
        is_hint = _fold(inside).text == _fold(hint).text
    else:
        is_hint = is_kind_word(" ".join(word.capitalize() for word in inside.split()))
    return before if is_hint else None


@dataclass(frozen=True, slots=True)
class _Folded:
    """A text as compared, for each of its characters the index of the original character it
    comes from, and where each word (a run between forgiven separators) starts."""

    text: str
    origin: tuple[int, ...]
    starts: tuple[int, ...]

    def words(self) -> list[str]:
        ends = (*self.starts[1:], len(self.text))[: len(self.starts)]
        return [self.text[start:end] for start, end in zip(self.starts, ends, strict=True)]

    def start(self, word: int) -> int:
        return self.starts[word] if word < len(self.starts) else len(self.text)


def _fold(text: str) -> _Folded:
    """``text`` as compared (see the module docstring)."""
    chars: list[str] = []
    origin: list[int] = []
    starts: list[int] = []
    apart = True
    for index, char in enumerate(text.translate(_QUOTES)):
        for part in unicodedata.normalize("NFKD", char):
            for folded in part.casefold():
                if folded.isspace() or folded in _SEPARATORS or _is_dash(folded):
                    apart = True
                elif not unicodedata.combining(folded):
                    if apart:
                        starts.append(len(chars))
                        apart = False
                    chars.append(folded)
                    origin.append(index)
    return _Folded("".join(chars), tuple(origin), tuple(starts))


def _is_dash(char: str) -> bool:
    return unicodedata.category(char) == "Pd"


def _segments(typed: str, mine: _Folded, expected: str, theirs: _Folded) -> tuple[Segment, ...]:
    """The difference of the folded forms as segments of the original texts: words first
    (a word left out is missing whole), then the characters of the words that differ.

    A folded range ``[i, j)`` covers the original from the character of ``i`` to that of
    ``j``: what folding dropped (spaces, hyphens, combining marks) stays with the character
    before it. A range inside one character that folds to several (``ß``, ``ﬁ``) shows it."""

    def span(text: str, folded: _Folded, start: int, end: int) -> str:
        origin = folded.origin
        first = 0 if start == 0 else origin[start] if start < len(origin) else len(text)
        last = origin[end] if end < len(origin) else len(text)
        if first == last and start < end:
            return text[origin[start]]
        return text[first:last]

    out: list[Segment] = []

    def add(kind: SegmentKind, text: str) -> None:
        if text and out and out[-1].kind is kind:
            out[-1] = Segment(kind, out[-1].text + text)
        elif text:
            out.append(Segment(kind, text))

    def emit(op: str, i1: int, i2: int, j1: int, j2: int) -> None:
        typed_part, expected_part = span(typed, mine, i1, i2), span(expected, theirs, j1, j2)
        if op == "equal":
            add(SegmentKind.SAME, expected_part)
        elif op == "delete":
            add(SegmentKind.EXTRA, typed_part)
        elif op == "insert":
            add(SegmentKind.MISSING, expected_part)
        else:
            add(SegmentKind.WRONG, typed_part)
            add(SegmentKind.MISSING, expected_part)

    words = difflib.SequenceMatcher(a=mine.words(), b=theirs.words(), autojunk=False)
    for op, w1, w2, v1, v2 in words.get_opcodes():
        i1, i2, j1, j2 = mine.start(w1), mine.start(w2), theirs.start(v1), theirs.start(v2)
        if op != "replace":
            emit(op, i1, i2, j1, j2)
            continue
        chars = difflib.SequenceMatcher(a=mine.text[i1:i2], b=theirs.text[j1:j2], autojunk=False)
        for char_op, x1, x2, y1, y2 in chars.get_opcodes():
            emit(char_op, i1 + x1, i1 + x2, j1 + y1, j1 + y2)
    return tuple(out)
