"""The command line: reports, JSON, exit codes and one-line errors that name the file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RESOURCES
from glosscards.cli import main

DEMO = RESOURCES / "demo-glossary.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_a_report_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`import` prints the counts of what changed."""
    code, out, _ = run(capsys, "--collection", str(tmp_path / "c.db"), "import", str(DEMO))
    assert code == 0
    assert "added" in out and "Spaced Repetition" in out


def test_import_json_has_the_report_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import --json` prints the same keys as lists, for scripts."""
    code, out, _ = run(
        capsys, "--collection", str(tmp_path / "c.db"), "import", "--json", "--dry-run", str(DEMO)
    )
    assert code == 0
    data = json.loads(out)
    for key in ("added", "changed", "renamed", "removed", "unchanged", "skipped"):
        assert isinstance(data[key], list)
    assert data["dry_run"] is True
    assert "Grad Descent" in data["skipped"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--dry-run` creates no collection, and leaves an existing one byte for byte as it was."""
    path = tmp_path / "c.db"
    code, out, _ = run(capsys, "--collection", str(path), "import", "--dry-run", str(DEMO))
    assert code == 0 and "added" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    extra = tmp_path / "extra.txt"
    extra.write_text("Z#\nZeta Term#\nZeta is the last one.\n", encoding="utf-8")
    run(capsys, "--collection", str(path), "import", "--deck", "demo-glossary", str(extra))
    before, backups = path.read_bytes(), sorted((tmp_path / "backups").iterdir())
    code, out, _ = run(
        capsys,
        *("--collection", str(path), "import", "--dry-run", "--json"),
        *("--deck", "demo-glossary", str(DEMO)),
    )
    report = json.loads(out)
    assert code == 0 and len(report["added"]) == 23 and report["removed"] == ["Zeta Term"]
    assert path.read_bytes() == before  # (SQLite may leave its -shm index file; no data)
    assert sorted((tmp_path / "backups").iterdir()) == backups


def test_unwritable_collection_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A collection path under a file (no folder can be made there): exit 2, no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "--collection", str(blocker / "c.db"), "import", str(DEMO))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "c.db" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "not found"),
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"caf\xe9 latin-1 text\nTerm#\n", "UTF-8"),
        (b"plain notes without any heading\n", "no glossary headings"),
        (b"Term#\n" + b"a" * (10 * 1024 * 1024 + 1) + b"\n", "line"),
        (b"Term#\nDef.\n" * (50 * 1024 * 1024 // 11 + 1), "50 MB"),
    ],
    ids=["missing", "empty", "binary", "latin-1", "no-heading", "10MB-line", "over-50MB"],
)
def test_user_errors_exit_2_with_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    """Bad input: exit 2, one line on stderr with the file and the reason, nothing written."""
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    col = tmp_path / "c.db"
    code, out, err = run(capsys, "--collection", str(col), "import", str(bad))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(bad) in err
    assert reason.lower() in err.lower()
    assert not col.exists()


def test_stats_json_counts_cards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stats --json` gives today's counts and the cards by state."""
    col = str(tmp_path / "c.db")
    run(capsys, "--collection", col, "import", str(DEMO))
    code, out, _ = run(capsys, "--collection", col, "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["due_today"]["new"] == 20
    assert data["cards"]["new"] == data["cards"]["cards"] > 20


def test_stats_on_a_missing_collection_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading stats of a collection that does not exist names the path and exits 2."""
    code, _, err = run(capsys, "--collection", str(tmp_path / "none.db"), "stats")
    assert code == 2 and "none.db" in err


def test_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`restore` brings back a backup, after backing up the current state."""
    col = str(tmp_path / "c.db")
    run(capsys, "--collection", col, "import", str(DEMO))
    code, out, _ = run(capsys, "--collection", col, "backup")
    assert code == 0
    backup = Path(out.split("backup: ", 1)[1].strip())
    extra = tmp_path / "extra.txt"
    extra.write_text("Z#\nZeta Term#\nZeta is the last one.\n", encoding="utf-8")
    run(capsys, "--collection", col, "import", "--deck", "demo-glossary", str(extra))
    code, out, _ = run(capsys, "--collection", col, "restore", str(backup))
    assert code == 0 and "restored" in out
    db = sqlite3.connect(col)
    names = {r[0] for r in db.execute("SELECT name FROM term WHERE retired = 0")}
    db.close()
    assert "Zeta Term" not in names and "Spaced Repetition" in names


def test_stats_for_one_deck_and_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stats --deck NAME --period 1m` limits the figures; an unknown deck is a user error."""
    col = str(tmp_path / "c.db")
    run(capsys, "--collection", col, "import", str(DEMO))
    code, out, _ = run(capsys, "--collection", col, "stats", "--json", "--deck", "demo-glossary")
    assert code == 0 and json.loads(out)["cards"]["new"] > 20
    code, _, err = run(capsys, "--collection", col, "stats", "--deck", "nope", "--period", "1m")
    assert code == 2 and "nope" in err and "demo-glossary" in err


@pytest.mark.parametrize("folder", ["C# notes?", "100% sure", "a&b=c", "spaced out ", "ümlaut ü"])
def test_collections_in_folders_with_odd_names_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    """Import, dry run, stats and export work in a folder whose name has URL characters, and
    nothing is written beside the folder (paths are never pasted into SQLite URLs)."""
    place = tmp_path / folder
    place.mkdir()
    col = str(place / "c.db")
    assert run(capsys, "--collection", col, "import", str(DEMO))[0] == 0
    assert run(capsys, "--collection", col, "import", "--dry-run", str(DEMO))[0] == 0
    code, out, _ = run(capsys, "--collection", col, "stats", "--json")
    assert code == 0 and json.loads(out)["cards"]["new"] > 0
    assert run(capsys, "--collection", col, "export", str(place / "out.apkg"))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]


def test_no_command_opens_the_app_on_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`glosscards` alone runs the `glosscards-app` entry point (as `anki` does), passing
    --collection on; the entry point is replaced here so no window opens."""
    from glosscards.ui import app

    calls: list[list[str]] = []

    def opened(argv: list[str]) -> int:
        calls.append(list(argv))
        return 0

    monkeypatch.setattr(app, "main", opened)
    assert main([]) == 0
    target = tmp_path / "my collection.db"
    assert main(["--collection", str(target)]) == 0
    assert calls == [[], ["--collection", str(target)]]


def test_help_says_so_and_does_not_load_qt() -> None:
    """`glosscards --help` names the no-command behaviour and never imports PySide6."""
    script = (
        "import sys\n"
        "from glosscards.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('PySide6 loaded' if 'PySide6' in sys.modules else 'no Qt')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Run without a command to open the app." in " ".join(done.stdout.split())
    assert done.stdout.rstrip().endswith("no Qt")


def test_every_command_and_option_has_help_text() -> None:
    """`--help` of every command explains each of its arguments and options (issue 17)."""
    import argparse

    from glosscards.cli import _parser

    missing: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                described = {choice.dest for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    if name not in described:
                        missing.append(f"{path} {name}".strip())
                    walk(sub, f"{path} {name}".strip())
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(_parser(), "")
    assert missing == []
