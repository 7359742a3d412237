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

from PySide6.QtCore import QObject, QThread, Signal, Slot

__all__ = ["Background", "ProgressFn", "Task"]

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


_RUNNING: set[Task] = set()
"""Background tasks still running: kept referenced until they end, whoever asked for them."""


class Background(QObject):
    """Small computations off the UI thread where only the newest answer matters (the import
    preview's word diff): :meth:`run` starts ``fn()`` and, when it ends, calls
    ``on_done(result)`` on the UI thread — unless :meth:`run` or :meth:`cancel` was called again
    since, or this object (a child of its window) is gone. A failure is printed and dropped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._on_done: Callable[[Any], None] | None = None

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._generation += 1
        self._on_done = on_done
        generation = self._generation
        task = Task(lambda _progress: (generation, fn()))
        _RUNNING.add(task)
        task.succeeded.connect(self._delivered)  # a slot of this UI-thread object: queued
        task.finished.connect(self._ended)
        task.start()

    def cancel(self) -> None:
        """Forget the answer of the computation running, if any."""
        self._generation += 1
        self._on_done = None

    @property
    def pending(self) -> bool:
        """Whether an answer is still awaited."""
        return self._on_done is not None

    @Slot()
    def _ended(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            task.wait()
            _RUNNING.discard(task)
            task.deleteLater()

    @Slot(object)
    def _delivered(self, result: object) -> None:
        assert isinstance(result, tuple)
        generation, value = result
        if generation == self._generation and self._on_done is not None:
            on_done, self._on_done = self._on_done, None
            on_done(value)


def _is_user_error(error: BaseException) -> bool:
    from glosscards.errors import GlosscardsError

    return isinstance(error, GlosscardsError | OSError)
