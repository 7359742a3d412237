"""The browser's table model: a thin adapter over plain :class:`BrowseRow` tuples.

Rows arrive through :meth:`BrowserModel.set_rows`; cells are formatted from the tuple in hand,
never by asking the database. Sorting re-sorts the tuples (:func:`glosscards.browse.sort_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from glosscards.browse import SORT_KEYS, BrowseRow, sort_rows
from glosscards.scheduler.day import date_of_day
from glosscards.ui.formatting import format_days

__all__ = ["COLUMN_TITLES", "BrowserModel", "display_cell"]

COLUMN_TITLES = ("Term", "Due", "Interval", "Ease", "Reviews", "Lapses")
"""Column headers; column ``i`` sorts by ``SORT_KEYS[i]``."""

COL_TERM, COL_DUE, COL_INTERVAL, COL_EASE, COL_REVIEWS, COL_LAPSES = range(len(COLUMN_TITLES))

_ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FONT = Qt.ItemDataRole.FontRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _due_text(row: BrowseRow, tz: tzinfo) -> str:
    if row.retired:
        return "(retired)"
    prefix = "(suspended) " if row.suspended else ""
    if row.due_day is None:
        return f"{prefix}new #{row.new_position}"
    return prefix + date_of_day(row.due_day).isoformat()


def display_cell(row: BrowseRow, column: int, tz: tzinfo) -> str:
    """The text shown in one cell."""
    if column == COL_TERM:
        return row.term if row.ordinal == 1 else f"{row.term} (c{row.ordinal})"
    if column == COL_DUE:
        return _due_text(row, tz)
    if column == COL_INTERVAL:
        return "" if row.phase == "new" else format_days(row.interval_days)
    if column == COL_EASE:
        return "" if row.phase == "new" else f"{round(row.ease * 100)}%"
    if column == COL_REVIEWS:
        return str(row.reviews)
    return str(row.lapses)


class BrowserModel(QAbstractTableModel):
    def __init__(self, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._rows: list[BrowseRow] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: Sequence[BrowseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> BrowseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, card_id: int) -> int:
        """The row showing ``card_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.card_id == card_id), -1)

    def card_ids(self) -> list[int]:
        return [r.card_id for r in self._rows]

    def replace_row(self, row: int, value: BrowseRow) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMN_TITLES) - 1))

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every visible cell and role: keep it to one tuple lookup and a format.
        if role == _DISPLAY:
            return display_cell(self._rows[index.row()], index.column(), self._tz)
        if role == _ALIGN:
            return _RIGHT if index.column() != COL_TERM else None
        if role == _FONT:
            row = self._rows[index.row()]
            return self._italic if row.suspended or row.retired else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        cards = [self._rows[i.row()].card_id for i in before]
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows = sort_rows(self._rows, SORT_KEYS[column], descending=descending)
        position = {r.card_id: i for i, r in enumerate(self._rows)}
        after = [
            self.index(position[card], i.column()) for card, i in zip(cards, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
