"""The collection on a real SQLite file: importing, re-importing, reports, safety."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import RESOURCES, peek, shared_file
from glosscards import Collection, CollectionError, GlossaryError

DEMO = RESOURCES / "demo-glossary.txt"

SMALL = """A#
Alpha Model#
~ the first letter
Alpha is the first thing. It is used in tests.
See also A, Beta
Beta (BT)#
Beta comes after alpha and before gamma.
Empty Stub#
See also A, Alpha
Alpha Redirect#
See Alpha Model
"""


def write(tmp_path: Path, text: str, name: str = "glossary.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def table_count(path: Path, table: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


def test_import_creates_notes_and_cards(tmp_path: Path, fixed_now: datetime) -> None:
    """Every term with a definition becomes a note; an acronym adds a second card."""
    src = write(tmp_path, SMALL)
    with Collection.open(tmp_path / "col.db") as col:
        report = col.import_glossary(src, now=fixed_now)
        assert sorted(report.added) == ["Alpha Model", "Beta"]
        assert "Empty Stub" in report.skipped
        assert "Alpha Redirect" in report.skipped
        assert report.cards_added == 3
        assert col.counts(fixed_now).new == 3


def test_dry_run_writes_nothing(tmp_path: Path, fixed_now: datetime) -> None:
    """A dry run reports the additions but leaves the collection empty."""
    src = write(tmp_path, SMALL)
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        report = col.import_glossary(src, dry_run=True, now=fixed_now)
        assert report.dry_run and len(report.added) == 2
    assert table_count(path, "term") == 0
    assert table_count(path, "import_run") == 0


def test_same_file_twice_changes_and_writes_nothing(tmp_path: Path, fixed_now: datetime) -> None:
    """Importing an unchanged file again reports everything unchanged and leaves the file as it was."""
    src = write(tmp_path, SMALL)
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(src, now=fixed_now)
    before = path.read_bytes()
    with Collection.open(path) as col:
        again = col.import_glossary(src, now=fixed_now)
    assert again.writes_nothing
    assert sorted(again.unchanged) == ["Alpha Model", "Beta"]
    assert table_count(path, "import_run") == 1
    assert path.read_bytes() == before


def test_line_endings_bom_and_trailing_spaces_are_not_changes(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """CRLF, a UTF-8 BOM and trailing spaces do not count as changes."""
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        variant = "\ufeff" + "\r\n".join(line + "  " for line in SMALL.splitlines())
        report = col.import_glossary(write(tmp_path, variant, "v2.txt"), deck="glossary")
        assert report.writes_nothing, report.to_json_dict()


def test_changed_definition_keeps_card_history(tmp_path: Path, fixed_now: datetime) -> None:
    """A changed definition updates the note; its cards keep their schedule and history."""
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        card = col.next_card(fixed_now)
        assert card is not None
        from glosscards import Grade

        col.answer(card.id, Grade.GOOD, fixed_now)
        edited = SMALL.replace("It is used in tests.", "It is used in many tests.")
        report = col.import_glossary(write(tmp_path, edited), now=fixed_now)
        assert report.changed == ["Alpha Model"]
        assert len(col.history(card.id)) == 1
        assert "many tests" in col.review_card(card.id, fixed_now).answer_html


def test_removed_term_is_retired_and_restored_with_history(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """A removed term leaves the queue but keeps its history, and comes back with it."""
    from glosscards import Grade

    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        card = col.next_card(fixed_now)
        assert card is not None and card.term == "Alpha Model"
        col.answer(card.id, Grade.GOOD, fixed_now)
        without = SMALL.replace("Alpha Model#\n~ the first letter\n", "Gone#\n")
        without = without.replace("Alpha is the first thing. It is used in tests.\n", "")
        report = col.import_glossary(write(tmp_path, without), now=fixed_now)
        assert report.removed == ["Alpha Model"]
        assert col.counts(fixed_now).new == 2  # Beta's two cards
        back = col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        assert back.restored == ["Alpha Model"]
        assert len(col.history(card.id)) == 1


def test_import_run_is_recorded(tmp_path: Path, fixed_now: datetime) -> None:
    """Each applied import keeps its report: when, which file, its hash and counts."""
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        runs = col.import_runs()
    assert len(runs) == 1
    assert runs[0]["counts"] == {
        "added": 2,
        "changed": 0,
        "renamed": 0,
        "removed": 0,
        "unchanged": 0,
        "skipped": 2,
        "restored": 0,
        "remade": 0,
    }
    assert runs[0]["at"] == fixed_now


def test_import_backs_up_first(tmp_path: Path, fixed_now: datetime) -> None:
    """An import that changes something is preceded by a backup beside the collection."""
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        report = col.import_glossary(
            write(tmp_path, SMALL + "Gamma#\nGamma is third.\n"), now=fixed_now
        )
    assert report.backup is not None and report.backup.parent == tmp_path / "backups"
    assert table_count(report.backup, "term") == 2


def test_bad_glossary_changes_nothing(tmp_path: Path) -> None:
    """A file with no headings is refused with the file named, and nothing is written."""
    path = tmp_path / "col.db"
    bad = write(tmp_path, "just some text\nwithout headings\n", "notes.txt")
    with Collection.open(path) as col, pytest.raises(GlossaryError) as info:
        col.import_glossary(bad)
    assert "notes.txt" in str(info.value)
    assert table_count(path, "term") == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"this is not sqlite at all" * 40, "not an SQLite"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "truncated"),
    ],
)
def test_foreign_or_damaged_collection_is_refused(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    """A file that is not a collection is refused with its name and never overwritten."""
    path = tmp_path / "col.db"
    path.write_bytes(content)
    with pytest.raises(CollectionError) as info:
        Collection.open(path)
    assert problem in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == content


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A collection written by a newer program is refused, untouched."""
    path = tmp_path / "col.db"
    with Collection.open(path):
        pass
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(CollectionError, match="newer"):
        Collection.open(path)
    with pytest.raises(CollectionError, match="newer"):
        Collection.open(path, readonly=True)  # what `stats` and `export` use


def test_demo_glossary_imports(tmp_path: Path, fixed_now: datetime) -> None:
    """The demo glossary shipped in resources/ gives 15-30 notes and reports its stub and redirect."""
    with Collection.open(tmp_path / "col.db") as col:
        report = col.import_glossary(DEMO, now=fixed_now)
    assert 15 <= len(report.added) <= 30
    assert "Leitner System" in report.skipped
    assert "Grad Descent" in report.skipped


def test_whole_glossary_l_gives_a_note_per_defined_entry(tmp_path: Path) -> None:
    """glossary-l.txt: a note for every entry with a definition, none for stubs."""
    src = shared_file("glossary-l.txt")
    now = datetime(2025, 3, 1, tzinfo=UTC)
    with Collection.open(tmp_path / "col.db") as col:
        report = col.import_glossary(src, now=now)
    assert "L2 Loss" in report.skipped
    assert "Large Language Model" in report.added
    headings = sum(1 for line in src.read_text().splitlines() if line.endswith("#")) - 1  # "L#"
    assert len(report.added) + len(report.skipped) == headings == 94
    assert not set(report.added) & set(report.skipped)


def test_reordered_entries_are_not_changes(tmp_path: Path, fixed_now: datetime) -> None:
    """The same entries in another order: no change reported, but new cards follow the new order."""
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, SMALL), now=fixed_now)
        first = col.next_card(fixed_now)
        assert first is not None and first.term == "Alpha Model"
        blocks = SMALL.split("Beta (BT)#")
        reordered = "A#\nBeta (BT)#" + blocks[1] + blocks[0].removeprefix("A#\n")
        report = col.import_glossary(write(tmp_path, reordered, "r.txt"), deck="glossary")
        assert report.writes_nothing and report.reordered
        assert sorted(report.unchanged) == ["Alpha Model", "Beta"]
        first = col.next_card(fixed_now)
        assert first is not None and first.term == "Beta"


def test_acronym_added_adds_a_c2_card_and_removed_retires_it(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """A new acronym adds the c2 card; when it disappears the c2 card retires with its history."""
    from glosscards import Grade

    plain = SMALL.replace("Beta (BT)#", "Beta#")
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(write(tmp_path, plain), now=fixed_now)
        assert col.import_glossary(write(tmp_path, SMALL), now=fixed_now).cards_added == 1
        c2 = (
            peek(col)
            .execute(
                "SELECT c.id FROM card c JOIN note n ON n.id = c.note_id JOIN term t"
                " ON t.id = n.term_id WHERE t.name = 'Beta' AND c.ordinal = 2"
            )
            .fetchone()[0]
        )
        col.answer(c2, Grade.GOOD, fixed_now)
        report = col.import_glossary(write(tmp_path, plain), now=fixed_now)
        assert report.changed == ["Beta"] and report.cards_retired == 1
        retired = peek(col).execute("SELECT retired FROM card WHERE id = ?", (c2,)).fetchone()[0]
        assert retired == 1 and len(col.history(c2)) == 1
        assert col.import_glossary(write(tmp_path, SMALL), now=fixed_now).cards_added == 0
        assert peek(col).execute("SELECT retired FROM card WHERE id = ?", (c2,)).fetchone()[0] == 0


def test_apply_refuses_a_file_changed_since_its_preview(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """What is applied is what was previewed: a file edited in between is refused, unwritten."""
    src = write(tmp_path, SMALL)
    with Collection.open(tmp_path / "col.db") as col:
        preview = col.import_glossary(src, dry_run=True, now=fixed_now)
        src.write_text(SMALL + "Gamma#\nGamma is third.\n", encoding="utf-8")
        with pytest.raises(GlossaryError, match="changed since it was previewed"):
            col.import_glossary(src, now=fixed_now, expect_sha256=preview.sha256)
        assert col.decks() == []
