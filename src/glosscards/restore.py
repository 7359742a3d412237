"""Restoring a backup over the collection, after backing up the current state."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from glosscards.errors import CollectionError
from glosscards.paths import backups_dir, default_collection_path
from glosscards.storage.backup import make_backup
from glosscards.storage.engine import check_collection_file
from glosscards.storage.lock import WriterLock

__all__ = ["restore_backup"]


def restore_backup(
    backup: str | Path, collection: str | Path | None = None, *, now: datetime | None = None
) -> Path:
    """Replace the collection with ``backup``; returns the backup made of the state before.

    The backup is checked first (an SQLite database holding a glosscards schema); the current
    collection is then backed up, and the restored copy replaces it atomically, so a crash
    leaves either the old or the restored file. Refused while another process has it open.
    """
    source = Path(backup).expanduser()
    target = Path(collection).expanduser() if collection else default_collection_path()
    if not source.is_file():
        raise CollectionError(source, "no such backup file")
    check_collection_file(source)
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            probe.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise CollectionError(source, f"is not a glosscards backup ({exc})") from None
    moment = (now or datetime.now(UTC)).astimezone()
    lock = WriterLock(target)
    lock.acquire()
    try:
        safety = make_backup(target, backups_dir(target), moment) if target.exists() else target
        if target.exists():
            # Fold the WAL into the file so that removing it below loses nothing.
            current = sqlite3.connect(target)
            try:
                current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                current.close()
        partial = target.with_name(target.name + ".restoring")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        partial.replace(target)
    finally:
        lock.release()
    return safety
