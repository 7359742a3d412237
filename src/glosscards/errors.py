"""One exception root for every error a user can cause, each carrying what is needed to fix it.

The CLI prints ``str(error)`` on one line and exits 2; the UI shows it in a dialog.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CollectionBusyError",
    "CollectionError",
    "CollectionWriteError",
    "ExportError",
    "GlossaryError",
    "GlosscardsError",
    "NoteEditError",
    "SyncFailedError",
    "first_line",
]


class GlosscardsError(Exception):
    """Root of the errors a user can cause and fix."""


class GlossaryError(GlosscardsError):
    """A glossary file that cannot be read or is not a glossary."""

    def __init__(self, path: Path | str | None, reason: str, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        self.line = line
        where = str(self.path) if self.path is not None else "<text>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class CollectionError(GlosscardsError):
    """A collection file that cannot be opened: not SQLite, damaged, too new, unwritable."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class CollectionBusyError(CollectionError):
    """The collection is open for writing in another process."""


class CollectionWriteError(CollectionError):
    """A write the file system refused (a full disk, a read-only or vanished file): the
    transaction was rolled back, so nothing was changed."""


class ExportError(GlosscardsError):
    """An export that cannot be written (unwritable path, nothing to export)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NoteEditError(GlosscardsError, ValueError):
    """An edit of a card's note that is refused (it would drop or add a card): nothing was
    written. ``term`` names the note, ``reason`` says what to fix."""

    def __init__(self, term: str, reason: str) -> None:
        self.term = term
        self.reason = reason
        super().__init__(f"{term}: {reason}")


class SyncFailedError(GlosscardsError):
    """A sync (or a progress import) that could not be done: no network, a wrong password, a
    server error, an unreadable Anki file. Both collections are left consistent: what was
    written is whole, and the next sync completes the rest. ``server`` names where it went."""

    def __init__(self, server: str, reason: str) -> None:
        self.server = server
        self.reason = reason
        super().__init__(f"{server}: {reason}")


def first_line(error: BaseException) -> str:
    """The first line of what ``error`` says (its type's name when it says nothing): the part
    of a library's message that fits a one-line report."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
