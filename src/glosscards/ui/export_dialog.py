"""Export the collection as an Anki package: file name, deck name, progress, and the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glosscards.anki_export import DEFAULT_DECK_NAME, ExportResult
from glosscards.collection import Collection
from glosscards.ui.dialogs import Dialogs
from glosscards.ui.formatting import describe_error
from glosscards.ui.task_dialog import TaskDialog
from glosscards.ui.window_memory import remember_place
from glosscards.ui.workers import ProgressFn

__all__ = ["ExportDialog"]

APKG_FILTER = "Anki package (*.apkg)"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, n // 1000)} kB"


class ExportDialog(TaskDialog):
    """``exported`` holds the :class:`ExportResult` after a successful export."""

    def __init__(
        self,
        col: Collection,
        dialogs: Dialogs,
        parent: QWidget | None = None,
        *,
        directory: Path | None = None,
    ) -> None:
        super().__init__(dialogs, parent)
        self.setWindowTitle("Export to Anki")
        remember_place(self, "export", QSize(560, 220))
        self._col = col
        self.exported: ExportResult | None = None
        folder = directory or Path.home()
        self.path_edit = QLineEdit(str(folder / "glosscards.apkg"))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.deck_edit = QLineEdit(DEFAULT_DECK_NAME)
        form = QFormLayout()
        # A row that is a layout gets no buddy from addRow: without one, "&File:" shows its "&".
        self.file_label = QLabel("&File:")
        self.file_label.setBuddy(self.path_edit)
        form.addRow(self.file_label, row)
        form.addRow("&Deck name in Anki:", self.deck_edit)
        self.progress_box = QCheckBox("Include learning &progress (schedule and answers)")
        self.progress_box.setToolTip(
            "Import in Anki with “Import any learning progress” to continue where you stand"
        )
        self.progress_box.toggled.connect(self._describe)
        form.addRow(self.progress_box)
        self.progress = QProgressBar()
        self.progress.setValue(0)
        self.message = QLabel("Cards are exported with their text; Anki schedules them afresh.")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it shows paths and errors
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self._controls = [
            self.path_edit,
            browse,
            self.deck_edit,
            self.progress_box,
            self.export_button,
            self.close_button,
        ]

    def _describe(self, with_progress: bool) -> None:
        self.message.setText(
            "Cards carry their schedule and answers; terms the glossary dropped come suspended,"
            " tagged glosscards::retired."
            if with_progress
            else "Cards are exported with their text; Anki schedules them afresh."
        )

    def set_busy(self, busy: bool) -> None:
        for widget in self._controls:
            widget.setEnabled(not busy)

    def _browse(self) -> None:
        chosen = self.dialogs.save_path(self, "Export to", Path(self.path_edit.text()), APKG_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen if chosen.suffix else chosen.with_suffix(".apkg")))

    def export(self) -> None:
        """Write the package off the UI thread."""
        text = self.path_edit.text().strip()
        deck = self.deck_edit.text().strip()
        if self.busy or not text or not deck:
            self.message.setText("Give a file name and a deck name.")
            return
        path = Path(text).expanduser()
        with_progress = self.progress_box.isChecked()
        self.message.setText(f"Exporting to {path}…")
        self.progress.setValue(0)

        def work(progress: ProgressFn) -> Any:
            return self._col.export_apkg(
                path, deck_name=deck, progress=progress, with_progress=with_progress
            )

        self.run_task(work, on_success=self._done, on_failure=self._failed, on_progress=self._step)

    def _step(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result: ExportResult) -> None:
        self.exported = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.message.setText(
            f"Exported {result.notes} notes ({result.cards} cards, {_size(result.bytes)}) "
            f"to {result.path}. Import that file in Anki with File → Import."
        )
        self.close_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.progress.setValue(0)
        self.message.setText(describe_error(error))
        self.dialogs.error(self, "Export failed", describe_error(error))
