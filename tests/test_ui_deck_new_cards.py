"""The New cards group of the deck options dialog, and the same choices on the command line
(issue 16): the order new cards come in and typed answers, saved with ``set_deck_study``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from glosscards import Collection
from glosscards.cli import _parser, main
from glosscards.new_order import NewCardOrder
from glosscards.ui.deck_options_dialog import NEW_ORDER_LABELS, DeckOptionsDialog
from test_ui_helpers import DEMO, START, make_window


def test_the_dialog_saves_the_order_and_typing(qtbot: QtBot, tmp_path: Path) -> None:
    """The group shows the deck's choices (glossary order, no typing) and explains the last
    order; choosing Prerequisites first and ticking Type the answer, then OK, saves both and
    puts the new cards in that order."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.deck_page.table.selectRow(1)
    dialog = env.window.deck_actions.options()
    assert isinstance(dialog, DeckOptionsDialog)
    qtbot.waitExposed(dialog)
    assert [dialog.order_box.itemText(i) for i in range(dialog.order_box.count())] == [
        label for _, label in NEW_ORDER_LABELS
    ]
    assert dialog.order_box.currentText() == "Glossary order"
    assert not dialog.type_answer_box.isChecked()
    dialog.order_box.setCurrentIndex(dialog.order_box.findText("Prerequisites first"))
    qtbot.mouseClick(dialog.type_answer_box, Qt.MouseButton.LeftButton)
    assert dialog.type_answer_box.isChecked()
    before = env.col.find_cards("is:new", order="due")
    dialog.accept()
    study = env.col.deck_study("demo-glossary")
    assert study.new_order is NewCardOrder.PREREQUISITES_FIRST and study.type_answer
    assert env.col.find_cards("is:new", order="due") != before
    again = DeckOptionsDialog(env.col, "demo-glossary", env.dialogs)
    qtbot.addWidget(again)
    assert again.order_box.currentText() == "Prerequisites first"
    assert again.type_answer_box.isChecked()


def deck_demo(tmp_path: Path) -> Path:
    path = tmp_path / "collection.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=START, backup=False)
    return path


def test_deck_options_sets_the_order_and_typing_and_list_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`deck options NAME --order random --type-answer` saves both and says so;
    `--no-type-answer` turns typing off, leaving the order; `deck list --json` shows them."""
    path = deck_demo(tmp_path)
    args = ["--collection", str(path), "deck", "options", "demo-glossary"]
    assert main([*args, "--order", "random", "--type-answer"]) == 0
    assert "new cards in random order, answers typed" in capsys.readouterr().out
    with Collection.open(path, tz=UTC, readonly=True) as col:
        study = col.deck_study("demo-glossary")
        assert (study.new_order, study.type_answer) == (NewCardOrder.RANDOM, True)
    assert main([*args, "--no-type-answer"]) == 0
    assert "new cards in random order, answers not typed" in capsys.readouterr().out
    assert main(["--collection", str(path), "deck", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["new_order"], listed["type_answer"]) == ("random", False)
    assert main(["--collection", str(path), "deck", "list"]) == 0
    assert "new cards in random order" in capsys.readouterr().out


def test_an_unknown_order_is_refused_by_the_parser(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--collection", str(deck_demo(tmp_path)), "deck", "options", "x", "--order", "abc"])


def test_the_new_options_have_help() -> None:
    """`deck options --help` explains --order and --type-answer."""
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    deck = commands.choices["deck"]
    deck_commands = next(a for a in deck._actions if isinstance(a, argparse._SubParsersAction))
    text = " ".join(deck_commands.choices["options"].format_help().split())
    assert "--order {glossary,random,prerequisites}" in text
    assert "--type-answer, --no-type-answer" in text
    assert "prerequisites first" in text
