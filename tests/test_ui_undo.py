"""Undo in the window, driven by keys: Edit → Undo names the step it takes back, Ctrl+Z takes it
back and the reviewer shows the card again, and both work the same after the window was closed
and a new one opened on the collection the same day; on the next day there is nothing to undo."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from glosscards import Collection, Settings
from glosscards.ui.main_window import MainWindow
from test_ui_helpers import DEMO, Env, MovableClock, RecordingDialogs, Ticker, make_window


def _ctrl_z(qtbot: QtBot, env: Env) -> None:
    target = (
        env.window.reviewer
        if env.window.pages.currentWidget() is env.window.reviewer
        else env.window
    )
    qtbot.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _menu_undo(env: Env) -> tuple[str, bool]:
    """Edit → Undo as the menu shows it when it opens."""
    (edit,) = [a.menu() for a in env.window.menuBar().actions() if a.text() == "&Edit"]
    assert isinstance(edit, QMenu)
    edit.aboutToShow.emit()
    return env.window.undo_action.text(), env.window.undo_action.isEnabled()


def _answer_good(qtbot: QtBot, env: Env) -> str:
    """Space, Space: the shown card answered Good; returns its term."""
    reviewer = env.window.reviewer
    assert reviewer.current is not None
    term = reviewer.current.term
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    return term


def _status(env: Env) -> str:
    return env.window.statusBar().currentMessage()


def _reopen(qtbot: QtBot, tmp_path: Path, clock: MovableClock) -> Env:
    """A new main window on the same collection file (the old one closed it)."""
    col = Collection.open(tmp_path / "collection.db", tz=UTC)
    dialogs = RecordingDialogs()
    window = MainWindow(col, clock=clock, dialogs=dialogs, demo_path=DEMO, ticker=Ticker())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    return Env(window, clock, dialogs, [], Ticker())


def test_ctrl_z_takes_back_the_answer_the_edit_menu_names(qtbot: QtBot, tmp_path: Path) -> None:
    """After an answer Edit → Undo reads "Undo answer to '…'"; Ctrl+Z shows that card again,
    says what it undid, and the menu is a plain, disabled Undo again."""
    env = make_window(qtbot, tmp_path, demo=True)
    assert _menu_undo(env) == ("&Undo", False)
    env.window.study(None)
    reviewer = env.window.reviewer
    assert not reviewer.undo_button.isEnabled()
    first = reviewer.current
    assert first is not None
    term = _answer_good(qtbot, env)
    assert env.window.undo_action.text() == f"&Undo answer to '{term}'"  # refreshed at once
    assert _menu_undo(env) == (f"&Undo answer to '{term}'", True)
    assert reviewer.undo_button.isEnabled()
    _ctrl_z(qtbot, env)
    assert reviewer.current is not None and reviewer.current.id == first.id
    assert reviewer.state == "question"
    assert _status(env) == f"Undid the answer to '{term}'"
    assert env.col.history(first.id) == []
    assert _menu_undo(env) == ("&Undo", False)
    assert not reviewer.undo_button.isEnabled()


def test_bury_and_suspend_are_named_and_undone_in_turn(qtbot: QtBot, tmp_path: Path) -> None:
    """- then @: the menu names the suspension first, then the burial; each Ctrl+Z brings its
    card back to the screen."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    reviewer = env.window.reviewer
    buried = reviewer.current
    assert buried is not None
    qtbot.keyClick(reviewer, "-")
    assert _menu_undo(env) == (f"&Undo burying of '{buried.term}'", True)
    suspended = reviewer.current
    assert suspended is not None and suspended.id != buried.id
    qtbot.keyClick(reviewer, "@")
    assert _menu_undo(env) == (f"&Undo suspending of '{suspended.term}'", True)
    _ctrl_z(qtbot, env)
    assert reviewer.current is not None and reviewer.current.id == suspended.id
    assert _status(env) == f"Undid the suspending of '{suspended.term}'"
    _ctrl_z(qtbot, env)
    assert reviewer.current is not None and reviewer.current.id == buried.id
    assert _status(env) == f"Undid the burying of '{buried.term}'"


def test_undo_works_in_a_new_window_on_the_same_collection_the_same_day(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two answers, the window closed; a new window three hours later names the second answer
    in Edit → Undo, and Ctrl+Z on its deck list shows that card in the reviewer, then the
    first."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    reviewer = env.window.reviewer
    first_id = reviewer.current.id if reviewer.current else 0
    first = _answer_good(qtbot, env)
    second_id = reviewer.current.id if reviewer.current else 0
    second = _answer_good(qtbot, env)
    env.window.close()
    env.clock.advance(hours=3)

    again = _reopen(qtbot, tmp_path, env.clock)
    assert again.window.pages.currentWidget() is again.window.deck_page
    assert _menu_undo(again) == (f"&Undo answer to '{second}'", True)
    _ctrl_z(qtbot, again)
    shown = again.window.reviewer
    assert again.window.pages.currentWidget() is shown
    assert shown.current is not None and shown.current.id == second_id
    assert _status(again) == f"Undid the answer to '{second}'"
    assert _menu_undo(again) == (f"&Undo answer to '{first}'", True)
    _ctrl_z(qtbot, again)
    assert shown.current is not None and shown.current.id == first_id
    assert _menu_undo(again) == ("&Undo", False)


def test_the_summary_pages_undo_is_on_after_reopening(qtbot: QtBot, tmp_path: Path) -> None:
    """The last card of the day answered, the window closed: a new session shows the summary
    at once, its undo button on, and Ctrl+Z brings the card back."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.col.update_settings(Settings(new_per_day=1))
    env.window.study(None)
    reviewer = env.window.reviewer
    card = reviewer.current
    assert card is not None
    _answer_good(qtbot, env)
    assert reviewer.state == "done" and reviewer.summary_undo_button.isEnabled()
    env.window.close()

    again = _reopen(qtbot, tmp_path, env.clock)
    again.window.study(None)
    summary = again.window.reviewer
    assert summary.state == "done" and summary.summary_undo_button.isEnabled()
    _ctrl_z(qtbot, again)
    assert summary.state == "question"
    assert summary.current is not None and summary.current.id == card.id


def test_nothing_is_undone_on_the_next_day(qtbot: QtBot, tmp_path: Path) -> None:
    """Once the scheduling day has rolled over, yesterday's answer cannot be taken back."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    answered = env.window.reviewer.current
    assert answered is not None
    _answer_good(qtbot, env)
    env.clock.advance(days=1)
    assert _menu_undo(env) == ("&Undo", False)
    _ctrl_z(qtbot, env)  # the action is off: the reviewer's own key handling answers
    assert _status(env) == "Nothing to undo"
    assert len(env.col.history(answered.id)) == 1


def test_a_change_of_many_cards_made_elsewhere_is_named_and_undone_from_the_deck_list(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Three cards suspended (as the browser does): the menu, refreshed as it opens, names
    them; Ctrl+Z on the deck list unsuspends them and stays on the deck list."""
    env = make_window(qtbot, tmp_path, demo=True)
    ids = [row.card_id for row in env.col.find_cards("", now=env.clock.now)][:3]
    assert env.col.suspend_cards(ids, True, env.clock.now) == 3
    assert _menu_undo(env) == ("&Undo suspending of 3 cards", True)
    _ctrl_z(qtbot, env)
    assert _status(env) == "Undid the suspending of 3 cards"
    assert env.window.pages.currentWidget() is env.window.deck_page
    assert not any(r.suspended for r in env.col.find_cards("", now=env.clock.now))


def test_an_ampersand_in_a_term_is_shown_not_taken_for_a_shortcut(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """'R&D Budget' reads as written in the menu ("&&" is a literal "&" in Qt's menus)."""
    glossary = tmp_path / "rd.txt"
    glossary.write_text("R#\nR&D Budget#\nThe money a firm spends on research.\n", encoding="utf-8")
    env = make_window(qtbot, tmp_path)
    env.col.import_glossary(glossary, now=env.clock.now)
    env.window.refresh()
    env.window.study(None)
    _answer_good(qtbot, env)
    assert _menu_undo(env) == ("&Undo answer to 'R&&D Budget'", True)


def test_an_edit_saved_in_the_browser_is_offered_by_the_main_windows_undo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Edit a note in the browser, close it: Edit → Undo names the edit and Ctrl+Z takes it back."""
    env = make_window(qtbot, tmp_path, demo=True)
    window = env.window
    assert not window.undo_action.isEnabled()
    browser = window.open_browser()
    row = browser.model.row_at(0)
    assert row is not None
    browser.select_card(row.card_id)
    dialog = browser.editor.open(row.card_id)
    before = env.col.editable_note(row.card_id).text
    dialog.text_edit.setPlainText(dialog.text_edit.toPlainText() + " mine")
    assert dialog.save()
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"&Undo edit of '{row.term}'"
    browser.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert env.col.editable_note(row.card_id).text == before
    assert env.col.undo_step(env.clock()) is None


def test_undo_in_a_one_deck_session_never_shows_another_decks_card(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Studying one deck, Ctrl+Z takes back a suspension made in the browser on another deck's
    card: the suspension is undone, and the session goes on with its own deck's cards."""
    from browser_clicks import four_terms_file
    from test_ui_helpers import START

    env = make_window(qtbot, tmp_path, demo=True)
    col = env.col
    col.import_glossary(four_terms_file(tmp_path), deck="four-terms", now=START)
    four = col.deck_id("four-terms")
    demo_card = col.find_cards("deck:demo-glossary", now=START)[0].card_id
    env.window.study(four)
    reviewer = env.window.reviewer
    col.suspend_cards([demo_card], True, START)  # as the browser's Ctrl+J does
    qtbot.keyClick(reviewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not col.card_details(demo_card).suspended
    shown = reviewer.current
    assert shown is not None and col.card_details(shown.id).deck == "four-terms"
