"""The order a deck's new cards are introduced in: the glossary's, shuffled, or prerequisites first.

``PREREQUISITES_FIRST`` puts a term after the terms its definition uses: "Lasso Regression"
("instead of a linear regression…") after "Linear Regression". A definition *uses* a term when
one of the term's names or aliases occurs in it, matched as the card maker hides names
(:mod:`glosscards.cloze`): words as :func:`glosscards.identity.match_key` splits them (case,
accents, hyphens aside), an optional ``s``/``es`` plural, the longest name first ("large language
models" uses "Large Language Model", not a "Language Model" inside it). An all-capital acronym
counts only in capitals ("it led to" is no ``LED``), a one-word name left when the kind word is
split off only as written ("her" is not ``Her Movie``). A term's own names are no dependency, nor
is a name two terms share (``LDA``: which one?). Matching walks the words against an index of
the names' word sequences (a trie as a dictionary of prefixes): linear in the text.

The order is a stable topological one: of the terms whose prerequisites are all placed, the
earliest in the glossary comes next, but a first word ("Activation Function", "Activation
Layer") used in the last :data:`SPREAD` placements is avoided while a term with another is
ready. When none is ready, the rest wait on cycles ("Action" uses "Agent", which uses "Action"):
of the terms whose missing prerequisites are all in a cycle with them, the one that frees most
(waiting dependents minus missing prerequisites: Eades, Lin and Smyth's greedy rule for few
broken edges) goes first, ties — every term of a simple cycle — in glossary order. In the real
glossary, where everyday words ("data", "example", "task") tie 600–900 terms into one cycle,
this keeps 89 % of the prerequisites; "the earliest first" kept 71 %.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from glosscards.glossary.entry import Entry
from glosscards.glossary.naming import is_acronym_word
from glosscards.identity import match_key
from glosscards.import_plan import definition_text

__all__ = [
    "SPREAD",
    "NewCardOrder",
    "NewOrder",
    "OrderTerm",
    "Placement",
    "find_prerequisites",
    "order_new_cards",
]

SPREAD = 3
"""For how many placements a first word is avoided after a term that starts with it."""

_PLURALS = ("s", "es")

_Words = tuple[str, ...]


class NewCardOrder(StrEnum):
    """How a deck introduces its new cards (the values are what a deck's options store)."""

    GLOSSARY = "glossary"
    RANDOM = "random"
    PREREQUISITES_FIRST = "prerequisites"


@dataclass(frozen=True, slots=True)
class OrderTerm:
    """A term as the ordering needs it: its key (returned as given), names and definition.

    ``term`` is the name without its kind word when the card asks for that (``Claude`` of
    ``Claude Model``, :attr:`glosscards.glossary.entry.Entry.term`), ``""`` when it is the name:
    it matches after the names and aliases."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    definition: str = ""
    term: str = ""

    @classmethod
    def from_entry(cls, entry: Entry, key: str) -> OrderTerm:
        """The names, aliases and acronym of a parsed entry, and its glosses and paragraphs."""
        aliases = tuple(dict.fromkeys((*entry.aliases, *filter(None, (entry.acronym,)))))
        definition = definition_text(entry.glosses, entry.paragraphs)
        term = entry.term if match_key(entry.term) != match_key(entry.name) else ""
        return cls(key, entry.name, aliases, definition, term)


@dataclass(frozen=True, slots=True)
class Placement:
    """One term in the new order (``index``: its place in the input), and why it is there."""

    index: int
    key: str
    prerequisites: tuple[str, ...] = ()
    """Keys of the terms its definition uses that are placed before it."""
    cycle: tuple[str, ...] = ()
    """Keys of the terms its definition uses that come after it: each uses it too, directly or
    through others, and the cycle was broken here."""


@dataclass(frozen=True, slots=True)
class NewOrder:
    """The terms in the order asked for, each with why it stands where it does."""

    order: NewCardOrder
    placements: tuple[Placement, ...]

    @property
    def indices(self) -> tuple[int, ...]:
        return tuple(p.index for p in self.placements)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.placements)


def order_new_cards(
    terms: Sequence[OrderTerm],
    order: NewCardOrder,
    *,
    rng: random.Random | None = None,
    spread: int = SPREAD,
) -> NewOrder:
    """``terms`` (in glossary order) in the ``order`` asked for; ``RANDOM`` needs ``rng``."""
    order = NewCardOrder(order)
    if order is NewCardOrder.PREREQUISITES_FIRST:
        return _prerequisites_first(terms, spread=spread)
    indices = list(range(len(terms)))
    if order is NewCardOrder.RANDOM:
        if rng is None:
            raise ValueError("the random order needs a random.Random (seeded by the caller)")
        rng.shuffle(indices)
    return NewOrder(order, tuple(Placement(i, terms[i].key) for i in indices))


def find_prerequisites(terms: Sequence[OrderTerm]) -> tuple[tuple[int, ...], ...]:
    """For each term, the indices of the other terms its definition uses, ascending."""
    index = _NameIndex(terms)
    return tuple(tuple(sorted(index.used_by(i, t.definition))) for i, t in enumerate(terms))


# --- which names a definition uses ----------------------------------------------------------


def _capitals(name: str, *, whole: bool = False) -> tuple[str, ...]:
    """What a definition must write as the name does: its all-capital acronyms (``LED``,
    ``CNN`` of ``R-CNN``), or with ``whole`` a one-word name that is not lower case (``Her``)."""
    words = name.split()
    if whole and len(words) == 1 and not words[0].islower():
        return tuple(words)
    parts = (part for word in words for part in word.split("-"))
    return tuple(p for p in parts if p.isupper() and is_acronym_word(p))


def _spellings(name: str) -> tuple[_Words, ...]:
    """A name's words, and the same with its last word in the plural."""
    words = tuple(match_key(name).split())
    if not words:
        return ()
    last = words[-1]
    plurals = tuple((*words[:-1], last + s) for s in _PLURALS) if last.isalnum() else ()
    return (words, *plurals)


_Holder = tuple[int, tuple[str, ...]]  # the term a spelling names, the capitals it needs


class _NameIndex:
    """Every name and alias of the terms, as word sequences, and the one term holding each."""

    def __init__(self, terms: Sequence[OrderTerm]) -> None:
        # per spelling, per rank (name, alias, term; the same in the plural), its holders
        found: dict[_Words, dict[int, dict[int, tuple[str, ...]]]] = {}
        for i, term in enumerate(terms):
            names = [(0, term.name, _capitals(term.name))]
            names.extend((1, alias, _capitals(alias)) for alias in term.aliases)
            if term.term:
                names.append((2, term.term, _capitals(term.term, whole=True)))
            for rank, name, capitals in names:
                for plural, spelling in enumerate(_spellings(name)):
                    ranks = found.setdefault(spelling, {})
                    ranks.setdefault(rank + (3 if plural else 0), {}).setdefault(i, capitals)
        self.holders: dict[_Words, _Holder] = {}
        for spelling, by_rank in found.items():
            best = by_rank[min(by_rank)]
            if len(best) == 1:  # a spelling two terms share names neither
                ((holder, capitals),) = best.items()
                self.holders[spelling] = (holder, capitals)
        self.prefixes = frozenset(s[:n] for s in self.holders for n in range(1, len(s)))

    def used_by(self, term: int, text: str) -> set[int]:
        """The terms whose names occur in ``text``, the definition of ``term`` (whose own
        names are skipped): leftmost and longest first, without overlaps."""
        pieces = text.split()  # keyed one by one: match_key's cache holds words, not texts
        words: list[str] = []
        piece_of: list[int] = []
        for number, piece in enumerate(pieces):
            for word in match_key(piece).split():
                words.append(word)
                piece_of.append(number)
        used: set[int] = set()
        position = 0
        while position < len(words):
            found: list[tuple[int, _Holder]] = []  # the names that start here, shortest first
            end = position + 1
            while end <= len(words):
                spelling = tuple(words[position:end])
                named = self.holders.get(spelling)
                if named is not None:
                    found.append((end - position, named))
                if spelling not in self.prefixes:
                    break
                end += 1
            for length, (holder, capitals) in reversed(found):
                if capitals:
                    first, last = piece_of[position], piece_of[position + length - 1]
                    written = " ".join(pieces[first : last + 1])
                    if not all(capital in written for capital in capitals):
                        continue  # "it led to", not "LED"
                if holder != term:
                    used.add(holder)
                position += length
                break
            else:
                position += 1
        return used


# --- the order -------------------------------------------------------------------------------


def _prerequisites_first(terms: Sequence[OrderTerm], *, spread: int) -> NewOrder:
    uses = find_prerequisites(terms)
    first_words: dict[str, int] = {}
    groups = [
        first_words.setdefault(words[0], len(first_words)) if words else -1 - i
        for i, words in enumerate(match_key(t.name).split() for t in terms)
    ]
    placer = _Placer(uses, groups, spread=spread)
    placements = []
    for _ in terms:
        i = placer.choose()
        before = tuple(terms[p].key for p in uses[i] if placer.placed[p])
        after = tuple(terms[p].key for p in uses[i] if not placer.placed[p])
        placements.append(Placement(i, terms[i].key, before, after))
        placer.place(i)
    return NewOrder(NewCardOrder.PREREQUISITES_FIRST, tuple(placements))


class _Placer:
    """Kahn's topological sort, choosing the next ready term with :class:`_Ready` and, when
    none is ready, the term that breaks a cycle (see the module docstring)."""

    def __init__(self, uses: Sequence[tuple[int, ...]], groups: Sequence[int], *, spread: int):
        self.uses, self.groups = uses, groups
        self.component = _components(uses)
        self.missing = [len(u) for u in uses]
        self.dependents: list[list[int]] = [[] for _ in uses]
        self.members: dict[int, list[int]] = {}
        self.outside = dict.fromkeys(self.component, 0)  # missing prerequisites outside it
        for term, used in enumerate(uses):
            self.members.setdefault(self.component[term], []).append(term)
            for p in used:
                self.dependents[p].append(term)
                if self.component[p] != self.component[term]:
                    self.outside[self.component[term]] += 1
        self.waiting = [len(d) for d in self.dependents]
        self.placed = [False] * len(uses)
        self.recent: deque[int] = deque(maxlen=max(0, spread))
        self.ready = _Ready()
        self.breakers: list[tuple[int, int]] = []  # (-frees, term), stale entries skipped
        for term, missing in enumerate(self.missing):
            if missing == 0:
                self.ready.add(term, groups[term])
            self._offer(term)

    def _frees(self, term: int) -> int:
        return self.waiting[term] - self.missing[term]

    def _offer(self, term: int) -> None:
        """``term`` may break its cycle, freeing what it frees now."""
        if not self.placed[term] and self.outside[self.component[term]] == 0:
            heapq.heappush(self.breakers, (-self._frees(term), term))

    def choose(self) -> int:
        if self.ready:
            return self.ready.take(self.recent)
        best: list[int] = []  # the breakers that free most, up to one of a group not recent
        key = None
        while self.breakers and (key is None or self.breakers[0][0] == key):
            frees, term = heapq.heappop(self.breakers)
            if self.placed[term] or -frees != self._frees(term) or term in best:
                continue
            key = frees
            best.append(term)
            if self.groups[term] not in self.recent:
                break
        chosen = next((t for t in best if self.groups[t] not in self.recent), best[0])
        for term in best:
            heapq.heappush(self.breakers, (key or 0, term))
        return chosen

    def place(self, term: int) -> None:
        self.placed[term] = True
        self.recent.append(self.groups[term])
        for p in self.uses[term]:
            if not self.placed[p]:
                self.waiting[p] -= 1
                self._offer(p)
        for follower in self.dependents[term]:
            self.missing[follower] -= 1
            if self.missing[follower] == 0 and not self.placed[follower]:
                self.ready.add(follower, self.groups[follower])
            component = self.component[follower]
            if component != self.component[term]:
                self.outside[component] -= 1
                if self.outside[component] == 0:
                    for member in self.members[component]:
                        self._offer(member)
            else:
                self._offer(follower)


def _components(uses: Sequence[tuple[int, ...]]) -> list[int]:
    """The strongly connected component of each term: Tarjan's algorithm, without recursion
    (a chain of 25,000 definitions must not hit the recursion limit). A term visited and not
    yet in a component is on the stack."""
    size = len(uses)
    order, low, component = [-1] * size, [0] * size, [-1] * size
    stack: list[int] = []
    visited = components = 0
    for root in range(size):
        work = [] if order[root] != -1 else [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                order[node] = low[node] = visited
                visited += 1
                stack.append(node)
            if edge < len(uses[node]):
                work.append((node, edge + 1))
                other = uses[node][edge]
                if order[other] == -1:
                    work.append((other, 0))
                elif component[other] == -1:
                    low[node] = min(low[node], order[other])
                continue
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                member = -1
                while member != node:
                    member = stack.pop()
                    component[member] = components
                components += 1
    return component


class _Ready:
    """The ready terms, per group (first word) earliest first, and the groups by their
    earliest term (a heap whose stale entries are skipped when popped)."""

    def __init__(self) -> None:
        self.members: dict[int, list[int]] = {}
        self.heap: list[tuple[int, int]] = []
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(self, term: int, group: int) -> None:
        self.count += 1
        members = self.members.setdefault(group, [])
        heapq.heappush(members, term)
        if members[0] == term:
            heapq.heappush(self.heap, (term, group))

    def take(self, recent: deque[int]) -> int:
        """The earliest term of a group not in ``recent``, else of the one least recent."""
        seen: list[tuple[int, int]] = []
        while self.heap:
            term, group = heapq.heappop(self.heap)
            members = self.members[group]
            if not members or members[0] != term or any(g == group for _, g in seen):
                continue  # stale, or a second entry of a group already seen
            seen.append((term, group))
            if group not in recent:
                break
        last = {group: position for position, group in enumerate(recent)}
        chosen = min(seen, key=lambda entry: last.get(entry[1], -1))
        for entry in seen:
            if entry != chosen:
                heapq.heappush(self.heap, entry)
        term, group = chosen
        members = self.members[group]
        heapq.heappop(members)
        self.count -= 1
        if members:
            heapq.heappush(self.heap, (members[0], group))
        return term
