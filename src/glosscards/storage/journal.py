"""The undo journal (schema 7, table ``undo_step``): every step the learner can take back, written
in the transaction of the change itself, so a step is journaled exactly when it happened.

A step records its kind, the scheduling day it was made on, its cards, its name ("answer to
'Activation Layer'", :mod:`glosscards.undo`) and the state that undoing it restores: a JSON
object for most kinds; for an answer, the review-log row, which keeps the card's state before
it. Undo takes back the newest step, and only on the day it was made (steps of earlier days are
dropped when the next one is written). An import, a sync, a restore and a deck deletion end the
history (:func:`end_undo_history`): the steps before them describe cards that have changed since.

Every function here runs inside the caller's transaction, on the raw connection or on a
SQLAlchemy one (the note edits and the import write through SQLAlchemy).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from glosscards.storage.database import Database
from glosscards.values import CardId, UndoStep

__all__ = [
    "ANSWER_UNDOABLE",
    "JournalEntry",
    "Writer",
    "end_undo_history",
    "id_list",
    "latest_entry",
    "record_step",
    "run",
    "term_of_card",
]

Writer = Any  # sqlite3.Connection | sqlalchemy.Connection
"""A connection inside a transaction: the raw one or SQLAlchemy's (the same SQLite connection)."""

ANSWER_UNDOABLE = (
    "SELECT 1 FROM review_log WHERE id = ? AND id > max(coalesce((SELECT CAST(value AS INTEGER)"
    " FROM meta WHERE key = 'undo_floor'), 0), coalesce((SELECT max(review_id) FROM anki_answer),"
    " 0))"
)
"""An answer that may be taken back: still there, newer than the undo floor a sync or a progress
import set, and never paired with Anki (another device has it)."""


def run(conn: Writer, sql: str, params: Sequence[Any] = ()) -> Any:
    """Run one statement (``?`` parameters) on either kind of connection; returns its cursor."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, params)
    return conn.exec_driver_sql(sql, tuple(params))


def id_list(ids: Iterable[int]) -> str:
    """Ids as one JSON parameter, for ``IN (SELECT value FROM json_each(?))``: any number of
    ids in one statement (the text ``json.dumps`` gives, without its cost per answer)."""
    return "[" + ", ".join(str(int(i)) for i in ids) + "]"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One ``undo_step`` row as a value (the one row ↔ value mapping of the journal)."""

    id: int
    kind: str
    day: int
    card_ids: tuple[int, ...]
    description: str
    review_id: int | None
    before: dict[str, Any]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> JournalEntry:
        sid, kind, day, cards, description, review_id, before = row
        return cls(
            int(sid), str(kind), int(day), tuple(int(c) for c in json.loads(cards)),
            str(description), None if review_id is None else int(review_id), json.loads(before),
        )  # fmt: skip

    def step(self) -> UndoStep:
        return UndoStep(self.kind, self.description, tuple(CardId(c) for c in self.card_ids))


_COLUMNS = "id, kind, day, card_ids, description, review_id, before_json"


def record_step(
    conn: Writer,
    *,
    kind: str,
    day: int,
    card_ids: Sequence[int],
    description: str,
    at: int,
    review_id: int | None = None,
    before: dict[str, Any] | None = None,
    prune: bool = True,
) -> None:
    """Journal one step (inside the transaction of the change); steps of earlier days go,
    unless the caller knows they already went (``prune=False``: the review hot path prunes
    once a day, :class:`glosscards.storage.review_store.ReviewStore`)."""
    if prune:
        run(conn, "DELETE FROM undo_step WHERE day < ?", (day,))
    run(
        conn,
        "INSERT INTO undo_step (kind, day, card_ids, description, review_id, before_json, at)"
        " VALUES (?,?,?,?,?,?,?)",
        (
            kind,
            day,
            id_list(card_ids),
            description,
            review_id,
            "{}" if not before else json.dumps(before, separators=(",", ":")),
            at,
        ),
    )


def end_undo_history(conn: Writer) -> None:
    """Nothing before now can be undone (an import, a sync, a restore, a deck deletion)."""
    run(conn, "DELETE FROM undo_step")


def latest_entry(source: Database | Writer) -> JournalEntry | None:
    """The newest step of the journal, whatever its day."""
    sql = f"SELECT {_COLUMNS} FROM undo_step ORDER BY id DESC LIMIT 1"
    row = source.row(sql) if isinstance(source, Database) else run(source, sql).fetchone()
    return None if row is None else JournalEntry.from_row(row)


def term_of_card(conn: Writer, card_id: int) -> str | None:
    """The term of a card's note, as the reviewer and the browser show it."""
    row = run(
        conn,
        "SELECT t.term FROM card c JOIN note n ON n.id = c.note_id JOIN term t"
        " ON t.id = n.term_id WHERE c.id = ?",
        (card_id,),
    ).fetchone()
    return None if row is None else str(row[0])
