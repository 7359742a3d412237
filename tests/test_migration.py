"""Schema 2 → 3: a collection made by the glosscards of schema 2 opens, is backed up, and keeps
every card due on the same scheduling day, every burial and every answer. Schema 4 → 5: every
note of an older collection is the glossary's own, not edited. Schema 7 → 8: every card is
SM-2's, with no FSRS state.

``tests/data/schema-v2.db`` was made by that version (commit 82a14cc) from the demo glossary:
133 answers in Europe/Berlin around the October 2025 daylight-saving change, at hours on both
sides of the 04:00 rollover, with burials and a suspension.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import peek
from glosscards import Collection
from glosscards.paths import backups_dir
from glosscards.scheduler.day import scheduling_day
from glosscards.storage.models import SCHEMA_VERSION

V2 = Path(__file__).parent / "data" / "schema-v2.db"
BERLIN = ZoneInfo("Europe/Berlin")
LOG_COLUMNS = (
    "id, card_id, reviewed_at, grade, quality, duration_ms, redrill, phase_before, ease_before,"
    " ease_after, interval_before, interval_after, repetitions_before, repetitions_after,"
    " lapses_before, last_review_before, redrill_before, redrill_after_before"
)


def _day(epoch: int) -> int:
    return scheduling_day(datetime.fromtimestamp(epoch, UTC), tz=BERLIN).number


@pytest.fixture
def v2_copy(tmp_path: Path) -> Path:
    """The schema-2 file, copied into a folder with a name that breaks naive SQLite URLs."""
    folder = tmp_path / "C# notes?"
    folder.mkdir()
    shutil.copy(V2, folder / "collection.db")
    return folder / "collection.db"


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_schema_2_collection_migrates_keeping_days_and_history(v2_copy: Path) -> None:
    """Every card is due on the scheduling day it was due on; histories are identical."""
    cards = _read(v2_copy, "SELECT id, due, buried_until, phase, ease, interval_days FROM card")
    log = _read(v2_copy, f"SELECT {LOG_COLUMNS} FROM review_log ORDER BY id")
    due_before = _read(v2_copy, "SELECT id, due_before FROM review_log ORDER BY id")
    assert len(log) == 133 and sum(1 for c in cards if c[2]) > 0
    with Collection.open(v2_copy, tz=BERLIN) as col:
        db = peek(col)
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        after = {r[0]: r[1:] for r in db.execute(
            "SELECT id, due_day, buried_until_day, phase, ease, interval_days FROM card"
        )}  # fmt: skip
        assert db.execute(f"SELECT {LOG_COLUMNS} FROM review_log ORDER BY id").fetchall() == log
        converted = db.execute("SELECT id, due_day_before FROM review_log ORDER BY id").fetchall()
        assert list(backups_dir(v2_copy).glob("collection-*.db")), "no backup before migrating"
        assert col.find_cards("is:buried", now=datetime(2025, 10, 29, 23, 55, tzinfo=BERLIN))
    for cid, due, buried, phase, ease, interval in cards:
        expected_due = None if due is None else _day(int(due))  # type: ignore[arg-type]
        expected_buried = _day(int(buried)) if buried else 0  # type: ignore[arg-type]
        assert after[cid] == (expected_due, expected_buried, phase, ease, interval)
    assert converted == [(rid, None if d is None else _day(d)) for rid, d in due_before]  # type: ignore[arg-type]


def test_undo_after_migrating_restores_the_state_before_the_answer(v2_copy: Path) -> None:
    """The last answer made before the migration is undone exactly, in scheduling days, on the
    day it was made (schema 7 starts the undo journal with that day's answers)."""
    last = _read(
        v2_copy, "SELECT card_id, due_before, reviewed_at FROM review_log ORDER BY id DESC LIMIT 1"
    )
    card_id, due_before, reviewed_ms = last[0]
    that_day = datetime.fromtimestamp(int(reviewed_ms) / 1000 + 60, UTC)  # type: ignore[call-overload]
    with Collection.open(v2_copy, tz=BERLIN) as col:
        step = col.undo_step(that_day)
        assert step is not None and step.kind == "answer" and step.card_ids == (card_id,)
        assert col.undo_step(that_day + timedelta(days=1)) is None
        undone = col.undo(that_day)
        assert undone is not None and undone.card_id == card_id
        due_day = peek(col).execute("SELECT due_day FROM card WHERE id = ?", (card_id,)).fetchone()
    assert due_day == (None if due_before is None else _day(int(due_before)),)  # type: ignore[arg-type]


def test_a_schema_1_collection_migrates_through_2(v2_copy: Path) -> None:
    """Version 1 had plain indexes instead of the queue's partial ones: both steps run."""
    db = sqlite3.connect(v2_copy)
    db.execute("DROP INDEX ix_card_queue_due")
    db.execute("DROP INDEX ix_card_queue_new")
    db.execute("CREATE INDEX ix_card_due ON card (due)")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Collection.open(v2_copy, tz=BERLIN) as col:
        indexes = {
            r[0] for r in peek(col).execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert col.counts(datetime(2025, 10, 30, 12, tzinfo=BERLIN)).total > 0
    assert {"ix_card_queue_due", "ix_card_queue_new", "ix_card_queue_redrill"} <= indexes
    assert "ix_card_due" not in indexes


def test_a_migrated_collection_has_the_schema_of_a_new_one(v2_copy: Path, tmp_path: Path) -> None:
    """Same tables, columns and indexes as a collection created today."""

    def shape(path: Path) -> tuple[set[tuple[str, str]], set[str]]:
        tables = {r[0] for r in _read(path, "SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {
            (str(t), str(c[1])) for t in tables for c in _read(path, f"PRAGMA table_info({t})")
        }
        indexes = {
            str(r[0]) for r in _read(path, "SELECT name FROM sqlite_master WHERE type='index'")
        }
        return columns, indexes

    Collection.open(v2_copy, tz=BERLIN).close()
    Collection.open(tmp_path / "new.db", tz=BERLIN).close()
    assert shape(v2_copy) == shape(tmp_path / "new.db")


def test_a_schema_2_collection_opened_read_only_is_refused_unchanged(
    v2_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stats` on a collection not yet migrated says so in one line (exit 2) and writes nothing:
    a read-only open cannot migrate it."""
    from glosscards.cli import main

    before = v2_copy.read_bytes()
    assert main(["--collection", str(v2_copy), "stats"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "older glosscards (schema 2)" in err
    assert v2_copy.read_bytes() == before


def test_a_schema_4_collection_migrates_with_every_note_unedited(
    tmp_path: Path, v2_copy: Path
) -> None:
    """Schema 4 → 5 adds the learner's edits to the notes: none is edited, the texts are the
    same, and the first edit afterwards records the glossary's version it replaced."""
    Collection.open(v2_copy, tz=BERLIN).close()  # the schema-2 file, now at the current schema
    db = sqlite3.connect(v2_copy)  # … taken back to schema 4: the note table without edits
    for column in ("edited", "glossary_text", "glossary_back_extra"):
        db.execute(f"ALTER TABLE note DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    notes = _read(v2_copy, "SELECT id, text, back_extra, modified FROM note ORDER BY id")
    for name in list(backups_dir(v2_copy).glob("*.db")):
        name.unlink()
    with Collection.open(v2_copy, tz=BERLIN) as col:
        db = peek(col)
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        assert (
            db.execute("SELECT id, text, back_extra, modified FROM note ORDER BY id").fetchall()
            == notes
        )
        assert db.execute(
            "SELECT count(*) FROM note WHERE edited = 0 AND glossary_text = ''"
            " AND glossary_back_extra = ''"
        ).fetchone() == (len(notes),)
        assert list(backups_dir(v2_copy).glob("collection-*.db")), "no backup before migrating"
        card = col.find_cards("")[0].card_id
        note = col.editable_note(card)
        col.edit_note(card, text=note.text + "<br>Mine.", back_extra="", now=datetime.now(UTC))
        edited = col.editable_note(card)
    assert edited.edited and edited.glossary_text == note.text


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/Nuuk", "Australia/Lord_Howe", "Asia/Kolkata"]
)
@pytest.mark.parametrize("rollover", [0, 2, 4, 23])
def test_day_locator_agrees_with_scheduling_day(zone: str, rollover: int) -> None:
    """The migration's bulk day lookup gives what scheduling_day gives, at day starts too."""
    from glosscards.scheduler.day import start_of_day
    from glosscards.storage.migrate import DayLocator

    tz = ZoneInfo(zone)
    lo = int(datetime(2025, 3, 20, tzinfo=UTC).timestamp())
    instants = list(range(lo, lo + 40 * 86_400, 1_799))
    first = scheduling_day(datetime.fromtimestamp(lo, UTC), tz=tz, rollover_hour=rollover).number
    starts = [
        int(start_of_day(n, tz=tz, rollover_hour=rollover).timestamp())
        for n in range(first + 1, first + 38)
    ]
    instants += starts + [s - 1 for s in starts]
    locate = DayLocator(instants, tz=tz, rollover_hour=rollover)
    for instant in instants:
        moment = datetime.fromtimestamp(instant, UTC)
        assert (
            locate.day_of(instant) == scheduling_day(moment, tz=tz, rollover_hour=rollover).number
        )


def test_a_schema_6_collection_migrates_with_the_last_days_answers_undoable(
    v2_copy: Path,
) -> None:
    """Schema 6 → 7 adds the undo journal, started with the last day's answers that undo could
    take back (above the undo floor), so the same day's undo goes on as before; no term has
    been moved to another deck, and no note deleted."""
    Collection.open(v2_copy, tz=BERLIN).close()  # the schema-2 file, now at the current schema
    answers = _read(v2_copy, "SELECT id, card_id, reviewed_at FROM review_log ORDER BY id")
    last_day = _day(int(answers[-1][2]) // 1000)  # type: ignore[call-overload]
    of_last_day = [a for a in answers if _day(int(a[2]) // 1000) == last_day]  # type: ignore[call-overload]
    assert len(of_last_day) >= 3
    floor = of_last_day[0][0]  # the first answer of that day went to Anki in a sync
    db = sqlite3.connect(v2_copy)  # … taken back to schema 6: no journal, no origin, no keys kept
    db.execute("DROP TABLE undo_step")
    db.execute("DROP TABLE deleted_term")
    db.execute("ALTER TABLE term DROP COLUMN origin_id")
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('undo_floor', ?)", (str(floor),))
    db.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    that_day = datetime.fromtimestamp(int(of_last_day[-1][2]) / 1000 + 60, UTC)  # type: ignore[call-overload]
    with Collection.open(v2_copy, tz=BERLIN) as col:
        db = peek(col)
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        assert db.execute("SELECT count(*) FROM term WHERE origin_id IS NOT NULL").fetchone() == (
            0,
        )
        assert db.execute("SELECT count(*) FROM deleted_term").fetchone() == (0,)
        assert col.undo_step(that_day + timedelta(days=1)) is None
        undone = []
        while (result := col.undo(that_day)) is not None:
            assert result.step.description.startswith("answer to '")
            undone.append((result.review_id, result.card_id))
    assert undone == [(rid, cid) for rid, cid, _ in reversed(of_last_day[1:])]


def test_a_schema_7_collection_migrates_with_every_card_on_sm2(v2_copy: Path) -> None:
    """Schema 7 → 8 adds FSRS's columns to cards and review-log rows, all NULL (every card of
    an older collection is SM-2's); states, answers and days are unchanged, the re-drill indexes
    cover ``due_at``, and a reset journaled before (without FSRS's columns) is still undone."""
    Collection.open(v2_copy, tz=BERLIN).close()  # the schema-2 file, now at the current schema
    db = sqlite3.connect(v2_copy)  # … taken back to schema 7: no FSRS columns, older indexes
    for name in ("ix_card_queue_redrill", "ix_card_deck_redrill"):
        db.execute(f"DROP INDEX {name}")
    for column in ("stability", "difficulty", "fsrs_step", "due_at"):
        db.execute(f"ALTER TABLE card DROP COLUMN {column}")
        db.execute(f"ALTER TABLE review_log DROP COLUMN {column}_before")
    db.execute(
        "CREATE INDEX ix_card_queue_redrill ON card (redrill_after, id, last_review,"
        " buried_until_day) WHERE redrill = 1 AND suspended = 0 AND retired = 0"
    )
    studied = db.execute(
        "SELECT id, phase, ease, repetitions, interval_days, lapses, due_day, last_review, redrill,"
        " redrill_after FROM card WHERE phase != 'new' ORDER BY id LIMIT 1"
    ).fetchone()
    when = datetime(2025, 11, 3, 12, tzinfo=BERLIN)
    today = scheduling_day(when, tz=BERLIN).number
    db.execute("DELETE FROM undo_step")
    db.execute(
        "INSERT INTO undo_step (kind, day, card_ids, description, review_id, before_json, at)"
        " VALUES ('reset', ?, ?, 'reset of 1 card', NULL, ?, ?)",
        (today, f"[{studied[0]}]", json.dumps({"cards": [list(studied)]}), int(when.timestamp())),
    )
    db.execute("UPDATE card SET phase = 'new', due_day = NULL WHERE id = ?", (studied[0],))
    db.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    cards = _read(v2_copy, "SELECT * FROM card ORDER BY id")
    log = _read(v2_copy, "SELECT * FROM review_log ORDER BY id")
    with Collection.open(v2_copy, tz=BERLIN) as col:
        db = peek(col)
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        width = len(cards[0])
        assert [r[:width] for r in db.execute("SELECT * FROM card ORDER BY id")] == cards
        assert [r[: len(log[0])] for r in db.execute("SELECT * FROM review_log ORDER BY id")] == log
        assert db.execute(
            "SELECT count(*) FROM card WHERE coalesce(stability, difficulty, fsrs_step, due_at)"
            " IS NOT NULL"
        ).fetchone() == (0,)
        assert db.execute(
            "SELECT count(*) FROM review_log WHERE coalesce(stability_before, difficulty_before,"
            " fsrs_step_before, due_at_before) IS NOT NULL"
        ).fetchone() == (0,)
        indexes = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
        assert "due_at" in indexes["ix_card_queue_redrill"]
        assert "due_at" in indexes["ix_card_deck_redrill"]
        undone = col.undo(when)
        assert undone is not None and undone.step.kind == "reset"
        back = db.execute(
            "SELECT id, phase, ease, repetitions, interval_days, lapses, due_day, last_review,"
            " redrill, redrill_after, stability, due_at FROM card WHERE id = ?",
            (studied[0],),
        ).fetchone()
    assert back == (*studied, None, None)


def test_restoring_an_old_backup_leaves_nothing_to_undo(v2_copy: Path, tmp_path: Path) -> None:
    """A backup from before the undo journal, restored the day it was made: its answers are
    not taken up by the upgrade's journal — undo never reaches across a restore."""
    from glosscards.restore import restore_backup

    answers = _read(v2_copy, "SELECT reviewed_at FROM review_log ORDER BY id")
    that_day = datetime.fromtimestamp(int(answers[-1][0]) / 1000 + 60, UTC)  # type: ignore[call-overload]
    target = tmp_path / "restored" / "collection.db"
    target.parent.mkdir()
    with Collection.open(target, tz=BERLIN):
        pass
    restore_backup(v2_copy, target, now=that_day)
    with Collection.open(target, tz=BERLIN) as col:
        assert col.undo_step(that_day) is None
        assert col.undo(that_day) is None
