"""A deck made by an older card maker gets the better cards at its next import — unchanged
entries included — with every answer, schedule and edit kept."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from conftest import peek
from glosscards import Collection, Grade
from glosscards.cloze import CARD_MAKER_VERSION

GLOSSARY = """A#
Large Language Model (LLM)#
A Large Language Model, or LLM, is a language model with billions of parameters.
Beta Function#
The Beta Function is a special function closely related to the gamma function.
"""

# What the first card maker wrote for the LLM note: its term card shows "LLM".
OLD_TEXT = (
    "{{c1::Large Language Model}} ({{c2::LLM}})<br>A {{c1::Large Language Model}}, or "
    "{{c2::LLM}}, is a language model with billions of parameters."
)


def _age(path: Path) -> None:
    """Make the collection look as the first card maker left it: old LLM text, no version."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE note SET text = ?, fields_hash = 'old' WHERE term_id ="
            " (SELECT id FROM term WHERE name = 'Large Language Model')",
            (OLD_TEXT,),
        )
        conn.execute("DELETE FROM meta WHERE key = 'card_maker_versions'")
    conn.close()


def _old_deck(tmp_path: Path, now: datetime) -> tuple[Path, Path]:
    """The glossary file and a collection made from it, aged as the first card maker left it."""
    src = tmp_path / "g.txt"
    src.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(src, now=now)
    _age(path)
    return src, path


def _edit_the_llm_card(col: Collection, now: datetime) -> tuple[int, str]:
    """Edit the old LLM note through its term card; its id and the edited Text."""
    [card] = [r for r in col.find_cards('term:"Large Language Model"') if r.ordinal == 1]
    mine = OLD_TEXT.replace("billions", "many billions")
    col.edit_note(card.card_id, text=mine, back_extra="", now=now)
    return card.card_id, mine


def test_an_old_deck_is_re_made_at_its_next_import(tmp_path: Path, fixed_now: datetime) -> None:
    src = tmp_path / "glossary (1).txt"
    src.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(src, now=fixed_now)
        card = col.next_card(fixed_now)
        assert card is not None
        col.answer(card.id, Grade.GOOD, fixed_now)
        history = col.history(card.id)
    _age(path)
    with Collection.open(path) as col:
        preview = col.import_glossary(src, now=fixed_now, dry_run=True)
        assert preview.remade == ["Large Language Model"]
        assert preview.counts["remade"] == 1 and not preview.writes_nothing
        report = col.import_glossary(src, now=fixed_now + timedelta(minutes=5))
        assert report.remade == ["Large Language Model"]
        assert report.changed == [] and report.unchanged == [
            "Large Language Model",
            "Beta Function",
        ]
        text = (
            peek(col)
            .execute(
                "SELECT n.text FROM note n JOIN term t ON t.id = n.term_id"
                " WHERE t.name = 'Large Language Model'"
            )
            .fetchone()[0]
        )
        assert "{{c1::{{c2::LLM}}}}" in text
        assert col.history(card.id) == history
        versions = (
            peek(col)
            .execute("SELECT value FROM meta WHERE key = 'card_maker_versions'")
            .fetchone()[0]
        )
        assert set(json.loads(versions).values()) == {CARD_MAKER_VERSION}
        again = col.import_glossary(src, now=fixed_now + timedelta(minutes=6))
        assert again.remade == [] and again.writes_nothing


def test_an_edited_note_is_not_re_made(tmp_path: Path, fixed_now: datetime) -> None:
    src, path = _old_deck(tmp_path, fixed_now)
    with Collection.open(path) as col:
        card_id, mine = _edit_the_llm_card(col, fixed_now)
        report = col.import_glossary(src, now=fixed_now + timedelta(minutes=1))
        assert report.remade == []  # its edit is what is studied: nothing re-made to show
        assert col.editable_note(card_id).text == mine


def test_the_browser_finds_weak_cards(tmp_path: Path, fixed_now: datetime) -> None:
    """``is:weak`` lists the cards the card check finds a problem with: here the old LLM term
    card, which shows the acronym; a well-made collection has none."""
    src = tmp_path / "g.txt"
    src.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(src, now=fixed_now)
        assert col.find_cards("is:weak", now=fixed_now) == []
        assert len(col.find_cards("-is:weak", now=fixed_now)) == 3
    _age(path)
    with Collection.open(path) as col:
        weak = col.find_cards("is:weak", now=fixed_now)
        assert [(row.term, row.ordinal) for row in weak] == [("Large Language Model", 1)]
        reasons = {p.reason for p in col.check_cards().problems}
        assert "shows the acronym" in reasons


def test_an_edited_note_in_an_old_deck_keeps_its_edit_and_reverts_to_the_new_card(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """The re-made glossary version is recorded under an edit, so a revert brings back the new
    card maker's note, not the old one — and --replace-edits does not touch such an edit."""
    src, path = _old_deck(tmp_path, fixed_now)
    with Collection.open(path) as col:
        card_id, mine = _edit_the_llm_card(col, fixed_now)
        report = col.import_glossary(src, now=fixed_now + timedelta(minutes=1), replace_edits=True)
        assert report.edits_replaced == [] and col.editable_note(card_id).text == mine
        reverted = col.revert_note(card_id, now=fixed_now + timedelta(minutes=2))
        assert "{{c1::{{c2::LLM}}}}" in reverted.text
