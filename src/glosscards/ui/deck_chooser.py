"""The import preview's deck chooser: the deck the file matched first, the other decks, and
"New deck…". Choosing one previews the import again into it; nothing is written until Apply."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from glosscards.values import Deck, ImportReport

__all__ = ["ChosenDeck", "DeckChooser"]

ChosenDeck = tuple[str | None, bool]
"""(deck name, new deck): the arguments ``import_glossary`` takes for the choice."""

NEW_DECK = "New deck…"


class DeckChooser(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("The deck this glossary goes into; another choice previews it again")

    def fill(self, report: ImportReport, decks: list[Deck]) -> None:
        """List the deck ``report`` goes into first, then the other decks, then a new one."""
        self.blockSignals(True)
        self.clear()
        if report.deck_is_new:
            self.addItem(f"{report.deck} (new deck)", (None, True))
        else:
            self.addItem(report.deck, (report.deck, False))
        for deck in decks:
            if deck.name != report.deck:
                self.addItem(deck.name, (deck.name, False))
        if not report.deck_is_new:
            self.addItem(NEW_DECK, (None, True))
        self.setCurrentIndex(0)
        self.blockSignals(False)

    def choice(self) -> ChosenDeck:
        data = self.currentData()
        return (None, False) if data is None else (data[0], bool(data[1]))
