"""The card states a workload forecast starts from (:mod:`glosscards.workload`)."""

from __future__ import annotations

from glosscards.scheduler.state import CardState
from glosscards.storage.database import Database
from glosscards.storage.review_store import STATE_COLUMNS, card_state
from glosscards.storage.sql import ACTIVE

__all__ = ["deck_states"]


def deck_states(db: Database, deck_id: int) -> list[tuple[int, CardState]]:
    """(card id, state) of every active card of deck ``deck_id``: the cards in study first,
    then the new ones in the order the queue introduces them (``new_position``, then id)."""
    rows = db.rows(
        f"SELECT id, {STATE_COLUMNS} FROM card WHERE deck_id = ? AND {ACTIVE}"
        " ORDER BY phase = 'new', CASE WHEN phase = 'new' THEN new_position END, id",
        (deck_id,),
    )
    return [(int(row[0]), card_state(row[1:])) for row in rows]
