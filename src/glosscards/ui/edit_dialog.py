"""The Edit dialog: fix a card's note — its Text (with Anki's cloze syntax) and Back Extra.

Opened with E in the reviewer (question or answer side) and in the browser, and from Edit →
Edit card. Both fields are edited as the HTML the card is made of, one line per ``<br>``
(:func:`glosscards.note_edit.for_editing`); in the Text a new line is a line on the card. Save
(Ctrl+Enter) goes through :meth:`Collection.edit_note`, which refuses an edit that drops or adds a
cloze: the refusal is shown by the :class:`Dialogs` object and the dialog stays open with the
text as typed. For an edited note, "Revert to the glossary's" brings the glossary's version back.
Escape (or Cancel) closes without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.errors import GlosscardsError
from glosscards.note_edit import for_editing, from_editing
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.formatting import describe_error
from glosscards.ui.window_memory import remember_place
from glosscards.values import EditableNote

__all__ = ["EditDialog", "NoteEditor", "field_text"]

Clock = Callable[[], datetime]

_HELP = (
    "Clozes are written {{c1::answer}} or {{c1::answer::hint}}; each number is one card, so keep"
    " every number the note has. The fields are HTML: write &lt; for a literal <."
)


def field_text(edit: QPlainTextEdit) -> str:
    """What an editor holds, exactly: no-break spaces stay (``toPlainText`` would make them
    plain spaces), paragraph ends are line breaks."""
    return edit.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


def _editor(text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlainText(text)
    edit.setTabChangesFocus(True)
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return edit


class EditDialog(QDialog):
    """Edits the note of card ``card_id``. ``saved(note_id)`` is emitted after a save or a revert
    changed the note; ``note`` is the note as it was when the dialog opened."""

    saved = Signal(int)

    def __init__(
        self,
        col: Collection,
        card_id: int,
        dialogs: Dialogs,
        parent: QWidget | None = None,
        *,
        clock: Clock,
    ) -> None:
        super().__init__(parent)
        self._col = col
        self._card_id = card_id
        self._clock = clock
        self.dialogs = dialogs
        self.note: EditableNote = col.editable_note(card_id)
        self.setWindowTitle(f"Edit “{self.note.term}”")
        remember_place(self, "edit", QSize(640, 480))
        self._shown = (for_editing(self.note.text), for_editing(self.note.back_extra))
        self.text_edit = _editor(self._shown[0])
        self.back_edit = _editor(self._shown[1])
        text_label = QLabel("&Text (the prompt, with its clozes):")
        text_label.setBuddy(self.text_edit)
        back_label = QLabel("&Back Extra (shown under the answer):")
        back_label.setBuddy(self.back_edit)
        help_label = QLabel(_HELP)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        help_label.setWordWrap(True)
        self.state_label = QLabel(
            "You edited this card; the glossary's version is kept for Revert."
            if self.note.edited
            else "This is the glossary's version; your edit is kept when you re-import."
        )
        self.state_label.setWordWrap(True)

        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Ctrl+Enter")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("&Revert to the glossary's")
        self.revert_button.setEnabled(self.note.edited)
        self.revert_button.clicked.connect(self.revert)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(text_label)
        layout.addWidget(self.text_edit, 3)
        layout.addWidget(back_label)
        layout.addWidget(self.back_edit, 2)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.text_edit.setFocus()

    def _fields(self) -> tuple[str, str]:
        """The fields to save: as stored when the learner left an editor untouched."""
        text, back = field_text(self.text_edit), field_text(self.back_edit)
        return (
            self.note.text if text == self._shown[0] else from_editing(text, line_breaks=True),
            self.note.back_extra if back == self._shown[1] else from_editing(back),
        )

    def save(self) -> bool:
        """Save the edit; False (and the reason shown) when it is refused."""
        text, back = self._fields()
        try:
            problems = self._col.edit_problems(self._card_id, text=text, back_extra=back)
        except KeyError:
            problems = []
        if problems and not self.dialogs.confirm(
            self,
            "Save this edit?",
            f"With this edit {', '.join(problems)}, so the card gives its answer away."
            " Save it anyway?",
        ):
            return False
        try:
            after = self._col.edit_note(
                self._card_id, text=text, back_extra=back, now=self._clock()
            )
        except GlosscardsError as error:
            self.dialogs.error(self, "Edit not saved", describe_error(error))
            return False
        if after != self.note:
            self.saved.emit(self.note.note_id)
        self.accept()
        return True

    def revert(self) -> bool:
        """Replace the edit by the glossary's version, once the learner confirms."""
        question = f"Replace your edit of “{self.note.term}” by the glossary's version?"
        if not self.note.edited or not self.dialogs.confirm(self, "Revert the card", question):
            return False
        try:
            self._col.revert_note(self._card_id, self._clock())
        except GlosscardsError as error:
            self.dialogs.error(self, "Not reverted", describe_error(error))
            return False
        self.saved.emit(self.note.note_id)
        self.accept()
        return True


class NoteEditor(QObject):
    """Opens the Edit dialog for a widget (the reviewer, the browser), one at a time.

    ``saved(card_id, before)`` after an edit or revert was written, with the note's (Text, Back
    Extra) before it (what an undo restores); ``closed()`` when the dialog has closed."""

    saved = Signal(int, object)
    closed = Signal()

    def __init__(self, col: Collection, dialogs: Dialogs, parent: QWidget, *, clock: Clock) -> None:
        super().__init__(parent)
        self._widget = parent
        self.col = col
        self._dialogs = dialogs
        self._clock = clock
        self.dialog: EditDialog | None = None

    def open(self, card_id: int) -> EditDialog | None:
        """Show the Edit dialog on ``card_id``'s note (window-modal, without a nested event
        loop); None while another is open."""
        if self.dialog is not None:
            return None
        try:
            dialog = EditDialog(self.col, card_id, self._dialogs, self._widget, clock=self._clock)
        except KeyError:  # the card went away (its deck was deleted) while it was on screen
            return None
        before = (dialog.note.text, dialog.note.back_extra)
        dialog.saved.connect(lambda _note_id: self.saved.emit(card_id, before))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: EditDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.closed.emit()
