"""Where a deck's new cards stand in its queue (``new_position``), in the deck's chosen order.

The queue shows new cards by ``new_position``, then id. An import numbers them in glossary
order, ``position * 2 + ordinal`` (:mod:`glosscards.storage.card_sync`): the term card (c1) of
the term in glossary place ``position``, then its acronym card (c2), then the next term's. Every
order keeps that shape, with the term's rank in the order instead of its glossary place, so a
term card and its acronym card stay side by side, term first (answering one buries the other
until the next day), and the browser's "new #N" counts in queue order whatever the order.

* ``GLOSSARY``: the glossary place, exactly as an import numbers it.
* ``RANDOM``: each term's rank comes from a ``random.Random`` seeded with the deck's id and the
  term's identity key (no seed is stored: the deck's id is the seed). The same deck shuffles the
  same way every time, and the terms an import adds land at random places without reshuffling
  the ones already waiting.
* ``PREREQUISITES_FIRST``: :func:`glosscards.new_order.order_new_cards` over every current term
  of the deck in glossary order, learned ones too (a learned term still names a prerequisite);
  only the cards still new are renumbered.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from glosscards.new_order import NewCardOrder, OrderTerm, order_new_cards

__all__ = ["DeckTerm", "new_positions", "random_rank_key"]


@dataclass(frozen=True, slots=True)
class DeckTerm:
    """A current term of a deck as the ordering needs it."""

    term: OrderTerm
    """Its names and definition; ``key`` is the term's identity key."""
    position: int
    """Its place in its glossary (what an import numbers new cards by)."""
    new_cards: tuple[tuple[int, int], ...] = ()
    """(card id, cloze ordinal) of each of its cards that is new."""


def random_rank_key(deck_id: int, key: str) -> float:
    """The draw that places term ``key`` in deck ``deck_id``'s random order."""
    return random.Random(f"glosscards new-card order {deck_id} {key}").random()


def new_positions(
    terms: Sequence[DeckTerm], order: NewCardOrder, *, deck_id: int
) -> dict[int, int]:
    """Each new card's ``new_position`` (by card id) in ``order``."""
    glossary = sorted(terms, key=lambda t: (t.position, t.term.key))
    order = NewCardOrder(order)
    if order is NewCardOrder.GLOSSARY:
        return {card: t.position * 2 + ordinal for t in glossary for card, ordinal in t.new_cards}
    if order is NewCardOrder.RANDOM:
        ranked = sorted(glossary, key=lambda t: (random_rank_key(deck_id, t.term.key), t.term.key))
    else:
        placed = order_new_cards([t.term for t in glossary], order)
        ranked = [glossary[i] for i in placed.indices]
    return {
        card: rank * 2 + ordinal for rank, t in enumerate(ranked) for card, ordinal in t.new_cards
    }
