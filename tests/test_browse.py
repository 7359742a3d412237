"""Browser queries on a real collection: rows, sorting, details, upcoming work, six-grade previews."""
# The façade's find_cards / card_details / upcoming, on a real SQLite file.

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glosscards import Collection, Grade, GradeMode, Settings
from glosscards.browse import SORT_KEYS, BrowseRow, card_name, sort_rows
from glosscards.search import SearchError

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
    rows = col.find_cards("", now=NOW)
    assert len(rows) == col.card_counts()["cards"]
    keys = [(r.term.casefold(), r.ordinal) for r in rows]
    assert keys == sorted(keys)
    assert rows == col.find_cards("", now=NOW, order="term", descending=True)[::-1]


def test_reviews_lapses_and_due_follow_the_answers(col: Collection) -> None:
    """Each row carries its review count and schedule, read in the same query."""
    good = _answer(col, 2)
    rows = {r.card_id: r for r in col.find_cards("-is:new", now=NOW)}
    assert set(rows) == set(good)
    today = col.scheduling_day(NOW).number
    for card_id in good:
        assert rows[card_id].reviews == 1
        assert rows[card_id].phase == "review"
        assert rows[card_id].due_day == today + 1
    tomorrow = NOW + timedelta(days=1)
    assert {r.card_id for r in col.find_cards("is:due", now=tomorrow)} == set(good)
    assert col.find_cards("is:due", now=NOW) == []


@pytest.mark.parametrize("key", SORT_KEYS)
def test_re_sorting_rows_agrees_with_a_new_search(col: Collection, key: str) -> None:
    """A header click (re-sorting the rows shown) gives exactly what a new search in that order
    gives, for every column: the order is defined once."""
    _answer(col, 4)
    _answer(col, 1, Grade.AGAIN)
    searched = col.find_cards("", now=NOW, order=key)
    shuffled = list(reversed(searched))
    assert sort_rows(shuffled, key) == searched
    assert sort_rows(shuffled, key, descending=True) == searched[::-1]


def _row(card_id: int, term: str, *, ordinal: int = 1, deck: str = "d") -> BrowseRow:
    return BrowseRow(
        card_id, card_id, term, ordinal, deck, "new", None, 0, 2.5, 0, 0, False, False, card_id
    )


def test_term_order_folds_case_and_is_total() -> None:
    """Terms sort case-insensitively by Unicode case folding ("straße" with "STRASSE"), and
    equal folds by spelling, then card id, so no two orders of the same rows can differ."""
    rows = [
        _row(1, "beta"),
        _row(2, "Alpha"),
        _row(3, "alpha"),
        _row(4, "Straße"),
        _row(5, "STRASSE"),
    ]
    assert [r.card_id for r in sort_rows(rows, "term")] == [2, 3, 1, 5, 4]
    assert sort_rows(rows[::-1], "term") == sort_rows(rows, "term")


def test_card_and_deck_orders_group_then_go_by_term() -> None:
    """The Card column puts every term card before every acronym card, the Deck column groups
    by deck (ignoring case); within a group, cards go by term."""
    rows = [
        _row(1, "b", ordinal=2, deck="Zoo"),
        _row(2, "a", ordinal=2, deck="alpha"),
        _row(3, "c", deck="Alpha"),
        _row(4, "d", deck="zoo"),
    ]
    assert [r.card_id for r in sort_rows(rows, "card")] == [3, 4, 2, 1]
    assert [r.card_id for r in sort_rows(rows, "deck")] == [3, 2, 1, 4]
    assert [card_name(o) for o in (1, 2, 3)] == ["term", "acronym", "c3"]


def test_rows_carry_their_note_and_deck(col: Collection) -> None:
    """Each row names its note and its deck; a term with an acronym has a term card and an
    acronym card on one note."""
    rows = col.find_cards("", now=NOW)
    assert {r.deck for r in rows} == {"demo-glossary"}
    by_note: dict[int, list[int]] = {}
    for r in rows:
        by_note.setdefault(r.note_id, []).append(r.ordinal)
    assert sorted(max(by_note.values(), key=len)) == [1, 2]


def test_cards_and_notes_by_id(col: Collection) -> None:
    """``cid:`` finds the cards named, ``nid:`` every card of the notes named, in one query
    however many ids; ids are numbers or the query is refused."""
    rows = col.find_cards("", now=NOW)
    pair = next(r for r in rows if r.ordinal == 2)
    siblings = {r.card_id for r in rows if r.note_id == pair.note_id}
    picked = [r.card_id for r in rows[:3]]
    assert {r.card_id for r in col.find_cards(f"cid:{','.join(map(str, picked))}")} == set(picked)
    assert {r.card_id for r in col.find_cards(f"nid:{pair.note_id}")} == siblings
    everything = ",".join(str(r.card_id) for r in rows)
    assert len(col.find_cards(f"cid:{everything}", now=NOW)) == len(rows)
    assert {r.card_id for r in col.find_cards(f"-nid:{pair.note_id}")} == (
        {r.card_id for r in rows} - siblings
    )
    with pytest.raises(SearchError, match="ids separated by commas"):
        col.find_cards("cid:12,x")


def test_tags_are_listed_once_each(col: Collection) -> None:
    """The sidebar's tags: every tag of the collection's notes, once, sorted ignoring case;
    each finds cards."""
    tags = col.tags()
    assert tags == sorted(set(tags), key=lambda t: (t.casefold(), t))
    assert len(tags) > 3
    for tag in tags[:3]:
        assert col.find_cards(f"tag:{tag}", now=NOW)


def test_unknown_sort_key_is_refused(col: Collection) -> None:
    """Sorting accepts only the known columns (no SQL from outside)."""
    with pytest.raises(ValueError, match="cannot sort"):
        col.find_cards("", now=NOW, order="id; DROP TABLE card")
    with pytest.raises(ValueError, match="cannot sort"):
        sort_rows([], "nope")


def test_card_details_hold_text_tags_history_and_see_also(col: Collection) -> None:
    """The detail pane's data: the answer side, deck, tags, flags, history and links."""
    card = col.next_card(NOW)
    assert card is not None
    col.answer(card.id, Grade.HARD, NOW, duration_ms=1234)
    col.suspend(card.id)
    details = col.card_details(card.id)
    assert details.term == card.term
    assert details.deck == "demo-glossary"
    assert details.suspended and not details.retired
    assert details.see_also == card.see_also
    assert card.term in details.answer_html
    assert [(h.grade, h.duration_ms) for h in details.history] == [(2, 1234)]
    assert details.tags and details.tags[0] == card.term[0]
    with pytest.raises(KeyError):
        col.card_details(999_999)


def test_upcoming_names_the_next_review_and_waiting_new_cards(col: Collection) -> None:
    """After a session: the earliest due review, and how many new cards are left."""
    assert col.upcoming(NOW).next_review is None
    new_before = col.upcoming(NOW).new_waiting
    _answer(col, 2)
    later = col.upcoming(NOW)
    assert later.new_waiting == new_before - 2
    assert later.next_review == later.day_end  # due tomorrow: when tomorrow starts
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
def test_hundred_thousand_cards_load_and_sort(tmp_path: Path) -> None:
    """The browser's query returns all 100,000 cards, and a re-sort by due keeps every one."""
    path = tmp_path / "big.db"
    Collection.open(path, tz=UTC).close()
    db = sqlite3.connect(path, isolation_level=None)
    try:
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
            " due_day, last_review, redrill, redrill_after, new_position, buried_until_day,"
            " suspended, retired) VALUES (?, 1, ?, 2.5, 1, ?, 0, ?, NULL, 0, 0, ?, 0, 0, 0)",
            (
                (i, "review" if i % 2 else "new", i % 30, 20_000 + i % 400 if i % 2 else None, i)
                for i in range(100_000)
            ),
        )
        db.execute(
            "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
            " ON t.id = n.term_id WHERE n.id = card.note_id)"
        )  # each card carries its deck
        db.execute("COMMIT")
    finally:
        db.close()
    with Collection.open(path, tz=UTC) as big:
        rows = big.find_cards("", now=NOW)
        resorted = sort_rows(rows, "due", descending=True)
    assert len(rows) == 100_000
    assert sorted(row.card_id for row in resorted) == sorted(row.card_id for row in rows)
