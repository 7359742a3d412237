"""The browser's detail pane: the selected card's answer side (with see-also links), its deck,
tags, due date and state, its review history, and the Edit and Suspend buttons.

With several cards selected it says how many (there is no one card to show or edit, as in
Anki); the Suspend button then acts on all of them. It shows what it is given and runs no query.
"""

from __future__ import annotations

import html
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glosscards.browse import CardDetails
from glosscards.scheduler.grade import Grade
from glosscards.ui.card_html import link_see_also
from glosscards.ui.card_view import CardView, UrlOpener
from glosscards.ui.formatting import format_days, format_due, format_duration

__all__ = ["HISTORY_COLUMNS", "DetailPane"]

HISTORY_COLUMNS = ("Date", "Answer", "Ease", "Interval", "Time")
_BUTTONS = frozenset(int(g) for g in Grade)


class DetailPane(QWidget):
    def __init__(self, tz: tzinfo, *, open_url: UrlOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.card_view = CardView(open_url=open_url)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suspend_button = QPushButton("&Suspend")
        self.suspend_button.setToolTip("Ctrl+J")
        self.suspend_button.setEnabled(False)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.setToolTip("E")
        self.edit_button.setEnabled(False)
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setHorizontalHeaderLabels(list(HISTORY_COLUMNS))
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.suspend_button)
        layout.addLayout(top)
        layout.addWidget(self.card_view, 3)
        layout.addWidget(QLabel("Review history"))
        layout.addWidget(self.history, 2)

    def clear(self) -> None:
        self.card_view.show_html("")
        self.info.clear()
        self.history.setRowCount(0)
        self.suspend_button.setEnabled(False)
        self.edit_button.setEnabled(False)

    def show_many(self, count: int, *, unsuspend: bool, can_suspend: bool) -> None:
        """Several cards are selected: say how many; Suspend acts on them all."""
        self.clear()
        self.info.setText(f"<b>{count} cards selected</b>")
        self._suspend_label(unsuspend=unsuspend, enabled=can_suspend)

    def show_card(self, details: CardDetails) -> None:
        self.card_view.show_html(link_see_also(details.answer_html, details.see_also))
        state = "retired" if details.retired else ("suspended" if details.suspended else "active")
        due = format_due(details.due) or "new"
        tags = " ".join(details.tags) or "none"
        self.info.setText(
            f"<b>{html.escape(details.term)}</b><br>Deck: {html.escape(details.deck)} · Tags: "
            f"{html.escape(tags)} · Due: {due} · {state}"
        )
        self._suspend_label(unsuspend=details.suspended, enabled=not details.retired)
        self.edit_button.setEnabled(True)
        self._fill_history(details)

    def _suspend_label(self, *, unsuspend: bool, enabled: bool) -> None:
        self.suspend_button.setText("Un&suspend" if unsuspend else "&Suspend")
        self.suspend_button.setEnabled(enabled)

    def _fill_history(self, details: CardDetails) -> None:
        self.history.setRowCount(len(details.history))
        for r, record in enumerate(reversed(details.history)):
            answer = Grade(record.grade).label if record.grade in _BUTTONS else f"q{record.quality}"
            if record.redrill:
                answer += " (re-drill)"
            cells = (
                record.reviewed_at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M"),
                answer,
                f"{round(record.ease_after * 100)}%",
                format_days(record.interval_after),
                format_duration(record.duration_ms),
            )
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text))
