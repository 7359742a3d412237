"""The export dialog (file, deck name, progress, result) and the settings dialog."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from glosscards import GradeMode, Settings
from test_ui_helpers import make_window


def test_export_writes_the_package_and_names_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    """Export asks for a file, writes it off the UI thread and says where it went."""
    env = make_window(qtbot, tmp_path, demo=True)
    target = tmp_path / "out" / "mine.apkg"
    target.parent.mkdir()
    env.dialogs.save_paths.append(target.with_suffix(""))
    qtbot.keyClick(env.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = env.window.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    browse = next(b for b in dialog._controls if getattr(b, "text", lambda: "")() == "&Browse…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.text() == str(target)
    dialog.deck_edit.setText("My Deck")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=30_000)
    assert target.is_file() and zipfile.is_zipfile(target)
    assert str(target) in dialog.message.text()
    assert "notes" in dialog.message.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert env.dialogs.errors == []


def test_export_to_an_unwritable_place_reports_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    """A path in a missing folder is reported with its name; no file appears."""
    env = make_window(qtbot, tmp_path, demo=True)
    dialog = env.window.open_export()
    target = tmp_path / "missing-folder" / "x.apkg"
    dialog.path_edit.setText(str(target))
    dialog.export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.exported is None
    assert len(env.dialogs.errors) == 1 and "x.apkg" in env.dialogs.errors[0][1]
    assert not target.exists()


def test_settings_dialog_saves_with_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    """Changing limits, the day start and the grade mode, then Enter, saves the settings."""
    env = make_window(qtbot, tmp_path, demo=True)
    dialog = env.window.open_settings()
    qtbot.waitExposed(dialog)
    dialog.new_per_day.selectAll()
    qtbot.keyClicks(dialog.new_per_day, "7")
    dialog.reviews_per_day.selectAll()
    qtbot.keyClicks(dialog.reviews_per_day, "150")
    dialog.rollover_hour.setValue(5)
    dialog.grade_mode.setFocus()
    qtbot.keyClick(dialog.grade_mode, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert env.col.settings == Settings(
        new_per_day=7, reviews_per_day=150, rollover_hour=5, grade_mode=GradeMode.SM2_SIX
    )
    qtbot.waitUntil(lambda: env.window.dialog is None)
    assert env.window.deck_page.table.item(0, 1).text() == "7"


def test_changing_grade_mode_mid_session_rebuilds_the_buttons(qtbot: QtBot, tmp_path: Path) -> None:
    """Switching to six grades while studying shows 0-5 buttons on the next answer side."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    reviewer = env.window.reviewer
    assert sorted(reviewer.answer_buttons) == [1, 2, 3, 4]
    dialog = env.window.open_settings()
    dialog.grade_mode.setCurrentIndex(1)
    dialog.accept()
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert sorted(reviewer.answer_buttons) == [0, 1, 2, 3, 4, 5]


def test_the_progress_checkbox_exports_schedules_and_answers(qtbot: QtBot, tmp_path: Path) -> None:
    """Ticking "Include learning progress" (Space) writes the answered card as a review card
    with its answer in the package's revlog."""
    import sqlite3

    env = make_window(qtbot, tmp_path, demo=True)
    card = env.col.next_card(env.clock.now)
    assert card is not None
    env.col.answer(card.id, 3, env.clock.now)
    dialog = env.window.open_export()
    target = tmp_path / "progress.apkg"
    dialog.path_edit.setText(str(target))
    dialog.progress_box.setFocus()
    qtbot.keyClick(dialog.progress_box, Qt.Key.Key_Space)
    assert dialog.progress_box.isChecked() and "schedule" in dialog.message.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=30_000)
    inner = tmp_path / "collection.anki2"
    with zipfile.ZipFile(target) as package:
        inner.write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(inner)
    try:
        assert db.execute("SELECT count(*) FROM cards WHERE type = 2").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM revlog").fetchone()[0] == 1
    finally:
        db.close()


def test_alt_f_in_the_export_dialog_reaches_the_file_field(qtbot: QtBot, tmp_path: Path) -> None:
    """The File label is the path field's buddy: Alt+F goes there (and no "&" shows)."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = env.window.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.file_label.buddy() is dialog.path_edit
    assert dialog.file_label.text() == "&File:"  # a mnemonic, shown underlined
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.deck_edit.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.path_edit.hasFocus)
