"""What the learner does to cards besides answering them — bury, suspend, reset to new, change
deck, delete — for one card or many: each is one transaction that also journals the step and the
state it replaced (:mod:`glosscards.storage.journal`), so :mod:`glosscards.storage.undo_store`
can put it back exactly. Each returns how many cards (notes, for a deletion) it changed; a call
that changes nothing journals nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from glosscards.scheduler.state import CardState
from glosscards.storage.database import Database
from glosscards.storage.journal import id_list, record_step, term_of_card
from glosscards.storage.review_store import write_card_state
from glosscards.storage.sync_store import lower_undo_floor
from glosscards.undo import describe_step

__all__ = ["DELETED_TABLES", "KEY_COLUMN", "SCHEDULE_COLUMNS", "CardStore", "rows_of"]

_IN = "IN (SELECT value FROM json_each(?))"

SCHEDULE_COLUMNS = (
    "phase, ease, repetitions, interval_days, lapses, due_day, last_review, redrill, redrill_after,"
    " stability, difficulty, fsrs_step, due_at"
)
"""A card's schedule: what a reset replaces and its undo puts back (FSRS's four last, schema 8:
a step journaled before them has none, and its cards were SM-2's)."""

DELETED_TABLES = ("term", "note", "card", "review_log", "anki_answer")
"""What a note's deletion removes, in the order a restore inserts it (the reverse of deleting)."""

KEY_COLUMN = {
    "term": "id",
    "note": "id",
    "card": "id",
    "review_log": "id",
    "anki_answer": "review_id",
}
"""The primary key of each of :data:`DELETED_TABLES`."""


def rows_of(db: sqlite3.Connection, table: str, where: str, params: Sequence[Any]) -> list[Any]:
    """Whole rows of one of our tables as {column: value} dicts (what a deletion keeps)."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class CardStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def set_suspended(self, card_ids: Sequence[int], suspended: bool, *, day: int, at: int) -> int:
        """Suspend (or unsuspend) the cards that are not so already."""
        kind = "suspend" if suspended else "unsuspend"
        with self._db.write() as db:
            ids = _ids(db, f"id {_IN} AND suspended != ?", (id_list(card_ids), int(suspended)))
            if not ids:
                return 0
            db.execute(
                f"UPDATE card SET suspended = ? WHERE id {_IN}", (int(suspended), id_list(ids))
            )
            before = {"cards": [[i, int(not suspended)] for i in ids]}
            _journal(db, kind, ids, day=day, at=at, before=before)
        return len(ids)

    def set_buried_until(self, card_ids: Sequence[int], until: int, *, day: int, at: int) -> int:
        """Bury cards until the start of scheduling day ``until`` (0: unbury them)."""
        kind = "bury" if until else "unbury"
        with self._db.write() as db:
            rows = db.execute(
                f"SELECT id, buried_until_day FROM card WHERE id {_IN} AND buried_until_day != ?"
                " ORDER BY id",
                (id_list(card_ids), until),
            ).fetchall()
            if not rows:
                return 0
            ids = [int(r[0]) for r in rows]
            db.execute(
                f"UPDATE card SET buried_until_day = ? WHERE id {_IN}", (until, id_list(ids))
            )
            _journal(db, kind, ids, day=day, at=at, before={"cards": [list(r) for r in rows]})
        return len(ids)

    def reset(self, card_ids: Sequence[int], *, day: int, at: int) -> int:
        """Make cards new again, in their glossary place among the new cards (``new_position``
        is kept); their review history, suspension and burial stay."""
        with self._db.write() as db:
            rows = db.execute(
                f"SELECT id, {SCHEDULE_COLUMNS} FROM card WHERE id {_IN} AND phase != 'new'"
                " ORDER BY id",
                (id_list(card_ids),),
            ).fetchall()
            if not rows:
                return 0
            for row in rows:
                write_card_state(db, int(row[0]), CardState(), redrill_after=0)
            ids = [int(r[0]) for r in rows]
            _journal(db, "reset", ids, day=day, at=at, before={"cards": [list(r) for r in rows]})
        return len(ids)

    def move(self, card_ids: Sequence[int], deck_id: int, *, day: int, at: int) -> int:
        """Put the notes of these cards, with all their cards, into deck ``deck_id``.

        The term goes with them (``term.source_id``: export, sync, the browser, statistics and
        deck deletion follow it) and remembers the glossary it comes from (``origin_id``), whose
        re-import keeps updating it where it now is. Returns how many cards changed deck."""
        with self._db.write() as db:
            notes = f"SELECT DISTINCT note_id FROM card WHERE id {_IN}"
            terms = db.execute(
                "SELECT id, source_id, origin_id FROM term WHERE source_id != ? AND id IN"
                f" (SELECT term_id FROM note WHERE id IN ({notes})) ORDER BY id",
                (deck_id, id_list(card_ids)),
            ).fetchall()
            cards = db.execute(
                f"SELECT id, deck_id FROM card WHERE note_id IN ({notes}) AND deck_id != ?"
                " ORDER BY id",
                (id_list(card_ids), deck_id),
            ).fetchall()
            if not terms and not cards:
                return 0
            for term_id, source, origin in terms:
                home = source if origin is None else origin
                db.execute(
                    "UPDATE term SET source_id = ?, origin_id = ? WHERE id = ?",
                    (deck_id, None if home == deck_id else home, term_id),
                )
            ids = [int(c[0]) for c in cards]
            db.execute(f"UPDATE card SET deck_id = ? WHERE id {_IN}", (deck_id, id_list(ids)))
            before = {"terms": [list(t) for t in terms], "cards": [list(c) for c in cards]}
            _journal(db, "move", ids, day=day, at=at, before=before)
        return len(ids)

    def delete_notes(self, card_ids: Sequence[int], *, day: int, at: int) -> int:
        """Delete the notes of these cards — each with its term, all its cards, their answers
        and their pairings with Anki — keeping every row in the journal for an undo. The term's
        key is kept as deleted (``deleted_term``): a re-import adds the entry as a new term
        under another key, so the note in Anki (the key is its GUID) stays retired there.
        Returns how many notes were deleted."""
        with self._db.write() as db:
            notes = f"SELECT DISTINCT note_id FROM card WHERE id {_IN}"
            note_ids = _ids(db, f"id IN ({notes})", (id_list(card_ids),), table="note")
            if not note_ids:
                return 0
            where = {
                "note": f"id {_IN}",
                "term": f"id IN (SELECT term_id FROM note WHERE id {_IN})",
                "card": f"note_id {_IN}",
                "review_log": f"card_id IN (SELECT id FROM card WHERE note_id {_IN})",
                "anki_answer": "review_id IN (SELECT id FROM review_log WHERE card_id IN"
                f" (SELECT id FROM card WHERE note_id {_IN}))",
            }
            param = (id_list(note_ids),)
            kept = {table: rows_of(db, table, where[table], param) for table in DELETED_TABLES}
            term = term_of_card(db, int(kept["card"][0]["id"])) if len(note_ids) == 1 else None
            for table in reversed(DELETED_TABLES):
                key = KEY_COLUMN[table]
                gone = id_list(row[key] for row in kept[table])
                db.execute(f"DELETE FROM {table} WHERE {key} {_IN}", (gone,))
            db.executemany(
                "INSERT OR REPLACE INTO deleted_term (key, deleted_at) VALUES (?, ?)",
                [(t["key"], at) for t in kept["term"]],
            )
            lower_undo_floor(db)
            record_step(
                db,
                kind="delete",
                day=day,
                card_ids=[int(c["id"]) for c in kept["card"]],
                description=describe_step("delete", count=len(note_ids), term=term, unit="note"),
                at=at,
                before=kept,
            )
        return len(note_ids)


def _ids(
    db: sqlite3.Connection, where: str, params: Sequence[Any], *, table: str = "card"
) -> list[int]:
    return [
        int(r[0]) for r in db.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY id", params)
    ]


def _journal(
    db: sqlite3.Connection, kind: str, ids: list[int], *, day: int, at: int, before: dict[str, Any]
) -> None:
    term = term_of_card(db, ids[0]) if len(ids) == 1 else None
    record_step(
        db,
        kind=kind,
        day=day,
        card_ids=ids,
        description=describe_step(kind, count=len(ids), term=term),
        at=at,
        before=before,
    )
