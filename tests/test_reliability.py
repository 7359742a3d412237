"""Nothing lost: killed processes, concurrent processes, damaged files, backups, migrations."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import RESOURCES, SHARED_DATA, peek
from glosscards import Collection, CollectionBusyError, Grade

DEMO = RESOURCES / "demo-glossary.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def child(script: str, *args: str) -> subprocess.Popen[str]:
    """A Python child process running ``script`` with the project importable."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_answers_survive_sigkill(tmp_path: Path) -> None:
    """A child answers N cards, says so, and is killed with SIGKILL: all N answers are on disk."""
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=NOW)
    proc = child(
        """
        import sys, time
        from datetime import UTC, datetime, timedelta
        from glosscards import Collection, Grade
        col = Collection.open(sys.argv[1])
        now = datetime(2025, 3, 1, 12, tzinfo=UTC)
        for n in range(1, 13):
            card = col.next_card(now)
            col.answer(card.id, Grade.GOOD, now)
            print(n, flush=True)      # the answer has returned: it must be durable
            now += timedelta(seconds=5)
        time.sleep(60)
        """,
        str(path),
    )
    assert proc.stdout is not None
    answered = 0
    for line in proc.stdout:
        answered = int(line)
        if answered == 12:
            break
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert answered == 12
    assert _count(path, "review_log") == 12
    with Collection.open(path) as col:  # the lock died with the process
        assert col.counts(NOW).new == 20 - 12


@pytest.mark.parametrize("moment", ["starting", "opened", "writing", "committed", "2.0s"])
def test_import_killed_at_any_moment_leaves_old_or_new_state(tmp_path: Path, moment: str) -> None:
    """SIGKILL during an import of a whole glossary: the collection is exactly old or new.

    The child reports its progress; the test kills it at that point: before the import starts,
    once the collection is open (while the file is read and planned), inside the write
    transaction (at the first progress callback), right after it committed, or after a delay.
    """
    source = SHARED_DATA / "ai-glossary-2025-03-01.txt"
    if not source.exists():
        source = tmp_path / "big.txt"
        source.write_text(
            "\n".join(f"Term {i}#\nDefinition {i} of the term, long enough." for i in range(3000)),
            encoding="utf-8",
        )
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=NOW)
    old_terms = _terms(path)
    proc = child(
        """
        import sys, time
        from glosscards import Collection
        print("starting", flush=True)
        with Collection.open(sys.argv[1]) as col:
            print("opened", flush=True)
            def progress(done, total):
                print("writing", flush=True)
                time.sleep(0.2)
            col.import_glossary(sys.argv[2], deck="demo-glossary", progress=progress)
            print("committed", flush=True)
            time.sleep(60)
        """,
        str(path),
        str(source),
    )
    assert proc.stdout is not None
    if moment.endswith("s"):
        time.sleep(float(moment[:-1]))
    else:
        for line in proc.stdout:
            if line.strip() == moment:
                break
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    with Collection.open(path) as col:
        assert peek(col).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    terms = _terms(path)
    runs = _count(path, "import_run")
    if moment == "committed":
        assert runs == 2
    if moment in ("starting", "writing"):
        assert runs == 1
    if runs == 1:
        assert terms == old_terms  # killed before the commit: nothing of it is visible
    else:
        assert runs == 2 and len(terms) > 1000 and old_terms - terms


def _terms(path: Path) -> set[tuple[str, int]]:
    db = sqlite3.connect(path)
    try:
        return set(db.execute("SELECT name, retired FROM term"))
    finally:
        db.close()


def _count(path: Path, table: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


def test_second_writer_is_refused_but_readers_may_read(tmp_path: Path) -> None:
    """Another process holding the collection: a second writer gets a clear error, a reader reads."""
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=NOW)
    holder = child(
        """
        import sys, time
        from glosscards import Collection
        col = Collection.open(sys.argv[1])
        print("open", flush=True)
        time.sleep(60)
        """,
        str(path),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(CollectionBusyError, match="open in another process"):
            Collection.open(path)
        with Collection.open(path, readonly=True) as reader:
            assert reader.counts(NOW).new == 20
        from glosscards.cli import main

        assert main(["--collection", str(path), "stats"]) == 0
        assert main(["--collection", str(path), "import", str(DEMO)]) == 2
    finally:
        holder.kill()
        holder.communicate()


def test_reviewing_backs_up_at_most_every_30_minutes(tmp_path: Path) -> None:
    """Answers trigger a backup when the last one is older than 30 minutes, not more often."""
    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        backups = tmp_path / "backups"
        now = NOW
        for _ in range(3):
            card = col.next_card(now)
            assert card is not None
            col.answer(card.id, Grade.GOOD, now)
            now += timedelta(minutes=10)
        col.wait_for_backup()
        assert len(list(backups.glob("*.db"))) == 1
        for _ in range(3):
            card = col.next_card(now)
            assert card is not None
            col.answer(card.id, Grade.GOOD, now)
            now += timedelta(minutes=10)
        col.wait_for_backup()
        assert len(list(backups.glob("*.db"))) == 2


def test_backups_keep_the_last_ten(tmp_path: Path) -> None:
    """Only the ten newest backups are kept."""
    with Collection.open(tmp_path / "col.db") as col:
        for n in range(13):
            col.backup(NOW + timedelta(minutes=n))
    assert len(list((tmp_path / "backups").glob("*.db"))) == 10


def test_restoring_the_oldest_of_ten_backups_keeps_it(tmp_path: Path) -> None:
    """Backing up the current state before a restore never prunes the backup being restored."""
    from glosscards.restore import restore_backup

    path = tmp_path / "col.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        for n in range(10):
            col.backup(NOW + timedelta(minutes=n))
    oldest = sorted((tmp_path / "backups").glob("*.db"))[0]
    safety = restore_backup(oldest, path, now=NOW + timedelta(hours=1))
    assert safety is not None and safety.exists() and oldest.exists()
    with Collection.open(path) as col:
        assert col.counts(NOW).new == 20


def test_restoring_where_there_is_no_collection_reports_no_safety_backup(tmp_path: Path) -> None:
    """With nothing to back up, restore says so instead of naming the collection as a backup."""
    from glosscards.restore import restore_backup

    with Collection.open(tmp_path / "a.db") as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        backup = col.backup(NOW)
    assert restore_backup(backup, tmp_path / "fresh.db", now=NOW) is None
    with Collection.open(tmp_path / "fresh.db") as col:
        assert col.counts(NOW).new == 20


def test_a_failed_review_backup_is_retried_five_minutes_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review-time backup that fails does not wait 30 minutes for the next try."""
    import glosscards.review_backups as review_backups

    calls: list[datetime] = []

    def flaky(path: Path, folder: Path, now: datetime) -> Path:
        calls.append(now)
        if len(calls) == 1:
            raise OSError("disk full")
        return folder / "ok.db"

    monkeypatch.setattr(review_backups, "make_backup", flaky)
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(DEMO, now=NOW, backup=False)
        now = NOW
        for _ in range(4):
            card = col.next_card(now)
            assert card is not None
            col.answer(card.id, Grade.GOOD, now)
            col.wait_for_backup()
            now += timedelta(minutes=3)
    assert calls == [NOW, NOW + timedelta(minutes=6)]
