"""The Help menu (keyboard shortcuts, first session, about), the one table of shortcuts that
stays true to what the UI binds, docs/shortcuts.md rendered from it, and keys on the buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from glosscards.paths import backups_dir
from glosscards.ui.help_dialogs import AboutDialog, FirstSessionDialog, ShortcutsDialog, app_version
from glosscards.ui.shortcuts import (
    BROWSER,
    DECK_LIST,
    EDIT_DIALOG,
    EVERYWHERE,
    SHORTCUTS,
    keys_at,
    render_markdown,
)
from test_ui_helpers import ROOT, Env, make_window

PORTABLE = QKeySequence.SequenceFormat.PortableText


def portable(keys: set[str]) -> set[str]:
    """Keys as QKeySequence writes them ("Delete" → "Del"), to compare with what is bound."""
    return {QKeySequence(key).toString(PORTABLE) for key in keys}


def bound(shortcuts: list[QShortcut]) -> set[str]:
    return {shortcut.key().toString(PORTABLE) for shortcut in shortcuts}


def close_with_escape(qtbot: QtBot, env: Env) -> None:
    dialog = env.window.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)
    assert not dialog.isVisible()


def test_help_is_the_last_menu_with_its_three_entries(qtbot: QtBot, tmp_path: Path) -> None:
    env = make_window(qtbot, tmp_path)
    menus = [action.text() for action in env.window.menuBar().actions()]
    assert menus[-1] == "&Help"
    help_menu = env.window.menuBar().actions()[-1].menu()
    assert [a.text() for a in help_menu.actions()] == [
        "&Keyboard shortcuts",
        "&First session",
        "&About glosscards",
    ]


def test_f1_lists_every_shortcut_and_esc_closes_it(qtbot: QtBot, tmp_path: Path) -> None:
    """F1 (Help → Keyboard shortcuts) shows the whole table, Ctrl+Y among it; Esc closes."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_F1)
    dialog = env.window.dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    assert dialog.table.rowCount() == len(SHORTCUTS)
    keys = dialog.keys()
    assert {"Ctrl+Y", "Ctrl+Z", "Space or Enter", "1–4", "F1"} <= set(keys)
    row = keys.index("Ctrl+Y")
    assert "Sync" in dialog.table.item(row, 2).text()
    close_with_escape(qtbot, env)
    assert env.window.pages.currentWidget() is env.window.deck_page


def test_the_menu_action_opens_the_same_list_and_close_closes(qtbot: QtBot, tmp_path: Path) -> None:
    env = make_window(qtbot, tmp_path)
    env.window.shortcuts_action.trigger()
    dialog = env.window.dialog
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: env.window.dialog is None)


def test_first_session_explains_import_study_keys_and_sync(qtbot: QtBot, tmp_path: Path) -> None:
    env = make_window(qtbot, tmp_path)
    env.window.guide_action.trigger()
    dialog = env.window.dialog
    assert isinstance(dialog, FirstSessionDialog) and dialog.isVisible()
    text = dialog.text.toPlainText()
    for needle in ("demo glossary", "Import glossary", "Space", "1–4", "Again (1)", "Easy (4)"):
        assert needle in text
    assert "newer glossary" in text and "keeps your progress" in text
    assert "Ctrl+Y" in text
    close_with_escape(qtbot, env)


def test_about_shows_version_licence_collection_and_backups(qtbot: QtBot, tmp_path: Path) -> None:
    env = make_window(qtbot, tmp_path)
    env.window.about_action.trigger()
    dialog = env.window.dialog
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    text = dialog.label.text()
    assert app_version() != "unknown (not installed)"
    assert f"glosscards {app_version()}" in text
    assert "AGPL-3.0-or-later" in text
    assert str(env.col.path) in text
    assert str(backups_dir(env.col.path)) in text
    close_with_escape(qtbot, env)


def test_every_menu_shortcut_is_in_the_table_and_every_listed_one_is_bound(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The table cannot drift: main-window actions (menus and the Deck menu) against it."""
    env = make_window(qtbot, tmp_path)
    actions = env.window.findChildren(QAction)
    # The deck list's own actions, and Tools → Custom study…, which is on there only.
    deck_actions = {*env.window.deck_actions.actions, env.window.custom_study_action}
    menu_keys = {
        key.toString(PORTABLE)
        for a in actions
        if a not in deck_actions
        for key in a.shortcuts()  # every key of an action (Ctrl+= and Ctrl++ zoom alike)
    }
    deck_keys = {a.shortcut().toString(PORTABLE) for a in deck_actions}
    assert menu_keys == portable(keys_at(EVERYWHERE))
    # The deck list also lists Enter, which the list's own key handling studies with.
    assert portable(keys_at(DECK_LIST)) == deck_keys | {"Enter"}
    assert "" not in menu_keys | deck_keys


def test_the_browser_and_the_edit_dialog_keys_are_in_the_table(
    qtbot: QtBot, tmp_path: Path
) -> None:
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    # The browser closes with the platform's Close key (window_memory.close_keys), whose first
    # binding Qt reports (Ctrl+F4 on some platforms); the table writes it as Ctrl+W.
    close = QKeySequence(QKeySequence.StandardKey.Close).toString(PORTABLE)
    browser_keys = {
        "Ctrl+W" if key == close else key for key in bound(browser.findChildren(QShortcut))
    }
    assert browser_keys == portable(keys_at(BROWSER))
    env.window.study(None)
    env.window.reviewer.edit()
    dialog = env.window.reviewer.editor.dialog
    assert dialog is not None
    # Esc is every dialog's own key (QDialog.reject), so no QShortcut binds it.
    assert bound(dialog.findChildren(QShortcut)) | {"Esc"} == portable(keys_at(EDIT_DIALOG))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.reviewer.editor.dialog is None)


def test_docs_shortcuts_md_is_rendered_from_the_table() -> None:
    """Regenerate with: python -m glosscards.ui.shortcuts > docs/shortcuts.md"""
    committed = (ROOT / "docs" / "shortcuts.md").read_text(encoding="utf-8")
    assert committed == render_markdown()
    for shortcut in SHORTCUTS:
        assert shortcut.does in committed


def test_the_grade_buttons_show_their_keys(qtbot: QtBot, tmp_path: Path) -> None:
    """Again (1) … Easy (4) on the buttons themselves, with the intervals under them."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.mouseClick(env.window.deck_page.study_button, Qt.MouseButton.LeftButton)
    reviewer = env.window.reviewer
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert reviewer.state == "answer"
    texts = {choice: button.text() for choice, button in reviewer.answer_buttons.items()}
    assert [t.split("\n")[0] for t in texts.values()] == [
        "Again (1)",
        "Hard (2)",
        "Good (3)",
        "Easy (4)",
    ]
    assert "3" in texts[3].split("\n")[0] and texts[3].endswith("d")  # the interval stays
    card = reviewer.current
    assert card is not None
    qtbot.mouseClick(reviewer.answer_buttons[3], Qt.MouseButton.LeftButton)
    assert env.col.history(card.id)[-1].grade == 3
