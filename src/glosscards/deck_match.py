"""Which deck an imported glossary belongs to, found by its content, not by its file name.

Browsers save a re-download as ``ai-glossary (1).txt``, people rename files: the name says little.
What says which deck a file updates is the terms the two share, matched by name and alias as
re-import matches them (:func:`glosscards.identity.match_key`). A file updates the deck that
shares the most terms with it when they share at least half of the file's terms or half of the
deck's active terms; otherwise it becomes a new deck named from the file. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glosscards.identity import match_key
from glosscards.import_plan import IncomingTerm

__all__ = ["DeckChoice", "DeckTerms", "choose_deck", "free_deck_name"]


@dataclass(frozen=True, slots=True)
class DeckTerms:
    """A deck as the choice needs it: its name, and the names and aliases of its active terms."""

    name: str
    terms: tuple[tuple[str, ...], ...]
    """For each active term, its name followed by its aliases."""

    def keys(self) -> frozenset[str]:
        return frozenset(k for names in self.terms for k in map(match_key, names) if k)


@dataclass(frozen=True, slots=True)
class DeckChoice:
    """The deck an import goes into, whether it exists already, and why, in words."""

    name: str
    existing: bool
    reason: str
    shared: int = 0


def _shared(incoming: Sequence[IncomingTerm], keys: frozenset[str]) -> int:
    return sum(
        1
        for item in incoming
        if any(match_key(n) in keys for n in (item.name, *item.entry.aliases))
    )


def free_deck_name(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``… when a deck already has the name."""
    names = {t.casefold() for t in taken}
    name, n = wanted, 2
    while name.casefold() in names:
        name, n = f"{wanted} ({n})", n + 1
    return name


def choose_deck(
    decks: Sequence[DeckTerms],
    incoming: Sequence[IncomingTerm],
    *,
    file_deck_name: str,
    deck: str | None = None,
    new_deck: bool = False,
) -> DeckChoice:
    """The deck for ``incoming``: the one named (``deck``), a new one (``new_deck``), or the one
    found by content; ``file_deck_name`` names a new deck (made unique among ``decks``)."""
    names = [d.name for d in decks]
    if deck is not None:
        same = [n for n in names if n.casefold() == deck.casefold()]
        deck = same[0] if same else deck  # deck names are one name whatever their case
        existing = bool(same)
        reason = f"the deck '{deck}' was chosen" if existing else f"a new deck '{deck}' was named"
        return DeckChoice(deck, existing, reason)
    if new_deck:
        name = free_deck_name(file_deck_name, names)
        return DeckChoice(name, False, f"a new deck '{name}' was asked for")
    best: tuple[int, DeckTerms] | None = None
    for candidate in decks:
        shared = _shared(incoming, candidate.keys())
        if shared and (best is None or shared > best[0]):
            best = (shared, candidate)
    if best is not None:
        shared, found = best
        deck_side = 2 * shared >= len(found.terms) and shared >= min(3, len(found.terms))
        if 2 * shared >= len(incoming) or deck_side:
            return DeckChoice(
                found.name,
                True,
                f"{shared:,} of {len(incoming):,} terms are already in '{found.name}'",
                shared,
            )
    name = free_deck_name(file_deck_name, names)
    if best is None:
        why = "no deck shares a term with it"
    else:
        why = f"'{best[1].name}' shares only {best[0]:,} of its {len(incoming):,} terms"
    return DeckChoice(name, False, f"a new deck '{name}': {why}", best[0] if best else 0)
