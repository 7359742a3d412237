"""The Deck menu and the deck list's right-click menu, driven with keys: rename, delete,
options; they are off for "All decks" and while reviewing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from glosscards.paths import backups_dir
from glosscards.storage.backup import list_backups
from test_ui_helpers import START, Env, make_window


def _with_deck_selected(qtbot: QtBot, tmp_path: Path) -> Env:
    env = make_window(qtbot, tmp_path, demo=True)
    table = env.window.deck_page.table
    table.setFocus()
    table.selectRow(1)  # row 0 is "All decks"
    assert env.window.deck_actions.selected_deck() == "demo-glossary"
    return env


def test_f2_renames_the_selected_deck(qtbot: QtBot, tmp_path: Path) -> None:
    env = _with_deck_selected(qtbot, tmp_path)
    env.dialogs.texts.append("My glossary")
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_F2)
    assert [d.name for d in env.col.decks()] == ["My glossary"]
    assert env.window.deck_page.table.item(1, 0).text() == "My glossary"


def test_delete_asks_saying_what_goes_and_backs_up_first(qtbot: QtBot, tmp_path: Path) -> None:
    env = _with_deck_selected(qtbot, tmp_path)
    card = env.col.next_card(START)
    assert card is not None
    env.col.answer(card.id, 3, START)
    env.dialogs.confirm_answer = False
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Delete)
    assert "1 answers go" in env.dialogs.asked[-1] and "Open backup" in env.dialogs.asked[-1]
    assert [d.name for d in env.col.decks()] == ["demo-glossary"]
    before = list_backups(backups_dir(env.col.path), env.col.path.stem)
    env.dialogs.confirm_answer = True
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Delete)
    assert env.col.decks() == []
    assert len(list_backups(backups_dir(env.col.path), env.col.path.stem)) == len(before) + 1


def test_the_options_dialog_sets_the_decks_own_limits(qtbot: QtBot, tmp_path: Path) -> None:
    env = _with_deck_selected(qtbot, tmp_path)
    qtbot.keyClick(
        env.window.deck_page.table,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = env.window.dialog
    assert dialog is not None and dialog.default_box.isChecked()
    qtbot.waitExposed(dialog)
    dialog.default_box.setFocus()
    qtbot.keyClick(dialog.default_box, Qt.Key.Key_Space)
    assert dialog.new_box.isEnabled()
    dialog.new_box.setFocus()
    dialog.new_box.selectAll()
    qtbot.keyClicks(dialog.new_box, "5")
    qtbot.keyClick(dialog.new_box, Qt.Key.Key_Return)
    assert env.col.has_own_options("demo-glossary")
    assert env.col.deck_options("demo-glossary").new_per_day == 5
    assert env.col.counts(START, deck=env.col.deck_id("demo-glossary")).new == 5


def test_the_right_click_menu_offers_the_deck_actions(qtbot: QtBot, tmp_path: Path) -> None:
    env = _with_deck_selected(qtbot, tmp_path)
    table = env.window.deck_page.table
    actions = env.window.deck_actions
    menu = actions.show_context_menu(QPoint(5, table.rowViewportPosition(1) + 2))
    assert [a.text().replace("&", "") for a in menu.actions()] == [
        "Rename…",
        "Delete…",
        "Options…",
    ]
    env.dialogs.texts.append("Renamed from the menu")
    menu.actions()[0].trigger()
    assert [d.name for d in env.col.decks()] == ["Renamed from the menu"]
    menu.close()


def test_the_actions_are_off_for_all_decks_and_while_reviewing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    env = _with_deck_selected(qtbot, tmp_path)
    actions = env.window.deck_actions
    env.window.deck_page.table.selectRow(0)
    assert not actions.rename_action.isEnabled()
    env.window.deck_page.table.selectRow(1)
    assert actions.rename_action.isEnabled()
    env.window.study(None)
    assert not actions.delete_action.isEnabled()
    qtbot.keyClick(env.window.reviewer, Qt.Key.Key_Delete)
    assert [d.name for d in env.col.decks()] == ["demo-glossary"]
