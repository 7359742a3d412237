"""The import diff: which stored term each entry of a new glossary version is, and what changes.

A pure function of (terms already in the collection, entries of the file). Matching, in order:

1. **Name**: equal headings up to case, spacing and punctuation (:func:`glosscards.identity.match_key`).
2. **Alias**: any name or alias of the entry equals a name or alias of a stored term that is still
   unmatched (``LangChain Expression Language (LCEL)`` → ``LCEL``).
3. **Rename by content**: an entry and a stored term, both still unmatched, whose definitions are
   nearly identical (:func:`definition_similarity` ≥ :data:`RENAME_THRESHOLD`), best pairs first.
   Only pairs sharing one of their rarest shingles are scored (:func:`content_pairs`): the same
   pairs as scoring every pair, in time near-linear in the glossary.

A matched term whose content hash differs is *changed*; whose name differs, *renamed*; a retired term
that matches comes back *restored* with its history. Unmatched stored terms are *removed* (retired,
never deleted); unmatched entries are *added*.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from glosscards.glossary.entry import Entry
from glosscards.identity import match_key

__all__ = [
    "RENAME_THRESHOLD",
    "Change",
    "ImportPlan",
    "IncomingTerm",
    "KnownTerm",
    "PlannedChange",
    "ProgressFn",
    "content_pairs",
    "definition_similarity",
    "definition_text",
    "plan_import",
]

RENAME_THRESHOLD = 0.6
"""Similarity of word 3-shingle sets at or above which two unmatched entries are one entry renamed.

Chosen from the real pair 2024-06-27 → 2025-03-01: after name and alias matching, 13 terms of the
old version are left unmatched. The ten that are the same entry renamed (``StableDiffusion Model``
→ ``Stable Diffusion Model``, ``Attention`` → ``Attention Mechanism``, …) score 0.84 – 1.0 against
their new name; for the other three the best candidate scores 0.33 or less (``Agentic`` against
``Agentic Workflow``, a different entry). 0.6 sits in the middle of that gap. Jaccard on word
3-shingles, rather than an edit ratio, because it is linear in the text, ignores reordering of
sentences, and drops fast when a definition is rewritten rather than touched up."""


ProgressFn = Callable[[int, int], None]
"""``progress(done, total)``: how far the matching is (for a progress bar)."""


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    RENAMED = "renamed"
    RESTORED = "restored"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class KnownTerm:
    """What the import needs to know of a term already in the collection."""

    key: str
    name: str
    aliases: tuple[str, ...]
    content_hash: str
    retired: bool
    definition: str
    position: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class IncomingTerm:
    """An entry of the file being imported, with its content hash."""

    entry: Entry
    content_hash: str

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def definition(self) -> str:
        return definition_text(self.entry.glosses, self.entry.paragraphs)


@dataclass(frozen=True, slots=True)
class PlannedChange:
    change: Change
    incoming: IncomingTerm | None = None
    known: KnownTerm | None = None
    matched_by: str = ""
    similarity: float | None = None

    @property
    def name(self) -> str:
        if self.incoming is not None:
            return self.incoming.name
        assert self.known is not None
        return self.known.name


@dataclass(frozen=True, slots=True)
class ImportPlan:
    changes: tuple[PlannedChange, ...]

    def of(self, change: Change) -> list[PlannedChange]:
        return [c for c in self.changes if c.change is change]

    @property
    def writes_nothing(self) -> bool:
        """No term is added, changed, renamed, restored or removed."""
        return all(c.change is Change.UNCHANGED for c in self.changes)

    @property
    def moves(self) -> bool:
        """Whether unchanged terms stand elsewhere in the file (their order is still saved:
        new cards are introduced in glossary order)."""
        return any(
            c.change is Change.UNCHANGED
            and c.known is not None
            and c.incoming is not None
            and (c.known.position, c.known.line) != (position, c.incoming.entry.line)
            for position, c in enumerate(self.changes)
        )


def definition_text(glosses: Iterable[str], paragraphs: Iterable[str]) -> str:
    """What rename matching compares: the glosses and definition paragraphs, as one text."""
    return " ".join((*glosses, *paragraphs))


_T = TypeVar("_T")
_WORD = re.compile(r"[0-9a-z]+")


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def definition_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word 3-shingles of two definitions (0.0 – 1.0)."""
    return _jaccard(_shingles(a), _shingles(b))


def _jaccard(sa: frozenset[_T], sb: frozenset[_T]) -> float:
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _names(names: Iterable[str]) -> set[str]:
    return {k for k in (match_key(n) for n in names) if k}


def plan_import(
    known: Sequence[KnownTerm],
    incoming: Sequence[IncomingTerm],
    *,
    progress: ProgressFn | None = None,
) -> ImportPlan:
    """Match the file's entries to the stored terms and say what happens to each.

    ``progress(done, total)`` is called as the matching goes (entries by name, then the
    unmatched ones by content); it is only a report and changes nothing."""
    by_name: dict[str, KnownTerm] = {}
    for term in known:
        by_name.setdefault(match_key(term.name), term)
    matched: dict[int, tuple[KnownTerm, str, float | None]] = {}
    claimed: set[str] = set()

    # The bar: the first half for names and aliases, the second for content.
    total = 2 * len(incoming)
    step = max(1, len(incoming) // 50)
    for i, item in enumerate(incoming):
        same = by_name.get(match_key(item.name))
        if same is not None and same.key not in claimed:
            matched[i] = (same, "name", None)
            claimed.add(same.key)
        if progress is not None and i % step == 0:
            progress(i, total)

    _match_by_alias(known, incoming, matched, claimed)
    half = len(incoming)

    def by_content(done: int, of: int) -> None:
        assert progress is not None
        progress(half + half * done // max(of, 1), total)

    if progress is not None:
        progress(half, total)
    _match_by_content(known, incoming, matched, claimed, by_content if progress else None)
    if progress is not None:
        progress(total, total)

    changes: list[PlannedChange] = []
    for i, item in enumerate(incoming):
        if i not in matched:
            changes.append(PlannedChange(Change.ADDED, incoming=item))
            continue
        term, how, score = matched[i]
        changes.append(
            PlannedChange(
                _classify(term, item), incoming=item, known=term, matched_by=how, similarity=score
            )
        )
    for term in known:
        if term.key not in claimed and not term.retired:
            changes.append(PlannedChange(Change.REMOVED, known=term))
    return ImportPlan(tuple(changes))


def _classify(term: KnownTerm, item: IncomingTerm) -> Change:
    if term.retired:
        return Change.RESTORED
    if match_key(term.name) != match_key(item.name):
        return Change.RENAMED
    if term.content_hash != item.content_hash:
        return Change.CHANGED
    return Change.UNCHANGED


def _match_by_alias(
    known: Sequence[KnownTerm],
    incoming: Sequence[IncomingTerm],
    matched: dict[int, tuple[KnownTerm, str, float | None]],
    claimed: set[str],
) -> None:
    by_alias: dict[str, list[KnownTerm]] = {}
    for term in known:
        if term.key in claimed:
            continue
        for k in _names((term.name, *term.aliases)):
            by_alias.setdefault(k, []).append(term)
    for i, item in enumerate(incoming):
        if i in matched:
            continue
        for k in sorted(_names((item.name, *item.entry.aliases))):
            candidates = [t for t in by_alias.get(k, ()) if t.key not in claimed]
            if len(candidates) == 1:
                matched[i] = (candidates[0], "alias", None)
                claimed.add(candidates[0].key)
                break


def _match_by_content(
    known: Sequence[KnownTerm],
    incoming: Sequence[IncomingTerm],
    matched: dict[int, tuple[KnownTerm, str, float | None]],
    claimed: set[str],
    progress: ProgressFn | None = None,
) -> None:
    left = [t for t in known if t.key not in claimed and t.definition]
    right = [(i, item) for i, item in enumerate(incoming) if i not in matched and item.definition]
    if not left or not right:
        return
    pairs = content_pairs(
        [_shingles(t.definition) for t in left],
        [(i, _shingles(item.definition)) for i, item in right],
        progress=progress,
    )
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        term = left[j]
        if i in matched or term.key in claimed:
            continue
        matched[i] = (term, "content", round(score, 3))
        claimed.add(term.key)


Shingles = frozenset[tuple[str, ...]]


def content_pairs(
    left: Sequence[Shingles],
    right: Sequence[tuple[int, Shingles]],
    *,
    progress: ProgressFn | None = None,
) -> list[tuple[float, int, int]]:
    """Every (score, i, j) with ``_jaccard(left[j], shingles of i) >= RENAME_THRESHOLD``.

    Not all pairs: a *prefix filter* finds the candidates. Shingles are ranked rarest first
    (over both sides); a pair reaching the threshold shares at least ``ceil(t·|A|)`` of ``A``'s
    shingles, so it shares one among the first ``|A| - ceil(t·|A|) + 1`` shingles of each set in
    that ranking. Only pairs sharing such a shingle are scored, each by the same Jaccard and
    length bound as comparing every pair would use (``tests/test_content_matching.py`` keeps
    that all-pairs version and checks the two agree). ``progress(done, total)`` counts the
    right side's sets.
    """
    frequency: Counter[tuple[str, ...]] = Counter()
    for sa in left:
        frequency.update(sa)
    for _, sb in right:
        frequency.update(sb)
    # Each shingle as one int that sorts rarest first, ties by first sight: a total order, so
    # each set's prefix is its smallest codes. Counts of shared codes are counts of shared
    # shingles, so the Jaccard of the coded sets is the same number.
    code = {shingle: (count << 32) | n for n, (shingle, count) in enumerate(frequency.items())}
    lefts = [frozenset(map(code.__getitem__, sa)) for sa in left]
    rights = [(i, frozenset(map(code.__getitem__, sb))) for i, sb in right]

    def prefix(codes: frozenset[int]) -> list[int]:
        return sorted(codes)[: _prefix_length(len(codes))]

    index: dict[int, list[int]] = {}
    for j, codes in enumerate(lefts):
        for token in prefix(codes) if codes else ():
            index.setdefault(token, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    total = len(right)
    step = max(1, total // 100)
    for done, (i, b) in enumerate(rights, 1):
        if b:
            candidates: set[int] = set()
            for token in prefix(b):
                candidates.update(index.get(token, ()))
            for j in sorted(candidates):
                a = lefts[j]
                # Cheap upper bound on Jaccard before computing the intersection.
                if min(len(a), len(b)) / max(len(a), len(b)) < RENAME_THRESHOLD:
                    continue
                score = _jaccard(a, b)
                if score >= RENAME_THRESHOLD:
                    pairs.append((score, i, j))
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    return pairs


def _prefix_length(size: int) -> int:
    """How many of a set's rarest shingles a pair at the threshold must share one of.

    The overlap needed is ``ceil(t·size)``; the threshold is taken a hair lower so that rounding
    in ``t·size`` can only lengthen the prefix (more candidates, never a missed pair)."""
    return size - math.ceil((RENAME_THRESHOLD - 1e-9) * size) + 1
