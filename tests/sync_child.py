"""A glosscards sync in a process of its own, for tests/test_sync_kill.py: it can kill itself
with SIGKILL at a chosen moment, the way a power cut or the OOM killer stops a sync.

Run: ``python tests/sync_child.py COLLECTION --now ISO-TIME [--password P --server URL
--username U] [--kill-at-phase N] [--kill-after NAME [--nth K]]``.

* ``--kill-at-phase N``: SIGKILL on the Nth progress call of ``Collection.sync`` (the phase
  named, before its work starts);
* ``--kill-after NAME``: SIGKILL just after the Kth call (default the first) of one of the
  steps in :data:`KILL_POINTS` returns: what it wrote is committed, the next step never runs.

Each phase is printed as ``phase <name>`` (flushed, so a parent can act on it), and a sync that
ends prints ``result <json>`` of its :class:`~glosscards.anki_sync.SyncResult`.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

KILL_POINTS: dict[str, tuple[str, str, str]] = {
    # glosscards recorded which revlog ids its answers get; the mirror has not the rows yet
    "pair": ("glosscards.storage.sync_store", "SyncStore", "pair"),
    # answers from the phone are in glosscards' history; the mirror has not heard back
    "receive": ("glosscards.storage.sync_store", "SyncStore", "receive"),
    # the mirror has the new schedules; not the answers yet
    "set_schedules": ("glosscards.anki_mirror", "Mirror", "set_schedules"),
    # the mirror has glosscards' answers; the server has not
    "add_answers": ("glosscards.anki_mirror", "Mirror", "add_answers"),
    # a full upload or download has finished: the mirror is not reopened yet
    "full_upload_or_download": ("anki.collection", "Collection", "full_upload_or_download"),
    # Anki's normal sync has finished (server and mirror have both committed)
    "sync_collection": ("anki.collection", "Collection", "sync_collection"),
}


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def kill_after(name: str, nth: int) -> None:
    """Wrap the step ``name`` so that the process dies right after its ``nth`` call returns."""
    import importlib

    if name.startswith("anki."):
        import anki.collection  # noqa: F401  (anki.collection first: Anki's import order)
    module_name, owner_name, attribute = KILL_POINTS[name]
    owner = getattr(importlib.import_module(module_name), owner_name)
    original: Callable[..., Any] = getattr(owner, attribute)
    calls = 0

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        value = original(*args, **kwargs)
        calls += 1
        if calls == nth:
            print(f"killed after {name} #{nth}", flush=True)
            die()
        return value

    setattr(owner, attribute, wrapper)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", type=Path)
    parser.add_argument("--now", required=True, type=datetime.fromisoformat)
    parser.add_argument("--server")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--kill-at-phase", type=int, default=0)
    parser.add_argument("--kill-after", choices=sorted(KILL_POINTS))
    parser.add_argument("--nth", type=int, default=1)
    args = parser.parse_args(argv)

    from glosscards import Collection

    if args.kill_after:
        kill_after(args.kill_after, args.nth)
    calls = 0

    def progress(phase: str) -> None:
        nonlocal calls
        calls += 1
        print(f"phase {phase}", flush=True)
        if calls == args.kill_at_phase:
            die()

    with Collection.open(args.collection) as col:
        col.review_backup_interval = None
        result = col.sync(
            args.server, args.username, args.password, now=args.now, progress=progress
        )
    print("result " + json.dumps(asdict(result)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
