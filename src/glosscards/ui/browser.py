"""The card browser: a sidebar of searches, a search box, a sortable table of cards and a detail
pane with the selected card's history.

The window asks the Collection for plain rows (:mod:`glosscards.browse`) and the table model
only formats them. The table selects several rows (Shift/Ctrl+click, Shift+arrows, Ctrl+A);
the bulk actions on them — suspend, reset to new, change deck, delete, undo — and the table's
right-click menu are :mod:`glosscards.ui.browser_actions`, and each re-reads only the rows it
changed, in place. E (or Edit) opens the Edit dialog on the selected card's note
(:mod:`glosscards.ui.edit_dialog`). The header's right-click menu shows and hides columns
(:mod:`glosscards.ui.browser_columns`); the sidebar is :mod:`glosscards.ui.browser_sidebar`.

A search the language refuses (``deck:x ((``) keeps the rows shown and says what is wrong in
the error colour, with a warning mark in the search box, until a search runs again. The
window's place, the splitter and the columns are kept in
:func:`glosscards.ui.window_memory.ui_settings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glosscards.browse import SORT_KEYS, BrowseRow, CardDetails
from glosscards.collection import Collection
from glosscards.search import SearchError, parse_query
from glosscards.ui.browser_actions import BrowserActions
from glosscards.ui.browser_columns import ColumnChooser
from glosscards.ui.browser_details import DetailPane
from glosscards.ui.browser_model import BrowserModel
from glosscards.ui.browser_sidebar import BrowserSidebar
from glosscards.ui.card_view import UrlOpener, open_in_system_browser
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.edit_dialog import NoteEditor
from glosscards.ui.window_memory import close_keys, remember_place, ui_settings

__all__ = ["SPLITTER_KEY", "BrowserWindow", "error_colour"]

Clock = Callable[[], datetime]

SPLITTER_KEY = "browser/splitter"
_SEARCH_HELP = (
    'Words, "a phrase", term:Name, tag:G, deck:name, is:new is:learning is:due is:suspended'
    " is:buried is:retired is:weak, cid:12,15 nid:7; -word negates"
)
_COLUMN_SAMPLES = ("acronym", "demo-glossary", "new #00000", "00.0mo", "000%", "0000", "000")


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's window colour (Qt's palettes have no error role)."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff6b6b" if dark else "#c62828")


class BrowserWindow(QWidget):
    """A top-level window. Signal ``changed`` after a bulk action or an undo, so counts can be
    refreshed, and ``noteEdited(card_id)`` after the note of a card was edited."""

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
        self.col = col
        self.clock = clock
        self.dialogs = dialogs or Dialogs()
        self.editor = NoteEditor(col, self.dialogs, self, clock=clock)
        self.editor.saved.connect(lambda card_id, _before: self._edited(card_id))
        self.details: CardDetails | None = None
        self.search_error: str | None = None
        self._query = ""  # the last search that ran
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_SEARCH_HELP)
        self.search_box.setToolTip(_SEARCH_HELP)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.run_search)
        self.error_mark = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), "", self
        )
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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self._size_columns()
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.columns = ColumnChooser(self.table.horizontalHeader(), self)

        self.sidebar = BrowserSidebar()
        self.sidebar.searchChosen.connect(self._sidebar_search)
        self.detail = DetailPane(col.tz, open_url=open_url)
        self.detail.card_view.termRequested.connect(self.show_term)
        self.card_view, self.info, self.history = (
            self.detail.card_view,
            self.detail.info,
            self.detail.history,
        )
        self.suspend_button, self.edit_button = self.detail.suspend_button, self.detail.edit_button
        self.bulk = BrowserActions(self)
        self.suspend_button.clicked.connect(self.bulk.toggle_suspended)
        self.edit_button.clicked.connect(self.edit_selected)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane, stretch in ((self.sidebar, 0), (self.table, 3), (self.detail, 2)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([150, 620, 330])
        saved = ui_settings().value(SPLITTER_KEY)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            self.splitter.restoreState(saved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search_box.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_E), self, self.edit_selected)  # not while typing
        select_all = QShortcut(QKeySequence("Ctrl+A"), self.table, self.table.selectAll)
        select_all.setContext(Qt.ShortcutContext.WidgetShortcut)  # the search box keeps its own
        self.bulk.bind_keys()
        close_keys(self)
        self.setTabOrder(self.search_box, self.table)
        remember_place(self, "browser", QSize(1100, 680))

    def _size_columns(self) -> None:
        """Widths from the font: resizing to contents would format thousands of cells."""
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        for column, sample in enumerate(_COLUMN_SAMPLES, start=1):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.resizeSection(column, width + 24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_sidebar()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        settings = ui_settings()
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        settings.sync()
        super().hideEvent(event)

    def refresh_sidebar(self) -> None:
        """List the decks and tags there are now (an import or a deck action may add some)."""
        self.sidebar.fill([d.name for d in self.col.decks()], self.col.tags())

    # -- searching -----------------------------------------------------------------------------

    def run_search(self, text: str | None = None) -> None:
        """Search for ``text`` (default: the search box) and show the matches; a query that
        cannot run is reported and the rows shown stay."""
        self._debounce.stop()
        if text is not None:
            self.search_box.setText(text)
        query = self.search_box.text()
        header = self.table.horizontalHeader()
        column = max(0, header.sortIndicatorSection())
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        try:
            rows = self.col.find_cards(
                query, order=SORT_KEYS[column], descending=descending, now=self.clock()
            )
        except SearchError as error:
            self._show_search_error(str(error))
            return
        self._show_search_error(None)
        self._query = query
        self.model.set_rows(rows)
        self.report(f"{len(rows)} card{'s' if len(rows) != 1 else ''}{self._why_none(rows)}")
        if not rows or not self.select_cards([rows[0].card_id]):
            self._update_details()

    def _show_search_error(self, message: str | None) -> None:
        """Mark the search box and say what is wrong in the error colour; None clears both.
        Only the roles set here are fixed, so a change of the desktop's palette still shows."""
        self.search_error = message
        if message is None:
            self.search_box.removeAction(self.error_mark)
            self.search_box.setPalette(QPalette())
            self.status.setPalette(QPalette())
            return
        red = error_colour(self.palette())
        marked = QPalette()
        marked.setColor(QPalette.ColorRole.Text, red)
        self.search_box.setPalette(marked)
        self.error_mark.setToolTip(message)
        self.search_box.addAction(self.error_mark, QLineEdit.ActionPosition.TrailingPosition)
        warning = QPalette()
        warning.setColor(QPalette.ColorRole.WindowText, red)
        self.status.setPalette(warning)
        self.status.setText(message)

    def report(self, text: str) -> None:
        """Say what happened in the status line, in the normal colour (a refused query in the
        search box stays marked there)."""
        self.status.setPalette(QPalette())
        self.status.setText(text)

    def _why_none(self, rows: list[BrowseRow]) -> str:
        """For a search that finds nothing because it names a deck there is not: say so."""
        if rows:
            return ""
        decks = [d.name for d in self.col.decks()]
        for term in parse_query(self.search_box.text()).terms:
            wanted = term.value.casefold()
            named = term.field == "deck" and not term.negated and "*" not in wanted
            if named and wanted not in (name.casefold() for name in decks):
                listed = ", ".join(f"'{name}'" for name in decks) or "none"
                return f" — there is no deck '{term.value}' (decks: {listed})"
        return ""

    def _sidebar_search(self, query: str, add: bool) -> None:
        current = self.search_box.text().strip()
        self.run_search(f"{current} {query}".strip() if add and current else query)

    def show_term(self, name: str) -> None:
        """Show the cards of the term ``name`` (a see-also link)."""
        escaped = name.replace('"', "")
        self.run_search(f'term:"{escaped}"')
        self.show()
        self.raise_()
        self.activateWindow()

    def reload(self, *, select: Iterable[int] = ()) -> None:
        """Run the last search again (after an undo) and select ``select`` where shown."""
        self.run_search(self._query)
        self.select_cards(select)

    def refresh_cards(self, card_ids: Iterable[int]) -> None:
        """Re-read the rows of ``card_ids`` in one query and show them in place; rows of cards
        that are gone are taken out. The selection stays where its cards still are."""
        wanted = {card for card in card_ids if self.model.row_of(card) >= 0}
        if wanted:
            found = self.col.find_cards(
                "cid:" + ",".join(map(str, sorted(wanted))), now=self.clock()
            )
            self.model.replace_rows(found)
            # The selection changes with each run of rows removed: the details follow once.
            with QSignalBlocker(self.table.selectionModel()):
                self.model.remove_cards(wanted - {row.card_id for row in found})
            self.table.viewport().update()
        self._update_details()

    # -- selection and details -----------------------------------------------------------------

    def selected_rows(self) -> list[BrowseRow]:
        """The selected rows, in the order shown."""
        # From the selection's ranges: selectedRows() asks the model for every cell of every
        # selected row (1.2 s with 100,000 rows selected).
        picked: set[int] = set()
        selection = self.table.selectionModel().selection()
        for i in range(selection.count()):
            part = selection.at(i)
            picked.update(range(part.top(), part.bottom() + 1))
        return [row for row in map(self.model.row_at, sorted(picked)) if row is not None]

    def select_cards(self, card_ids: Iterable[int]) -> bool:
        """Select the rows of ``card_ids`` (only those; the first is current). Unlike
        ``selectRow`` this does not depend on the keys held down: a search run by a Ctrl+click
        in the sidebar selects its first row, not that row too."""
        rows = sorted(r for r in map(self.model.row_of, card_ids) if r >= 0)
        if not rows:
            return False
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for first, end in _runs(rows):  # one range per run of rows: Ctrl+A, undone, is one
            selection.select(self.model.index(first, 0), self.model.index(end, last))
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)
        self.table.selectionModel().setCurrentIndex(self.model.index(rows[0], 0), flags.NoUpdate)
        self.table.scrollTo(self.model.index(rows[0], 0))
        return True

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_details()

    def _update_details(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self._show_details(rows[0].card_id)
            return
        self.details = None
        if not rows:
            self.detail.clear()
            return
        active = [r for r in rows if not r.retired]
        unsuspend = bool(active) and all(r.suspended for r in active)
        self.detail.show_many(len(rows), unsuspend=unsuspend, can_suspend=bool(active))

    def _show_details(self, card_id: int) -> None:
        try:
            details = self.col.card_details(card_id)
        except KeyError:  # deleted elsewhere since the search
            self.details = None
            self.detail.clear()
            return
        self.details = details
        self.detail.show_card(details)

    def toggle_suspended(self) -> None:
        """Suspend the selected cards, or unsuspend them if all are suspended (Ctrl+J)."""
        self.bulk.toggle_suspended()

    def edit_selected(self) -> None:
        """Open the Edit dialog on the selected card's note (E); one card only, as in Anki."""
        if self.details is not None:
            self.editor.open(self.details.card_id)
        elif len(self.selected_rows()) > 1:
            self.report("Select one card to edit its note")

    def _edited(self, card_id: int) -> None:
        self.note_changed(card_id)
        self.refresh_cards([card_id])
        self.report(f"Saved “{self.details.term if self.details else ''}”")
        self.noteEdited.emit(card_id)

    def note_changed(self, _card_id: int) -> None:
        """A note was edited (here or in the reviewer): show the selected card as it now is."""
        if self.details is not None:
            self._show_details(self.details.card_id)

    def select_card(self, card_id: int) -> bool:
        """Select only ``card_id``'s row; False when it is not shown."""
        return self.select_cards([card_id])


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of adjacent rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
