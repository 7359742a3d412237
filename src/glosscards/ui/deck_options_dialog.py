"""A deck's options: its daily limits (its own, or the collection's settings, the default), its
scheduler (SM-2 or FSRS, :mod:`glosscards.ui.deck_scheduler_group`) and how its new cards come
(order, typed answers)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.deck_study import DeckStudy
from glosscards.errors import GlosscardsError
from glosscards.new_order import NewCardOrder
from glosscards.ui.deck_scheduler_group import SchedulerGroup, switch_question
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.window_memory import remember_place
from glosscards.values import DeckOptions

__all__ = ["NEW_ORDER_LABELS", "DeckOptionsDialog"]

NEW_ORDER_LABELS = (
    (NewCardOrder.GLOSSARY, "Glossary order"),
    (NewCardOrder.RANDOM, "Random"),
    (NewCardOrder.PREREQUISITES_FIRST, "Prerequisites first"),
)


def _spin(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 9999)
    box.setValue(value)
    return box


class DeckOptionsDialog(QDialog):
    """OK saves the limits with ``col.set_deck_options`` and the study choices with
    ``col.set_deck_study``."""

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
        self.scheduler_group = SchedulerGroup(col, deck, dialogs)
        layout.addWidget(self.scheduler_group)
        layout.addWidget(self._new_cards_group(col.deck_study(deck)))
        layout.addWidget(buttons)
        self._follow_default(self.default_box.isChecked())
        remember_place(self, "deck-options", self.sizeHint())

    def _new_cards_group(self, study: DeckStudy) -> QGroupBox:
        """The order new cards come in, and whether their answers are typed."""
        self.order_box = QComboBox()
        for order, label in NEW_ORDER_LABELS:
            self.order_box.addItem(label, str(order))
        self.order_box.setCurrentIndex(self.order_box.findData(str(study.new_order)))
        explanation = QLabel(
            "Prerequisites first: a term comes after the terms its definition uses"
            " (Gradient before Gradient Descent)."
        )
        explanation.setWordWrap(True)
        self.type_answer_box = QCheckBox("&Type the answer (the term, or the acronym)")
        self.type_answer_box.setChecked(study.type_answer)
        group = QGroupBox("New cards")
        form = QFormLayout(group)
        form.addRow("&Order:", self.order_box)
        form.addRow(explanation)
        form.addRow(self.type_answer_box)
        return group

    def _new_cards_choice(self, study: DeckStudy) -> DeckStudy:
        """``study`` with the order and typing chosen in the New cards group."""
        return dataclasses.replace(
            study,
            new_order=NewCardOrder(self.order_box.currentData()),
            type_answer=self.type_answer_box.isChecked(),
        )

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
            before = self._col.deck_study(self._deck)
            study = self._new_cards_choice(self.scheduler_group.choice(before))
            if study.scheduler != before.scheduler and not self.dialogs.confirm(
                self,
                "Switch scheduler",
                switch_question(self._deck, study.scheduler, self._col.studied_cards(self._deck)),
            ):
                return
            self._col.set_deck_options(self._deck, options)
            self._col.set_deck_study(self._deck, study)
        except GlosscardsError as error:
            self.dialogs.error(self, "Options not saved", str(error))
            return
        super().accept()
