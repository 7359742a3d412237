"""The SQL of a sync and of ``import-progress``: which answers glosscards shares with Anki, and
writing the answers that come home.

Every answer glosscards and the Anki mirror both hold is paired with its ``revlog`` id in
``anki_answer`` (schema 6, see :mod:`glosscards.anki_history`). Answers that come home are written
with the card's replayed state in one transaction, their pairings included, so a sync stopped at
any moment leaves either all of them or none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from glosscards.anki_progress import StoredReview
from glosscards.scheduler.replay import PastAnswer
from glosscards.scheduler.state import CardState, ReviewLog
from glosscards.storage.database import Database
from glosscards.storage.journal import end_undo_history
from glosscards.storage.review_store import (
    STATE_BEFORE_COLUMNS,
    STATE_COLUMNS,
    card_state,
    insert_review,
    write_card_state,
)

__all__ = [
    "UNDO_FLOOR_KEY",
    "CardHistory",
    "ReceivedAnswer",
    "ReviewForAnki",
    "SyncStore",
    "lower_undo_floor",
]

UNDO_FLOOR_KEY = "undo_floor"
"""Meta key: the newest review-log id when the last sync or progress import ended. Undo takes back
only answers newer than it, so it never reaches across a sync; setting it also ends the undo
journal (:mod:`glosscards.storage.journal`)."""


@dataclass(frozen=True, slots=True)
class ReviewForAnki:
    """One of glosscards' answers, with its card and the revlog id it is paired with (None:
    not yet)."""

    review_id: int
    card_id: int
    key: str
    ordinal: int
    review: StoredReview
    revlog_id: int | None


@dataclass(frozen=True, slots=True)
class CardHistory:
    """A card as a replay needs it: its answers oldest first, each with the card's state before
    it (the review log keeps it, for undo), and the card's state now."""

    card_id: int
    answers: tuple[tuple[PastAnswer, CardState], ...]
    state: CardState
    deck: int = 0
    """The card's deck (whose scheduler replays it)."""


@dataclass(frozen=True, slots=True)
class ReceivedAnswer:
    """An answer made elsewhere, replayed: the state before it and its log value."""

    revlog_id: int
    before: CardState
    log: ReviewLog
    duration_ms: int


def _stored(row: Sequence[Any]) -> StoredReview:
    """An answer from (reviewed_at, grade, quality, phase_before, redrill, interval_before,
    interval_after, ease_after, duration_ms) columns."""
    at, grade, quality, phase, redrill, before, after, ease, duration = row
    return StoredReview(
        int(at), grade, int(quality), str(phase), bool(redrill), int(before), int(after),
        float(ease), int(duration),
    )  # fmt: skip


class SyncStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def cards_by_key(self) -> dict[tuple[str, int], int]:
        """Every card's id by (term key, cloze ordinal), retired ones included."""
        return {
            (key, ordinal): cid
            for cid, key, ordinal in self._db.rows(
                "SELECT c.id, t.key, c.ordinal FROM card c JOIN note n ON n.id = c.note_id"
                " JOIN term t ON t.id = n.term_id"
            )
        }

    def paired_revlog_ids(self) -> set[int]:
        return {int(r[0]) for r in self._db.rows("SELECT revlog_id FROM anki_answer")}

    def reviews_for_anki(self) -> list[ReviewForAnki]:
        """Every answer with its revlog pairing (if any), oldest first."""
        rows = self._db.rows(
            "SELECT r.id, r.card_id, t.key, c.ordinal, r.reviewed_at, r.grade, r.quality,"
            " r.phase_before, r.redrill, r.interval_before, r.interval_after, r.ease_after,"
            " r.duration_ms, a.revlog_id FROM review_log r JOIN card c ON c.id = r.card_id"
            " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
            " LEFT JOIN anki_answer a ON a.review_id = r.id ORDER BY r.reviewed_at, r.id"
        )
        return [
            ReviewForAnki(int(r[0]), int(r[1]), str(r[2]), int(r[3]), _stored(r[4:13]), r[13])
            for r in rows
        ]

    def pair(self, pairs: Iterable[tuple[int, int]]) -> int:
        """Record (review id, revlog id) pairs of glosscards' own answers: one transaction.
        Returns how many were new."""
        items = [(int(r), int(v)) for r, v in pairs]
        if not items:
            return 0
        with self._db.write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO anki_answer (review_id, revlog_id, received) VALUES (?,?,0)",
                items,
            )
            added = db.total_changes - before
            _set_undo_floor(db)  # a shared answer is on another device: undo stops before it
            return added

    def histories(self, card_ids: Iterable[int]) -> dict[int, CardHistory]:
        """Each card's answers, oldest first (by time: answers from elsewhere included), with
        the state before each, and its state now."""
        wanted = sorted(set(card_ids))
        found: dict[int, CardHistory] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cards = {
                int(row[0]): (card_state(row[2:]), int(row[1]))
                for row in self._db.rows(
                    f"SELECT id, deck_id, {STATE_COLUMNS} FROM card WHERE id IN ({marks})",
                    chunk,
                )
            }
            answers: dict[int, list[tuple[PastAnswer, CardState]]] = {cid: [] for cid in cards}
            for cid, at_ms, grade, quality, *before in self._db.rows(
                f"SELECT card_id, reviewed_at, grade, quality, {STATE_BEFORE_COLUMNS}"
                f" FROM review_log WHERE card_id IN ({marks}) ORDER BY reviewed_at, id",
                chunk,
            ):
                at = datetime.fromtimestamp(at_ms / 1000, UTC)
                answers[cid].append((PastAnswer(at, grade, quality), card_state(before)))
            for cid, (state, deck) in cards.items():
                found[cid] = CardHistory(cid, tuple(answers[cid]), state, deck)
        return found

    def receive(self, received: Sequence[tuple[int, Sequence[ReceivedAnswer], CardState]]) -> int:
        """Write answers made elsewhere — per card: its id, the answers (replayed) and the state
        its whole history gives — with their pairings and the undo floor: one transaction.
        Returns the number of answers written."""
        written = 0
        with self._db.write() as db:
            for card_id, answers, state in received:
                for answer in answers:
                    review_id = insert_review(
                        db,
                        card_id,
                        answer.before,
                        answer.log,
                        duration_ms=max(0, answer.duration_ms),
                    )
                    db.execute(
                        "INSERT INTO anki_answer (review_id, revlog_id, received) VALUES (?,?,1)",
                        (review_id, answer.revlog_id),
                    )
                    written += 1
                newest = int(db.execute("SELECT max(id) FROM review_log").fetchone()[0] or 0)
                write_card_state(db, card_id, state, redrill_after=newest if state.redrill else 0)
            _set_undo_floor(db)
        return written

    def set_undo_floor(self) -> None:
        """Undo stops at the answers that exist now (after a sync, see :data:`UNDO_FLOOR_KEY`)."""
        with self._db.write() as db:
            _set_undo_floor(db)


def lower_undo_floor(db: sqlite3.Connection) -> None:
    """After answers were deleted (a deck with them): SQLite may give the next answer an id the
    floor already covers (a table without AUTOINCREMENT reuses the largest freed rowid), so the
    floor comes down to the newest answer left, and new answers stay undoable."""
    db.execute(
        "UPDATE meta SET value = CAST(min(CAST(value AS INTEGER),"
        " (SELECT coalesce(max(id), 0) FROM review_log)) AS TEXT) WHERE key = ?",
        (UNDO_FLOOR_KEY,),
    )


def _set_undo_floor(db: sqlite3.Connection) -> None:
    """Undo stops here: the floor covers every answer there is, and the undo journal is ended
    (the steps before a sync describe cards another device may now have changed)."""
    end_undo_history(db)
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value)"
        " SELECT ?, CAST(coalesce(max(id), 0) AS TEXT) FROM review_log",
        (UNDO_FLOOR_KEY,),
    )
