"""The box under a typed card's question, and the comparison it shows on the answer side.

While the question is shown the box is a line edit that has the focus: every key types into it
(digits, Space, E, B…), and Enter — which a line edit leaves to its parent — reaches the
reviewer, which shows the answer. Then the box shows what was typed against what the card
expected (:meth:`glosscards.typed_card.TypedQuestion.check`): matched characters in green,
typed ones that were wrong or too many in red and struck through, missing ones underlined in
the text colour. The colours are shaded for the palette's ground and follow a palette switch.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from glosscards.typed_answer import SegmentKind, TypedAnswer
from glosscards.typed_card import TypedQuestion

__all__ = ["TypedAnswerBox", "diff_html", "typed_colours"]

_RIGHT_HUE, _WRONG_HUE = 120, 0
_WIDTH_CHARACTERS = 60


def typed_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(right, wrong): a green and a red that read on the palette's text ground."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    lightness = 165 if dark else 85
    return QColor.fromHsl(_RIGHT_HUE, 160, lightness), QColor.fromHsl(_WRONG_HUE, 170, lightness)


def diff_html(answer: TypedAnswer, question: TypedQuestion, palette: QPalette) -> str:
    """The comparison as rich text: a verdict, the character diff, and the expected answer
    when it was not right. Every piece of text is escaped."""
    right, wrong = (c.name() for c in typed_colours(palette))
    parts: list[str] = []
    for segment in answer.diff:
        text = html.escape(segment.text)
        if segment.kind is SegmentKind.SAME:
            parts.append(f'<span style="color:{right}">{text}</span>')
        elif segment.kind is SegmentKind.MISSING:
            parts.append(f"<u><b>{text}</b></u>")
        else:  # WRONG or EXTRA: what was typed
            parts.append(f'<span style="color:{wrong}"><s>{text}</s></span>')
    verdict = (
        f'<b style="color:{right}">✓ Right</b>'
        if answer.correct
        else f'<b style="color:{wrong}">✗ Not quite</b>'
    )
    lines = [verdict, "".join(parts) or "<i>(nothing typed)</i>"]
    if not answer.correct:
        lines.append(f"Expected: <b>{html.escape(question.answer)}</b>")
    return '<div style="white-space:pre-wrap">' + "<br>".join(lines) + "</div>"


class TypedAnswerBox(QWidget):
    """Hidden for a card with nothing to type; else asks (:meth:`ask`), then shows the
    comparison (:meth:`reveal`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: TypedQuestion | None = None
        self.answer: TypedAnswer | None = None
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Typed answer")
        self.edit.setPlaceholderText("Type the answer, then Enter")
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        self.result.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._inner = QWidget()
        column = QVBoxLayout(self._inner)
        column.setContentsMargins(0, 0, 0, 4)
        column.addWidget(self.edit)
        column.addWidget(self.result)
        row = QHBoxLayout(self)  # centred, about as wide as a line of the card
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self._inner, 1000)
        row.addStretch(1)
        self._fit_width()
        self.hide()

    @property
    def asking(self) -> bool:
        """Whether a question waits for its typed answer."""
        return self.question is not None and self.answer is None

    def ask(self, question: TypedQuestion | None) -> None:
        """Show an empty box with the focus for ``question``; hide it for None."""
        self.question, self.answer = question, None
        self.edit.clear()
        self.result.clear()
        self.result.hide()
        self.setVisible(question is not None)
        if question is not None:
            self.edit.show()
            self.edit.setFocus()

    def reveal(self) -> TypedAnswer | None:
        """Compare what was typed with the expected answer and show the difference (None:
        nothing was asked). Showing it twice compares once."""
        if self.question is None:
            return None
        if self.answer is None:
            self.answer = self.question.check(self.edit.text())
            self.edit.hide()
            self._render()
            self.result.show()
        return self.answer

    def _render(self) -> None:
        if self.answer is not None and self.question is not None:
            self.result.setText(diff_html(self.answer, self.question, self.palette()))

    def _fit_width(self) -> None:
        self._inner.setMaximumWidth(self.fontMetrics().averageCharWidth() * _WIDTH_CHARACTERS)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a palette switch (the colours) and a text size change (the width)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()
        elif event.type() == QEvent.Type.FontChange:
            self._fit_width()
