"""The review hot path's shortcuts keep its results: the undo journal still loses the steps of
earlier days (pruned once a day, not at every answer), a note's siblings are still buried (their
look-up is skipped only for a note with one card), and the journal's text is what it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import peek
from glosscards import Collection, Grade, Settings
from glosscards.storage.journal import id_list

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

GLOSSARY = """A#
Activation Layer#
An activation layer applies a nonlinear function to each value it receives.
B#
Beta Function (BF)#
Beta maps a pair of numbers to a single number.
G#
Gamma Search#
Gamma Search looks for the best path through a graph.
"""


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    (tmp_path / "ai.txt").write_text(GLOSSARY, encoding="utf-8")
    with Collection.open(tmp_path / "col.db", tz=UTC) as opened:
        opened.review_backup_interval = None
        opened.update_settings(Settings(new_per_day=100, reviews_per_day=100))
        opened.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
        yield opened


def _steps(col: Collection) -> list[tuple[int, str, str]]:
    db = peek(col)
    try:
        return db.execute("SELECT day, card_ids, before_json FROM undo_step ORDER BY id").fetchall()
    finally:
        db.close()


def test_a_new_day_prunes_the_steps_of_earlier_days_once(col: Collection) -> None:
    for minutes in (0, 1):
        card = col.next_card(NOW + timedelta(minutes=minutes))
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW + timedelta(minutes=minutes))
    today = col.scheduling_day(NOW).number
    assert [day for day, _, _ in _steps(col)] == [today, today]

    tomorrow = NOW + timedelta(days=1)
    card = col.next_card(tomorrow)
    assert card is not None
    col.answer(card.id, Grade.GOOD, tomorrow)
    assert [day for day, _, _ in _steps(col)] == [today + 1]
    again = col.next_card(tomorrow + timedelta(minutes=1))
    assert again is not None
    col.answer(again.id, Grade.GOOD, tomorrow + timedelta(minutes=1))
    assert [day for day, _, _ in _steps(col)] == [today + 1, today + 1]
    assert col.undo_step(tomorrow) is not None


def test_an_answer_buries_its_siblings_and_its_step_is_written_as_before(
    col: Collection,
) -> None:
    assert col.card_counts()["cards"] == 4  # Beta Function (BF): a card for each name
    seen: list[int] = []
    moment = NOW
    while (card := col.next_card(moment)) is not None:
        seen.append(card.note_id)
        col.answer(card.id, Grade.GOOD, moment)
        moment += timedelta(minutes=1)
    # Beta Function (BF) has two cards: answering one buries the other until tomorrow.
    assert len(seen) == len(set(seen)) == 3
    for _day, card_ids, before in _steps(col):
        assert json.loads(card_ids) and before == "{}"


@pytest.mark.parametrize("ids", [[], [7], [1, 2, 3]])
def test_id_list_is_the_json_it_always_was(ids: list[int]) -> None:
    assert id_list(ids) == json.dumps(ids)
