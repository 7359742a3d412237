"""The browser's Change deck dialog: one of the existing decks for the selected cards.

It opens window-modal without a nested event loop (:meth:`QDialog.open`); the browser moves the
cards when it is accepted, so a test chooses a deck and clicks Move as a person would.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["ChangeDeckDialog"]


class ChangeDeckDialog(QDialog):
    def __init__(
        self, decks: Sequence[str], cards: int, current: str | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change deck")
        plural = "s" if cards != 1 else ""
        self.label = QLabel(f"Move {cards} card{plural} to:")
        together = QLabel("A note's cards stay together: its other cards move too.")
        together.setWordWrap(True)
        self.decks = QListWidget()
        self.decks.setAccessibleName("Decks")
        self.decks.addItems(list(decks))
        names = list(decks)
        self.decks.setCurrentRow(names.index(current) if current in names else 0)
        self.decks.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button: QPushButton = buttons.addButton(
            "&Move", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.move_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(together)
        layout.addWidget(self.decks, 1)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.decks.currentItem()
        return None if item is None else item.text()
