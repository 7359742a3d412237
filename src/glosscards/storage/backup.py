"""Backups of a collection file through SQLite's online backup API (consistent while open)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

__all__ = ["KEEP_BACKUPS", "list_backups", "make_backup"]

KEEP_BACKUPS = 10


def make_backup(source: Path, folder: Path, now: datetime, *, keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``source`` into ``folder`` as ``<stem>-YYYYmmdd-HHMMSS.db``; keep the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{source.stem}-{stamp}.db"
    n = 2
    while target.exists():
        target = folder / f"{source.stem}-{stamp}-{n}.db"
        n += 1
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    for old in list_backups(folder, source.stem)[keep:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(folder: Path, stem: str) -> list[Path]:
    """Backups of the collection ``stem`` in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
