"""The statistics window's Predicted recall box: FSRS's retrievability of the studied cards
now (:mod:`glosscards.stats.memory`), or why there is none (an SM-2 deck)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from glosscards.stats import Recall

__all__ = ["NOT_FSRS", "RecallBox"]

NOT_FSRS = "FSRS only: this deck is scheduled by SM-2"


class RecallBox(QGroupBox):
    """The mean predicted recall in big figures, the count below the target under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Predicted recall (FSRS)", parent)
        self.value = QLabel("—")
        big = QFont(self.value.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.value.setFont(big)
        self.detail = QLabel(NOT_FSRS)
        self.detail.setWordWrap(True)
        for label in (self.value, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def show_recall(self, recall: Recall | None, *, all_decks: bool) -> None:
        """Show ``recall`` (None: no deck counted uses FSRS)."""
        if recall is None:
            self.value.setText("—")
            self.detail.setText("FSRS only: no deck uses FSRS" if all_decks else NOT_FSRS)
        elif recall.mean is None:
            self.value.setText("—")
            self.detail.setText("no card studied with FSRS yet")
        else:
            self.value.setText(f"{recall.mean:.1%}")
            self.detail.setText(recall.describe())
        self.setToolTip(
            "FSRS's probability of recalling each studied card now, averaged; cards below the"
            " desired retention are due or overdue"
        )
