"""The blocking dialogs the app asks questions with, behind one object tests can replace.

Every widget that needs a file name, a confirmation or an error message calls a :class:`Dialogs`
instance instead of ``QFileDialog``/``QMessageBox`` directly, so a test passes a recorder that
answers at once and a test run never waits on a modal loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

__all__ = ["Dialogs"]


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
        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes
