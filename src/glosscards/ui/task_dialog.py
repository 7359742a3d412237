"""What the import, export and sync dialogs share: running a :class:`Task` while the dialog is
busy, and the page that says how it went.

While a task runs the dialog's buttons are disabled and Escape/close are ignored; the dialog is
window-modal, which blocks the main window and its tool windows (the browser and statistics are
its children), so nothing else uses the collection until the task has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from glosscards.ui.dialogs import Dialogs
from glosscards.ui.workers import ProgressFn, Task

__all__ = ["TaskDialog"]


class TaskDialog(QDialog):
    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.task: Task | None = None
        self.setWindowModality(Qt.WindowModality.WindowModal)  # what QDialog.open() sets

    def summary_page(
        self, *below: QWidget, text_format: Qt.TextFormat = Qt.TextFormat.AutoText
    ) -> QWidget:
        """The last page: :attr:`summary_label`, the widgets ``below`` it, and Close (the
        default button, :attr:`close_button`)."""
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(text_format)
        self.summary_label.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        for widget in below:
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(close)
        return page

    @property
    def busy(self) -> bool:
        return self.task is not None

    def run_task(
        self,
        fn: Callable[[ProgressFn], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Run ``fn`` off the UI thread; the callbacks run on the UI thread once it has ended."""
        if self.task is not None:
            raise RuntimeError("a task is already running")
        task = Task(fn)
        self.task = task
        self._outcome: tuple[bool, Any] | None = None
        self._callbacks = (on_success, on_failure, on_progress)
        # Bound methods of this (UI-thread) object: Qt queues the calls to the UI thread.
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        task.progress.connect(self._task_progress)
        task.finished.connect(self._task_finished)
        self.set_busy(True)
        task.start()

    @Slot(object)
    def _task_succeeded(self, result: object) -> None:
        self._outcome = (True, result)

    @Slot(object)
    def _task_failed(self, error: object) -> None:
        self._outcome = (False, error)

    @Slot(int, int)
    def _task_progress(self, done: int, total: int) -> None:
        on_progress = self._callbacks[2]
        if on_progress is not None:
            on_progress(done, total)

    @Slot()
    def _task_finished(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.wait()
            task.deleteLater()
        self.set_busy(False)
        on_success, on_failure, _ = self._callbacks
        ok, value = self._outcome or (False, RuntimeError("the task stopped without a result"))
        if ok:
            on_success(value)
        else:
            on_failure(value)

    def set_busy(self, busy: bool) -> None:
        """Disable the dialog's controls while a task runs (subclasses extend this)."""

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)
