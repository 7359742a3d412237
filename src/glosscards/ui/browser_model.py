"""The browser's table model: a thin adapter over plain :class:`BrowseRow` tuples.

Rows arrive through :meth:`BrowserModel.set_rows` (a search), :meth:`~BrowserModel.replace_rows`
and :meth:`~BrowserModel.remove_cards` (after a bulk action, in place, so the view keeps its
selection); cells are formatted from the tuple in hand, never by asking the database. Column
``i`` is ``COLUMNS[i]``, which is also its sort key: sorting re-sorts the tuples with
:func:`glosscards.browse.sort_rows`, the one definition of each order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from glosscards.browse import SORT_KEYS, BrowseRow, card_name, sort_rows
from glosscards.scheduler.day import date_of_day
from glosscards.ui.formatting import format_days

__all__ = ["COLUMNS", "COLUMN_TITLES", "BrowserModel", "display_cell"]

COLUMNS = SORT_KEYS
"""Each column's key, in display order: what it sorts by and what the column menu saves."""

COLUMN_TITLES = ("Term", "Card", "Deck", "Due", "Interval", "Ease", "Reviews", "Lapses")
"""Column headers, one per :data:`COLUMNS`."""

(
    COL_TERM,
    COL_CARD,
    COL_DECK,
    COL_DUE,
    COL_INTERVAL,
    COL_EASE,
    COL_REVIEWS,
    COL_LAPSES,
) = range(len(COLUMN_TITLES))

_TEXT_COLUMNS = frozenset({COL_TERM, COL_CARD, COL_DECK})

_ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FONT = Qt.ItemDataRole.FontRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _due_text(row: BrowseRow) -> str:
    if row.retired:
        return "(retired)"
    prefix = "(suspended) " if row.suspended else ""
    if row.due_day is None:
        return f"{prefix}new #{row.new_position}"
    return prefix + date_of_day(row.due_day).isoformat()


def display_cell(row: BrowseRow, column: int, tz: tzinfo) -> str:
    """The text shown in one cell (``tz`` is kept for callers; due days are dates already)."""
    if column == COL_TERM:
        return row.term
    if column == COL_CARD:
        return card_name(row.ordinal)
    if column == COL_DECK:
        return row.deck
    if column == COL_DUE:
        return _due_text(row)
    if column == COL_INTERVAL:
        return "" if row.phase == "new" else format_days(row.interval_days)
    if column == COL_EASE:
        return "" if row.phase == "new" else f"{round(row.ease * 100)}%"
    if column == COL_REVIEWS:
        return str(row.reviews)
    return str(row.lapses)


_MOST_RUNS_REMOVED = 16
"""Beyond this many separate runs of removed rows, the model resets instead: each removal makes
the view move every persistent index (the selection's), so a thousand would be quadratic."""


class BrowserModel(QAbstractTableModel):
    def __init__(self, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._rows: list[BrowseRow] = []
        self._position: dict[int, int] | None = None  # card id → row, built when first asked
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: Sequence[BrowseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._position = None
        self.endResetModel()

    def row_at(self, row: int) -> BrowseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _positions(self) -> dict[int, int]:
        if self._position is None:
            self._position = {r.card_id: i for i, r in enumerate(self._rows)}
        return self._position

    def row_of(self, card_id: int) -> int:
        """The row showing ``card_id``, or -1."""
        return self._positions().get(card_id, -1)

    def card_ids(self) -> list[int]:
        return [r.card_id for r in self._rows]

    def rows(self) -> list[BrowseRow]:
        """The rows in the order shown (a copy)."""
        return list(self._rows)

    def replace_rows(self, rows: Sequence[BrowseRow]) -> None:
        """Show ``rows`` as they now are, in the places their cards already have (others are
        ignored): the order and the selection stay."""
        positions = self._positions()
        changed = []
        for value in rows:
            at = positions.get(value.card_id)
            if at is not None:
                self._rows[at] = value
                changed.append(at)
        if changed:
            last = len(COLUMN_TITLES) - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def remove_cards(self, card_ids: Iterable[int]) -> None:
        """Take the rows of ``card_ids`` out (cards that were deleted), one run of adjacent rows
        at a time from the bottom, so the view keeps the selection of the others."""
        positions = self._positions()
        gone = sorted((positions[c] for c in card_ids if c in positions), reverse=True)
        runs = sum(1 for i, row in enumerate(gone) if i == 0 or gone[i - 1] != row + 1)
        if runs > _MOST_RUNS_REMOVED:  # scattered rows: one reset, not a signal per run
            dropped = set(gone)
            self.beginResetModel()
            self._rows = [r for i, r in enumerate(self._rows) if i not in dropped]
            self._position = None
            self.endResetModel()
            return
        while gone:
            last = first = gone.pop(0)
            while gone and gone[0] == first - 1:
                first = gone.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self._position = None
            self.endRemoveRows()

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every visible cell and role: keep it to one tuple lookup and a format.
        if role == _DISPLAY:
            return display_cell(self._rows[index.row()], index.column(), self._tz)
        if role == _ALIGN:
            return None if index.column() in _TEXT_COLUMNS else _RIGHT
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
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        cards = [self._rows[i.row()].card_id for i in before]
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows = sort_rows(self._rows, COLUMNS[column], descending=descending)
        self._position = None
        position = self._positions()
        after = [
            self.index(position[card], i.column()) for card, i in zip(cards, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
