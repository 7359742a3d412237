"""Windows that behave (issue 17): every dialog closes with Esc, windows with Ctrl+W too; each
opens beside its parent the first time and where it was left after that."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from glosscards.ui import help_dialogs
from glosscards.ui.main_window import MainWindow
from glosscards.ui.window_memory import place_beside, remember_place, ui_settings
from test_ui_helpers import Env, make_window

Opener = Callable[[MainWindow], Any]

DIALOGS: dict[str, Opener] = {
    "import": lambda w: w.open_import(),
    "export": lambda w: w.open_export(),
    "settings": lambda w: w.open_settings(),
    "deck options": lambda w: (w.deck_page.table.selectRow(1), w.deck_actions.options())[1],
    "shortcuts": lambda w: w.show_dialog(help_dialogs.ShortcutsDialog(w)),
    "first session": lambda w: w.show_dialog(help_dialogs.FirstSessionDialog(w)),
    "about": lambda w: w.show_dialog(help_dialogs.AboutDialog(w.col.path, w)),
    "sync login": lambda w: w.sync(login=True),
}


@pytest.fixture
def env(qtbot: QtBot, tmp_path: Path) -> Env:
    return make_window(qtbot, tmp_path, demo=True)


def _screen() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_closes_with_escape(qtbot: QtBot, env: Env, name: str) -> None:
    """Esc closes each dialog of the main window, as in every desktop app."""
    dialog = DIALOGS[name](env.window)
    assert isinstance(dialog, QDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_opens_beside_the_main_window(qtbot: QtBot, env: Env, name: str) -> None:
    """Not at the screen's corner, and inside the screen."""
    parent = env.window.frameGeometry()
    dialog = DIALOGS[name](env.window)
    qtbot.waitExposed(dialog)
    place = dialog.frameGeometry()
    assert _screen().contains(place.topLeft())
    assert (place.topLeft() - parent.topLeft()).manhattanLength() <= 200


@pytest.mark.parametrize("opener", ["open_stats", "open_browser"])
@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
    ids=["Esc", "Ctrl+W"],
)
def test_windows_close_with_escape_and_ctrl_w(
    qtbot: QtBot, env: Env, opener: str, keys: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    """The statistics and the browser open active and close with Esc and with Ctrl+W."""
    window = getattr(env.window, opener)()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)  # it opens active: its keys work at once
    qtbot.keyClick(window, *keys)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_statistics_window_reopens_where_it_was_left(qtbot: QtBot, env: Env) -> None:
    """Moved and resized, closed, opened again: same size, same place."""
    stats = env.window.open_stats()
    qtbot.waitExposed(stats)
    target = QRect(QPoint(30, 40), QSize(600, 500))
    stats.setGeometry(target)
    place = stats.geometry()
    stats.close()
    again = env.window.open_stats()
    qtbot.waitExposed(again)
    assert again is not stats
    assert again.geometry() == place


def test_the_main_window_remembers_its_size_in_a_new_session(qtbot: QtBot, tmp_path: Path) -> None:
    """The next start of the app opens the main window as the learner left it."""
    first = make_window(qtbot, tmp_path)
    first.window.resize(640, 480)
    size = first.window.size()
    first.window.close()
    second = make_window(qtbot, tmp_path)
    assert second.window.size() == size


def test_a_place_on_a_screen_no_longer_there_is_not_used(qtbot: QtBot) -> None:
    """Saved on a second monitor, since unplugged: the window opens on the screen instead."""
    window = QWidget()
    qtbot.addWidget(window)
    remember_place(window, "probe", QSize(300, 200))
    window.show()
    qtbot.waitExposed(window)
    far = _screen().bottomRight() + QPoint(5000, 5000)
    window.move(far)
    window.close()
    again = QWidget()
    qtbot.addWidget(again)
    remember_place(again, "probe", QSize(300, 200))
    again.show()
    qtbot.waitExposed(again)
    assert _screen().intersects(again.frameGeometry())


def test_a_window_larger_than_the_screen_is_made_to_fit(qtbot: QtBot) -> None:
    """On a small screen (420×320 netbook, a phone-sized VM) nothing opens beyond its edges."""
    area = _screen()
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.setGeometry(QRect(area.topLeft(), QSize(200, 200)))
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(area.width() * 2, area.height() * 2)
    place_beside(window, parent)
    assert window.width() <= area.width() and window.height() <= area.height()
    assert area.contains(window.geometry())


def test_settings_are_the_tests_own(tmp_path: Path) -> None:
    """The app's settings file is not the learner's during tests (conftest points it away)."""
    path = Path(ui_settings().fileName())
    assert not path.is_relative_to(Path.home() / ".config")


def test_the_congratulations_screen_says_when_and_offers_more(qtbot: QtBot, env: Env) -> None:
    """After the day's last card: when the next cards are due, and buttons (and keys) for
    custom study and the browser, as Anki's congratulations screen has."""
    from glosscards.ui.custom_study_dialog import CustomStudyDialog

    env.window.study(None)
    reviewer = env.window.reviewer
    while reviewer.state != "done":
        qtbot.keyClick(reviewer, Qt.Key.Key_Space)
        qtbot.keyClick(reviewer, Qt.Key.Key_4)
    summary = reviewer.summary_label.text()
    assert "Congratulations" in summary
    assert "The next review is due" in summary
    assert reviewer.custom_study_button.isVisible() and reviewer.browse_button.isVisible()

    qtbot.keyClick(reviewer, "/")
    dialog = env.window.dialog
    assert isinstance(dialog, CustomStudyDialog) and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)

    qtbot.mouseClick(reviewer.custom_study_button, Qt.MouseButton.LeftButton)
    dialog = env.window.dialog
    assert isinstance(dialog, CustomStudyDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)

    qtbot.mouseClick(reviewer.browse_button, Qt.MouseButton.LeftButton)
    assert env.window.browser is not None and env.window.browser.isVisible()
