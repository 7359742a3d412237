"""Moving a collection written by an older glosscards forward to the current schema.

Each step takes the schema from version ``n`` to ``n + 1`` and runs inside the one transaction
that also records the new version, so a crash leaves the old or the new schema, never half of
one; the file is backed up before the first step.

Schema 3 stores due dates and burials as scheduling-day numbers instead of instants. A card
was shown on the scheduling day containing its old ``due`` instant (the queue took cards due
before the day's end), so that day's number is its ``due_day``: every card stays due on the same
day. A burial lasted until an instant that was a day's start; it becomes that day's number.
Review-log rows keep what undo restores, converted the same way. Term identity keys are kept as
they are: they are the GUIDs Anki already holds, and the old keys are distinct by construction.

Schema 5 lets the learner edit a note: ``note.edited`` and the glossary's fields the edit
replaced. Every note of an older collection is the glossary's own, so nothing is converted.

Schema 6 pairs answers with the Anki ``revlog`` rows they are in (sync, ``import-progress``): a new
table, empty in an older collection, which has never synced.

Schema 7 keeps the undo history in the collection (``undo_step``, :mod:`glosscards.storage.journal`),
the keys of terms whose notes were deleted, and the glossary a term moved to another deck comes
from (``term.origin_id``; no term of an older collection was moved). The answers of the last day
answered that undo could take back (above the undo floor, shared with no other device) start the
journal, so a collection opened by the new program the same day undoes them as before.

Schema 8 gives a card FSRS's memory state (``stability``, ``difficulty``), its learning step
(``fsrs_step``) and the instant a step later the same day is due (``due_at``), and the review log
the same four before each answer, so undo restores them. Every card of an older collection is
scheduled by SM-2, so all of them are NULL; the re-drill indexes are made again to cover
``due_at``.

Schema 9 adds the statistics' covering index on the review log (``ix_review_log_tally``); no
row changes.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from glosscards.paths import backups_dir
from glosscards.scheduler.day import DEFAULT_ROLLOVER_HOUR, scheduling_day, start_of_day
from glosscards.storage.backup import make_backup
from glosscards.storage.models import SCHEMA_VERSION
from glosscards.undo import describe_step

__all__ = ["MIGRATIONS", "DayLocator", "MigrationContext", "migrate"]


@dataclass(frozen=True, slots=True)
class MigrationContext:
    """What a step may need besides the database: the learner's time zone."""

    tz: tzinfo


def _drop_unwanted_indexes(conn: Connection, _context: MigrationContext) -> None:
    """Schema 1 → 2 replaced plain indexes by partial covering ones for the review hot path:
    drop the indexes the model no longer has (the last step creates the missing ones)."""
    wanted = {index.name for table in SQLModel.metadata.sorted_tables for index in table.indexes}
    existing = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")
    ).scalars()
    for name in [n for n in existing if n not in wanted]:
        conn.execute(text(f'DROP INDEX "{name}"'))


def _sync_indexes(conn: Connection, context: MigrationContext) -> None:
    """Create the model's indexes that are missing, drop the ones it no longer has. An index
    on a column a later step adds waits for that step (which calls this again)."""
    _drop_unwanted_indexes(conn, context)
    for table in SQLModel.metadata.sorted_tables:
        present = {row[1] for row in conn.execute(text(f'PRAGMA table_info("{table.name}")'))}
        for index in table.indexes:
            if {column.name for column in index.columns} <= present:
                index.create(conn, checkfirst=True)


class DayLocator:
    """Scheduling-day numbers of many instants at once: the day starts over their range are
    computed once and each instant is placed by bisection, not by time-zone arithmetic."""

    def __init__(self, instants: Iterable[int], *, tz: tzinfo, rollover_hour: int) -> None:
        values = [v for v in instants if v]
        self._starts: list[int] = []
        self._first = 0
        if not values:
            return
        first = scheduling_day(_at(min(values)), tz=tz, rollover_hour=rollover_hour).number
        last = scheduling_day(_at(max(values)), tz=tz, rollover_hour=rollover_hour).number
        self._first = first
        self._starts = [
            int(start_of_day(n, tz=tz, rollover_hour=rollover_hour).timestamp())
            for n in range(first, last + 2)
        ]

    def day_of(self, instant: int) -> int:
        """The number of the scheduling day containing the epoch second ``instant``."""
        return self._first + bisect.bisect_right(self._starts, instant) - 1


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _rollover_hour(conn: Connection) -> int:
    row = conn.execute(text("SELECT value FROM meta WHERE key = 'settings'")).first()
    if row is None:
        return DEFAULT_ROLLOVER_HOUR
    return int(json.loads(row[0]).get("rollover_hour", DEFAULT_ROLLOVER_HOUR))


def _buried_days(buried: str, locate: DayLocator) -> str:
    parts = []
    for part in filter(None, buried.split(",")):
        sid, before = part.split(":")
        parts.append(f"{sid}:{locate.day_of(int(before)) if int(before) else 0}")
    return ",".join(parts)


def _days_from_instants(conn: Connection, context: MigrationContext) -> None:
    """Schema 2 → 3: due dates and burials as scheduling-day numbers (module docstring)."""
    instants: set[int] = set()
    for column in ("due", "buried_until"):
        instants.update(conn.execute(text(f"SELECT DISTINCT {column} FROM card")).scalars())
    instants.update(conn.execute(text("SELECT DISTINCT due_before FROM review_log")).scalars())
    logs = conn.execute(
        text("SELECT id, buried_siblings FROM review_log WHERE buried_siblings != ''")
    ).all()
    for _, buried in logs:
        instants.update(int(p.split(":")[1]) for p in buried.split(",") if p)
    locate = DayLocator(instants, tz=context.tz, rollover_hour=_rollover_hour(conn))
    day = {v: locate.day_of(v) for v in instants if v}
    conn.execute(text("CREATE TEMP TABLE day_of (instant INTEGER PRIMARY KEY, day INTEGER)"))
    if day:
        conn.execute(
            text("INSERT INTO day_of VALUES (:i, :d)"),
            [{"i": i, "d": d} for i, d in day.items()],
        )
    for name in _existing_card_indexes(conn):
        conn.execute(text(f'DROP INDEX "{name}"'))
    conn.execute(text("ALTER TABLE card ADD COLUMN due_day INTEGER"))
    conn.execute(text("ALTER TABLE card ADD COLUMN buried_until_day INTEGER NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE review_log ADD COLUMN due_day_before INTEGER"))
    conn.execute(
        text(
            "UPDATE card SET due_day = (SELECT day FROM day_of WHERE instant = card.due),"
            " buried_until_day = coalesce("
            "(SELECT day FROM day_of WHERE instant = card.buried_until), 0)"
        )
    )
    conn.execute(
        text(
            "UPDATE review_log SET due_day_before ="
            " (SELECT day FROM day_of WHERE instant = review_log.due_before)"
        )
    )
    if logs:
        conn.execute(
            text("UPDATE review_log SET buried_siblings = :b WHERE id = :id"),
            [{"id": rid, "b": _buried_days(buried, locate)} for rid, buried in logs],
        )
    conn.execute(text("DROP TABLE day_of"))
    for table, column in (("card", "due"), ("card", "buried_until"), ("review_log", "due_before")):
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
    # The card indexes come back with the last step (schema 4 adds the deck to them).


def _existing_card_indexes(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'card'"
                " AND sql IS NOT NULL"
            )
        ).scalars()
    )


def _deck_on_cards(conn: Connection, context: MigrationContext) -> None:
    """Schema 3 → 4: each card carries its deck, for per-deck queue indexes."""
    conn.execute(text("ALTER TABLE card ADD COLUMN deck_id INTEGER NOT NULL DEFAULT 0"))
    conn.execute(
        text(
            "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
            " ON t.id = n.term_id WHERE n.id = card.note_id)"
        )
    )
    _sync_indexes(conn, context)


def _note_edits(conn: Connection, _context: MigrationContext) -> None:
    """Schema 4 → 5: a note records whether the learner edited it and the glossary's fields the
    edit replaced. No note of an older collection was edited: each is the glossary's."""
    conn.execute(text("ALTER TABLE note ADD COLUMN edited BOOLEAN NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE note ADD COLUMN glossary_text VARCHAR NOT NULL DEFAULT ''"))
    conn.execute(
        text("ALTER TABLE note ADD COLUMN glossary_back_extra VARCHAR NOT NULL DEFAULT ''")
    )


def _anki_answers(conn: Connection, _context: MigrationContext) -> None:
    """Schema 5 → 6: the table pairing answers with Anki revlog rows (empty: never synced)."""
    SQLModel.metadata.tables["anki_answer"].create(conn, checkfirst=True)


def _undo_journal(conn: Connection, context: MigrationContext) -> None:
    """Schema 6 → 7: the undo journal, started with the last day's undoable answers (module
    docstring); the deleted terms' keys; the term's glossary of origin."""
    for name in ("undo_step", "deleted_term"):
        SQLModel.metadata.tables[name].create(conn, checkfirst=True)
    columns = {row[1] for row in conn.execute(text("PRAGMA table_info(term)"))}
    if "origin_id" not in columns:
        conn.execute(text("ALTER TABLE term ADD COLUMN origin_id INTEGER"))
    newest = conn.execute(text("SELECT max(reviewed_at) FROM review_log")).scalar()
    if newest is None or conn.execute(text("SELECT count(*) FROM undo_step")).scalar():
        return
    day = scheduling_day(
        _at(int(newest) // 1000), tz=context.tz, rollover_hour=_rollover_hour(conn)
    )
    rows = conn.execute(
        text(
            "SELECT r.id, r.card_id, r.reviewed_at, t.term FROM review_log r"
            " JOIN card c ON c.id = r.card_id JOIN note n ON n.id = c.note_id"
            " JOIN term t ON t.id = n.term_id WHERE r.reviewed_at >= :since"
            " AND r.id > max(coalesce((SELECT CAST(value AS INTEGER) FROM meta"
            " WHERE key = 'undo_floor'), 0), coalesce((SELECT max(review_id) FROM anki_answer), 0))"
            " ORDER BY r.id"
        ),
        {"since": int(day.start.timestamp()) * 1000},
    ).all()
    if rows:
        conn.execute(
            text(
                "INSERT INTO undo_step (kind, day, card_ids, description, review_id, before_json,"
                " at) VALUES ('answer', :day, :cards, :description, :review, '{}', :at)"
            ),
            [
                {
                    "day": day.number,
                    "cards": f"[{card_id}]",
                    "description": describe_step("answer", count=1, term=term),
                    "review": review_id,
                    "at": int(at) // 1000,
                }
                for review_id, card_id, at, term in rows
            ],
        )


FSRS_CARD_COLUMNS = (
    ("stability", "FLOAT"),
    ("difficulty", "FLOAT"),
    ("fsrs_step", "INTEGER"),
    ("due_at", "INTEGER"),
)


def _fsrs_states(conn: Connection, context: MigrationContext) -> None:
    """Schema 7 → 8: FSRS's columns on cards and review-log rows (module docstring), NULL for
    the SM-2 cards an older collection has; the re-drill indexes made again with ``due_at``."""
    for table, suffix in (("card", ""), ("review_log", "_before")):
        columns = {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}
        for name, kind in FSRS_CARD_COLUMNS:
            if name + suffix not in columns:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name}{suffix} {kind}"))
    for name in ("ix_card_queue_redrill", "ix_card_deck_redrill"):
        conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))
    _sync_indexes(conn, context)


MIGRATIONS: dict[int, Callable[[Connection, MigrationContext], None]] = {  # n → n + 1
    1: _drop_unwanted_indexes,
    2: _days_from_instants,
    3: _deck_on_cards,
    4: _note_edits,
    5: _anki_answers,
    6: _undo_journal,
    7: _fsrs_states,
    8: _sync_indexes,
}
"""``MIGRATIONS[n]`` takes a collection from schema ``n`` to ``n + 1``."""


def migrate(
    engine: Engine, path: Path, version: int, *, tz: tzinfo, now: datetime | None = None
) -> Path:
    """Back up ``path``, then apply every step from ``version`` to :data:`SCHEMA_VERSION`."""
    backup = make_backup(path, backups_dir(path), (now or datetime.now(UTC)).astimezone())
    context = MigrationContext(tz=tz)
    with engine.begin() as conn:
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn, context)
        conn.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(SCHEMA_VERSION)},
        )
    return backup
