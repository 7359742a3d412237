"""Statistics: the pure figures over a seeded history worked out by hand, and the SQL loading.

The history is in Europe/Berlin with the 04:00 rollover, and ``NOW`` is the day after the
2025 spring-forward change (Sunday 30 March, 02:00 → 03:00), so the days around it are 23 and
24 hours long. Scheduling days run from 04:00 to 04:00: Mon 31 March is "today"; an answer at
03:30 on the 31st belongs to the 30th, and one at 03:59:59 on the 29th to the 28th.

Weeks are counted back from today: 25–31 March, 18–24, 11–17, 4–10, 25 Feb–3 March.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glosscards import Collection
from glosscards.scheduler.day import scheduling_day
from glosscards.statistics import due_tallies_on
from glosscards.stats import (
    AnswerKind,
    AnswerTally,
    Button,
    DayGrid,
    DueTally,
    Period,
    RetentionWeek,
    bucket_seconds,
    button_for,
    calendar_cell,
    calendar_days,
    day_grid,
    ease_distribution,
    forecast,
    hardest_terms,
    heat_level,
    interval_distribution,
    overall_retention,
    retention_per_week,
    reviews_per_day,
    today_stats,
)
from glosscards.storage.database import Database
from glosscards.storage.stats_store import StatsStore

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 3, 31, 12, 0, tzinfo=TZ)
ROLLOVER = 4


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    """Epoch seconds of a Berlin wall-clock time."""
    return int(datetime(year, month, day, hour, minute, second, tzinfo=TZ).timestamp())


@dataclass(frozen=True)
class SeedCard:
    key: str
    term: str
    deck: int
    phase: str = "review"
    interval: int = 0
    ease: float = 2.5
    due: int | None = None
    lapses: int = 0
    suspended: bool = False
    retired: bool = False


@dataclass(frozen=True)
class SeedAnswer:
    card: str
    at: int
    grade: int | None
    quality: int
    phase_before: str
    interval_before: int
    duration_ms: int
    redrill: bool = False


# Deck 1 "alpha" and deck 2 "beta". E and H are the two clozes of the term Embedding.
CARDS = (
    SeedCard("A", "Attention", 1, interval=30, due=local(2025, 4, 30, 9)),
    SeedCard("B", "Backprop", 1, "learning", 1, 1.96, local(2025, 4, 1, 9, 1), lapses=2),
    SeedCard("C", "Corpus", 1, interval=1, due=local(2025, 4, 1, 9, 3)),
    SeedCard("D", "Dropout", 1, interval=8, ease=2.36, due=local(2025, 4, 8, 3, 30), lapses=1),
    SeedCard("E", "Embedding", 1, "learning", 1, 1.3, local(2025, 3, 31, 10), lapses=3),
    SeedCard("F", "Fine-tuning", 1, interval=3, due=local(2025, 4, 1, 23)),
    SeedCard("G", "Gradient", 1, interval=50, ease=2.8, due=local(2025, 3, 25, 12), lapses=1),
    SeedCard("H", "Embedding", 1, "learning", 1, 1.3, local(2025, 3, 22, 12), lapses=1),
    SeedCard("I", "Inference", 1, interval=25, ease=2.6, due=local(2025, 4, 10, 12)),
    SeedCard("S", "Softmax", 1, interval=5, ease=2.0, due=local(2025, 4, 1, 12), suspended=True),
    SeedCard(
        "R", "Retired term", 1, interval=10, due=local(2025, 4, 1, 12), lapses=9, retired=True
    ),
    SeedCard("N1", "Neuron", 1, "new"),
    SeedCard("N2", "Norm", 1, "new"),
    SeedCard("J", "Jacobian", 2, interval=6, due=local(2025, 4, 2, 12)),
    SeedCard("K", "Kernel", 2, interval=100, ease=3.1, due=local(2025, 9, 1, 12)),
    SeedCard("L", "Loss", 2, interval=200, due=local(2025, 9, 15, 12)),
    SeedCard("M", "Momentum", 2, interval=10, due=local(2025, 4, 6, 12)),
)

ANSWERS = (
    # today, Mon 31 March
    SeedAnswer("A", local(2025, 3, 31, 9, 0), 3, 4, "review", 30, 10_000),
    SeedAnswer("B", local(2025, 3, 31, 9, 1), 1, 1, "review", 5, 20_000),
    SeedAnswer("B", local(2025, 3, 31, 9, 2), 3, 4, "learning", 1, 8_000, redrill=True),
    SeedAnswer("C", local(2025, 3, 31, 9, 3), 3, 4, "new", 0, 12_000),
    SeedAnswer("R", local(2025, 3, 31, 9, 10), 3, 4, "review", 10, 9_000),  # retired: ignored
    # Sun 30 March (03:30 on the 31st is before the rollover); E answered in six-grade mode
    SeedAnswer("D", local(2025, 3, 31, 3, 30), 2, 3, "review", 6, 6_000),
    SeedAnswer("E", local(2025, 3, 30, 10, 0), None, 2, "review", 25, 15_000),
    SeedAnswer("E", local(2025, 3, 30, 10, 5), None, 4, "learning", 1, 5_000, redrill=True),
    # Sat 29 March, and 03:59:59 on the 29th, which is still Fri 28 March
    SeedAnswer("F", local(2025, 3, 29, 23, 0), 3, 4, "review", 1, 7_000),
    SeedAnswer("G", local(2025, 3, 29, 3, 59, 59), 4, 5, "review", 40, 4_000),
    SeedAnswer("M", local(2025, 3, 27, 12, 0), 3, 4, "review", 4, 3_000),
    # the week of 18 March
    SeedAnswer("H", local(2025, 3, 20, 12, 0), 1, 1, "review", 60, 9_000),
    SeedAnswer("H", local(2025, 3, 21, 12, 0), 3, 4, "learning", 1, 2_000),
    SeedAnswer("I", local(2025, 3, 22, 12, 0), 3, 4, "review", 3, 3_000),
    # the week of 4 March; then only in the past year; then only in "all"
    SeedAnswer("J", local(2025, 3, 10, 12, 0), 3, 4, "review", 2, 5_000),
    SeedAnswer("K", local(2024, 6, 1, 12, 0), 3, 4, "review", 21, 6_000),
    SeedAnswer("L", local(2024, 3, 1, 12, 0), 3, 4, "review", 10, 1_000),
)


def _due_day(due: int | None) -> int | None:
    """The scheduling day a seeded due time falls on."""
    if due is None:
        return None
    return scheduling_day(datetime.fromtimestamp(due, UTC), tz=TZ, rollover_hour=ROLLOVER).number


def seed_collection(path: Path) -> Path:
    """Write the seeded history into a new collection at ``path``."""
    Collection.open(path, tz=TZ).close()
    ids = {card.key: index for index, card in enumerate(CARDS, start=1)}
    terms: dict[str, tuple[int, int]] = {}  # term -> (term id, deck)
    for card in CARDS:
        terms.setdefault(card.term, (len(terms) + 1, card.deck))
    retired_terms = {c.term for c in CARDS if c.retired}
    ordinals: dict[str, int] = {}
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO glossary_source (id, name, last_path) VALUES (?, ?, '')",
            [(1, "alpha"), (2, "beta")],
        )
        for term, (term_id, deck) in terms.items():
            db.execute(
                "INSERT INTO term (id, source_id, key, name, heading, term, aliases_json, letter,"
                " position, line, entry_json, content_hash, retired, created_at, modified_at)"
                " VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, 0, '{}', '', ?, 0, 0)",
                (term_id, deck, term.lower(), term, term, term, term[0], term_id,
                 term in retired_terms),
            )  # fmt: skip
            db.execute(
                "INSERT INTO note (id, term_id, text, back_extra, tags, fields_hash, modified)"
                " VALUES (?, ?, '', '', '', '', 0)",
                (term_id, term_id),
            )
        for card in CARDS:
            ordinals[card.term] = ordinals.get(card.term, 0) + 1
            db.execute(
                "INSERT INTO card (id, note_id, ordinal, phase, ease, repetitions, interval_days,"
                " lapses, due_day, last_review, redrill, redrill_after, new_position, buried_until_day,"
                " suspended, retired) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, 0, 0, ?, 0, ?, ?)",
                (ids[card.key], terms[card.term][0], ordinals[card.term], card.phase, card.ease,
                 card.interval, card.lapses, _due_day(card.due), ids[card.key], card.suspended,
                 card.retired),
            )  # fmt: skip
        db.executemany(
            "INSERT INTO review_log (card_id, reviewed_at, grade, quality, duration_ms, redrill,"
            " phase_before, ease_before, ease_after, interval_before, interval_after,"
            " repetitions_before, repetitions_after, lapses_before, redrill_before,"
            " redrill_after_before, buried_siblings)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 2.5, 2.5, ?, ?, 0, 0, 0, 0, 0, '')",
            [
                (ids[a.card], a.at * 1000, a.grade, a.quality, a.duration_ms, a.redrill,
                 a.phase_before, a.interval_before, a.interval_before)
                for a in ANSWERS
            ],
        )  # fmt: skip
        db.execute(
            "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
            " ON t.id = n.term_id WHERE n.id = card.note_id)"
        )  # each card carries its deck
        db.execute("COMMIT")
    finally:
        db.close()
    return path


def active_tallies() -> list[AnswerTally]:
    """The seeded answers of cards that are not retired, one tally each."""
    retired = {c.key for c in CARDS if c.retired}
    return [
        AnswerTally.of_answer(
            at=a.at,
            grade=a.grade,
            quality=a.quality,
            phase_before=a.phase_before,
            redrill=a.redrill,
            interval_before=a.interval_before,
            duration_ms=a.duration_ms,
        )
        for a in ANSWERS
        if a.card not in retired
    ]


def seeded_dues() -> list[DueTally]:
    return [
        DueTally(c.due, c.interval >= 21)
        for c in CARDS
        if c.due is not None and c.phase != "new" and not c.suspended and not c.retired
    ]


@pytest.fixture
def grid() -> DayGrid:
    return day_grid(NOW, tz=TZ, rollover_hour=ROLLOVER, days_back=400, days_ahead=30)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Collection]:
    with Collection.open(seed_collection(tmp_path / "seeded.db"), tz=TZ, readonly=True) as col:
        yield col


# -- the day grid ----------------------------------------------------------------------------------


def test_grid_days_follow_the_rollover_and_dst(grid: DayGrid) -> None:
    """Days start at 04:00 local: 03:00 UTC before the DST change, 02:00 UTC after it."""
    today = grid.today
    assert grid.dates[today] == date(2025, 3, 31)
    assert grid.starts[today] == int(datetime(2025, 3, 31, 2, tzinfo=UTC).timestamp())
    assert grid.starts[today - 1] == int(datetime(2025, 3, 30, 2, tzinfo=UTC).timestamp())
    assert grid.starts[today - 2] == int(datetime(2025, 3, 29, 3, tzinfo=UTC).timestamp())
    assert grid.index(local(2025, 3, 31, 3, 30)) == today - 1
    assert grid.index(local(2025, 3, 29, 3, 59, 59)) == today - 3
    assert grid.index(local(2025, 3, 29, 4, 0)) == today - 2
    assert grid.index(grid.end) is None and grid.index(grid.start - 1) is None


@given(
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]),
    hour=st.integers(0, 23),
    seconds=st.integers(0, 3 * 365 * 86_400),
)
@settings(max_examples=40, deadline=None)
def test_grid_days_are_consecutive_dates_of_23_to_25_hours(
    zone: str, hour: int, seconds: int
) -> None:
    """Every grid day is the next date and lasts 23, 24 or 25 hours; today holds now."""
    now = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    g = day_grid(now, tz=ZoneInfo(zone), rollover_hour=hour, days_back=20, days_ahead=10)
    assert g.starts[g.today] <= now.timestamp() < g.starts[g.today + 1]
    for i in range(len(g.dates)):
        assert g.starts[i + 1] - g.starts[i] in (23 * 3600, 24 * 3600, 25 * 3600)
        if i:
            assert g.dates[i] - g.dates[i - 1] == timedelta(days=1)
    assert bucket_seconds(g) == 900


# -- figures of the seeded history, by hand --------------------------------------------------------


def test_today(grid: DayGrid) -> None:
    """Today: 4 answers (the retired card's is not one) in 50 s, 1 Again, 1 new card."""
    today = today_stats(active_tallies(), grid)
    assert (today.studied, today.duration_ms, today.again, today.new_learned) == (4, 50_000, 1, 1)
    assert today.again_rate == 0.25
    assert today.minutes == pytest.approx(50 / 60)


def test_reviews_per_day_by_button(grid: DayGrid) -> None:
    """A month of days ends today; late-night answers count on the day before."""
    days = reviews_per_day(active_tallies(), grid, 30)
    assert len(days) == 30 and days[0].day == date(2025, 3, 2) and days[-1].day == date(2025, 3, 31)
    by_day = {d.day: (d.by_button(), d.duration_ms) for d in days if d.total}
    assert by_day == {
        date(2025, 3, 31): ((1, 0, 3, 0), 50_000),
        date(2025, 3, 30): ((1, 1, 1, 0), 26_000),  # six-grade q=2 is Again, q=4 Good
        date(2025, 3, 29): ((0, 0, 1, 0), 7_000),
        date(2025, 3, 28): ((0, 0, 0, 1), 4_000),  # 03:59:59 on the 29th
        date(2025, 3, 27): ((0, 0, 1, 0), 3_000),
        date(2025, 3, 22): ((0, 0, 1, 0), 3_000),
        date(2025, 3, 21): ((0, 0, 1, 0), 2_000),
        date(2025, 3, 20): ((1, 0, 0, 0), 9_000),
        date(2025, 3, 10): ((0, 0, 1, 0), 5_000),
    }


def test_retention_per_week_counts_review_answers_only(grid: DayGrid) -> None:
    """Re-drills, new and learning cards' answers are left out; young < 21 days < mature."""
    weeks = retention_per_week(active_tallies(), grid, 5)
    assert [w.start for w in weeks] == [
        date(2025, 2, 25),
        date(2025, 3, 4),
        date(2025, 3, 11),
        date(2025, 3, 18),
        date(2025, 3, 25),
    ]
    cells = [(w.young_passed, w.young_total, w.mature_passed, w.mature_total) for w in weeks]
    assert cells == [(0, 0, 0, 0), (1, 1, 0, 0), (0, 0, 0, 0), (1, 1, 0, 1), (3, 4, 2, 3)]
    assert weeks[-1].young_rate == 0.75 and weeks[-1].mature_rate == pytest.approx(2 / 3)
    assert weeks[0].young_rate is None and weeks[0].rate is None
    whole = overall_retention(weeks)
    assert (whole.young_passed, whole.young_total, whole.mature_passed, whole.mature_total) == (
        5,
        6,
        2,
        4,
    )


def test_forecast_counts_overdue_on_today_and_stops_after_30_days(grid: DayGrid) -> None:
    """G and H are overdue (today), D's 03:30 due falls on 7 April, A's on day 31 is out."""
    fc = forecast(seeded_dues(), grid, 30)
    assert len(fc.days) == 30 and fc.days[0].day == date(2025, 3, 31)
    due = {i: (d.young, d.mature) for i, d in enumerate(fc.days) if d.total}
    assert due == {0: (2, 1), 1: (3, 0), 2: (1, 0), 6: (1, 0), 7: (1, 0), 10: (0, 1)}
    assert fc.overdue == 2
    assert fc.total == 10
    assert fc.average == pytest.approx(10 / 30)


def test_calendar_covers_the_past_year(grid: DayGrid) -> None:
    """365 days to today: June's answer is in, the one of March 2024 is not."""
    days = calendar_days([(t.at, t.count) for t in active_tallies()], grid)
    assert len(days) == 365 and days[0].day == date(2024, 4, 1)
    counts = {d.day: d.count for d in days if d.count}
    assert counts[date(2024, 6, 1)] == 1
    assert counts[date(2025, 3, 31)] == 4 and counts[date(2025, 3, 30)] == 3
    assert sum(counts.values()) == 15


def test_interval_and_ease_distributions() -> None:
    """Studied, non-retired cards by interval bin and E-Factor bin (suspended ones included)."""
    studied = [c for c in CARDS if c.phase != "new" and not c.retired]
    intervals = interval_distribution((c.interval, 1) for c in studied)
    assert {b.label: b.count for b in intervals.bins if b.count} == {
        "1d": 4,
        "2–3d": 1,
        "4–6d": 2,
        "1–2w": 2,
        "3w–1m": 2,
        "1–2m": 1,
        "3–6m": 1,
        "6m–1y": 1,
    }
    assert intervals.total == 14 and intervals.mean == pytest.approx(441 / 14)
    ease = ease_distribution((round(c.ease * 100), 1) for c in studied)
    assert {b.label: b.count for b in ease.bins if b.count} == {
        "1.3": 2,
        "1.9": 1,
        "2.0": 1,
        "2.3": 1,
        "2.5": 6,
        "2.6": 1,
        "2.8": 1,
        "≥ 3.0": 1,
    }


def test_hardest_terms_sum_lapses_per_term_and_break_ties_by_name() -> None:
    """Embedding's two cards lapsed 3 + 1 times; Dropout and Gradient tie at 1."""
    ranked = hardest_terms([("Gradient", 1), ("Embedding", 4), ("Kernel", 0), ("Backprop", 2),
                            ("Dropout", 1)], limit=3)  # fmt: skip
    assert [(h.term, h.lapses) for h in ranked] == [("Embedding", 4), ("Backprop", 2),
                                                    ("Dropout", 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("grade", "quality", "button"),
    [(1, 1, Button.AGAIN), (4, 5, Button.EASY), (None, 0, Button.AGAIN), (None, 2, Button.AGAIN),
     (None, 3, Button.HARD), (None, 4, Button.GOOD), (None, 5, Button.EASY)],
)  # fmt: skip
def test_button_for_six_grade_answers(grade: int | None, quality: int, button: Button) -> None:
    """Six-grade qualities count as the button that stands for them; q < 3 is Again."""
    assert button_for(grade, quality) is button


@pytest.mark.parametrize(
    ("count", "most", "level"),
    [(0, 10, 0), (1, 10, 1), (3, 10, 2), (5, 10, 2), (6, 10, 3), (10, 10, 4), (1, 1, 4)],
)
def test_heat_level(count: int, most: int, level: int) -> None:
    """Calendar shades split 1..most into four equal shares; no answers is level 0."""
    assert heat_level(count, most) == level


def test_calendar_cell_puts_weeks_in_columns_from_monday() -> None:
    """1 April 2024 was a Monday: column 0 row 0; Sunday 7 April is column 0 row 6."""
    first = date(2024, 4, 1)
    assert calendar_cell(first, first) == (0, 0)
    assert calendar_cell(date(2024, 4, 7), first) == (0, 6)
    assert calendar_cell(date(2024, 4, 8), first) == (1, 0)
    assert calendar_cell(date(2024, 4, 3), date(2024, 4, 3)) == (0, 2)


# -- invariants --------------------------------------------------------------------------------------

_answer = st.builds(
    lambda at, button, kind, mature, duration: AnswerTally(
        at, button, kind, mature and kind is AnswerKind.REVIEW, 1, duration
    ),
    at=st.integers(local(2025, 1, 1), local(2025, 4, 1, 3, 59, 59)),
    button=st.sampled_from(list(Button)),
    kind=st.sampled_from(list(AnswerKind)),
    mature=st.booleans(),
    duration=st.integers(0, 60_000),
)


@given(st.lists(_answer, max_size=80))
@settings(max_examples=60, deadline=None)
def test_summing_answers_per_bucket_changes_no_figure(answers: list[AnswerTally]) -> None:
    """What SQL does — summing answers per 15-minute bucket — gives the figures of the raw log."""
    g = day_grid(NOW, tz=TZ, rollover_hour=ROLLOVER, days_back=90)
    size = bucket_seconds(g)
    sums: dict[tuple[int, Button, AnswerKind, bool], list[int]] = {}
    for a in answers:
        cell = sums.setdefault((a.at // size * size, a.button, a.kind, a.mature), [0, 0])
        cell[0] += a.count
        cell[1] += a.duration_ms
    bucketed = [AnswerTally(at, b, k, m, n, ms) for (at, b, k, m), (n, ms) in sums.items()]
    assert reviews_per_day(bucketed, g, 90) == reviews_per_day(answers, g, 90)
    assert retention_per_week(bucketed, g, 12) == retention_per_week(answers, g, 12)
    assert today_stats(bucketed, g) == today_stats(answers, g)
    weeks = retention_per_week(answers, g, 12)
    reviews = [a for a in answers if a.kind is AnswerKind.REVIEW and a.at >= g.starts[g.today - 83]]
    assert sum(w.young_total + w.mature_total for w in weeks) == len(reviews)
    assert all(isinstance(w, RetentionWeek) for w in weeks)


def test_asking_for_more_days_than_the_grid_holds_is_an_error(grid: DayGrid) -> None:
    """The caller builds the grid; a figure that would look past it says so instead of guessing."""
    with pytest.raises(ValueError, match="grid holds"):
        reviews_per_day([], grid, grid.today + 2)
    with pytest.raises(ValueError, match="grid holds"):
        forecast([], grid, 32)


# -- loading from SQL ------------------------------------------------------------------------------


def test_queries_return_the_hand_counted_rows(seeded: Collection, grid: DayGrid) -> None:
    """The SQL tallies, summed per bucket, give the same figures as the seeded answers."""
    size = bucket_seconds(grid)
    end = grid.starts[grid.today + 1]
    store = StatsStore(Database(seeded.path, readonly=True))
    tallies = store.answer_tallies(start=grid.start, end=end, bucket=size)
    assert sum(t.count for t in tallies) == len(ANSWERS) - 1  # the retired card's answer
    assert reviews_per_day(tallies, grid) == reviews_per_day(active_tallies(), grid)
    assert retention_per_week(tallies, grid, 8) == retention_per_week(active_tallies(), grid, 8)
    last_day = scheduling_day(NOW, tz=TZ, rollover_hour=ROLLOVER).number + 30
    dues = due_tallies_on(grid, store.due_days(last_day=last_day))
    assert forecast(dues, grid) == forecast(seeded_dues(), grid)
    assert sorted(store.interval_counts()) == [
        (1, 4), (3, 1), (5, 1), (6, 1), (8, 1), (10, 1), (25, 1), (30, 1), (50, 1), (100, 1),
        (200, 1),
    ]  # fmt: skip
    assert dict(store.ease_counts())[196] == 1
    assert store.term_lapses(limit=3) == [("Embedding", 4), ("Backprop", 2), ("Dropout", 1)]


def test_load_statistics_for_one_month(seeded: Collection) -> None:
    """Every figure of the window, for the whole collection over one month."""
    stats = seeded.statistics(NOW, period=Period.MONTH)
    assert stats.today.studied == 4
    assert len(stats.reviews) == 30 and sum(d.total for d in stats.reviews) == 14
    assert [(w.young_passed, w.young_total) for w in stats.retention][-1] == (3, 4)
    assert len(stats.retention) == 5
    assert stats.forecast.total == 10
    assert sum(d.count for d in stats.calendar) == 15
    assert stats.intervals.total == 14
    assert [h.term for h in stats.hardest] == ["Embedding", "Backprop", "Dropout", "Gradient"]


def test_load_statistics_for_one_deck_and_all_time(seeded: Collection) -> None:
    """Deck "beta" has J, K, L and M; "all" reaches back to its first answer, 1 March 2024."""
    stats = seeded.statistics(NOW, period=Period.ALL, deck=2)
    assert stats.reviews[0].day == date(2024, 3, 1) and stats.reviews[0].good == 1
    assert len(stats.reviews) == 396
    assert sum(d.total for d in stats.reviews) == 4
    assert stats.today.studied == 0 and stats.today.again_rate is None
    assert {d.day: d.total for d in stats.forecast.days if d.total} == {
        date(2025, 4, 2): 1,
        date(2025, 4, 6): 1,
    }
    assert stats.hardest == ()
    assert stats.intervals.total == 4
    assert sum(d.count for d in stats.calendar) == 3  # Kernel's June answer, Jacobian, Momentum
