"""Backups of a collection file through SQLite's online backup API (consistent while open)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

__all__ = ["KEEP_BACKUPS", "copy_database", "list_backups", "make_backup"]

KEEP_BACKUPS = 10


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite database ``source`` (WAL included) into a new ``target``."""
    src = sqlite3.connect(source.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def make_backup(
    source: Path,
    folder: Path,
    now: datetime,
    *,
    keep: int = KEEP_BACKUPS,
    spare: Path | None = None,
) -> Path:
    """Copy ``source`` into ``folder`` as ``<stem>-YYYYmmdd-HHMMSS.db``; keep the newest ``keep``
    (never deleting ``spare``, a backup that is about to be restored)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{source.stem}-{stamp}.db"
    n = 2
    while True:
        try:  # reserve the name: two backups in the same second (review + import) never collide
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            break
        except FileExistsError:
            target = folder / f"{source.stem}-{stamp}-{n}.db"
            n += 1
    partial = target.with_suffix(".partial")
    try:
        copy_database(source, partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise
    spared = spare.resolve() if spare is not None else None
    for old in list_backups(folder, source.stem)[keep:]:
        if old.resolve() != spared:
            old.unlink(missing_ok=True)
    return target


def list_backups(folder: Path, stem: str) -> list[Path]:
    """Backups of the collection ``stem`` in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
