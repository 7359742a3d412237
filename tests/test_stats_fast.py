"""The statistics' fast path (answers summed per day in SQL, issue 15) against a straightforward
computation: every review-log row read and placed in its day in Python.

Random histories are seeded by Hypothesis over zones with daylight-saving changes and every
rollover hour, with six-grade answers, re-drills, retired and suspended cards and two decks; every
period, both decks and all decks must give identical figures. The worker's job (a connection of
its own, the card rows cached between period switches) must give them too.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glosscards import Collection
from glosscards.statistics import CardCache, compute_statistics
from glosscards.stats import AnswerTally, Period
from glosscards.storage.database import Database
from glosscards.storage.stats_reader import StatsReader
from glosscards.storage.stats_store import StatsStore

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")
DAY = 86_400


def build(path: Path, *, seed: int, now: datetime, tz: ZoneInfo) -> Path:
    """A collection of 60 cards in two decks with 700 random answers over the 400 days before
    ``now``, some of them on the hours around midnight and the rollover."""
    Collection.open(path, tz=tz).close()
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO glossary_source (id, name, last_path) VALUES (?, ?, '')",
            [(1, "alpha"), (2, "beta")],
        )
        for term in range(1, 31):
            deck = 1 if term <= 18 else 2
            db.execute(
                "INSERT INTO term (id, source_id, key, name, heading, term, aliases_json, letter,"
                " position, line, entry_json, content_hash, retired, created_at, modified_at)"
                " VALUES (?, ?, ?, ?, ?, ?, '[]', 'T', ?, 0, '{}', '', ?, 0, 0)",
                (term, deck, f"t{term}", f"Term {term}", f"Term {term}", f"Term {term}", term,
                 int(rng.random() < 0.1)),
            )  # fmt: skip
            db.execute(
                "INSERT INTO note (id, term_id, text, back_extra, tags, fields_hash, modified)"
                " VALUES (?, ?, '', '', '', '', 0)",
                (term, term),
            )
        today = int(now.timestamp()) // DAY
        for card in range(1, 61):
            phase = rng.choice(("new", "learning", "review", "review"))
            db.execute(
                "INSERT INTO card (id, note_id, ordinal, phase, ease, repetitions, interval_days,"
                " lapses, due_day, last_review, redrill, redrill_after, new_position,"
                " buried_until_day, suspended, retired, deck_id)"
                " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, 0, 0, ?, 0, ?, ?, ?)",
                (card, (card + 1) // 2, 2 - card % 2, phase, round(rng.uniform(1.3, 3.1), 2),
                 rng.randint(0, 80), rng.randint(0, 5), today + rng.randint(-10, 40), card,
                 int(rng.random() < 0.1), int(rng.random() < 0.1), 1 if card <= 36 else 2),
            )  # fmt: skip
        now_s = int(now.timestamp())
        rows = []
        for _ in range(700):
            at = now_s - rng.randint(0, 400 * DAY)
            if rng.random() < 0.3:  # near an hour's start: around midnight and the rollover
                at -= at % 3600 + rng.choice((-1, 0, 1))
            six_grades = rng.random() < 0.3
            grade = None if six_grades else rng.randint(1, 4)
            quality = rng.randint(0, 5) if six_grades else max(1, (grade or 1) + 1)
            rows.append(
                (rng.randint(1, 60), at * 1000 + rng.randint(0, 999), grade, quality,
                 rng.randint(500, 30_000), int(rng.random() < 0.15),
                 rng.choice(("new", "learning", "review", "review")), rng.randint(0, 60))
            )  # fmt: skip
        db.executemany(
            "INSERT INTO review_log (card_id, reviewed_at, grade, quality, duration_ms, redrill,"
            " phase_before, ease_before, ease_after, interval_before, interval_after,"
            " repetitions_before, repetitions_after, lapses_before, redrill_before,"
            " redrill_after_before, buried_siblings)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 2.5, 2.5, ?, ?, 0, 0, 0, 0, 0, '')",
            [(*row, row[-1]) for row in rows],
        )
        db.execute("COMMIT")
    finally:
        db.close()
    return path


class Straightforward:
    """The store with answers read row by row and tallied in Python: the reference."""

    def __init__(self, store: StatsStore, db: Database) -> None:
        self._store = store
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def day_tallies(self, *, starts: Sequence[int], deck: int | None = None) -> list[AnswerTally]:
        rows = self._db.rows(
            "SELECT r.reviewed_at, r.grade, r.quality, r.phase_before, r.redrill,"
            " r.interval_before, r.duration_ms, c.retired, c.deck_id"
            " FROM review_log r JOIN card c ON c.id = r.card_id"
        )
        return [
            AnswerTally.of_answer(
                at=at // 1000, grade=grade, quality=quality, phase_before=phase,
                redrill=bool(redrill), interval_before=interval, duration_ms=ms,
            )
            for at, grade, quality, phase, redrill, interval, ms, retired, card_deck in rows
            if not retired and (deck is None or card_deck == deck)
            and starts[0] * 1000 <= at < starts[-1] * 1000
        ]  # fmt: skip


@settings(deadline=None, max_examples=12)
@given(
    seed=st.integers(0, 10**6),
    zone=st.sampled_from(ZONES),
    rollover=st.integers(0, 23),
    offset_days=st.integers(0, 400),
)
def test_the_fast_path_gives_the_figures_of_every_answer_read_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, seed: int, zone: str, rollover: int, offset_days: int
) -> None:
    """Every period, all decks and each deck, with and without the window's charts."""
    tz = ZoneInfo(zone)
    now = datetime(2024, 1, 1, 12, 0, tzinfo=UTC) + timedelta(days=offset_days, seconds=seed)
    path = build(tmp_path_factory.mktemp("fast") / "c.db", seed=seed, now=now, tz=tz)
    db = Database(path, readonly=True)
    try:
        fast = StatsStore(db)
        slow = Straightforward(fast, db)
        for period in Period:
            for deck in (None, 1, 2):
                for charts in (True, False):
                    args: dict[str, Any] = {
                        "tz": tz, "rollover_hour": rollover, "period": period, "deck": deck,
                        "charts": charts,
                    }  # fmt: skip
                    expected = compute_statistics(slow, now, **args)
                    assert compute_statistics(fast, now, **args) == expected, (period, deck)
    finally:
        db.close()


def test_the_worker_job_gives_the_collection_figures_and_reuses_only_unchanged_rows(
    tmp_path: Path,
) -> None:
    """A job reads on its own connection; with a cache a second job reuses the card rows, and
    a change to the collection (a card suspended) makes the next one read them again."""
    tz = ZoneInfo("Europe/Berlin")
    now = datetime(2024, 10, 27, 9, 0, tzinfo=UTC)  # the autumn change, that morning
    with Collection.open(build(tmp_path / "c.db", seed=3, now=now, tz=tz), tz=tz) as col:
        cache = CardCache()
        for period in (Period.MONTH, Period.ALL, Period.MONTH):
            job = col.statistics_job(now, period=period, deck=1, cache=cache)
            assert job.run() == col.statistics(now, period=period, deck=1)
        before = col.statistics_job(now, deck=1, cache=cache).stamp
        assert col.suspend_cards(list(range(1, 37)), now=now) > 0
        job = col.statistics_job(now, deck=1, cache=cache)
        assert job.stamp != before
        assert job.run() == col.statistics(now, deck=1)


def test_a_cancelled_job_stops_its_query_and_gives_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cancel() from another thread interrupts the query running on the job's connection."""
    tz = ZoneInfo("UTC")
    now = datetime(2024, 6, 1, tzinfo=UTC)
    started = threading.Event()

    def endless(store: StatsStore, **_kwargs: object) -> list[AnswerTally]:
        started.set()
        store._db.conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchall()
        raise AssertionError("the endless query ended")

    monkeypatch.setattr(StatsStore, "day_tallies", endless)
    with Collection.open(build(tmp_path / "c.db", seed=5, now=now, tz=tz), tz=tz) as col:
        job = col.statistics_job(now)
        results: list[object] = []
        worker = threading.Thread(target=lambda: results.append(job.run()))
        worker.start()
        assert started.wait(30)
        job.cancel()
        worker.join(30)
        assert not worker.is_alive() and results == [None]
        assert isinstance(job.reader, StatsReader) and job.reader.cancelled


def test_schema_9_adds_the_statistics_index(tmp_path: Path) -> None:
    """A schema-8 collection gets ix_review_log_tally when it is opened."""
    tz = ZoneInfo("UTC")
    path = build(tmp_path / "c.db", seed=1, now=datetime(2024, 6, 1, tzinfo=UTC), tz=tz)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP INDEX ix_review_log_tally")
    db.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    db.close()
    Collection.open(path, tz=tz).close()
    db = sqlite3.connect(path)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        db.close()
    assert "ix_review_log_tally" in names and version == ("9",)
