"""The app's side of safety: glossary and file names are never read as markup, and an answer
the disk refused is said to be unsaved while the card stays on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from glosscards.ui.dialogs import message_box
from test_ui_helpers import START, make_window

HOSTILE = "<b>Bold</b> <img src=file:///etc/passwd>"


def _hostile_glossary(folder: Path, name: str = "hostile.txt") -> Path:
    path = folder / name
    path.write_text(
        f"{HOSTILE}#\nA term whose name is markup, to check it is shown as text.\n\n"
        "Plain Term#\nAn ordinary term beside it, so the deck has two notes.\n",
        encoding="utf-8",
    )
    return path


def test_browser_status_shows_a_suspended_terms_name_as_text(qtbot: QtBot, tmp_path: Path) -> None:
    """Suspending a card whose term is markup reports it literally in the status label."""
    env = make_window(qtbot, tmp_path)
    env.col.import_glossary(_hostile_glossary(tmp_path), now=START)
    browser = env.window.open_browser()
    row = next(r for r in env.col.find_cards("", now=START) if r.term.startswith("<b>"))
    assert browser.select_card(row.card_id)
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert browser.status.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Bold</b>" in browser.status.text()
    assert "&lt;b&gt;Bold" in browser.info.text()  # the rich detail line escapes it


def test_import_preview_escapes_a_file_name_that_is_markup(qtbot: QtBot, tmp_path: Path) -> None:
    """A glossary saved as "<i>evil.txt" is named literally in the preview."""
    env = make_window(qtbot, tmp_path)
    glossary = _hostile_glossary(tmp_path, "<i>evil.txt")
    qtbot.keyClick(env.window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = env.window.dialog
    assert dialog is not None
    dialog.path_edit.setText(str(glossary))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state == "preview", timeout=20_000)
    assert "&lt;i&gt;evil.txt" in dialog.preview_label.text()
    assert dialog.choose_status.textFormat() == Qt.TextFormat.PlainText


def test_message_boxes_show_plain_text() -> None:
    """Errors name files and terms: the message box never guesses rich text."""
    box = message_box(None, QMessageBox.Icon.Critical, "Error", HOSTILE)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == HOSTILE
    box.deleteLater()


def test_an_answer_the_disk_refuses_is_reported_and_the_card_stays(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A write refused by SQLite (here: the connection made query-only, as a read-only disk
    would) shows "not saved" in a dialog; the same card stays up, and answers once it can."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.col.review_backup_interval = None
    env.window.study(None)
    reviewer = env.window.reviewer
    shown = reviewer.current
    assert shown is not None
    env.col._db.conn.execute("PRAGMA query_only = ON")  # simulate the disk, nothing else
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, "3")
    assert env.dialogs.errors and env.dialogs.errors[-1][0] == "Not saved"
    assert "was not saved" in env.dialogs.errors[-1][1]
    assert reviewer.current is not None and reviewer.current.id == shown.id
    assert reviewer.state == "answer"
    assert env.col.history(shown.id) == []
    env.col._db.conn.execute("PRAGMA query_only = OFF")
    qtbot.keyClick(reviewer, "3")
    assert len(env.col.history(shown.id)) == 1
