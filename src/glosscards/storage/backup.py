"""Backups of a collection file through SQLite's online backup API (consistent while open).

A backup is only ever a good copy: the collection is checked (``quick_check``) before it is
copied — a damaged collection is not backed up, so its damage never pushes good backups out —
and the copy is checked again before it takes its name. Half-written copies of killed backups
(``.partial`` files) are removed and never count.

Backups are named ``<stem>-YYYYmmdd-HHMMSS.db`` (local time) in ``backups/`` beside the
collection; pruning touches exactly these names, never another collection's backups. What is
kept follows Anki: the :data:`KEEP_RECENT` newest, and the newest of each of the last
:data:`KEEP_DAILY` days, :data:`KEEP_WEEKLY` weeks and :data:`KEEP_MONTHLY` months, so a mistake
found a week or a month later can still be undone.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from glosscards.errors import CollectionError
from glosscards.storage.file_check import integrity_problem, looking_at, probe_collection

__all__ = [
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_RECENT",
    "KEEP_WEEKLY",
    "BackupError",
    "backups_to_keep",
    "copy_database",
    "list_backups",
    "make_backup",
    "newest_good_backup",
]

KEEP_RECENT = 10
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9

LEFTOVER_AGE_S = 600
"""A ``.partial`` untouched this long is a killed backup's leftover, not one being written."""


class BackupError(CollectionError):
    """A backup could not be made (the collection is damaged, or the copy failed its check)."""


def _stamp_re(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-\d+)?\.db$")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite database ``source`` (WAL included) into a new ``target``,
    refused if ``source`` fails ``quick_check``."""
    with looking_at(source) as src:
        problem = integrity_problem(src)
        if problem is not None:
            raise BackupError(source, f"is damaged ({problem}); it was not backed up")
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A backup is one self-contained file: no -wal or -shm beside it, ever.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()


def make_backup(
    source: Path,
    folder: Path,
    now: datetime,
    *,
    spare: Path | None = None,
) -> Path:
    """Copy ``source`` into ``folder`` as ``<stem>-YYYYmmdd-HHMMSS.db``, check the copy, then
    prune (never deleting ``spare``, a backup that is about to be restored)."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder, source.stem)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target, n = folder / f"{source.stem}-{stamp}.db", 2
    while True:  # reserve a name: two backups in the same second (review + import) never collide
        partial = target.with_name(target.name + ".partial")
        if not target.exists():
            try:
                os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                break
            except FileExistsError:
                pass
        target, n = folder / f"{source.stem}-{stamp}-{n}.db", n + 1
    try:
        copy_database(source, partial)
        probe_collection(partial, check_integrity=True)  # the copy is good, or it is no backup
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        Path(str(partial) + "-journal").unlink(missing_ok=True)
        raise
    spared = spare.resolve() if spare is not None else None
    backups = list_backups(folder, source.stem)  # listed once: a backup made meanwhile stays
    keep = {*backups_to_keep(backups), target}  # the one just made is never pruned
    for old in backups:
        if old not in keep and old.resolve() != spared:
            old.unlink(missing_ok=True)
    return target


def _remove_leftovers(folder: Path, stem: str) -> None:
    """Delete this collection's killed backups: stale ``.partial`` files and empty copies."""
    pattern = _stamp_re(stem)
    cutoff = time.time() - LEFTOVER_AGE_S
    for path in folder.iterdir():
        name = path.name
        for suffix in (".partial-journal", ".partial"):
            if name.endswith(suffix) and pattern.match(name.removesuffix(suffix)):
                try:
                    if path.stat().st_mtime < cutoff:
                        path.unlink(missing_ok=True)
                except FileNotFoundError:
                    pass
                break
        else:
            if pattern.match(name) and path.is_file() and path.stat().st_size == 0:
                path.unlink(missing_ok=True)


def _taken_at(path: Path, stem: str) -> datetime:
    found = _stamp_re(stem).match(path.name)
    assert found is not None
    return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")


def list_backups(folder: Path, stem: str) -> list[Path]:
    """The backups of the collection ``stem`` in ``folder``, newest first (by the time in
    their names, then by name)."""
    if not folder.is_dir():
        return []
    pattern = _stamp_re(stem)
    found = [p for p in folder.iterdir() if pattern.match(p.name) and p.is_file()]
    found = [p for p in found if p.stat().st_size > 0]
    return sorted(found, key=lambda p: (_taken_at(p, stem), p.name), reverse=True)


def backups_to_keep(backups: list[Path]) -> list[Path]:
    """Which of ``backups`` (newest first, one collection's) the retention keeps."""
    if not backups:
        return []
    stem = _stem_of(backups[0])
    keep: list[Path] = list(backups[:KEEP_RECENT])
    for limit, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: tuple(d.isocalendar())[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for path in backups:
            key = bucket(_taken_at(path, stem))
            if key not in seen:
                seen.append(key)
                if len(seen) > limit:
                    break
                if path not in keep:
                    keep.append(path)
    return keep


def _stem_of(backup: Path) -> str:
    return re.sub(r"-\d{8}-\d{6}(?:-\d+)?\.db$", "", backup.name)


def newest_good_backup(collection: Path) -> Path | None:
    """The newest backup of ``collection`` that is intact and one of ours, if any."""
    from glosscards.paths import backups_dir

    for backup in list_backups(backups_dir(collection), collection.stem):
        try:
            probe_collection(backup, check_integrity=True)
        except CollectionError:
            continue
        return backup
    return None
