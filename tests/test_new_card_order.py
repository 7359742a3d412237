"""A deck's new-card order applied to its queue (issue 16, item 3): prerequisites first or
random, and back to the glossary's; answered cards untouched; kept through re-imports."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import shared_file
from glosscards import Collection
from glosscards.browse import BrowseRow
from glosscards.new_order import NewCardOrder, OrderTerm
from glosscards.new_positions import DeckTerm, new_positions
from glosscards.scheduler.grade import Grade

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
OLDER = datetime(2024, 7, 1, 12, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"


def choose(col: Collection, deck: str, order: NewCardOrder) -> None:
    col.set_deck_study(deck, dataclasses.replace(col.deck_study(deck), new_order=order), now=NOW)


def new_rows(col: Collection, deck: str) -> list[BrowseRow]:
    """The deck's new cards in the order the queue takes them (the browser's Due order)."""
    return col.find_cards(f'deck:"{deck}" is:new', order="due")


def new_terms(col: Collection, deck: str) -> list[str]:
    return [r.term for r in new_rows(col, deck) if r.ordinal == 1]


def places(col: Collection, deck: str) -> dict[int, int]:
    return {r.card_id: r.new_position for r in new_rows(col, deck)}


@pytest.fixture
def glossary_col(tmp_path: Path) -> Iterator[tuple[Collection, str]]:
    """A collection on a real file with the real 2025-03-01 glossary imported."""
    glossary = shared_file("ai-glossary-2025-03-01.txt")
    with Collection.open(tmp_path / "collection.db", tz=UTC) as col:
        col.review_backup_interval = None
        report = col.import_glossary(glossary, now=NOW, backup=False)
        yield col, report.deck


def test_prerequisites_first_puts_each_term_after_the_terms_its_definition_uses(
    glossary_col: tuple[Collection, str],
) -> None:
    """After choosing it the queue brings Gradient before Gradient Descent Algorithm and
    Machine Learning before Deep Learning, though the glossary has them the other way round;
    the first card shown is the order's first."""
    col, deck = glossary_col
    glossary = new_terms(col, deck)
    assert glossary.index("Deep Learning") < glossary.index("Machine Learning")
    choose(col, deck, NewCardOrder.PREREQUISITES_FIRST)
    ordered = new_terms(col, deck)
    assert sorted(ordered) == sorted(glossary)
    assert ordered.index("Gradient") < ordered.index("Gradient Descent Algorithm")
    assert ordered.index("Machine Learning") < ordered.index("Deep Learning")
    first = col.next_card(NOW, deck=col.deck_id(deck))
    assert first is not None and (first.term, first.ordinal) == (ordered[0], 1)


def test_back_to_glossary_order_restores_the_imports_numbering(
    glossary_col: tuple[Collection, str],
) -> None:
    """Prerequisites first, then random, then glossary order: every new card is back at the
    place the import gave it."""
    col, deck = glossary_col
    imported = places(col, deck)
    choose(col, deck, NewCardOrder.PREREQUISITES_FIRST)
    assert places(col, deck) != imported
    choose(col, deck, NewCardOrder.RANDOM)
    assert places(col, deck) != imported
    choose(col, deck, NewCardOrder.GLOSSARY)
    assert places(col, deck) == imported


def test_the_acronym_card_follows_its_term_card_in_every_order(
    glossary_col: tuple[Collection, str],
) -> None:
    """In each order a term's acronym card comes right after its term card (answering one
    buries the other), and "new #N" counts up in queue order."""
    col, deck = glossary_col
    for order in NewCardOrder:
        choose(col, deck, order)
        rows = new_rows(col, deck)
        for before, after in itertools.pairwise(rows):
            if after.ordinal == 2:
                assert (before.note_id, before.ordinal) == (after.note_id, 1), order
        numbers = [r.new_position for r in rows]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        assert numbers[0] in (1, 2)


def test_answered_cards_keep_their_schedules(glossary_col: tuple[Collection, str]) -> None:
    """Cards answered before the switch keep phase, due day, interval and ease; only new
    cards move."""
    col, deck = glossary_col
    for _ in range(6):
        card = col.next_card(NOW)
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW)
    studied = [r for r in col.find_cards("-is:new") if r.reviews]
    assert len(studied) == 6
    choose(col, deck, NewCardOrder.PREREQUISITES_FIRST)
    again = {r.card_id: r for r in col.find_cards("-is:new")}
    for row in studied:
        assert again[row.card_id] == row


def test_random_order_is_the_same_each_time_and_differs_between_decks(tmp_path: Path) -> None:
    """The shuffle is seeded by the deck: chosen twice it gives the same order, a second deck
    of the same glossary another."""
    with Collection.open(tmp_path / "collection.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        col.import_glossary(DEMO, deck="second", new_deck=True, now=NOW, backup=False)
        choose(col, "demo-glossary", NewCardOrder.RANDOM)
        first = new_terms(col, "demo-glossary")
        assert first != new_terms(col, "second")  # the second deck is still in glossary order
        choose(col, "second", NewCardOrder.RANDOM)
        assert sorted(new_terms(col, "second")) == sorted(first)
        assert new_terms(col, "second") != first
        choose(col, "demo-glossary", NewCardOrder.GLOSSARY)
        choose(col, "demo-glossary", NewCardOrder.RANDOM)
        assert new_terms(col, "demo-glossary") == first


def test_a_reimport_keeps_the_chosen_order_for_the_cards_it_adds(tmp_path: Path) -> None:
    """The 2024 glossary in prerequisites-first order, then the 2025 one imported over it:
    the new cards it adds are placed by the order, exactly as choosing it afresh places them,
    and Gradient still comes before Gradient Descent Algorithm."""
    older = shared_file("ai-glossary-2024-06-27.txt")
    newer = shared_file("ai-glossary-2025-03-01.txt")
    with Collection.open(tmp_path / "collection.db", tz=UTC) as col:
        deck = col.import_glossary(older, now=OLDER, backup=False).deck
        choose(col, deck, NewCardOrder.PREREQUISITES_FIRST)
        report = col.import_glossary(newer, now=NOW, backup=False)
        assert report.deck == deck and report.added
        after_import = places(col, deck)
        choose(col, deck, NewCardOrder.GLOSSARY)
        in_glossary_order = places(col, deck)
        choose(col, deck, NewCardOrder.PREREQUISITES_FIRST)
        assert places(col, deck) == after_import != in_glossary_order
        ordered = new_terms(col, deck)
        assert ordered.index("Gradient") < ordered.index("Gradient Descent Algorithm")


def test_an_edit_keeps_its_cards_places(tmp_path: Path) -> None:
    """Editing a note of a deck in random order does not send its new cards back to their
    glossary places."""
    with Collection.open(tmp_path / "collection.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        choose(col, "demo-glossary", NewCardOrder.RANDOM)
        before = places(col, "demo-glossary")
        row = next(r for r in new_rows(col, "demo-glossary") if r.term == "Epoch")
        note = col.editable_note(row.card_id)
        col.edit_note(
            row.card_id, text=note.text + " (edited)", back_extra=note.back_extra, now=NOW
        )
        assert places(col, "demo-glossary") == before


def test_a_deleted_decks_choices_do_not_pass_to_the_next_deck(tmp_path: Path) -> None:
    """SQLite may give a new deck the id of the last one deleted: it starts with the defaults."""
    with Collection.open(tmp_path / "collection.db", tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        choose(col, "demo-glossary", NewCardOrder.RANDOM)
        deleted = col.deck_id("demo-glossary")
        col.delete_deck("demo-glossary", now=NOW)
        col.import_glossary(DEMO, deck="again", now=NOW, backup=False)
        assert col.deck_id("again") == deleted
        assert col.deck_study("again").new_order is NewCardOrder.GLOSSARY


def term(key: str, position: int, *cards: tuple[int, int], definition: str = "") -> DeckTerm:
    return DeckTerm(OrderTerm(key, key, definition=definition), position, cards)


def test_new_positions_number_terms_by_rank_with_the_acronym_card_after() -> None:
    """Pure: glossary order is the import's 2p + ordinal; prerequisites first ranks Gradient
    (used by Gradient Descent) first, its two cards 1 and 2."""
    terms = [
        term("Gradient Descent", 0, (10, 1), definition="follows the gradient"),
        term("Gradient", 1, (11, 1), (12, 2)),
    ]
    assert new_positions(terms, NewCardOrder.GLOSSARY, deck_id=1) == {10: 1, 11: 3, 12: 4}
    ranked = new_positions(terms, NewCardOrder.PREREQUISITES_FIRST, deck_id=1)
    assert ranked == {11: 1, 12: 2, 10: 3}


def test_new_positions_random_places_added_terms_without_reshuffling_the_rest() -> None:
    """Pure: a term added to a shuffled deck leaves the others in the same relative order."""
    terms = [term(f"t{i}", i, (i, 1)) for i in range(40)]
    before = new_positions(terms, NewCardOrder.RANDOM, deck_id=7)
    after = new_positions([*terms, term("added", 40, (99, 1))], NewCardOrder.RANDOM, deck_id=7)
    assert sorted(before, key=before.__getitem__) == sorted(
        (c for c in after if c != 99), key=after.__getitem__
    )
    assert sorted(before, key=before.__getitem__) != list(range(40))
