"""A deck's study choices: stored per deck, the defaults for a deck that never chose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glosscards import Collection
from glosscards.deck_study import DEFAULT_DECK_STUDY, DeckStudy, SchedulerName
from glosscards.new_order import NewCardOrder
from glosscards.scheduler.fsrs_scheduler import FsrsOptions

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)

CHOSEN = DeckStudy(
    scheduler=SchedulerName.FSRS,
    fsrs=FsrsOptions(
        desired_retention=0.85,
        maximum_interval_days=365,
        learning_steps=(timedelta(minutes=2), timedelta(minutes=15)),
        relearning_steps=(timedelta(minutes=5),),
    ),
    new_order=NewCardOrder.PREREQUISITES_FIRST,
    type_answer=True,
)


def test_the_json_form_gives_the_same_choices_back() -> None:
    """What meta stores reads back equal, and a stored form missing keys takes defaults."""
    assert DeckStudy.from_json(CHOSEN.to_json()) == CHOSEN
    assert DeckStudy.from_json({}) == DEFAULT_DECK_STUDY
    assert DeckStudy.from_json({"type_answer": True}) == DeckStudy(type_answer=True)


def test_a_deck_keeps_its_choices_across_reopening(tmp_path: Path) -> None:
    """Set on one deck, kept on a real file; another deck keeps the defaults."""
    path = tmp_path / "odd folder (1)" / "collection.db"
    path.parent.mkdir()
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW)
        col.import_glossary(DEMO, deck="second", new_deck=True, now=NOW)
        assert col.deck_study("demo-glossary") == DEFAULT_DECK_STUDY
        col.set_deck_study("demo-glossary", CHOSEN, now=NOW)
    with Collection.open(path, tz=UTC) as col:
        assert col.deck_study("demo-glossary") == CHOSEN
        assert col.deck_study("second") == DEFAULT_DECK_STUDY


def test_bad_fsrs_options_are_refused_naming_the_value() -> None:
    with pytest.raises(ValueError, match="desired_retention"):
        DeckStudy.from_json({"desired_retention": 0.5})
