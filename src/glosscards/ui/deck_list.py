"""The home screen: decks with New / Learning / Due counts and Study; or, for an empty
collection, what to do first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glosscards.values import Counts, Deck

__all__ = ["DeckCounts", "DeckListPage", "EmptyPage"]


@dataclass(frozen=True, slots=True)
class DeckCounts:
    """One row of the deck list. ``deck`` is None for the "All decks" row."""

    deck: Deck | None
    counts: Counts

    @property
    def name(self) -> str:
        return self.deck.name if self.deck is not None else "All decks"


class EmptyPage(QWidget):
    """Shown while the collection has no cards: import a glossary, or try the demo."""

    importRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Your collection is empty</h2>")
        text = QLabel(
            "glosscards turns a glossary into fill-in-the-blank cards and schedules their "
            "reviews. Start by importing a glossary file — or try the demo glossary, a few "
            "terms about AI and studying."
        )
        text.setWordWrap(True)
        # About 70 characters a line, narrower in a small window (wrapped, never cut off).
        text.setMaximumWidth(text.fontMetrics().averageCharWidth() * 70)
        text.setMinimumWidth(text.fontMetrics().averageCharWidth() * 30)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.demo_button = QPushButton("&Try the demo glossary")
        self.demo_button.setDefault(True)
        self.demo_button.setAutoDefault(True)
        self.import_button = QPushButton("&Import a glossary…")
        self.import_button.setAutoDefault(True)
        self.demo_button.clicked.connect(self.demoRequested)
        self.import_button.clicked.connect(self.importRequested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        centred = QHBoxLayout()  # the text as wide as it may be, centred in what is left
        centred.addStretch(1)
        centred.addWidget(text, 1000)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch()
        self.setFocusProxy(self.demo_button)


class DeckListPage(QWidget):
    """The decks and their counts. Enter or Study starts a session on the selected row."""

    studyRequested = Signal(object)  # a deck id, or None for all decks

    COLUMNS = ("Deck", "New", "Learning", "Due")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DeckCounts] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self._study())
        self.table.installEventFilter(self)
        self.summary = QLabel()
        self.study_button = QPushButton("&Study")
        self.study_button.setDefault(True)
        self.study_button.clicked.connect(self._study)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.study_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)

    def set_rows(self, rows: list[DeckCounts]) -> None:
        """Show ``rows`` (the first is usually "All decks"), keeping the selected row."""
        selected = max(0, self.table.currentRow())
        self._rows = list(rows)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.name, row.counts.new, row.counts.learning, row.counts.review)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(min(selected, len(rows) - 1))
        total = rows[0].counts.total if rows else 0
        self.summary.setText(f"{total} card{'s' if total != 1 else ''} to study today")
        self.study_button.setEnabled(bool(rows))

    def selected(self) -> DeckCounts | None:
        row = self.table.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _study(self) -> None:
        row = self.selected()
        if row is not None:
            self.studyRequested.emit(row.deck.id if row.deck is not None else None)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._study()
            return True
        return False
