"""Opening a collection file: refuse what is not one, take the writer lock, create or migrate
the schema. Nothing is written to a file that is refused."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import tzinfo
from pathlib import Path

from glosscards.errors import CollectionError
from glosscards.storage.backup import newest_good_backup
from glosscards.storage.database import Database
from glosscards.storage.engine import check_schema_version, create_schema
from glosscards.storage.file_check import (
    CollectionDamagedError,
    check_collection_file,
    probe_collection,
)
from glosscards.storage.lock import WriterLock
from glosscards.storage.schema import SCHEMA_VERSION

__all__ = ["open_collection_file"]


def open_collection_file(
    target: Path, *, readonly: bool, tz: tzinfo
) -> tuple[Database, WriterLock | None]:
    """The collection's database and, unless ``readonly``, its writer lock.

    Raises :class:`CollectionError` for a file that is not a collection, is damaged or was
    written by a newer program, and :class:`CollectionBusyError` when another process has it
    open for writing.
    """
    check_collection_file(target)
    if readonly and not target.exists():
        raise CollectionError(target, "no collection at this path")
    if target.exists() and target.stat().st_size > 0:
        _probe(target, readonly=readonly)
    lock: WriterLock | None = None
    if not readonly and target.exists() and not os.access(target, os.W_OK):
        raise CollectionError(target, "is read-only; nothing was changed")
    if not readonly:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CollectionError(target, f"cannot create its folder ({exc.strerror})") from None
        lock = WriterLock(target)
        lock.acquire()
    db: Database | None = None
    try:
        db = Database(target, readonly=readonly)
        if not readonly:
            create_schema(db, target, tz=tz)
        elif check_schema_version(db, target) is None:
            raise CollectionError(target, "is not a glosscards collection (no schema version)")
        db.value("SELECT count(*) FROM card")
    except Exception as exc:
        _abandon(db, lock)
        if isinstance(exc, (sqlite3.DatabaseError, *_sqlalchemy_database_error())):
            reason = _reason(exc)
            raise CollectionError(target, f"is damaged or not a collection ({reason})") from None
        raise
    except BaseException:
        _abandon(db, lock)
        raise
    return db, lock


def _probe(target: Path, *, readonly: bool) -> None:
    """Refuse, before anything is written, another program's file, a damaged collection (for
    writing: it would spread into every backup) and, read-only, one that needs migrating."""
    try:
        state = probe_collection(target, check_integrity=not readonly)
    except CollectionDamagedError as error:
        good = newest_good_backup(target)
        hint = (
            f'; the newest good backup is {good} (glosscards restore "{good}")'
            if good is not None
            else "; there is no good backup of it"
        )
        raise CollectionDamagedError(target, error.reason + hint) from None
    if state.version is not None and state.version > SCHEMA_VERSION:
        raise CollectionError(
            target,
            f"was written by a newer glosscards (schema {state.version}, this program knows "
            f"{SCHEMA_VERSION}); update glosscards to open it",
        )
    if readonly and state.version is not None and state.version < SCHEMA_VERSION:
        raise CollectionError(
            target,
            f"was written by an older glosscards (schema {state.version}); open it once in the"
            " app or import into it to update it",
        )


def _sqlalchemy_database_error() -> tuple[type[Exception], ...]:
    """SQLAlchemy's DatabaseError when SQLAlchemy is loaded (a create or migration ran through
    it); else nothing: an open that never loaded it cannot raise it."""
    exc = sys.modules.get("sqlalchemy.exc")
    return () if exc is None else (exc.DatabaseError,)


def _abandon(db: Database | None, lock: WriterLock | None) -> None:
    """Undo a failed open: close the connection, release the writer lock."""
    if db is not None:
        db.close()
    if lock is not None:
        lock.release()


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.splitlines()[0]
