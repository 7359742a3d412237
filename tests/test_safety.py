"""Nothing the learner owns is ever destroyed: each test does the bad thing for real.

Exporting onto the collection, damaged pages, another program's SQLite file, backups of a
similarly named collection, a second writer through a symlink, a full disk (SQLite's
``max_page_count``), a FIFO, user errors that must write nothing, damaged backups, bad schema
versions, a Markdown folder over the size cap.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import peek
from glosscards import Collection, Grade
from glosscards.cli import main
from glosscards.errors import CollectionBusyError, CollectionError, CollectionWriteError
from glosscards.glossary.reader import read_glossary
from glosscards.paths import backups_dir
from glosscards.restore import restore_backup
from glosscards.storage.backup import backups_to_keep, list_backups, make_backup
from glosscards.storage.file_check import APPLICATION_ID, CollectionDamagedError

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err.strip()


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, err = cli(capsys, *argv)
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    return err


def studied(path: Path) -> Path:
    """A collection with the demo glossary and two answers."""
    with Collection.open(path, tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(DEMO, now=NOW)
        for _ in range(2):
            card = col.next_card(NOW)
            assert card is not None
            col.answer(card.id, Grade.GOOD, NOW)
        col.backup(NOW + timedelta(minutes=1))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, but the ``-shm`` and empty ``-wal`` a reader
    of a WAL-mode collection leaves (they hold no data; removing them could destroy another
    process's log). Another program's files are checked with no exception: see
    ``test_another_programs_sqlite_file_is_refused_byte_for_byte``."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def exact_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, side files included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def damage(path: Path) -> None:
    """Overwrite part of an index page, as a bad disk sector would."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_card_queue_new'"
    ).fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 20)
        handle.write(bytes(range(200, 240)))


# -- 1. export onto the collection --------------------------------------------------------------


def test_export_refuses_the_collection_itself_and_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The collection (by its path, another spelling, a symlink), a backup and any existing
    file that is not an .apkg are refused with exit 2 and left byte for byte as they were."""
    col = studied(tmp_path / "c.db")
    link = tmp_path / "link.apkg"
    link.symlink_to(col)
    backup = next(iter(backups_dir(col).iterdir()))
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    before = snapshot(tmp_path)
    for target in (col, tmp_path / "." / "c.db", link, backup, notes):
        err = one_line_error(capsys, "--collection", str(col), "export", str(target))
        assert str(target) in err
    assert snapshot(tmp_path) == before
    assert cli(capsys, "--collection", str(col), "export", str(tmp_path / "ok.apkg"))[0] == 0
    assert cli(capsys, "--collection", str(col), "export", str(tmp_path / "ok.apkg"))[0] == 0


# -- 2. damage ------------------------------------------------------------------------------------


def test_a_damaged_collection_is_refused_for_writing_naming_the_good_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Flipped bytes in a page: opening for writing, `backup` and `import` are refused naming
    the newest good backup; no backup is made of the damage; `check` reports it."""
    col = studied(tmp_path / "c.db")
    good = list_backups(backups_dir(col), "c")
    assert good
    damage(col)
    before = snapshot(tmp_path)
    with pytest.raises(CollectionDamagedError, match="newest good backup"):
        Collection.open(col)
    for argv in (("backup",), ("import", str(DEMO)), ("check",)):
        err = one_line_error(capsys, "--collection", str(col), *argv)
        assert "damaged" in err and good[0].name in err
    assert snapshot(tmp_path) == before


def test_a_damaged_collection_is_never_backed_up_and_good_backups_stay(tmp_path: Path) -> None:
    """Backing up a damaged file fails and leaves no copy; the good backups are all kept."""
    col = studied(tmp_path / "c.db")
    folder = backups_dir(col)
    good = list_backups(folder, "c")
    damage(col)
    for minute in range(12):
        with pytest.raises(CollectionError, match="damaged"):
            make_backup(col, folder, NOW + timedelta(minutes=minute))
    assert list_backups(folder, "c") == good
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in good)


def test_restoring_the_good_backup_repairs_a_damaged_collection(tmp_path: Path) -> None:
    """The damaged file is kept aside (not as a backup) and the restored one opens."""
    col = studied(tmp_path / "c.db")
    good = list_backups(backups_dir(col), "c")[0]
    damage(col)
    kept = restore_backup(good, col, now=NOW)
    assert kept is not None and "damaged" in kept.name
    assert kept not in list_backups(backups_dir(col), "c")
    with Collection.open(col, tz=UTC) as opened:
        assert opened.counts(NOW).new > 0


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    """A backup that fails its integrity check is refused before anything changes."""
    col = studied(tmp_path / "c.db")
    bad = tmp_path / "bad-backup.db"
    shutil.copy(list_backups(backups_dir(col), "c")[0], bad)
    damage(bad)
    before = snapshot(tmp_path)
    with pytest.raises(CollectionError, match="cannot be restored"):
        restore_backup(bad, col, now=NOW)
    assert snapshot(tmp_path) == before


def test_every_backup_is_checked_and_opens(tmp_path: Path) -> None:
    """A backup carries the stamp and passes the integrity check (it is verified before it
    takes its name; no .partial is left)."""
    col = studied(tmp_path / "c.db")
    with Collection.open(col, tz=UTC) as opened:
        made = opened.backup(NOW + timedelta(hours=1))
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not [p for p in backups_dir(col).iterdir() if ".partial" in p.name]


# -- 3. other programs' files ---------------------------------------------------------------------


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('holiday.jpg')")
    conn.commit()
    conn.close()
    return path


def test_another_programs_sqlite_file_is_refused_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """backup, import, stats and opening leave a foreign database exactly as it was."""
    foreign = _foreign(tmp_path / "photos.db")
    before = exact_snapshot(tmp_path)
    for argv in (("backup",), ("import", str(DEMO)), ("stats",), ("check",)):
        err = one_line_error(capsys, "--collection", str(foreign), *argv)
        assert "not a glosscards collection" in err
    with pytest.raises(CollectionError, match="another program"):
        Collection.open(foreign)
    assert exact_snapshot(tmp_path) == before


def test_a_real_anki_collection_is_refused_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anki's own collection.anki2 (made by the anki package) is never turned into ours."""
    from anki.collection import Collection as AnkiCollection

    folder = tmp_path / "anki"
    folder.mkdir()
    AnkiCollection(str(folder / "collection.anki2")).close()
    before = exact_snapshot(folder)
    anki_file = folder / "collection.anki2"
    for argv in (("backup",), ("import", str(DEMO)), ("stats",)):
        one_line_error(capsys, "--collection", str(anki_file), *argv)
    assert exact_snapshot(folder) == before


def test_collections_made_before_the_stamp_open_and_get_it(tmp_path: Path) -> None:
    """A collection without application_id (schema 2 era) opens and is stamped."""
    col = studied(tmp_path / "c.db")
    conn = sqlite3.connect(col)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    with Collection.open(col, tz=UTC) as opened:
        assert opened.counts(NOW).total > 0
        assert peek(opened).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


# -- 4. backups -----------------------------------------------------------------------------------


def test_backups_of_a_db_leave_those_of_a_old_db_alone(tmp_path: Path) -> None:
    """Pruning touches exactly this collection's backups."""
    a = studied(tmp_path / "a.db")
    a_old = studied(tmp_path / "a-old.db")
    theirs = list_backups(backups_dir(a_old), "a-old")
    with Collection.open(a, tz=UTC) as col:
        for minute in range(15):
            col.backup(NOW + timedelta(minutes=minute))
    assert list_backups(backups_dir(a_old), "a-old") == theirs
    assert all(p.exists() for p in theirs)


def test_retention_keeps_recent_daily_weekly_and_monthly_backups() -> None:
    """Like Anki: the 10 newest, then one a day for 12 days, a week for 10, a month for 9."""
    start = datetime(2025, 1, 1, 9)
    stamps = [start + timedelta(hours=6 * i) for i in range(4 * 365)]
    names = [Path(f"/b/c-{t:%Y%m%d-%H%M%S}.db") for t in reversed(stamps)]
    kept = backups_to_keep(names)
    assert names[:10] == kept[:10]
    days = {p.name[2:10] for p in kept}
    months = {p.name[2:8] for p in kept}
    assert len(days) >= 12 and len(months) >= 9
    assert len(kept) <= 10 + 12 + 10 + 9
    oldest_kept = min(kept, key=lambda p: p.name)
    assert oldest_kept.name < "c-20280101"  # reaches back months, not hours


def test_leftovers_of_killed_backups_are_removed_and_never_count(tmp_path: Path) -> None:
    """A stale .partial and an empty .db of this collection go; another collection's stay."""
    col = studied(tmp_path / "c.db")
    folder = backups_dir(col)
    stale = folder / "c-20240101-000000.db.partial"
    stale.write_bytes(b"x" * 1000)
    old = datetime(2024, 1, 1).timestamp()
    os.utime(stale, (old, old))
    empty = folder / "c-20240102-000000.db"
    empty.touch()
    other = folder / "d-20240101-000000.db.partial"
    other.write_bytes(b"y")
    os.utime(other, (old, old))
    assert empty not in list_backups(folder, "c")
    make_backup(col, folder, NOW + timedelta(hours=2))
    assert not stale.exists() and not empty.exists() and other.exists()


def test_a_failing_review_backup_is_reported(tmp_path: Path) -> None:
    """When the automatic backup cannot be written, the collection says why until one works."""
    col_path = studied(tmp_path / "c.db")
    with Collection.open(col_path, tz=UTC) as col:
        folder = backups_dir(col_path)
        shutil.rmtree(folder)
        folder.write_text("a file where the backups folder should be", encoding="utf-8")
        card = col.next_card(NOW + timedelta(days=1))
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW + timedelta(days=1))
        col.wait_for_backup()
        assert col.backup_problem is not None
        folder.unlink()
        card = col.next_card(NOW + timedelta(days=1, minutes=10))
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW + timedelta(days=1, minutes=10))
        col.wait_for_backup()
        assert col.backup_problem is None


# -- 5. the writer lock ---------------------------------------------------------------------------


def test_the_writer_lock_holds_through_a_symlink(tmp_path: Path) -> None:
    """A second writer through another path to the same file is refused, and so is a restore."""
    col = studied(tmp_path / "c.db")
    link = tmp_path / "link.db"
    link.symlink_to(col)
    backup = list_backups(backups_dir(col), "c")[0]
    with Collection.open(link, tz=UTC):
        with pytest.raises(CollectionBusyError):
            Collection.open(col)
        with pytest.raises(CollectionBusyError):
            restore_backup(backup, col, now=NOW)
    with Collection.open(col, tz=UTC), pytest.raises(CollectionBusyError):
        Collection.open(link)


# -- 6. a full disk -------------------------------------------------------------------------------


def _fill(col: Collection) -> None:
    """Let the file grow by no more than a page: the next large write fails as on a full disk."""
    conn = col._db.conn  # the test reaches inside to simulate the disk, nothing else
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_an_import_on_a_full_disk_changes_nothing_and_says_so(tmp_path: Path) -> None:
    """SQLITE_FULL mid-import: one error naming the file, nothing changed, no WAL left full."""
    big = tmp_path / "big.txt"
    big.write_text(
        "".join(f"Term {i}#\nDefinition number {i} of a long glossary.\n\n" for i in range(3000)),
        encoding="utf-8",
    )
    path = tmp_path / "c.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        cards = col.card_counts()["cards"]
        _fill(col)
        with pytest.raises(CollectionWriteError, match="nothing was changed") as raised:
            col.import_glossary(big, now=NOW, backup=False)
        assert str(path) in str(raised.value) and "\n" not in str(raised.value)
        assert col.card_counts()["cards"] == cards
        wal = Path(f"{path}-wal")
        assert not wal.exists() or wal.stat().st_size < 64 * 1024


FULL_DISK_ANSWER = """
import resource, signal, sys
from datetime import UTC, datetime
from glosscards import Collection, Grade
from glosscards.errors import CollectionWriteError

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
now = datetime(2025, 3, 1, 12, tzinfo=UTC)
col = Collection.open(sys.argv[1], tz=UTC)
col.review_backup_interval = None
card = col.next_card(now)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))  # no file may be written any more
try:
    col.answer(card.id, Grade.GOOD, now)
    print("ANSWERED")
except CollectionWriteError as error:
    print("ERROR", error)
print("HISTORY", len(col.history(card.id)))
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
again = col.next_card(now)
print("SAME", again.id == card.id)
col.answer(card.id, Grade.GOOD, now)
print("HISTORY", len(col.history(card.id)))
col.close()
"""


def test_an_answer_on_a_full_disk_is_reported_and_not_lost_silently(tmp_path: Path) -> None:
    """With no byte writable (RLIMIT_FSIZE in a child process), the answer fails with the real
    reason (not "cannot rollback"), nothing is recorded, the same card is shown again, and once
    space is back the answer goes through."""
    path = tmp_path / "c.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_ANSWER, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert lines[0].startswith("ERROR") and "nothing was changed" in lines[0]
    assert "rollback" not in lines[0] and str(path) in lines[0]
    assert lines[1:] == ["HISTORY 0", "SAME True", "HISTORY 1"]


# -- 7. special files -----------------------------------------------------------------------------


def test_a_fifo_as_the_collection_is_refused_at_once(tmp_path: Path) -> None:
    """stats, export and a dry run exit 2 at once instead of waiting on the pipe forever."""
    fifo = tmp_path / "c.db"
    os.mkfifo(fifo)
    for argv in (
        ["stats"],
        ["export", str(tmp_path / "x.apkg")],
        ["import", "--dry-run", str(DEMO)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "glosscards.cli", "--collection", str(fifo), *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2 and "not a regular file" in done.stderr


# -- 8. user errors write nothing -----------------------------------------------------------------


def test_a_glossary_of_headings_only_creates_no_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headings = tmp_path / "headings.txt"
    headings.write_text("Alpha#\n\nBeta#\n\nGamma#\n", encoding="utf-8")
    one_line_error(capsys, "--collection", str(tmp_path / "new.db"), "import", str(headings))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["headings.txt"]


@pytest.mark.parametrize(
    "breakage",
    [
        "DELETE FROM meta WHERE key = 'schema_version'",
        "DROP TABLE import_run",
        "UPDATE meta SET value = 'abc' WHERE key = 'schema_version'",
        "UPDATE meta SET value = '0' WHERE key = 'schema_version'",
    ],
)
def test_a_broken_schema_is_refused_unchanged_without_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breakage: str
) -> None:
    """A missing version or table is never silently recreated; a version that is not a number
    gives one line, exit 2, not a traceback; no backup is made for a refused command."""
    col = studied(tmp_path / "c.db")
    conn = sqlite3.connect(col)
    conn.execute(breakage)
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    for argv in (("import", str(DEMO)), ("backup",), ("stats",)):
        err = one_line_error(capsys, "--collection", str(col), *argv)
        assert "damaged" in err
    assert snapshot(tmp_path) == before


# -- 12. the size cap -----------------------------------------------------------------------------


def test_the_size_cap_applies_to_a_whole_markdown_folder(tmp_path: Path) -> None:
    """Three letter files of 20 MB each are one 60 MB glossary: refused before reading."""
    folder = tmp_path / "glossary-md"
    folder.mkdir()
    line = "word " * 19 + "\n"
    for letter in "abc":
        (folder / f"{letter}.md").write_text(line * (20 * 1024 * 1024 // len(line)))
    with pytest.raises(Exception, match="too large"):
        read_glossary(folder)


def test_a_damaged_collection_is_not_exported_and_a_newer_one_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damage must not travel into Anki; a collection of a newer glosscards is refused for
    writing before its journal mode or anything else changes, and `check` says so."""
    col = studied(tmp_path / "c.db")
    damage(col)
    err = one_line_error(capsys, "--collection", str(col), "export", str(tmp_path / "x.apkg"))
    assert "damaged" in err and not (tmp_path / "x.apkg").exists()
    newer = studied(tmp_path / "n.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    for argv in (("import", str(DEMO)), ("backup",), ("check",)):
        assert "newer glosscards" in one_line_error(capsys, "--collection", str(newer), *argv)
    assert snapshot(tmp_path) == before


def test_a_reader_closing_never_removes_a_writers_log(tmp_path: Path) -> None:
    """A read-only open (stats, export) that closes after a writer started leaves the writer's
    -wal alone: every answer the writer commits is on disk."""
    path = studied(tmp_path / "c.db")
    reader = Collection.open(path, tz=UTC, readonly=True)
    with Collection.open(path, tz=UTC) as writer:
        writer.review_backup_interval = None
        card = writer.next_card(NOW)
        reader.close()
        assert Path(f"{path}-wal").exists()  # the writer's log is still there
        assert card is not None
        writer.answer(card.id, Grade.GOOD, NOW)
        answers = writer.card_counts()["cards"], len(writer.history(card.id))
    with Collection.open(path, tz=UTC) as again:
        assert len(again.history(card.id)) == answers[1] == 1


def test_the_backup_just_made_is_never_pruned(tmp_path: Path) -> None:
    """Ten backups stamped later (the clock moved back: another time zone) do not push out the
    one just made, which imports, deck deletions and restores rely on."""
    col = studied(tmp_path / "c.db")
    folder = backups_dir(col)
    for hour in range(10):
        make_backup(col, folder, NOW + timedelta(days=1, hours=hour))
    made = make_backup(col, folder, NOW - timedelta(days=1))
    assert made.exists()
