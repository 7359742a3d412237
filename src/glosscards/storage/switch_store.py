"""The SQL of a scheduler switch: the answers of a deck's studied cards, and writing their
recomputed states together with the deck's new choice (:mod:`glosscards.scheduler_switch`).

The review log is only read: a switch adds, removes and changes no answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from glosscards.deck_study import DeckStudy
from glosscards.scheduler.replay import PastAnswer
from glosscards.scheduler.state import CardState
from glosscards.scheduler_switch import CardAnswers
from glosscards.storage.database import Database
from glosscards.storage.journal import end_undo_history
from glosscards.storage.meta_store import write_deck_study
from glosscards.storage.review_store import write_card_state

__all__ = ["SwitchStore"]


class SwitchStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def studied_cards(self, deck: int) -> int:
        """How many of ``deck``'s cards are not new (what a switch reschedules)."""
        return int(
            self._db.value(
                "SELECT count(*) FROM card WHERE deck_id = ? AND phase != 'new'", (deck,)
            )
        )

    def histories(
        self, *, deck: int | None = None, card_ids: Sequence[int] | None = None
    ) -> list[CardAnswers]:
        """The answers of the studied (not new) cards of ``deck``, or of ``card_ids``, oldest
        first, each with whether the card was new then; cards in id order."""
        params: list[object]
        if card_ids is not None:
            where = "c.id IN (SELECT value FROM json_each(?))"
            params = [json.dumps(list(card_ids))]
        else:
            where, params = "c.deck_id = ?", [deck]
        rows = self._db.rows(
            "SELECT r.card_id, r.id, r.reviewed_at, r.grade, r.quality, r.phase_before = 'new'"
            f" FROM review_log r JOIN card c ON c.id = r.card_id WHERE {where}"
            " AND c.phase != 'new' ORDER BY r.card_id, r.reviewed_at, r.id",
            params,
        )
        found: dict[int, list[tuple[PastAnswer, bool]]] = {}
        last: dict[int, int] = {}
        for card_id, review_id, at_ms, grade, quality, was_new in rows:
            at = datetime.fromtimestamp(at_ms / 1000, UTC)
            found.setdefault(card_id, []).append((PastAnswer(at, grade, quality), bool(was_new)))
            last[card_id] = max(last.get(card_id, 0), int(review_id))
        return [CardAnswers(cid, tuple(found[cid]), last[cid]) for cid in sorted(found)]

    def switch(
        self,
        deck: int,
        study: DeckStudy,
        states: Mapping[int, tuple[CardState, int]],
        *,
        reorder: bool = False,
    ) -> None:
        """Give the cards ``states`` (each with its re-drill place), store ``deck``'s new
        choice, put its new cards in the choice's order when ``reorder``, and end the undo
        history: one transaction."""
        from glosscards.storage.new_order_store import raw_connection, reorder_new_cards

        with self._db.core() as conn:
            db = raw_connection(conn)
            for card_id, (state, redrill_after) in states.items():
                write_card_state(db, card_id, state, redrill_after=redrill_after)
            write_deck_study(db, deck, study)
            if reorder:
                reorder_new_cards(conn, deck, study.new_order)
            end_undo_history(db)
