"""Helpers for the browser's UI tests (no tests here): a right-click that opens a context menu
as the window system would, a click on a menu's entry, a click on a sidebar entry, rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from four_terms import FOUR_TERMS
from glosscards.browse import BrowseRow
from glosscards.ui.browser import BrowserWindow


def right_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """Press and release the right button at ``pos``, then send the context-menu event the
    window system sends for it (QTest's clicks reach the widget directly, without one)."""
    qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)


def open_menu(
    qtbot: QtBot, widget: QWidget, pos: QPoint, menu_of: Callable[[], QMenu | None]
) -> QMenu:
    """Right-click ``widget`` at ``pos`` and wait for the menu ``menu_of`` names to show."""
    right_click(qtbot, widget, pos)
    qtbot.waitUntil(lambda: (m := menu_of()) is not None and m.isVisible())
    menu = menu_of()
    assert menu is not None
    return menu


def entry(menu: QMenu, text: str) -> QAction:
    """The menu's action shown as ``text`` (without its ``&`` and its key)."""
    for action in menu.actions():
        if action.text().replace("&", "").split("\t")[0] == text:
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def click_entry(qtbot: QtBot, menu: QMenu, text: str) -> None:
    """Click the menu's entry ``text`` with the mouse; the menu closes."""
    action = entry(menu, text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def click_sidebar(qtbot: QtBot, browser: BrowserWindow, text: str, *, ctrl: bool = False) -> None:
    item = browser.sidebar.entry(text)
    assert item is not None, text
    browser.sidebar.scrollToItem(item)
    pos = browser.sidebar.visualItemRect(item).center()
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(browser.sidebar.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def shown(browser: BrowserWindow) -> list[BrowseRow]:
    return browser.model.rows()


def four_terms_file(tmp_path: Path) -> Path:
    path = tmp_path / "four-terms.txt"
    path.write_text(FOUR_TERMS, encoding="utf-8")
    return path
