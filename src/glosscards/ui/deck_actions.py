"""The Deck menu and the deck list's right-click menu: rename, delete, options.

They act on the deck selected in the deck list; "All decks" is no deck, so they are off there.
Deleting asks first, saying what goes and how to bring it back, and backs up before it deletes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from glosscards.errors import GlosscardsError
from glosscards.ui.formatting import describe_error

if TYPE_CHECKING:
    from glosscards.ui.main_window import MainWindow

__all__ = ["DeckActions"]


class DeckActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        menu = window.menuBar().addMenu("&Deck")
        self.rename_action = self._add(menu, "&Rename…", self.rename, "F2")
        self.delete_action = self._add(menu, "&Delete…", self.delete, "Delete")
        self.options_action = self._add(menu, "&Options…", self.options, "Ctrl+Shift+O")
        self.actions = (self.rename_action, self.delete_action, self.options_action)
        table = window.deck_page.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_context_menu)
        table.itemSelectionChanged.connect(self.update_enabled)
        self.context_menu: QMenu | None = None
        self.update_enabled()

    def _add(self, menu: QMenu, text: str, slot: Any, shortcut: str) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def selected_deck(self) -> str | None:
        row = self._window.deck_page.selected()
        return None if row is None or row.deck is None else row.deck.name

    def update_enabled(self) -> None:
        """On for a deck row of the deck list on screen (never while reviewing)."""
        window = self._window
        shown = window.pages.currentWidget() is window.deck_page
        on = shown and self.selected_deck() is not None
        for action in self.actions:
            action.setEnabled(on)

    def show_context_menu(self, position: QPoint) -> QMenu:
        """The right-click menu on a deck row (shown without blocking, so tests can drive it)."""
        table = self._window.deck_page.table
        row = table.rowAt(position.y())
        if row >= 0:
            table.selectRow(row)
        menu = QMenu(table)
        for action in self.actions:
            menu.addAction(action)
        menu.popup(table.viewport().mapToGlobal(position))
        self.context_menu = menu
        return menu

    def rename(self) -> None:
        deck = self.selected_deck()
        if deck is None:
            return
        window = self._window
        name = window.dialogs.ask_text(window, "Rename deck", f"New name for “{deck}”:", deck)
        if name is None or name.strip() == deck:
            return
        try:
            window.col.rename_deck(deck, name)
        except GlosscardsError as error:
            window.dialogs.error(window, "Deck not renamed", describe_error(error))
            return
        window.statusBar().showMessage(f"Renamed “{deck}” to “{name.strip()}”", 6000)
        window.refresh()

    def delete(self) -> None:
        deck = self.selected_deck()
        if deck is None:
            return
        window = self._window
        _notes, cards, answers = window.col.deck_size(deck)
        question = (
            f"Delete the deck “{deck}”? Its {cards} cards and {answers} answers go. A backup is"
            " made first: File → Open backup… brings them back."
        )
        if not window.dialogs.confirm(window, "Delete deck", question):
            return
        try:
            done = window.col.delete_deck(deck, window.clock())
        except GlosscardsError as error:
            window.dialogs.error(window, "Deck not deleted", describe_error(error))
            return
        window.statusBar().showMessage(
            f"Deleted “{deck}” ({done.cards} cards); the backup is {done.backup}", 8000
        )
        window.refresh()

    def options(self) -> Any:
        from glosscards.ui.deck_options_dialog import DeckOptionsDialog

        deck = self.selected_deck()
        if deck is None:
            return None
        window = self._window
        return window.show_dialog(DeckOptionsDialog(window.col, deck, window.dialogs, window))
