"""What the browser does to the selected cards, from its keys and its table's right-click menu.

Suspend or unsuspend (Ctrl+J), reset to new (Ctrl+Alt+N), change deck (Ctrl+D, a small dialog
of the existing decks; a note's cards move together), delete their notes (Ctrl+Delete, after a
confirmation that names the count) and undo (Ctrl+Z). Each is one call to the Collection; then the rows it changed are read
again in one query and shown in place, the status line says what was done, and the window's
``changed`` signal tells the main window. The menu also edits the card (E, one card only, as in
Anki) and shows all the cards of the selected cards' notes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from glosscards.browse import BrowseRow
from glosscards.errors import GlosscardsError
from glosscards.ui.change_deck_dialog import ChangeDeckDialog

if TYPE_CHECKING:
    from glosscards.ui.browser import BrowserWindow

__all__ = ["KEYS", "BrowserActions"]

KEYS = {
    "suspend": "Ctrl+J",
    "reset": "Ctrl+Alt+N",
    "change_deck": "Ctrl+D",
    "delete": "Ctrl+Delete",
    "undo": "Ctrl+Z",
}
"""The window-wide keys of the bulk actions (listed in :mod:`glosscards.ui.shortcuts`)."""


def _cards(count: int, unit: str = "card") -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _what(rows: list[BrowseRow], count: int, unit: str = "card") -> str:
    """One card by its term (“Epoch”), else the count ("3 cards")."""
    return f"“{rows[0].term}”" if len(rows) == 1 and count == 1 else _cards(count, unit)


class BrowserActions(QObject):
    def __init__(self, window: BrowserWindow) -> None:
        super().__init__(window)
        self._window = window
        self.menu: QMenu | None = None
        self.deck_dialog: ChangeDeckDialog | None = None
        table = window.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.open_menu)

    def bind_keys(self) -> None:
        """The window-wide keys of :data:`KEYS` (the search box keeps Ctrl+Z for its text)."""
        does: dict[str, Callable[[], object]] = {
            "suspend": self.toggle_suspended,
            "reset": self.reset,
            "change_deck": self.change_deck,
            "delete": self.delete,
            "undo": self.undo,
        }
        for name, key in KEYS.items():
            QShortcut(QKeySequence(key), self._window, does[name])

    # -- what the selection allows ------------------------------------------------------------

    def _rows(self) -> list[BrowseRow]:
        return self._window.selected_rows()

    def _with_siblings(self, rows: list[BrowseRow]) -> list[int]:
        """The shown cards of the notes of ``rows``: a deck change or a deletion takes a
        note's every card with it."""
        notes = {r.note_id for r in rows}
        return [r.card_id for r in self._window.model.rows() if r.note_id in notes]

    def _done(self, changed: list[int], message: str) -> None:
        self._window.refresh_cards(changed)
        self._window.report(message)
        self._window.changed.emit()

    def _failed(self, title: str, error: GlosscardsError) -> None:
        self._window.report(f"{title}: {error}")
        self._window.dialogs.error(self._window, title, str(error))

    # -- the actions --------------------------------------------------------------------------

    def toggle_suspended(self) -> None:
        """Suspend the selected cards, or unsuspend them when every one is suspended."""
        rows = [r for r in self._rows() if not r.retired]
        if not rows:
            return
        suspend = not all(r.suspended for r in rows)
        ids = [r.card_id for r in rows]
        try:
            count = self._window.col.suspend_cards(ids, suspend, now=self._window.clock())
        except GlosscardsError as error:
            self._failed("Cannot suspend", error)
            return
        self._done(ids, f"{'Suspended' if suspend else 'Unsuspended'} {_what(rows, count)}")

    def reset(self) -> None:
        """Make the selected cards new again (their history stays)."""
        rows = [r for r in self._rows() if not r.retired]
        if not rows:
            return
        ids = [r.card_id for r in rows]
        try:
            count = self._window.col.reset_cards(ids, now=self._window.clock())
        except GlosscardsError as error:
            self._failed("Cannot reset", error)
            return
        done = f"Reset {_what(rows, count)} to new" if count else "The cards are new already"
        self._done(ids, done)

    def change_deck(self) -> ChangeDeckDialog | None:
        """Ask which deck the selected cards go to (window-modal, no nested event loop)."""
        rows = self._rows()
        decks = [d.name for d in self._window.col.decks()]
        if not rows or not decks or self.deck_dialog is not None:
            return None
        current = rows[0].deck if len({r.deck for r in rows}) == 1 else None
        dialog = ChangeDeckDialog(decks, len(rows), current, self._window)
        dialog.accepted.connect(lambda: self.move(rows, dialog.chosen()))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.deck_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: ChangeDeckDialog) -> None:
        if self.deck_dialog is dialog:
            self.deck_dialog = None
        dialog.deleteLater()

    def move(self, rows: list[BrowseRow], deck: str | None) -> None:
        """Put the notes of ``rows``, with all their cards, into ``deck``."""
        if deck is None or not rows:
            return
        ids = [r.card_id for r in rows]
        try:
            count = self._window.col.move_cards(ids, deck, now=self._window.clock())
        except GlosscardsError as error:
            self._failed("Cannot change the deck", error)
            return
        self._done(self._with_siblings(rows), f"Moved {_cards(count)} to {deck}")

    def delete(self) -> None:
        """Delete the notes of the selected cards (with all their cards), once confirmed."""
        rows = self._rows()
        if not rows:
            return
        notes = {r.note_id for r in rows}
        text = (
            f"Delete {_cards(len(notes), 'note')} ({_cards(len(rows))} selected) with all their"
            " cards and review history? Ctrl+Z undoes it."
        )
        if not self._window.dialogs.confirm(self._window, "Delete notes", text):
            return
        try:
            count = self._window.col.delete_notes(
                [r.card_id for r in rows], now=self._window.clock()
            )
        except GlosscardsError as error:
            self._failed("Cannot delete", error)
            return
        self._done(self._with_siblings(rows), f"Deleted {_cards(count, 'note')}")
        self._window.refresh_sidebar()

    def undo(self) -> None:
        """Take back the collection's last change (a bulk action here, an answer, an edit)."""
        try:
            result = self._window.col.undo(now=self._window.clock())
        except GlosscardsError as error:
            self._failed("Cannot undo", error)
            return
        if result is None:
            self._window.report("Nothing to undo")
            return
        self._window.reload(select=result.step.card_ids)
        self._window.report(f"Undid the {result.step.description}")
        self._window.refresh_sidebar()
        self._window.changed.emit()

    def show_notes_cards(self) -> None:
        """Search for every card of the selected cards' notes."""
        notes = sorted({r.note_id for r in self._rows()})
        if notes:
            self._window.run_search("nid:" + ",".join(map(str, notes)))

    # -- the table's menu ---------------------------------------------------------------------

    def open_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at ``pos`` on the table, for the selection (not waiting)."""
        if self.menu is None:
            self.menu = QMenu(self._window)
        menu = self.menu
        menu.clear()
        rows = self._rows()
        active = [r for r in rows if not r.retired]
        unsuspend = bool(active) and all(r.suspended for r in active)

        def add(text: str, key: str | None, does: Callable[[], object], enabled: bool) -> None:
            label = f"{text}\t{QKeySequence(key).toString()}" if key else text
            action = menu.addAction(label)
            action.triggered.connect(lambda _checked=False: does())
            action.setEnabled(enabled)

        add("&Edit", "E", self._window.edit_selected, len(rows) == 1)
        add("Show &note's cards", None, self.show_notes_cards, bool(rows))
        menu.addSeparator()
        add(
            "Un&suspend" if unsuspend else "&Suspend",
            KEYS["suspend"],
            self.toggle_suspended,
            bool(active),
        )
        add("&Reset to new", KEYS["reset"], self.reset, bool(active))
        add("Change &deck…", KEYS["change_deck"], self.change_deck, bool(rows))
        menu.addSeparator()
        add("&Delete…", KEYS["delete"], self.delete, bool(rows))
        step = self._window.col.undo_step(self._window.clock())
        add(
            f"&Undo {step.description}" if step else "&Undo",
            KEYS["undo"],
            self.undo,
            step is not None,
        )
        menu.popup(self._window.table.viewport().mapToGlobal(pos))
        return menu
