"""Where windows open and what they remember: size and place per window (``QSettings``), a place
beside the parent the first time, and Esc / Ctrl+W to close.

Settings live in one INI file in the user's config folder (:func:`ui_settings`), so tests can
point Qt at a temporary folder (``QSettings.setPath``) and never read the learner's own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

__all__ = ["close_keys", "place_beside", "remember_place", "ui_settings"]

_ORGANIZATION = "glosscards"
_APPLICATION = "glosscards"
_OFFSET = QPoint(48, 48)


def ui_settings() -> QSettings:
    """The app's own settings (window places, text size, browser columns): an INI file."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, _ORGANIZATION, _APPLICATION
    )


def close_keys(window: QWidget, *, ctrl_w: bool = True) -> None:
    """Esc closes ``window``; Ctrl+W too where it is a window (not a dialog in a flow)."""
    QShortcut(QKeySequence("Esc"), window, window.close)
    if ctrl_w:  # the platform's Close keys: every binding (Ctrl+W, Ctrl+F4), not the first
        QShortcut(QKeySequence.StandardKey.Close, window, window.close)


def _available(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)


def place_beside(window: QWidget, parent: QWidget | None) -> None:
    """Put ``window`` down and to the right of its parent's top-left corner, inside the screen;
    centred on the screen without a parent. Never at the screen's corner over the parent."""
    area = _available(window)
    size = window.size().boundedTo(area.size())
    if parent is not None:
        origin = parent.frameGeometry().topLeft() + _OFFSET
    else:
        origin = area.center() - QPoint(size.width() // 2, size.height() // 2)
    x = min(max(origin.x(), area.left()), area.right() - size.width() + 1)
    y = min(max(origin.y(), area.top()), area.bottom() - size.height() + 1)
    window.resize(size)
    window.move(x, y)


class _PlaceKeeper(QObject):
    """Restores the saved geometry on the first show (or places the window beside its parent)
    and saves it whenever the window is hidden or closed."""

    def __init__(self, window: QWidget, key: str) -> None:
        super().__init__(window)
        self._window = window
        self._key = f"windows/{key}/geometry"
        self._placed = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            kind = event.type()
            if kind == QEvent.Type.Show and not self._placed:
                self._placed = True
                self.restore()
            elif kind in (QEvent.Type.Hide, QEvent.Type.Close) and self._placed:
                self.save()
        return False

    def restore(self) -> None:
        saved = ui_settings().value(self._key)
        known = isinstance(saved, QByteArray) and not saved.isEmpty()
        if known and self._window.restoreGeometry(saved) and self._fits():
            return
        parent = self._window.parentWidget()
        place_beside(self._window, parent.window() if parent is not None else None)

    def _fits(self) -> bool:
        """A place saved on a screen no longer attached is not kept."""
        return _available(self._window).intersects(self._window.frameGeometry())

    def save(self) -> None:
        settings = ui_settings()
        settings.setValue(self._key, self._window.saveGeometry())
        settings.sync()


def remember_place(window: QWidget, key: str, default: QSize) -> None:
    """``window`` opens where it was last left (by ``key``), else at ``default`` size (or the size
    it is given before it is first shown) beside its parent; its size and place are saved when it
    is hidden or closed."""
    window.resize(default)
    _PlaceKeeper(window, key)
