"""Taking back the newest step of the undo journal (:mod:`glosscards.storage.journal`) exactly:
one transaction that restores what the step replaced and removes the step.

Undo is offered for a step of the scheduling day it was made on only, and never for an answer
another device may have (below the undo floor, or paired with Anki): such an answer ends the
history instead. A note edit gets its fields and cards back, with a modification time that moves
forward (Anki takes a note from an export only when it is newer than its own).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from glosscards.storage.card_store import DELETED_TABLES, SCHEDULE_COLUMNS
from glosscards.storage.database import Database
from glosscards.storage.journal import (
    ANSWER_UNDOABLE,
    JournalEntry,
    end_undo_history,
    id_list,
    latest_entry,
)
from glosscards.values import UndoStep

__all__ = ["UndoStore"]


class UndoStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def latest(self, today: int) -> UndoStep | None:
        """The step undo would take back on scheduling day ``today``, if any."""
        entry = latest_entry(self._db)
        if entry is None or entry.day != today:
            return None
        if entry.kind == "answer" and self._db.row(ANSWER_UNDOABLE, (entry.review_id,)) is None:
            return None
        return entry.step()

    def undo(self, today: int, *, now_s: int) -> JournalEntry | None:
        """Take back the newest step of day ``today``: one transaction. Returns the step taken
        back, or None when there is none (the journal is then left as it is, except that an
        answer another device has ends the history)."""
        with self._db.write() as db:
            entry = latest_entry(db)
            if entry is None or entry.day != today:
                return None
            if entry.kind == "answer":
                if entry.review_id is None or not _undo_answer(db, entry.review_id):
                    end_undo_history(db)
                    return None
            else:
                _UNDO[entry.kind](db, entry.before, now_s)
            db.execute("DELETE FROM undo_step WHERE id = ?", (entry.id,))
        return entry


def _undo_answer(db: sqlite3.Connection, review_id: int) -> bool:
    """The card's state before the answer and its siblings' burial back, the log row gone."""
    if db.execute(ANSWER_UNDOABLE, (review_id,)).fetchone() is None:
        return False
    row = db.execute(
        "SELECT card_id, phase_before, ease_before, repetitions_before, interval_before,"
        " lapses_before, due_day_before, last_review_before, redrill_before,"
        " redrill_after_before, stability_before, difficulty_before, fsrs_step_before,"
        " due_at_before, buried_siblings FROM review_log WHERE id = ?",
        (review_id,),
    ).fetchone()
    card_id, *schedule, buried = row
    _set_schedules(db, [[card_id, *schedule]])
    for part in filter(None, str(buried).split(",")):
        sid, before = part.split(":")
        db.execute("UPDATE card SET buried_until_day = ? WHERE id = ?", (int(before), int(sid)))
    db.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
    return True


def _set_schedules(db: sqlite3.Connection, rows: list[list[Any]]) -> None:
    """Give cards the schedules ``[id, *SCHEDULE_COLUMNS]`` (a step journaled before schema 8
    lacks FSRS's columns: they are NULL, as they were)."""
    columns = [c.strip() for c in SCHEDULE_COLUMNS.split(",")]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    missing = [None] * len(columns)
    db.executemany(
        f"UPDATE card SET {assignments} WHERE id = ?",
        [(*row[1:], *missing[len(row) - 1 :], row[0]) for row in rows],
    )


def _undo_burial(db: sqlite3.Connection, before: dict[str, Any], _now_s: int) -> None:
    db.executemany(
        "UPDATE card SET buried_until_day = ? WHERE id = ?", [(b, i) for i, b in before["cards"]]
    )


def _undo_suspension(db: sqlite3.Connection, before: dict[str, Any], _now_s: int) -> None:
    db.executemany(
        "UPDATE card SET suspended = ? WHERE id = ?", [(s, i) for i, s in before["cards"]]
    )


def _undo_reset(db: sqlite3.Connection, before: dict[str, Any], _now_s: int) -> None:
    _set_schedules(db, before["cards"])


def _undo_move(db: sqlite3.Connection, before: dict[str, Any], _now_s: int) -> None:
    db.executemany(
        "UPDATE term SET source_id = ?, origin_id = ? WHERE id = ?",
        [(source, origin, i) for i, source, origin in before["terms"]],
    )
    db.executemany("UPDATE card SET deck_id = ? WHERE id = ?", [(d, i) for i, d in before["cards"]])


def _undo_edit(db: sqlite3.Connection, before: dict[str, Any], now_s: int) -> None:
    """The note's fields back; cards the edit made go (they have no answers: an answer to one
    would be a later step, taken back first), cards it retired come back."""
    note = before["note"]
    db.execute(
        "UPDATE note SET text = ?, back_extra = ?, edited = ?, glossary_text = ?,"
        " glossary_back_extra = ?, modified = max(?, modified + 1) WHERE id = ?",
        (
            note["text"], note["back_extra"], note["edited"], note["glossary_text"],
            note["glossary_back_extra"], now_s, note["id"],
        ),
    )  # fmt: skip
    kept = [int(c[0]) for c in before["cards"]]
    db.execute(
        "DELETE FROM card WHERE note_id = ? AND id NOT IN (SELECT value FROM json_each(?))"
        " AND id NOT IN (SELECT card_id FROM review_log)",
        (note["id"], id_list(kept)),
    )
    db.execute(
        "UPDATE card SET retired = 1 WHERE note_id = ? AND id NOT IN"
        " (SELECT value FROM json_each(?))",
        (note["id"], id_list(kept)),
    )
    db.executemany(
        "UPDATE card SET retired = ?, new_position = ? WHERE id = ?",
        [(retired, position, i) for i, retired, position in before["cards"]],
    )


def _undo_deletion(db: sqlite3.Connection, before: dict[str, Any], _now_s: int) -> None:
    """Every row the deletion removed back, with its own id; the keys are no longer deleted."""
    for table in DELETED_TABLES:
        rows = before[table]
        if not rows:
            continue
        columns = list(rows[0])
        db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})",
            [tuple(row[c] for c in columns) for row in rows],
        )
    db.execute(
        "DELETE FROM deleted_term WHERE key IN (SELECT value FROM json_each(?))",
        (json.dumps([str(t["key"]) for t in before["term"]]),),
    )


_UNDO = {
    "bury": _undo_burial,
    "unbury": _undo_burial,
    "suspend": _undo_suspension,
    "unsuspend": _undo_suspension,
    "reset": _undo_reset,
    "move": _undo_move,
    "edit": _undo_edit,
    "delete": _undo_deletion,
}
