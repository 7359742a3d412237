"""The import diff: which stored term each entry of a new glossary version is, and what changes.

A pure function of (terms already in the collection, entries of the file). Matching, in order:

1. **Name**: equal headings up to case, spacing and punctuation (:func:`glosscards.identity.match_key`).
2. **Alias**: any name or alias of the entry equals a name or alias of a stored term that is still
   unmatched (``LangChain Expression Language (LCEL)`` → ``LCEL``).
3. **Rename by content**: an entry and a stored term, both still unmatched, whose definitions are
   nearly identical (:func:`definition_similarity` ≥ :data:`RENAME_THRESHOLD`), best pairs first.

A matched term whose content hash differs is *changed*; whose name differs, *renamed*; a retired term
that matches comes back *restored* with its history. Unmatched stored terms are *removed* (retired,
never deleted); unmatched entries are *added*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from glosscards.glossary.entry import Entry
from glosscards.identity import match_key

__all__ = [
    "RENAME_THRESHOLD",
    "Change",
    "ImportPlan",
    "IncomingTerm",
    "KnownTerm",
    "PlannedChange",
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


_WORD = re.compile(r"[0-9a-z]+")


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def definition_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word 3-shingles of two definitions (0.0 – 1.0)."""
    return _jaccard(_shingles(a), _shingles(b))


def _jaccard(sa: frozenset[tuple[str, ...]], sb: frozenset[tuple[str, ...]]) -> float:
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _names(names: Iterable[str]) -> set[str]:
    return {k for k in (match_key(n) for n in names) if k}


def plan_import(known: Sequence[KnownTerm], incoming: Sequence[IncomingTerm]) -> ImportPlan:
    """Match the file's entries to the stored terms and say what happens to each."""
    by_name: dict[str, KnownTerm] = {}
    for term in known:
        by_name.setdefault(match_key(term.name), term)
    matched: dict[int, tuple[KnownTerm, str, float | None]] = {}
    claimed: set[str] = set()

    for i, item in enumerate(incoming):
        same = by_name.get(match_key(item.name))
        if same is not None and same.key not in claimed:
            matched[i] = (same, "name", None)
            claimed.add(same.key)

    _match_by_alias(known, incoming, matched, claimed)
    _match_by_content(known, incoming, matched, claimed)

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
) -> None:
    left = [t for t in known if t.key not in claimed and t.definition]
    right = [(i, item) for i, item in enumerate(incoming) if i not in matched and item.definition]
    if not left or not right:
        return
    left_shingles = [_shingles(t.definition) for t in left]
    pairs: list[tuple[float, int, int]] = []
    for i, item in right:
        sb = _shingles(item.definition)
        if not sb:
            continue
        for j, sa in enumerate(left_shingles):
            if not sa:
                continue
            # Cheap upper bound on Jaccard before computing the intersection.
            if min(len(sa), len(sb)) / max(len(sa), len(sb)) < RENAME_THRESHOLD:
                continue
            score = _jaccard(sa, sb)
            if score >= RENAME_THRESHOLD:
                pairs.append((score, i, j))
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        term = left[j]
        if i in matched or term.key in claimed:
            continue
        matched[i] = (term, "content", round(score, 3))
        claimed.add(term.key)
