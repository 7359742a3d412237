"""Custom study (Tools → Custom study…, ``/`` on the deck list): Anki's choices of what to study
once the day's cards are done, for one deck or all.

Five choices, one number each (Anki's defaults: 20 new cards, 1 day ahead, forgotten in the last
1 day, 100 cards of a tag or of the weak ones), a tag chooser; each choice says how many cards
it would give, and OK is off while the chosen one gives none. OK emits ``sessionChosen`` with the
:class:`~glosscards.custom_study.CustomSession`; the window starts it (``MORE_NEW`` raises
today's limit, and the deck is then studied as usual). The rules of each choice are in
:mod:`glosscards.custom_study`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.custom_study import (
    DEFAULT_AMOUNT,
    MAX_FORGOTTEN_DAYS,
    CustomSession,
    CustomStudy,
)
from glosscards.ui.formatting import plural

__all__ = ["CustomStudyDialog", "describe_session"]

Clock = Callable[[], datetime]

_MAX_AMOUNT = 9999

# (radio text, words before the number, words after it, the least number)
_CHOICES: dict[CustomStudy, tuple[str, str, str, int]] = {
    CustomStudy.MORE_NEW: ("Increase today's &new card limit", "Increase by", "cards", 1),
    CustomStudy.REVIEW_AHEAD: ("Review &ahead", "Review ahead by", "days", 1),
    CustomStudy.FORGOTTEN: ("Review &forgotten cards", "Forgotten in the last", "days", 1),
    CustomStudy.TAG: ("Study one &tag", "At most", "cards of the tag (0: all)", 0),
    CustomStudy.WEAK: ("&Weak cards (the card check's)", "At most", "weak cards (0: all)", 0),
}


def describe_session(session: CustomSession) -> str:
    """A session in a few words, as the reviewer's counts line names it: "review ahead 1 day"."""
    n = session.amount
    if session.kind is CustomStudy.MORE_NEW:
        return f"{plural(n, 'more new card')} today"
    if session.kind is CustomStudy.REVIEW_AHEAD:
        return f"review ahead {plural(n, 'day')}"
    if session.kind is CustomStudy.FORGOTTEN:
        return "forgotten today" if n <= 1 else f"forgotten in the last {n} days"
    if session.kind is CustomStudy.TAG:
        return f"tag {session.tag}"
    return "weak cards"


def _gives(kind: CustomStudy, count: int) -> str:
    if kind is CustomStudy.MORE_NEW:
        return f"{count} more new today"
    return plural(count, "card")


class CustomStudyDialog(QDialog):
    """Choose a custom study session for ``deck`` (a deck id; None: all decks)."""

    sessionChosen = Signal(object)
    """The :class:`~glosscards.custom_study.CustomSession` chosen with OK."""

    def __init__(
        self, col: Collection, deck: int | None, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Custom study")
        self._col = col
        self._deck = deck
        self._clock = clock
        self._amounts = dict(DEFAULT_AMOUNT)
        self._counts: dict[CustomSession, int] = {}
        names = {d.id: d.name for d in col.decks()}
        self.deck_label = QLabel("All decks" if deck is None else f"Deck: {names.get(deck, '?')}")
        self.radios: dict[CustomStudy, QRadioButton] = {}
        self._group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.deck_label)
        for kind, (text, *_rest) in _CHOICES.items():
            radio = QRadioButton(text)
            self._group.addButton(radio)
            self.radios[kind] = radio
            layout.addWidget(radio)
            radio.toggled.connect(partial(self._toggled, kind))
        self.before_label = QLabel()
        self.amount_box = QSpinBox()
        self.after_label = QLabel()
        self.before_label.setBuddy(self.amount_box)
        row = QHBoxLayout()
        row.addWidget(self.before_label)
        row.addWidget(self.amount_box)
        row.addWidget(self.after_label, 1)
        layout.addLayout(row)
        self.tag_box = QComboBox()
        self.tag_box.addItems(col.tags())
        tag_row = QHBoxLayout()
        tag_label = QLabel("Ta&g:")
        tag_label.setBuddy(self.tag_box)
        tag_row.addWidget(tag_label)
        tag_row.addWidget(self.tag_box, 1)
        layout.addLayout(tag_row)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.kind = CustomStudy.MORE_NEW
        for kind in _CHOICES:
            self._show_count(kind)
        self.amount_box.valueChanged.connect(self._amount_changed)
        self.tag_box.currentTextChanged.connect(lambda _text: self._refresh(CustomStudy.TAG))
        self.radios[CustomStudy.MORE_NEW].setChecked(True)  # shows its number and count

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def session(self, kind: CustomStudy | None = None) -> CustomSession:
        """The session a choice (default: the chosen one) stands for, as the dialog is set."""
        kind = self.kind if kind is None else kind
        tag = self.tag_box.currentText() if kind is CustomStudy.TAG else ""
        return CustomSession(kind, self._deck, self._amounts[kind], tag)

    def count(self, kind: CustomStudy | None = None) -> int:
        """How many cards a choice (default: the chosen one) would give now."""
        session = self.session(kind)
        found = self._counts.get(session)
        if found is None:
            found = self._counts[session] = self._col.custom_study_count(session, self._clock())
        return found

    def _toggled(self, kind: CustomStudy, on: bool) -> None:
        if on:
            self._chosen(kind)

    def _chosen(self, kind: CustomStudy) -> None:
        self.kind = kind
        _text, before, after, least = _CHOICES[kind]
        self.before_label.setText(before)
        self.after_label.setText(after)
        high = MAX_FORGOTTEN_DAYS if kind is CustomStudy.FORGOTTEN else _MAX_AMOUNT
        self.amount_box.blockSignals(True)
        self.amount_box.setRange(least, high)
        self.amount_box.setValue(self._amounts[kind])
        self.amount_box.blockSignals(False)
        self.tag_box.setEnabled(kind is CustomStudy.TAG)
        self._refresh(kind)

    def _amount_changed(self, value: int) -> None:
        self._amounts[self.kind] = value
        self._refresh(self.kind)

    def _show_count(self, kind: CustomStudy) -> None:
        self.radios[kind].setText(f"{_CHOICES[kind][0]} — {_gives(kind, self.count(kind))}")

    def _refresh(self, kind: CustomStudy) -> None:
        self._show_count(kind)
        if kind is not self.kind:
            return
        count = self.count()
        if count:
            self.count_label.setText(f"This gives {_gives(kind, count)}.")
        elif kind is CustomStudy.TAG and not self.tag_box.currentText():
            self.count_label.setText("No tags: choose another option.")
        else:
            self.count_label.setText("No cards for this choice: choose another.")
        self.ok_button.setEnabled(count > 0)

    def accept(self) -> None:
        if self.count() == 0:
            return
        self.sessionChosen.emit(self.session())
        super().accept()
