"""An unchanged file is not parsed again: its parse is rebuilt from the terms it made."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import glosscards.import_run as import_run
from conftest import ROOT, shared_file
from glosscards import Collection
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.reader import read_glossary
from glosscards.storage.parse_store import stored_parse

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
DEMO = ROOT / "resources" / "demo-glossary.txt"


def _stored(col: Collection, path: Path) -> ParseResult | None:
    return stored_parse(col._db, path, None)[0]


@pytest.mark.parametrize("first", ["ai-glossary-2024-06-27.txt", "ai-glossary-2025-03-01.txt"])
def test_the_rebuilt_parse_equals_the_parse(tmp_path: Path, first: str) -> None:
    """After each import of the real versions (one after the other, so unchanged terms keep
    the entry JSON of the version they were first stored from), the rebuilt parse of the file
    just imported is the parser's, entry for entry, skipped names and format included."""
    other = {"ai-glossary-2024-06-27.txt": "ai-glossary-2025-03-01.txt"}.get(
        first, "ai-glossary-2024-06-27.txt"
    )
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        for name in (first, other):
            path = shared_file(name)
            assert _stored(col, path) is None
            col.import_glossary(path, now=NOW, backup=False)
            assert _stored(col, path) == read_glossary(path)
        assert _stored(col, shared_file(first)) is None  # the deck now holds the other version


def test_other_bytes_or_a_deleted_note_mean_a_parse(tmp_path: Path) -> None:
    """The record is of one file's bytes and of the terms as they were: a changed file, or a
    term gone since (its note deleted), is parsed again."""
    glossary = tmp_path / "demo.txt"
    glossary.write_bytes(DEMO.read_bytes())
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        col.import_glossary(glossary, now=NOW, backup=False)
        assert _stored(col, glossary) == read_glossary(glossary)
        glossary.write_bytes(DEMO.read_bytes() + b"\n")
        assert _stored(col, glossary) is None
        glossary.write_bytes(DEMO.read_bytes())
        card = sqlite3.connect(tmp_path / "c.db").execute("SELECT min(id) FROM card").fetchone()
        col.delete_notes([card[0]], now=NOW)
        assert _stored(col, glossary) is None


def test_an_unchanged_import_reads_no_glossary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing the bytes the deck was last made from again does not parse them, and reports
    what a parse reports; a dry run of them is no different."""
    glossary = tmp_path / "demo.txt"
    glossary.write_bytes(DEMO.read_bytes())
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        col.import_glossary(glossary, now=NOW, backup=False)
        parsed = col.import_glossary(
            glossary, now=NOW + timedelta(days=1), parsed=read_glossary(glossary)
        )

        def no_parse(*_: object, **__: object) -> ParseResult:
            raise AssertionError("parsed again")

        monkeypatch.setattr(import_run, "read_glossary", no_parse)
        again = col.import_glossary(glossary, now=NOW + timedelta(days=1))
        dry = col.import_glossary(glossary, dry_run=True, now=NOW + timedelta(days=1))
    assert again == parsed
    assert again.unchanged and not again.added and not again.changed
    assert dry.unchanged == again.unchanged and dry.dry_run
