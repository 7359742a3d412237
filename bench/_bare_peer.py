"""The floor of the review benchmark: the SQL of one answer, on bare ``sqlite3``, no Python glue.

A copy of the glosscards collection the benchmark times, opened with the collection's own
connection settings (:func:`glosscards.storage.database.connect`: WAL, ``synchronous=FULL``), is
studied by a loop that does only the SQL work an answer needs, with prepared statements and
tuples in, tuples out:

1. the first ready re-drill card, then the first due card, each by its queue index (the same
   conditions and orders as :mod:`glosscards.storage.review_store`);
2. the card's row with its note's text and its term (one join);
3. ``BEGIN IMMEDIATE``; the card's new schedule (``UPDATE card``), its review-log row and its
   undo step (``INSERT`` each); ``COMMIT`` — one fsync of the log, as glosscards and Anki do.

The new schedule is a fixed rule (next due day = today + interval + 1), not SM-2: the floor
measures storage, not scheduling. Nothing is rendered and no intervals are previewed. The ratio
glosscards / floor says how much the façade, the scheduler and the rendering add.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from glosscards.storage.database import connect

__all__ = ["BareSide"]

_ACTIVE = "suspended = 0 AND retired = 0"
_VISIBLE = f"buried_until_day <= ? AND {_ACTIVE}"
_REDRILL_READY = (
    f"SELECT id FROM card WHERE redrill = 1 AND last_review >= ? AND {_VISIBLE}"
    " AND CASE WHEN due_at IS NULL THEN redrill_after <= ? ELSE due_at <= ? END"
    " ORDER BY due_at, redrill_after, id LIMIT 1"
)
_DUE = (
    f"SELECT id FROM card WHERE phase != 'new' AND due_day <= ? AND {_VISIBLE}"
    " AND (redrill = 0 OR last_review < ?) ORDER BY due_day, id LIMIT 1"
)
_ROW = (
    "SELECT c.id, c.note_id, c.phase, c.ease, c.repetitions, c.interval_days, c.lapses,"
    " c.due_day, c.last_review, c.redrill, c.redrill_after, t.term, n.text, n.back_extra"
    " FROM card c JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id WHERE c.id = ?"
)
_UPDATE = (
    "UPDATE card SET phase = ?, ease = ?, repetitions = ?, interval_days = ?, lapses = ?,"
    " due_day = ?, last_review = ?, redrill = ?, redrill_after = ?, stability = ?,"
    " difficulty = ?, fsrs_step = ?, due_at = ? WHERE id = ?"
)
_REVLOG = (
    "INSERT INTO review_log (card_id, reviewed_at, grade, quality, duration_ms, redrill,"
    " phase_before, ease_before, ease_after, interval_before, interval_after,"
    " repetitions_before, repetitions_after, lapses_before, due_day_before,"
    " last_review_before, redrill_before, redrill_after_before, buried_siblings,"
    " stability_before, difficulty_before, fsrs_step_before, due_at_before)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_UNDO = (
    "INSERT INTO undo_step (kind, day, card_ids, description, review_id, before_json, at)"
    " VALUES (?,?,?,?,?,?,?)"
)


class BareSide:
    """The bare-``sqlite3`` answer loop over its own copy of a collection file."""

    def __init__(self, source: Path, path: Path, *, today: int, day_start: int) -> None:
        shutil.copyfile(source, path)
        self.conn: sqlite3.Connection = connect(path)
        self.today = today
        self.day_start = day_start
        self.sequence = int(self.conn.execute("SELECT max(id) FROM review_log").fetchone()[0] or 0)
        self.cycles = 0

    def cycle(self, now: datetime, grade: int) -> None:
        conn, today, start = self.conn, self.today, self.day_start
        now_s = int(now.timestamp())
        found = conn.execute(_REDRILL_READY, (start, today, self.sequence, now_s)).fetchone()
        if found is None:
            found = conn.execute(_DUE, (today, today, start)).fetchone()
        if found is None:
            raise RuntimeError("the bare loop ran out of cards: raise --cards")
        row = conn.execute(_ROW, found).fetchone()
        cid, _note, phase, ease, reps, ivl, lapses, due, last, redrill, after = row[:11]
        new_ivl = ivl + 1
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            _UPDATE,
            ("review", ease, reps + 1, new_ivl, lapses, today + new_ivl, now_s, 0, 0, None,
             None, None, None, cid),
        )  # fmt: skip
        review_id = conn.execute(
            _REVLOG,
            (cid, now_s * 1000, grade, grade + 1, 4000, 0, phase, ease, ease, ivl, new_ivl,
             reps, reps + 1, lapses, due, last, redrill, after, "", None, None, None, None),
        ).lastrowid  # fmt: skip
        conn.execute(
            _UNDO, ("answer", today, f"[{cid}]", f"answer to '{row[11]}'", review_id, "{}", now_s)
        )
        conn.execute("COMMIT")
        self.sequence = int(review_id or 0)
        self.cycles += 1

    def pragmas(self) -> dict[str, object]:
        return {
            name: self.conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "locking_mode")
        }

    def close(self) -> None:
        self.conn.close()
