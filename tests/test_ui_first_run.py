"""First run: an empty collection says what to do, and one click imports the demo glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from glosscards import Collection
from glosscards.ui import app as app_module
from glosscards.ui.main_window import MainWindow
from test_ui_helpers import DEMO, make_window


def test_empty_collection_offers_the_demo_glossary(qtbot: QtBot, tmp_path: Path) -> None:
    """With no decks the window shows the empty page with the demo and import buttons."""
    env = make_window(qtbot, tmp_path)
    page = env.window.empty_page
    assert env.window.pages.currentWidget() is page
    assert page.demo_button.isVisible()
    assert "demo" in page.demo_button.text().lower()
    assert page.import_button.isVisible()


def test_one_click_imports_the_demo_and_shows_the_deck(qtbot: QtBot, tmp_path: Path) -> None:
    """Clicking the demo button imports it (off the UI thread) and shows the deck's counts."""
    env = make_window(qtbot, tmp_path)
    qtbot.mouseClick(env.window.empty_page.demo_button, Qt.MouseButton.LeftButton)
    dialog = env.window.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=20_000)
    assert "Imported demo-glossary.txt" in dialog.summary_label.text()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: env.window.dialog is None)
    assert env.window.pages.currentWidget() is env.window.deck_page
    table = env.window.deck_page.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "All decks",
        "demo-glossary",
    ]
    assert table.item(1, 1).text() == str(env.col.counts(env.clock.now).new)
    assert int(table.item(1, 1).text()) > 0
    assert env.dialogs.errors == []


def test_enter_on_the_deck_list_starts_studying(qtbot: QtBot, tmp_path: Path) -> None:
    """The keyboard alone starts a session: Enter on the selected deck."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.deck_page.table.selectRow(1)
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Return)
    assert env.window.pages.currentWidget() is env.window.reviewer
    assert env.window.reviewer.state == "question"


def test_main_reports_a_busy_collection_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collection open elsewhere is named in an error dialog; the app exits without a window."""
    path = tmp_path / "busy.db"
    shown: list[tuple[str, str]] = []

    def critical(_parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(app_module.QMessageBox, "critical", critical)
    monkeypatch.setattr(app_module, "MainWindow", _no_window)
    with Collection.open(path) as holder:
        before = path.read_bytes()
        assert app_module.main(["--collection", str(path)]) == app_module.EXIT_CANNOT_OPEN
        assert path.read_bytes() == before
        assert holder.decks() == []
    assert len(shown) == 1
    assert str(path) in shown[0][1]
    assert "another process" in shown[0][1]


def test_main_reports_a_file_that_is_not_a_collection(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text file given as the collection is refused with its name, and left untouched."""
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n" * 100, encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(app_module, "MainWindow", _no_window)
    assert app_module.main(["--collection", str(path)]) == app_module.EXIT_CANNOT_OPEN
    assert shown and str(path) in shown[0] and "not" in shown[0]
    assert path.read_text(encoding="utf-8") == "just some notes\n" * 100


def _no_window(*_args: object, **_kwargs: object) -> MainWindow:
    raise AssertionError("no window may open when the collection cannot be opened")


def test_demo_glossary_is_found_from_the_source_tree() -> None:
    """``make run`` finds resources/demo-glossary.txt without configuration."""
    from glosscards.ui.main_window import find_demo_glossary

    assert find_demo_glossary() == DEMO
