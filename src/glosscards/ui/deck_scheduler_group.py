"""The deck options' Scheduler group: SM-2 or FSRS, and FSRS's options — desired retention,
maximum interval, learning and relearning steps, and its parameters (the defaults, or fitted to
the deck's answers with Optimize, :meth:`Collection.fit_fsrs`).

The FSRS fields are disabled while SM-2 is chosen (their values are kept, for a later switch).
The group only reads and builds values; the dialog saves them and asks before a switch.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.deck_study import DeckStudy, SchedulerName
from glosscards.errors import GlosscardsError
from glosscards.scheduler.fsrs_scheduler import (
    DEFAULT_FSRS_OPTIONS,
    MAX_INTERVAL_DAYS,
    MAX_RETENTION,
    MIN_RETENTION,
    FsrsOptions,
)
from glosscards.step_text import format_steps, parse_steps
from glosscards.ui.dialogs import Dialogs

__all__ = ["SCHEDULER_LABELS", "SchedulerGroup", "switch_question"]

SCHEDULER_LABELS = (
    (SchedulerName.SM2, "SM-2 (as published)"),
    (SchedulerName.FSRS, "FSRS (aims at the retention you choose)"),
)


def switch_question(deck: str, to: SchedulerName, cards: int) -> str:
    """What the dialog asks before a deck changes scheduler."""
    name = "FSRS" if to is SchedulerName.FSRS else "SM-2"
    several = "card is" if cards == 1 else "cards are"
    return (
        f"Switch '{deck}' to {name}? Its {cards:,} studied {several} rescheduled from"
        f" {'its' if cards == 1 else 'their'} review history, replayed through {name}."
        " No answer is changed or lost, and cards never studied stay new."
        " Undo cannot go back past the switch."
    )


class SchedulerGroup(QGroupBox):
    """The Scheduler group of one deck's options (see the module docstring)."""

    def __init__(
        self, col: Collection, deck: str, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__("Scheduler", parent)
        self._col, self._deck, self._dialogs = col, deck, dialogs
        study = col.deck_study(deck)
        options = study.fsrs
        self._parameters = options.parameters
        self.scheduler_box = QComboBox()
        for name, label in SCHEDULER_LABELS:
            self.scheduler_box.addItem(label, str(name))
        self.scheduler_box.setCurrentIndex(self.scheduler_box.findData(str(study.scheduler)))
        self.retention_box = QDoubleSpinBox()
        self.retention_box.setRange(MIN_RETENTION, MAX_RETENTION)
        self.retention_box.setSingleStep(0.01)
        self.retention_box.setDecimals(2)
        self.retention_box.setValue(options.desired_retention)
        self.max_interval_box = QSpinBox()
        self.max_interval_box.setRange(1, MAX_INTERVAL_DAYS)
        self.max_interval_box.setSuffix(" days")
        self.max_interval_box.setValue(options.maximum_interval_days)
        self.learning_edit = QLineEdit(format_steps(options.learning_steps))
        self.learning_edit.setPlaceholderText("none: straight to days")
        self.relearning_edit = QLineEdit(format_steps(options.relearning_steps))
        self.optimize_button = QPushButton("Optimi&ze to my answers")
        self.optimize_button.setToolTip(
            "Fit FSRS's parameters to this deck's review history (Anki's optimizer)"
        )
        self.optimize_button.clicked.connect(self.optimize)
        self.parameters_label = QLabel()
        self._show_parameters()
        form = QFormLayout(self)
        form.addRow("&Algorithm:", self.scheduler_box)
        form.addRow("Desired &retention:", self.retention_box)
        form.addRow("&Maximum interval:", self.max_interval_box)
        form.addRow("&Learning steps:", self.learning_edit)
        form.addRow("Re&learning steps:", self.relearning_edit)
        form.addRow(self.parameters_label, self.optimize_button)
        self._fsrs_fields: tuple[QWidget, ...] = (
            self.retention_box, self.max_interval_box, self.learning_edit,
            self.relearning_edit, self.optimize_button, self.parameters_label,
        )  # fmt: skip
        self.scheduler_box.currentIndexChanged.connect(lambda _i: self._follow_choice())
        self._follow_choice()

    @property
    def chosen(self) -> SchedulerName:
        return SchedulerName(self.scheduler_box.currentData())

    def _follow_choice(self) -> None:
        on = self.chosen is SchedulerName.FSRS
        for field in self._fsrs_fields:
            field.setEnabled(on)

    def _show_parameters(self) -> None:
        fitted = self._parameters != DEFAULT_FSRS_OPTIONS.parameters
        self.parameters_label.setText(
            "Parameters: fitted to your answers" if fitted else "Parameters: FSRS's defaults"
        )

    def fsrs_options(self) -> FsrsOptions:
        """The FSRS options the fields say; raises a :class:`GlosscardsError` (``ValueError``)
        naming each bad value."""
        return dataclasses.replace(
            DEFAULT_FSRS_OPTIONS,
            desired_retention=round(self.retention_box.value(), 2),
            maximum_interval_days=self.max_interval_box.value(),
            learning_steps=parse_steps(self.learning_edit.text()),
            relearning_steps=parse_steps(self.relearning_edit.text()),
            parameters=self._parameters,
        )

    def choice(self, study: DeckStudy) -> DeckStudy:
        """``study`` with the scheduler and FSRS options chosen here."""
        return dataclasses.replace(study, scheduler=self.chosen, fsrs=self.fsrs_options())

    def optimize(self) -> None:
        """Fit the parameters to the deck's answers; OK keeps them, Cancel does not."""
        try:
            fitted = self._col.fit_fsrs(self._deck)
        except GlosscardsError as error:
            self._dialogs.error(self, "Not optimized", str(error))
            return
        self._parameters = fitted.parameters
        self._show_parameters()
        self._dialogs.info(
            self,
            "Optimized",
            "FSRS's parameters now fit this deck's review history; OK keeps them.",
        )
