"""The workload forecast of a collection (issue 16, item 5): each deck played forward with its
own scheduler and limits, deterministic for a seed and a clock, and in ``stats --json``."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glosscards import Collection
from glosscards.scheduler.day import date_of_day
from glosscards.scheduler.grade import Grade, GradeMode
from glosscards.stats_cli import print_stats
from glosscards.values import DeckOptions
from glosscards.workload import share_new_cards

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
START = datetime(2025, 2, 20, 9, tzinfo=UTC)
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
GRADES = (Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.HARD, Grade.EASY)


def studied(path: Path) -> Path:
    """Two decks of the demo glossary, the first with 3 new cards a day, studied daily for
    nine days with a fixed pattern of answers."""
    with Collection.open(path, tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(DEMO, now=START, backup=False)
        col.import_glossary(DEMO, deck="second", new_deck=True, now=START, backup=False)
        col.set_deck_options("demo-glossary", DeckOptions(new_per_day=3, reviews_per_day=100))
        answered = 0
        for day in range(9):
            moment = START + timedelta(days=day)
            while (card := col.next_card(moment)) is not None:
                col.answer(card.id, GRADES[answered % len(GRADES)], moment)
                answered += 1
                moment += timedelta(seconds=30)
    return path


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return studied(tmp_path / "collection.db")


def test_the_same_collection_clock_and_seed_give_the_same_forecast(path: Path) -> None:
    """Reopened, asked again: the same days; another seed draws other answers."""
    with Collection.open(path, tz=UTC, readonly=True) as col:
        first = col.workload_forecast(days=60, now=NOW)
        by_seed = {s: col.workload_forecast(days=60, now=NOW, seed=s) for s in range(5)}
    with Collection.open(path, tz=UTC, readonly=True) as col:
        assert col.workload_forecast(days=60, now=NOW) == first
    assert len(first.days) == 60 and first.total_reviews > 0
    assert len({f.reviews_per_day for f in by_seed.values()}) > 1


def test_the_first_thirty_of_ninety_days_are_the_thirty_day_forecast(path: Path) -> None:
    """The days are simulated in order, so a longer horizon only adds days."""
    with Collection.open(path, tz=UTC, readonly=True) as col:
        deck = col.deck_id("demo-glossary")
        thirty = col.workload_forecast(deck, days=30, now=NOW)
        ninety = col.workload_forecast(deck, days=90, now=NOW)
    assert ninety.days[:30] == thirty.days
    assert date_of_day(thirty.days[0].number) == NOW.date()


def test_new_cards_default_to_the_decks_limit_until_none_is_left(tmp_path: Path) -> None:
    """A fresh deck of 27 cards with 3 new cards a day: 3 a day for nine days, then none; the
    limits' sum is what all decks add."""
    with Collection.open(tmp_path / "fresh.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        col.import_glossary(DEMO, deck="second", new_deck=True, now=NOW, backup=False)
        col.set_deck_options("demo-glossary", DeckOptions(new_per_day=3, reviews_per_day=100))
        demo = col.deck_id("demo-glossary")
        assert col.new_cards_a_day(demo) == 3 and col.new_cards_a_day() == 23
        fc = col.workload_forecast(demo, days=12, now=NOW)
    assert fc.new_per_day == (3,) * 9 + (0,) * 3


def test_more_new_cards_a_day_bring_more_reviews(tmp_path: Path) -> None:
    """A fresh deck: no new cards, no reviews; 5 a day fewer reviews over 30 days than 15."""
    with Collection.open(tmp_path / "fresh.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        deck = col.deck_id("demo-glossary")
        none = col.workload_forecast(deck, new_per_day=0, now=NOW)
        few = col.workload_forecast(deck, new_per_day=5, now=NOW)
        many = col.workload_forecast(deck, new_per_day=15, now=NOW)
    assert none.total_reviews == 0 and sum(none.new_per_day) == 0
    assert few.new_per_day[:5] == (5, 5, 5, 5, 5)
    assert 0 < few.total_reviews < many.total_reviews


def test_all_decks_is_the_sum_of_each_deck_with_its_own_limits(path: Path) -> None:
    """Without N, every deck's own forecast added up; with N, N shared in proportion to the
    decks' limits (23 as 3 + 20 gives each its own)."""
    with Collection.open(path, tz=UTC, readonly=True) as col:
        ids = [d.id for d in col.decks()]
        both = col.workload_forecast(days=30, now=NOW)
        each = [col.workload_forecast(d, days=30, now=NOW) for d in ids]
        assert col.workload_forecast(days=30, new_per_day=23, now=NOW) == both
    for i, day in enumerate(both.days):
        assert day.reviews == sum(f.days[i].reviews for f in each)
        assert day.new == sum(f.days[i].new for f in each)
    assert share_new_cards(23, [3, 20]) == [3, 20]
    assert share_new_cards(10, [3, 20]) == [1, 9]
    assert share_new_cards(5, [0, 0]) == [3, 2]
    assert sum(share_new_cards(7, [1, 1, 1])) == 7


def test_six_grade_mode_answers_with_its_own_qualities(tmp_path: Path) -> None:
    """In six-grade mode the simulated learner answers with qualities 4 and 1."""
    with Collection.open(tmp_path / "six.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        col.update_settings(dataclasses.replace(col.settings, grade_mode=GradeMode.SM2_SIX))
        fc = col.workload_forecast(new_per_day=5, now=NOW)
    assert fc.total_reviews > 0


def test_negative_new_cards_are_refused(path: Path) -> None:
    with (
        Collection.open(path, tz=UTC, readonly=True) as col,
        pytest.raises(ValueError, match="negative"),
    ):
        col.workload_forecast(new_per_day=-1, now=NOW)


def test_stats_json_has_the_workload_over_30_and_90_days(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stats --json` prints `forecast_workload`: N (the decks' limits, 23), and for 30 and
    90 days the reviews a day, the 30 days being the first of the 90; the table says it too."""
    with Collection.open(path, tz=UTC, readonly=True) as col:
        print_stats(col, as_json=True, now=NOW)
        data = json.loads(capsys.readouterr().out)
        print_stats(col, as_json=False, now=NOW)
        table = capsys.readouterr().out
    workload = data["forecast_workload"]
    assert workload["new_per_day"] == 23
    thirty, ninety = workload["horizons"]
    assert (thirty["days"], ninety["days"]) == (30, 90)
    assert len(thirty["per_day"]) == 30 and len(ninety["per_day"]) == 90
    assert ninety["per_day"][:30] == thirty["per_day"]
    assert thirty["total_reviews"] == sum(d["reviews"] for d in thirty["per_day"])
    assert thirty["most_reviews"] == max(d["reviews"] for d in thirty["per_day"])
    assert set(thirty["per_day"][0]) == {"date", "new", "reviews", "redrills"}
    assert "workload forecast, adding 23 new cards a day:" in table
    assert "next 90 days:" in table
