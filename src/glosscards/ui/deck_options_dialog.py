"""A deck's daily limits: its own, or the collection's settings (the default)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.errors import GlosscardsError
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.window_memory import remember_place
from glosscards.values import DeckOptions

__all__ = ["DeckOptionsDialog"]


def _spin(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 9999)
    box.setValue(value)
    return box


class DeckOptionsDialog(QDialog):
    """OK saves the limits with ``col.set_deck_options``."""

    def __init__(
        self, col: Collection, deck: str, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Options of {deck}")
        self._col = col
        self._deck = deck
        self.dialogs = dialogs
        limits = col.deck_options(deck)
        self.default_box = QCheckBox("Use the collection's study settings")
        self.default_box.setChecked(not col.has_own_options(deck))
        self.new_box = _spin(limits.new_per_day)
        self.reviews_box = _spin(limits.reviews_per_day)
        self.default_box.toggled.connect(self._follow_default)
        form = QFormLayout()
        form.addRow(self.default_box)
        form.addRow("&New cards a day:", self.new_box)
        form.addRow("&Reviews a day:", self.reviews_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._follow_default(self.default_box.isChecked())
        remember_place(self, "deck-options", self.sizeHint())

    def _follow_default(self, on: bool) -> None:
        self.new_box.setEnabled(not on)
        self.reviews_box.setEnabled(not on)
        if on:
            s = self._col.settings
            self.new_box.setValue(s.new_per_day)
            self.reviews_box.setValue(s.reviews_per_day)

    def accept(self) -> None:
        options = (
            None
            if self.default_box.isChecked()
            else DeckOptions(self.new_box.value(), self.reviews_box.value())
        )
        try:
            self._col.set_deck_options(self._deck, options)
        except GlosscardsError as error:
            self.dialogs.error(self, "Options not saved", str(error))
            return
        super().accept()
