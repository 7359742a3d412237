"""Running long work (import, export) off the UI thread, with progress.

A :class:`Task` runs one function in a ``QThread``. The function receives a progress callback
``(done, total)``; calls are forwarded to the UI thread as a queued signal, at most once per
percent, so a 100,000-term import does not flood the event loop. The caller must keep the UI
from writing to the collection while a task runs (the dialogs that start tasks are modal and
disable their own buttons).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

__all__ = ["ProgressFn", "Task"]

ProgressFn = Callable[[int, int], None]


class Task(QThread):
    """``fn(progress)`` in a thread; ``succeeded(result)`` or ``failed(error)`` when it ends."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[ProgressFn], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._last_permille = -1

    def _report(self, done: int, total: int) -> None:
        permille = 1000 if total <= 0 else done * 1000 // total
        if permille != self._last_permille or done == total:
            self._last_permille = permille
            self.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self._fn(self._report)
        except Exception as error:  # every failure is reported to the UI thread
            if not _is_user_error(error):
                traceback.print_exception(error)
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


def _is_user_error(error: BaseException) -> bool:
    from glosscards.errors import GlosscardsError

    return isinstance(error, GlosscardsError | OSError)
