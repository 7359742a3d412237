"""Start-up of the command line: ``glosscards --help`` and a usage error load nothing heavy.

The gain is guarded by what is imported (checked in a fresh interpreter), not by a wall clock.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from glosscards import Collection
from glosscards.deck_fsrs_cli import MAX_INTERVAL_DAYS, RETENTION_RANGE, SCHEDULER_NAMES
from glosscards.deck_study import SchedulerName
from glosscards.scheduler import fsrs_scheduler

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "anki", "genanki", "fsrs", "PySide6", "shiboken6")
"""Top-level packages the parser must not load (the database layer, Anki, py-fsrs, Qt)."""

DATABASE_SIDE = ("glosscards.collection", "glosscards.storage")


def _loaded_after(code: str) -> list[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"import contextlib, io, json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def _heavy(loaded: list[str]) -> list[str]:
    return [
        name
        for name in loaded
        if name.split(".")[0] in HEAVY
        or any(name == side or name.startswith(side + ".") for side in DATABASE_SIDE)
    ]


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert _heavy(_loaded_after("import glosscards.cli")) == []


def test_help_loads_nothing_heavy() -> None:
    code = (
        "import glosscards.cli\n"
        "for argv in (['--help'], ['deck', 'options', '--help'], ['sync', '--help'],"
        " ['cards', '--help'], ['stats', '--no-such-option']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()),"
        " contextlib.redirect_stderr(io.StringIO()):\n"
        "        try:\n"
        "            glosscards.cli.main(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
    )
    assert _heavy(_loaded_after(code)) == []


def test_public_api_names_still_import() -> None:
    loaded = _loaded_after(
        "from glosscards import Collection, Grade, Settings\n"
        "assert Collection.__name__ == 'Collection' and Grade.GOOD and Settings()\n"
    )
    assert "glosscards.collection" in loaded


def test_the_help_texts_ranges_are_the_schedulers() -> None:
    """The parser writes these out (so as not to load py-fsrs); they must stay the real ones."""
    assert tuple(str(name) for name in SchedulerName) == SCHEDULER_NAMES
    assert RETENTION_RANGE == (fsrs_scheduler.MIN_RETENTION, fsrs_scheduler.MAX_RETENTION)
    assert MAX_INTERVAL_DAYS == fsrs_scheduler.MAX_INTERVAL_DAYS


def test_stats_on_an_existing_collection_never_loads_the_orm(tmp_path: Path) -> None:
    """``glosscards stats`` opens read-only with plain sqlite3: SQLAlchemy, sqlmodel and
    pydantic are for creating, migrating and writing a collection, not for reading one."""
    path = tmp_path / "odd folder (1)" / "collection.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(_four_terms(tmp_path), now=datetime(2025, 3, 1, 12, tzinfo=UTC))
    code = (
        "import glosscards.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert glosscards.cli.main(['--collection', {str(path)!r}, 'stats']) == 0\n"
    )
    orm = ("sqlalchemy", "sqlmodel", "pydantic", "anki", "genanki", "PySide6")
    assert [m for m in _loaded_after(code) if m.split(".")[0] in orm] == []


def _four_terms(folder: Path) -> Path:
    glossary = folder / "four.txt"
    glossary.write_text(
        "Alpha Model#\nA model that starts every example in this glossary.\n"
        "Beta Layer#\nThe layer that comes after the alpha model.\n",
        encoding="utf-8",
    )
    return glossary
