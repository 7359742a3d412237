"""A digest of what importing the two real glossaries makes: every row and every report.

:func:`real_pair_steps` runs a fixed sequence of imports of the real 2024-06-27 and 2025-03-01
glossaries (fresh, unchanged again, the update, a dry run, a deck in prerequisites-first order, a
kept edit) and returns, per step, the SHA-256 of the import's report and of every stored row of
the tables an import writes. ``tests/test_import_digest_real.py`` compares them with
``tests/data/import_digest_real.json``; run this module to print the current digests (see that
test's docstring for how the file was made).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from glosscards import Collection
from glosscards.new_order import NewCardOrder
from glosscards.values import ImportReport

__all__ = ["real_pair_steps"]

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)

# Every column of the rows an import writes (ids included: they are what cards and notes point
# at, and their order is the order of insertion).
_TABLES = {
    "glossary_source": "SELECT id, name FROM glossary_source ORDER BY id",
    "term": "SELECT * FROM term ORDER BY id",
    "note": "SELECT * FROM note ORDER BY id",
    "card": "SELECT * FROM card ORDER BY id",
    "deleted_term": "SELECT * FROM deleted_term ORDER BY key",
    "meta": "SELECT key, value FROM meta WHERE key IN ('card_maker_versions', 'deck_study')"
    " ORDER BY key",
    "import_run": "SELECT at, format, sha256, counts_json, report_json FROM import_run ORDER BY id",
}


def _plain(value: Any, data: Path) -> Any:
    """``value`` as JSON-able data, paths relative to the glossary folder."""
    if isinstance(value, Path):
        return value.name if value.parent == data else str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), data) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v, data) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, data) for v in value]
    return value


def _sha(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report_digest(report: ImportReport, data: Path) -> str:
    return _sha(_plain(report, data))


def _rows_digest(db: Path, data: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table, sql in _TABLES.items():
            rows = [list(r) for r in conn.execute(sql)]
            text = json.dumps(rows, ensure_ascii=False)
            out[table] = _sha(text.replace(str(data) + "/", ""))
        return out
    finally:
        conn.close()


def real_pair_steps(data: Path, work: Path) -> dict[str, dict[str, Any]]:
    """Run the sequence in folder ``work`` with the glossaries in ``data``; digests by step."""
    old = data / "ai-glossary-2024-06-27.txt"
    new = data / "ai-glossary-2025-03-01.txt"
    steps: dict[str, dict[str, Any]] = {}

    def step(name: str, col: Collection, db: Path, report: ImportReport) -> None:
        steps[name] = {"report": _report_digest(report, data), "rows": _rows_digest(db, data)}

    first = work / "a.db"
    with Collection.open(first, tz=UTC) as col:
        step("a1 fresh 2024", col, first, col.import_glossary(old, now=NOW, backup=False))
        later = NOW + timedelta(days=1)
        step("a2 unchanged 2024", col, first, col.import_glossary(old, now=later, backup=False))
        # An edit of a term that changes in 2025 (the edit is kept) and of one that does not.
        cards = {
            row[1]: row[0]
            for row in sqlite3.connect(first).execute(
                "SELECT c.id, t.name FROM card c JOIN note n ON n.id = c.note_id"
                " JOIN term t ON t.id = n.term_id WHERE c.ordinal = 1"
            )
        }
        for name in ("Attention", "Activation Function"):
            note = col.editable_note(cards[name])
            col.edit_note(
                cards[name], text=note.text + " (mine)", back_extra=note.back_extra, now=later
            )
        dry = col.import_glossary(new, dry_run=True, now=later)
        step("a3 dry run 2025", col, first, dry)
        step("a4 update 2025", col, first, col.import_glossary(new, now=later, backup=False))
        again = later + timedelta(days=1)
        step("a5 unchanged 2025", col, first, col.import_glossary(new, now=again, backup=False))

    second = work / "b.db"
    with Collection.open(second, tz=UTC) as col:
        step("b1 fresh 2025", col, second, col.import_glossary(new, now=NOW, backup=False))
        study = dataclasses.replace(
            col.deck_study("ai-glossary"), new_order=NewCardOrder.PREREQUISITES_FIRST
        )
        col.set_deck_study("ai-glossary", study, now=NOW)
        later = NOW + timedelta(days=1)
        step("b2 back to 2024", col, second, col.import_glossary(old, now=later, backup=False))
        step("b3 unchanged 2024", col, second, col.import_glossary(old, now=later, backup=False))
        step("b4 to 2025", col, second, col.import_glossary(new, now=later, backup=False))
    return steps


if __name__ == "__main__":
    from conftest import SHARED_DATA

    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(real_pair_steps(SHARED_DATA, Path(tmp)), indent=1, sort_keys=True))
    sys.exit(0)
