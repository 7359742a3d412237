"""The card browser: search, a sortable table of cards, and a detail pane with history.

The window asks :mod:`glosscards.browse` for plain rows and details; the table model only
formats them. Suspending and unsuspending go through the Collection; E (or Edit) opens the Edit
dialog on the selected card's note (:mod:`glosscards.ui.edit_dialog`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glosscards.browse import SORT_KEYS, BrowseRow, CardDetails
from glosscards.collection import Collection
from glosscards.scheduler.grade import Grade
from glosscards.search import SearchError, parse_query
from glosscards.ui.browser_model import BrowserModel
from glosscards.ui.card_html import link_see_also
from glosscards.ui.card_view import CardView, UrlOpener, open_in_system_browser
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.edit_dialog import NoteEditor
from glosscards.ui.formatting import format_days, format_due, format_duration

__all__ = ["BrowserWindow"]

_BUTTONS = frozenset(int(g) for g in Grade)

Clock = Callable[[], datetime]

HISTORY_COLUMNS = ("Date", "Answer", "Ease", "Interval", "Time")
_SEARCH_HELP = (
    'Words, "a phrase", term:Name, tag:G, deck:name, is:new is:due is:suspended is:retired is:weak; '
    "-word negates"
)


class BrowserWindow(QWidget):
    """A top-level window. Signal ``changed`` after a suspend, so counts can be refreshed, and
    ``noteEdited(card_id)`` after the note of a card was edited."""

    changed = Signal()
    noteEdited = Signal(int)

    def __init__(
        self,
        col: Collection,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        open_url: UrlOpener = open_in_system_browser,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Browse — glosscards")
        self._col = col
        self._clock = clock
        self.editor = NoteEditor(col, dialogs or Dialogs(), self, clock=clock)
        self.editor.saved.connect(lambda card_id, _before: self._edited(card_id))
        self.details: CardDetails | None = None
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_SEARCH_HELP)
        self.search_box.setToolTip(_SEARCH_HELP)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.run_search)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.run_search)
        self.search_box.textEdited.connect(lambda _text: self._debounce.start())
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names terms and echoes queries

        self.model = BrowserModel(col.tz, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # Fixed widths from the font: resizing to contents would format thousands of cells.
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        samples = ("new #00000", "00.0mo", "000%", "0000", "000")
        for column, sample in enumerate(samples, start=1):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.resizeSection(column, width + 24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.card_view = CardView(open_url=open_url)
        self.card_view.termRequested.connect(self.show_term)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suspend_button = QPushButton("&Suspend")
        self.suspend_button.setEnabled(False)
        self.suspend_button.clicked.connect(self.toggle_suspended)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.setToolTip("E")
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_selected)
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setHorizontalHeaderLabels(list(HISTORY_COLUMNS))
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.horizontalHeader().setStretchLastSection(True)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.suspend_button)
        detail_layout.addLayout(top)
        detail_layout.addWidget(self.card_view, 3)
        detail_layout.addWidget(QLabel("Review history"))
        detail_layout.addWidget(self.history, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search_box.setFocus)
        QShortcut(QKeySequence("Ctrl+J"), self, self.toggle_suspended)
        QShortcut(QKeySequence(Qt.Key.Key_E), self, self.edit_selected)  # not while typing
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.setTabOrder(self.search_box, self.table)
        self.resize(1000, 640)

    # -- searching -----------------------------------------------------------------------------

    def run_search(self, text: str | None = None) -> None:
        """Search for ``text`` (default: the search box) and show the matches."""
        self._debounce.stop()
        if text is not None:
            self.search_box.setText(text)
        query = self.search_box.text()
        header = self.table.horizontalHeader()
        column = max(0, header.sortIndicatorSection())
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        try:
            rows = self._col.find_cards(
                query, order=SORT_KEYS[column], descending=descending, now=self._clock()
            )
        except SearchError as error:
            self.status.setText(str(error))
            return
        self.model.set_rows(rows)
        self.status.setText(
            f"{len(rows)} card{'s' if len(rows) != 1 else ''}{self._why_none(rows)}"
        )
        if rows:
            self.table.selectRow(0)
        else:
            self._show_details(None)

    def _why_none(self, rows: list[BrowseRow]) -> str:
        """For a search that finds nothing because it names a deck there is not: say so."""
        if rows:
            return ""
        decks = [d.name for d in self._col.decks()]
        for term in parse_query(self.search_box.text()).terms:
            wanted = term.value.casefold()
            named = term.field == "deck" and not term.negated and "*" not in wanted
            if named and wanted not in (name.casefold() for name in decks):
                listed = ", ".join(f"'{name}'" for name in decks) or "none"
                return f" — there is no deck '{term.value}' (decks: {listed})"
        return ""

    def show_term(self, name: str) -> None:
        """Show the cards of the term ``name`` (a see-also link)."""
        escaped = name.replace('"', "")
        self.run_search(f'term:"{escaped}"')
        self.show()
        self.raise_()
        self.activateWindow()

    # -- details -------------------------------------------------------------------------------

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        self._show_details(None if row is None else row.card_id)

    def _show_details(self, card_id: int | None) -> None:
        if card_id is None:
            self.details = None
            self.card_view.show_html("")
            self.info.clear()
            self.history.setRowCount(0)
            self.suspend_button.setEnabled(False)
            self.edit_button.setEnabled(False)
            return
        details = self._col.card_details(card_id)
        self.details = details
        self.card_view.show_html(link_see_also(details.answer_html, details.see_also))
        state = "retired" if details.retired else ("suspended" if details.suspended else "active")
        due = format_due(details.due) or "new"
        tags = " ".join(details.tags) or "none"
        self.info.setText(
            f"<b>{_escape(details.term)}</b><br>Deck: {_escape(details.deck)} · Tags: "
            f"{_escape(tags)} · Due: {due} · {state}"
        )
        self.suspend_button.setText("Un&suspend" if details.suspended else "&Suspend")
        self.suspend_button.setEnabled(not details.retired)
        self.edit_button.setEnabled(True)
        self._fill_history(details)

    def _fill_history(self, details: CardDetails) -> None:
        self.history.setRowCount(len(details.history))
        for r, record in enumerate(reversed(details.history)):
            answer = Grade(record.grade).label if record.grade in _BUTTONS else f"q{record.quality}"
            if record.redrill:
                answer += " (re-drill)"
            cells = (
                record.reviewed_at.astimezone(self._col.tz).strftime("%Y-%m-%d %H:%M"),
                answer,
                f"{round(record.ease_after * 100)}%",
                format_days(record.interval_after),
                format_duration(record.duration_ms),
            )
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text))

    def toggle_suspended(self) -> None:
        """Suspend the selected card, or unsuspend it if it is suspended."""
        details = self.details
        if details is None or details.retired:
            return
        suspended = not details.suspended
        self._col.suspend(details.card_id, suspended)
        row = self.model.row_of(details.card_id)
        current = self.model.row_at(row)
        if current is not None:
            self.model.replace_row(row, current._replace(suspended=suspended))
        self._show_details(details.card_id)
        verb = "Suspended" if suspended else "Unsuspended"
        self.status.setText(f"{verb} “{details.term}”")
        self.changed.emit()

    def edit_selected(self) -> None:
        """Open the Edit dialog on the selected card's note (E)."""
        if self.details is not None:
            self.editor.open(self.details.card_id)

    def _edited(self, card_id: int) -> None:
        self.note_changed(card_id)
        self.status.setText(f"Saved “{self.details.term if self.details else ''}”")
        self.noteEdited.emit(card_id)

    def note_changed(self, _card_id: int) -> None:
        """A note was edited (here or in the reviewer): show the selected card as it now is."""
        if self.details is not None:
            self._show_details(self.details.card_id)

    def select_card(self, card_id: int) -> bool:
        row = self.model.row_of(card_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True


def _escape(text: str) -> str:
    return html.escape(text)
