"""Study settings: new cards per day, reviews per day, the hour the day starts, grade mode."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.errors import GlosscardsError
from glosscards.scheduler.grade import GradeMode
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.window_memory import remember_place
from glosscards.values import Settings

__all__ = ["SettingsDialog"]

_MODES = (
    (GradeMode.FOUR_BUTTONS, "4 buttons: Again / Hard / Good / Easy"),
    (GradeMode.SM2_SIX, "6 SM-2 grades: 0 (blackout) … 5 (perfect)"),
)


def _spin(value: int, maximum: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class SettingsDialog(QDialog):
    """Edits ``col.settings``; OK saves them with ``col.update_settings``."""

    def __init__(self, col: Collection, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Study settings")
        self._col = col
        self._dialogs = dialogs
        current = col.settings
        self.new_per_day = _spin(current.new_per_day, 9999)
        self.reviews_per_day = _spin(current.reviews_per_day, 99999)
        self.rollover_hour = _spin(current.rollover_hour, 23, ":00")
        self.grade_mode = QComboBox()
        for mode, label in _MODES:
            self.grade_mode.addItem(label, mode)
        self.grade_mode.setCurrentIndex([m for m, _ in _MODES].index(current.grade_mode))
        form = QFormLayout()
        form.addRow("&New cards per day:", self.new_per_day)
        form.addRow("&Reviews per day:", self.reviews_per_day)
        form.addRow("The day &starts at:", self.rollover_hour)
        form.addRow("&Grading:", self.grade_mode)
        note = QLabel(
            "Cards answered after midnight but before this hour count for the day before."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        remember_place(self, "settings", self.sizeHint())

    def chosen(self) -> Settings:
        return Settings(
            new_per_day=self.new_per_day.value(),
            reviews_per_day=self.reviews_per_day.value(),
            rollover_hour=self.rollover_hour.value(),
            grade_mode=GradeMode(self.grade_mode.currentData()),
        )

    def accept(self) -> None:
        try:
            self._col.update_settings(self.chosen())
        except (GlosscardsError, ValueError) as error:
            self._dialogs.error(self, "Cannot save the settings", str(error))
            return
        super().accept()
