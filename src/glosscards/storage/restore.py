"""Restoring a backup over the collection, after backing up the current state.

It replaces the file itself, so it works on paths and connections of its own rather than on an
open :class:`glosscards.collection.Collection`."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from glosscards.errors import CollectionError
from glosscards.paths import backups_dir, default_collection_path
from glosscards.storage.backup import BackupError, copy_database, make_backup
from glosscards.storage.file_check import (
    CollectionDamagedError,
    check_collection_file,
    probe_collection,
)
from glosscards.storage.journal import end_undo_history
from glosscards.storage.lock import WriterLock
from glosscards.storage.schema import SCHEMA_VERSION

__all__ = ["restore_backup"]


def restore_backup(
    backup: str | Path, collection: str | Path | None = None, *, now: datetime | None = None
) -> Path | None:
    """Replace the collection with ``backup``; returns the backup made of the state before
    (None when there was no collection at that path).

    The backup is checked first (a glosscards collection this program can open); it is then
    copied beside the collection, the current collection is backed up, and the copy replaces it
    atomically, so a crash leaves either the old or the restored file. Refused while another
    process has the collection open. Nothing done before a restore can be undone after it.
    """
    source = Path(backup).expanduser()
    target = Path(collection).expanduser() if collection else default_collection_path()
    target = target.resolve() if target.is_symlink() else target  # restore the real file
    if not source.is_file():
        raise CollectionError(source, "no such backup file")
    check_collection_file(source)
    _check_is_collection(source)
    check_collection_file(target)
    if target.exists() and target.stat().st_size > 0:
        # Never replace another program's file; a damaged collection is what a restore is for.
        with contextlib.suppress(CollectionDamagedError):
            probe_collection(target)
    if not target.parent.is_dir():
        raise CollectionError(target, "its folder does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise CollectionError(target, "is read-only; nothing was changed")
    moment = (now or datetime.now(UTC)).astimezone()
    lock = WriterLock(target)
    lock.acquire()
    partial = target.with_name(target.name + ".restoring")
    try:
        # Copy first: backing up the current state prunes old backups, maybe this one.
        copy_database(source, partial)
        _end_undo_history(partial)
        safety = None
        if target.exists():
            damaged = False
            try:
                safety = make_backup(target, backups_dir(target), moment, spare=source)
            except BackupError:  # damaged: keep it aside, under a name that is no backup's
                safety, damaged = _keep_damaged(target, moment), True
            if not damaged:  # fold the WAL into the file so that removing it loses nothing
                current = sqlite3.connect(target)
                try:
                    current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    current.close()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        partial.replace(target)
    except sqlite3.Error as exc:
        raise CollectionError(source, f"cannot be restored ({exc})") from None
    finally:
        partial.unlink(missing_ok=True)
        lock.release()
    return safety


def _end_undo_history(copy: Path) -> None:
    """A restore ends the undo history: the backup's journal (schema 7) describes a past that
    the collection has left (a copy is one file, without a WAL, so it is written in place); an
    older backup gets an undo floor at its newest answer instead."""
    db = sqlite3.connect(copy)
    try:
        with db:
            if db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'undo_step'"
            ).fetchone():
                end_undo_history(db)
            else:  # older: the upgrade would start a journal with the day's answers; a floor
                # at the newest answer leaves it nothing to take up.
                db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('undo_floor',"
                    " (SELECT CAST(coalesce(max(id), 0) AS TEXT) FROM review_log))"
                )
    finally:
        db.close()


def _keep_damaged(target: Path, moment: datetime) -> Path:
    """A byte copy of a damaged collection (and its WAL) beside the backups, for the record."""
    folder = backups_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{target.stem}-damaged-{moment:%Y%m%d-%H%M%S}.db"
    shutil.copyfile(target, kept)
    wal = Path(str(target) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(kept) + "-wal"))
    return kept


def _check_is_collection(source: Path) -> None:
    """The backup must be an intact glosscards collection this program can open."""
    try:
        state = probe_collection(source, check_integrity=True)
    except CollectionError as error:
        raise CollectionError(source, f"cannot be restored: it {error.reason}") from None
    if state.version is None:
        raise CollectionError(source, "is not a glosscards backup (no schema version)")
    if state.version > SCHEMA_VERSION:
        raise CollectionError(
            source, f"was written by a newer glosscards (schema {state.version}); update glosscards"
        )
