"""Browser queries on a real collection: rows, sorting, details, upcoming work, six-grade previews."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glosscards import Collection, Grade, GradeMode, Settings
from glosscards.browse import (
    SORT_KEYS,
    card_details,
    search_cards,
    sort_rows,
    upcoming,
)

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    with Collection.open(tmp_path / "c.db", tz=UTC) as opened:
        opened.import_glossary(DEMO, now=NOW)
        yield opened


def _answer(col: Collection, n: int, grade: Grade = Grade.GOOD) -> list[int]:
    ids = []
    for _ in range(n):
        card = col.next_card(NOW)
        assert card is not None
        col.answer(card.id, grade, NOW)
        ids.append(card.id)
    return ids


def test_empty_query_lists_every_active_card_sorted_by_term(col: Collection) -> None:
    """All cards of the collection, alphabetically (ignoring case)."""
    rows = search_cards(col, "", now=NOW)
    total = col.db.execute("SELECT count(*) FROM card").fetchone()[0]
    assert len(rows) == total
    keys = [(r.term.casefold(), r.ordinal) for r in rows]
    assert keys == sorted(keys)
    assert rows == search_cards(col, "", now=NOW, sort="term", descending=True)[::-1]


def test_reviews_lapses_and_due_follow_the_answers(col: Collection) -> None:
    """Each row carries its review count and schedule, read in the same query."""
    good = _answer(col, 2)
    rows = {r.card_id: r for r in search_cards(col, "-is:new", now=NOW)}
    assert set(rows) == set(good)
    for card_id in good:
        assert rows[card_id].reviews == 1
        assert rows[card_id].phase == "review"
        assert rows[card_id].due is not None and rows[card_id].due > NOW.timestamp()
    tomorrow = NOW + timedelta(days=1, hours=1)
    assert {r.card_id for r in search_cards(col, "is:due", now=tomorrow)} == set(good)
    assert search_cards(col, "is:due", now=NOW) == []


@pytest.mark.parametrize("key", SORT_KEYS)
def test_sorting_tuples_agrees_with_sql(col: Collection, key: str) -> None:
    """Re-sorting plain rows in Python gives the order SQL gives, for every column."""
    _answer(col, 4)
    _answer(col, 1, Grade.AGAIN)
    attr = {"interval": "interval_days"}.get(key, key)

    def values(rows: list) -> list:  # type: ignore[type-arg]
        if key == "term":
            return [(r.term.casefold(), r.ordinal) for r in rows]
        if key == "due":
            return [(r.due is None, r.due or r.new_position) for r in rows]
        return [getattr(r, attr) for r in rows]

    by_sql = search_cards(col, "", now=NOW, sort=key)
    shuffled = list(reversed(by_sql))
    assert values(sort_rows(shuffled, key)) == values(by_sql)
    assert values(sort_rows(shuffled, key, descending=True)) == values(by_sql)[::-1]


def test_unknown_sort_key_is_refused(col: Collection) -> None:
    """Sorting accepts only the known columns (no SQL from outside)."""
    with pytest.raises(ValueError, match="cannot sort"):
        search_cards(col, "", now=NOW, sort="id; DROP TABLE card")
    with pytest.raises(ValueError, match="cannot sort"):
        sort_rows([], "nope")


def test_card_details_hold_text_tags_history_and_see_also(col: Collection) -> None:
    """The detail pane's data: the answer side, deck, tags, flags, history and links."""
    card = col.next_card(NOW)
    assert card is not None
    col.answer(card.id, Grade.HARD, NOW, duration_ms=1234)
    col.suspend(card.id)
    details = card_details(col, card.id, now=NOW)
    assert details.term == card.term
    assert details.deck == "demo-glossary"
    assert details.suspended and not details.retired
    assert details.see_also == card.see_also
    assert card.term in details.answer_html
    assert [(h.grade, h.duration_ms) for h in details.history] == [(2, 1234)]
    assert details.tags and details.tags[0] == card.term[0]
    with pytest.raises(KeyError):
        card_details(col, 999_999, now=NOW)


def test_upcoming_names_the_next_review_and_waiting_new_cards(col: Collection) -> None:
    """After a session: the earliest due review, and how many new cards are left."""
    assert upcoming(col, now=NOW).next_review is None
    new_before = upcoming(col, now=NOW).new_waiting
    _answer(col, 2)
    later = upcoming(col, now=NOW)
    assert later.new_waiting == new_before - 2
    assert later.next_review is not None and later.next_review > NOW
    assert later.day_end > NOW


def test_six_grade_previews_cover_qualities_zero_to_five(col: Collection) -> None:
    """In six-grade mode the preview has one interval per quality 0-5."""
    card = col.next_card(NOW)
    assert card is not None
    assert set(card.next_intervals) == {1, 2, 3, 4}
    col.update_settings(Settings(grade_mode=GradeMode.SM2_SIX))
    card = col.review_card(card.id, NOW)
    previews = card.next_intervals
    assert sorted(previews) == [0, 1, 2, 3, 4, 5]
    assert all(span >= timedelta(days=1) for span in previews.values())


@pytest.mark.slow
def test_hundred_thousand_cards_load_quickly(tmp_path: Path) -> None:
    """The browser's query and a re-sort of 100,000 cards each take well under two seconds."""
    with Collection.open(tmp_path / "big.db", tz=UTC) as big:
        db = big.db
        db.execute("BEGIN")
        db.execute("INSERT INTO glossary_source (id, name, last_path) VALUES (1, 'big', '')")
        db.executemany(
            "INSERT INTO term (id, source_id, key, name, heading, term, aliases_json, letter,"
            " position, line, entry_json, content_hash, retired, created_at, modified_at)"
            " VALUES (?, 1, ?, ?, ?, ?, '[]', 'T', ?, 0, '{}', '', 0, 0, 0)",
            (
                (i, f"k{i}", f"Term {i:06d}", f"Term {i:06d}", f"Term {i:06d}", i)
                for i in range(100_000)
            ),
        )
        db.executemany(
            "INSERT INTO note (id, term_id, text, back_extra, tags, fields_hash, modified)"
            " VALUES (?, ?, ?, '', 'T', '', 0)",
            ((i, i, f"{{{{c1::Term {i:06d}}}}} means {i}") for i in range(100_000)),
        )
        db.executemany(
            "INSERT INTO card (note_id, ordinal, phase, ease, repetitions, interval_days, lapses,"
            " due, last_review, redrill, redrill_after, new_position, buried_until, suspended,"
            " retired) VALUES (?, 1, ?, 2.5, 1, ?, 0, ?, NULL, 0, 0, ?, 0, 0, 0)",
            (
                (i, "review" if i % 2 else "new", i % 30, 1_740_000_000 + i if i % 2 else None, i)
                for i in range(100_000)
            ),
        )
        db.execute("COMMIT")
        started = time.perf_counter()
        rows = search_cards(big, "", now=NOW)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        sort_rows(rows, "due", descending=True)
        resorted = time.perf_counter() - started
    assert len(rows) == 100_000
    assert loaded < 2.0, f"loading took {loaded:.2f}s"
    assert resorted < 2.0, f"re-sorting took {resorted:.2f}s"
