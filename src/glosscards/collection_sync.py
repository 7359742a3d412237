"""Sync with Anki's sync server and progress from Anki's exports: the façade's part of
:mod:`glosscards.anki_sync` and :mod:`glosscards.progress_import` (one façade with
:class:`glosscards.collection.Collection`; the split keeps each module small)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.collection_base import CollectionBase, now_or_utc
from glosscards.storage.sync_store import SyncStore

if TYPE_CHECKING:  # the anki package loads when a sync or a progress import runs
    from glosscards.anki_sync import SyncParts, SyncProgress, SyncResult
    from glosscards.progress_import import ProgressImport

__all__ = ["CollectionSync"]

_now = now_or_utc


class CollectionSync(CollectionBase):
    """Sync and progress import (see :class:`glosscards.collection.Collection`)."""

    def sync(
        self,
        server: str | None = None,
        username: str | None = None,
        password: str | None = None,
        *,
        now: datetime | None = None,
        progress: SyncProgress | None = None,
    ) -> SyncResult:
        """Sync with an Anki sync server through the Anki mirror beside the collection (see
        :mod:`glosscards.anki_sync`). ``server`` is its URL, or ``""`` (or ``"AnkiWeb"``) for
        AnkiWeb; None: the one used last, else AnkiWeb. glosscards' notes, schedules and answers
        go to the server, and answers made on another device (a phone) come home and reschedule
        their cards. Returns what moved.

        ``password`` logs in (with ``username``); without it the host key kept from the last
        login is used. Raises :class:`~glosscards.errors.SyncFailedError` (one line: no network,
        a wrong password, a server error); what was written before is whole, and the next sync
        completes the rest. Undo does not reach back across a sync.
        """
        self._require_writable()
        from glosscards.anki_sync import sync_collection

        self._shown = None
        try:
            return sync_collection(
                self, self._sync_parts(), server=server, username=username, password=password,
                now=_now(now), progress=progress,
            )  # fmt: skip
        finally:
            self._answers_arrived()

    def sync_login(self) -> dict[str, str]:
        """The server and user name of the last login (empty when never logged in)."""
        from glosscards.anki_sync import SYNC_META_KEY

        saved = self._meta.get_json(SYNC_META_KEY)
        return {k: str(saved[k]) for k in ("endpoint", "username") if saved.get(k)}

    def _answers_arrived(self) -> None:
        """Answers were written outside the reviewer: drop what was cached of today's."""
        self._shown = None
        self._store.forget_counts()
        self._queue.settings_changed()

    def import_progress(self, path: str | Path, *, now: datetime | None = None) -> ProgressImport:
        """Bring home the answers in a learner's Anki export — an ``.apkg`` exported with
        scheduling, or a ``.colpkg`` — read with Anki's own library (see
        :mod:`glosscards.progress_import`): answers made in Anki join their cards' histories and
        reschedule them; glosscards' own answers in it are recognised, never added twice, so
        importing the same file again adds nothing. A backup comes first when anything is
        written, and undo does not reach back across the import.

        Raises :class:`~glosscards.errors.SyncFailedError` naming the file when it is missing,
        not an Anki package or damaged; nothing is written then.
        """
        self._require_writable()
        from glosscards.progress_import import import_progress

        self._shown = None
        try:
            return import_progress(
                self, SyncStore(self._db), Path(path).expanduser(), now=_now(now)
            )
        finally:
            self._answers_arrived()

    def _sync_parts(self) -> SyncParts:
        """What a sync needs of the collection besides its public methods (the caches of
        today's answers are dropped when it ends, by :meth:`sync`)."""
        from glosscards.anki_sync import SYNC_META_KEY, SyncParts

        def keep_login(login: dict[str, object]) -> None:
            self._meta.put_json(SYNC_META_KEY, login)

        return SyncParts(
            store=SyncStore(self._db),
            kept_login=lambda: self._meta.get_json(SYNC_META_KEY),
            keep_login=keep_login,
            notes=lambda: self._notes.export_notes(include_retired=True),
            progress_of=self._notes.export_progress,
        )
