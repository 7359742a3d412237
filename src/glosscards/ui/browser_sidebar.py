"""The browser's sidebar: saved-search shortcuts in three sections, as Anki's has.

* Decks — each deck (``deck:name``),
* Card states — each state :mod:`glosscards.search` knows (``is:new`` … ``is:weak``),
* Tags — the tags the collection's notes have (``tag:name``),

under an "All cards" entry (the empty search). A click (or Enter) asks for the entry's search
with ``searchChosen(query, False)``; a Ctrl+click with ``searchChosen(query, True)``, which the
browser adds to the search box's query (every word must match, so it narrows the search).
The widget only lists what it is given (:meth:`BrowserSidebar.fill`); it runs no query.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from glosscards.search import STATES

__all__ = ["BrowserSidebar", "quoted"]

_QUERY = Qt.ItemDataRole.UserRole
_STATE_HELP = {
    "new": "Cards never studied",
    "learning": "Cards being learnt or relearnt",
    "review": "Cards in review",
    "due": "Cards due today",
    "suspended": "Cards kept out of study",
    "buried": "Cards hidden until tomorrow",
    "retired": "Cards of terms that left their glossary",
    "weak": "Cards the card check finds a problem with",
}


def quoted(field: str, value: str) -> str:
    """``field:value``, in double quotes when the value has a space or a parenthesis (double
    quotes in it are dropped: the search language has no way to escape them)."""
    bare = value.replace('"', "")
    needs = any(c.isspace() or c in "()" for c in bare) or bare.startswith("-")
    return f'{field}:"{bare}"' if needs else f"{field}:{bare}"


class BrowserSidebar(QTreeWidget):
    searchChosen = Signal(str, bool)
    """(the entry's search, whether to add it to the current one)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Sidebar")
        self.setToolTip("Click to search; Ctrl+click to add to the search")
        self.setRootIsDecorated(True)
        self.decks = self._section("Decks")
        self.states = self._section("Card states")
        self.tags = self._section("Tags")
        for state in STATES:
            self._entry(self.states, state.capitalize(), f"is:{state}", _STATE_HELP.get(state))
        self.all_cards = QTreeWidgetItem(["All cards"])
        self.all_cards.setData(0, _QUERY, "")
        self.insertTopLevelItem(0, self.all_cards)
        self.expandAll()

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable, no search
        return item

    @staticmethod
    def _entry(
        section: QTreeWidgetItem, text: str, query: str, tip: str | None = None
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(section, [text])
        item.setData(0, _QUERY, query)
        item.setToolTip(0, tip or query)
        return item

    def fill(self, decks: Sequence[str], tags: Sequence[str]) -> None:
        """List ``decks`` and ``tags`` (the card states are always there)."""
        for section, field, names in ((self.decks, "deck", decks), (self.tags, "tag", tags)):
            section.takeChildren()
            for name in names:
                self._entry(section, name, quoted(field, name))
            section.setExpanded(True)

    def entry(self, text: str) -> QTreeWidgetItem | None:
        """The first entry shown as ``text`` (a deck, a state, a tag), for tests and keys."""
        found = self.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return next((i for i in found if i.data(0, _QUERY) is not None), None)

    @staticmethod
    def query_of(item: QTreeWidgetItem | None) -> str | None:
        value = None if item is None else item.data(0, _QUERY)
        return value if isinstance(value, str) else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        query = self.query_of(self.itemAt(event.position().toPoint()))
        if query is not None:
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.searchChosen.emit(query, add)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        query = self.query_of(self.currentItem())
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and query is not None:
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.searchChosen.emit(query, add)
            return
        super().keyPressEvent(event)
