"""The browser's column menu: a right-click on the header lists every column with a check box
to show or hide it (Term always shows), and the choice is kept in the app's settings
(``browser/columns`` in :func:`glosscards.ui.window_memory.ui_settings`) for the next window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QWidget

from glosscards.ui.browser_model import COLUMN_TITLES, COLUMNS
from glosscards.ui.window_memory import ui_settings

__all__ = ["DEFAULT_COLUMNS", "SETTINGS_KEY", "ColumnChooser", "saved_columns"]

SETTINGS_KEY = "browser/columns"
_ALWAYS = COLUMNS[0]  # the term: a row without it would say nothing


DEFAULT_COLUMNS = frozenset(COLUMNS) - {"ease", "lapses"}
"""Shown until the learner chooses: enough to tell rows apart and see when each is due, with
room left for the term (Ease and Lapses are a right-click away, as Anki keeps its extras)."""


def saved_columns() -> set[str]:
    """The columns to show, as last chosen (:data:`DEFAULT_COLUMNS` the first time)."""
    value = ui_settings().value(SETTINGS_KEY)
    if value is None:
        return set(DEFAULT_COLUMNS)
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return {str(name) for name in names if name in COLUMNS} | {_ALWAYS}


def _save(shown: set[str]) -> None:
    settings = ui_settings()
    settings.setValue(SETTINGS_KEY, [name for name in COLUMNS if name in shown])
    settings.sync()


class ColumnChooser(QObject):
    """Shows and hides ``header``'s sections from its context menu (``menu``, once opened)."""

    def __init__(self, header: QHeaderView, parent: QWidget) -> None:
        super().__init__(parent)
        self._header = header
        self._parent = parent
        self.menu: QMenu | None = None
        shown = saved_columns()
        for section, name in enumerate(COLUMNS):
            header.setSectionHidden(section, name not in shown)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.open_menu)

    def shown(self) -> set[str]:
        return {n for s, n in enumerate(COLUMNS) if not self._header.isSectionHidden(s)}

    def open_menu(self, pos: QPoint) -> QMenu:
        """The checkable list of columns, at ``pos`` on the header (not waiting for a choice)."""
        if self.menu is None:
            self.menu = QMenu(self._parent)
            self.menu.setToolTipsVisible(True)
        menu = self.menu
        menu.clear()
        for section, (name, title) in enumerate(zip(COLUMNS, COLUMN_TITLES, strict=True)):
            action = QAction(title, menu, checkable=True)
            action.setChecked(not self._header.isSectionHidden(section))
            action.setData(name)
            if name == _ALWAYS:
                action.setEnabled(False)
                action.setToolTip("The term always shows")
            action.toggled.connect(lambda on, s=section: self.set_shown(s, on))
            menu.addAction(action)
        menu.popup(self._header.viewport().mapToGlobal(pos))
        return menu

    def set_shown(self, section: int, shown: bool) -> None:
        """Show or hide one column (never the term) and remember the choice."""
        if COLUMNS[section] == _ALWAYS:
            return
        self._header.setSectionHidden(section, not shown)
        _save(self.shown())
