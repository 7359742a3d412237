"""``import-progress``: a learner's Anki export → glosscards, offline. The answers they gave in
Anki join their cards' histories, the way a sync brings a phone's answers home.

The file is an ``.apkg`` exported with "Include scheduling information", or a ``.colpkg``
(Anki's collection package). It is read only through Anki's own library (the ``anki``
package), which knows every version of its formats (a modern export is a zstd-compressed
``collection.anki21b``): it is imported into an empty Anki collection in a temporary folder
(an ``.apkg`` with its scheduling, a ``.colpkg`` restored as Anki restores one), and the
``revlog`` rows of the glosscards notes are read from there (:meth:`Mirror.answers
<glosscards.anki_mirror.Mirror.answers>`). Nothing is written anywhere else, and the temporary
folder is removed.

What happens to each answer is :func:`glosscards.mirror_pull.pull`'s business: the answers
glosscards already has (its own, exported with progress, or brought home before) are paired,
never added twice; the others join their cards' histories and each such card is rescheduled by
replaying its whole history through glosscards' scheduler. The collection is backed up first,
and only when something is to be written. Importing the same file again adds nothing.

A file that is missing, is not an Anki package or is damaged is refused with
:class:`~glosscards.errors.SyncFailedError` naming it, before anything is written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.anki_history import AnkiAnswer
from glosscards.anki_mirror import Mirror
from glosscards.errors import SyncFailedError, first_line
from glosscards.mirror_pull import pull
from glosscards.storage.sync_store import SyncStore

if TYPE_CHECKING:
    from glosscards.collection_base import CollectionBase

__all__ = [
    "PACKAGE_SUFFIXES",
    "ProgressImport",
    "check_package_file",
    "import_progress",
    "read_answers",
]

PACKAGE_SUFFIXES = (".apkg", ".colpkg")


@dataclass(frozen=True, slots=True)
class ProgressImport:
    """What one ``import-progress`` did."""

    path: Path
    """The file read."""
    answers: int
    """Answers to glosscards cards in the file (Anki's manual reschedulings not counted)."""
    received: int
    """Answers made in Anki, now in glosscards' history."""
    already_there: int
    """Answers of the file glosscards already had: its own (exported with progress) or brought
    home before (a sync, an earlier import)."""
    rescheduled: int
    """Cards whose state the received answers changed (replayed through the scheduler)."""
    skipped: int
    """Answers to cards glosscards does not have (a term deleted here)."""
    backup: Path | None = None
    """The backup made before writing (None: nothing was written)."""

    def summary(self) -> str:
        text = (
            f"{self.path}: {self.received} answers brought home"
            f" ({self.rescheduled} cards rescheduled), {self.already_there} already here"
        )
        if self.skipped:
            text += f", {self.skipped} skipped (their terms are not in the collection)"
        if not self.answers:
            text += (
                "; the file holds no answers of glosscards cards"
                " (in Anki, export with 'Include scheduling information')"
            )
        return text

    def to_json_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "answers": self.answers,
            "received": self.received,
            "already_there": self.already_there,
            "rescheduled": self.rescheduled,
            "skipped": self.skipped,
            "backup": None if self.backup is None else str(self.backup),
        }


def check_package_file(path: Path) -> None:
    """Refuse, naming it, a ``path`` that is missing or not named as an Anki package."""
    if not path.exists():
        raise SyncFailedError(str(path), "no such file")
    if not path.is_file():
        raise SyncFailedError(str(path), "is not a file: give an Anki .apkg or .colpkg")
    if path.suffix.lower() not in PACKAGE_SUFFIXES:
        raise SyncFailedError(
            str(path),
            "is not an Anki package: in Anki, export an .apkg with"
            " 'Include scheduling information', or a .colpkg",
        )


def read_answers(path: Path) -> list[AnkiAnswer]:
    """Every ``revlog`` row of the glosscards notes in the Anki package at ``path`` (read with
    Anki's library, in a temporary collection: see the module docstring)."""
    from anki.errors import AnkiException

    check_package_file(path)
    with tempfile.TemporaryDirectory(prefix="glosscards-progress-") as folder:
        col_path = Path(folder) / "collection.anki2"
        try:
            if path.suffix.lower() == ".colpkg":
                _restore_collection_package(path, col_path)
                with Mirror(col_path) as mirror:
                    return mirror.answers()
            with Mirror(col_path) as mirror:
                _import_package(mirror, path)
                return mirror.answers()
        except AnkiException as error:
            raise SyncFailedError(
                str(path), f"is not an Anki package that can be read ({first_line(error)})"
            ) from None


def _import_package(mirror: Mirror, path: Path) -> None:
    """Import the ``.apkg`` at ``path`` with its scheduling into the (empty) ``mirror``."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    mirror.col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )


def _restore_collection_package(path: Path, col_path: Path) -> None:
    """Restore the ``.colpkg`` at ``path`` as ``col_path`` (and its media beside it), as Anki's
    File → Import does with no collection open."""
    from anki._backend import RustBackend
    from anki.media import media_paths_from_col_path

    media_folder, media_db = media_paths_from_col_path(str(col_path))
    RustBackend().import_collection_package(
        col_path=str(col_path), backup_path=str(path), media_folder=media_folder, media_db=media_db
    )


def import_progress(
    col: CollectionBase, store: SyncStore, path: Path, *, now: datetime
) -> ProgressImport:
    """Bring the answers in the Anki package at ``path`` into ``col`` (module docstring);
    ``store`` is the collection's :class:`SyncStore`."""
    answers = read_answers(path)  # a bad file is refused here, before anything is written
    backups: list[Path] = []

    def before_write() -> None:
        if not backups:
            backups.append(col.backup(now))

    pulled = pull(
        answers,
        store,
        scheduler_of=col.scheduler_of,
        day_of=col.scheduling_day,
        before_write=before_write,
    )
    counted = sum(1 for a in answers if a.is_answer)
    return ProgressImport(
        path=path,
        answers=counted,
        received=pulled.received,
        already_there=counted - pulled.received - pulled.skipped,
        rescheduled=pulled.cards,
        skipped=pulled.skipped,
        backup=backups[0] if backups else None,
    )
