"""The blocking dialogs the app asks questions with, behind one object tests can replace.

Every widget that needs a file name, a confirmation or an error message calls a :class:`Dialogs`
instance instead of ``QFileDialog``/``QMessageBox`` directly, so a test passes a recorder that
answers at once and a test run never waits on a modal loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

__all__ = ["Dialogs", "message_box"]


class Dialogs:
    """The real dialogs (QFileDialog, QMessageBox). Subclass and override in tests."""

    def open_path(
        self, parent: QWidget | None, title: str, directory: Path, name_filter: str
    ) -> Path | None:
        """A file chosen to open, or None when cancelled."""
        name, _ = QFileDialog.getOpenFileName(parent, title, str(directory), name_filter)
        return Path(name) if name else None

    def open_folder(self, parent: QWidget | None, title: str, directory: Path) -> Path | None:
        """A folder chosen to open (a Markdown glossary), or None when cancelled."""
        name = QFileDialog.getExistingDirectory(parent, title, str(directory))
        return Path(name) if name else None

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        """A file name to write, or None when cancelled."""
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), name_filter)
        return Path(name) if name else None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        message_box(parent, QMessageBox.Icon.Critical, title, text).exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        """A line of text the user types (a new deck name), or None when cancelled."""
        answer, ok = QInputDialog.getText(parent, title, label, text=text)
        return answer if ok else None

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A message box that shows ``text`` as plain text: messages carry file and term names,
    which must never be read as markup (QMessageBox guesses rich text otherwise)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
