"""``import-progress``: a learner's answers in Anki come home offline, from an .apkg exported
with scheduling or a .colpkg — glosscards → .apkg → a real Anki collection, studied there with
Anki's scheduler, exported by Anki, and imported back. No mocks: the ``anki`` package does it all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import genanki
import pytest

from conftest import anki_import
from four_terms import FOUR_TERMS
from glosscards import Collection, SyncFailedError
from glosscards.anki_history import AnkiAnswer, OwnAnswer, answers_to_take
from glosscards.browse import BrowseRow
from glosscards.cli import main
from glosscards.scheduler.grade import Grade

GLOSSARY = FOUR_TERMS


@dataclass(frozen=True)
class Learner:
    """A collection whose cards were studied in glosscards, then in Anki, and Anki's exports."""

    path: Path
    apkg: Path
    colpkg: Path
    legacy_apkg: Path
    """Exported from Anki in the format of Anki before 2.1.50 (``collection.anki21``)."""
    bare_apkg: Path
    """Exported from Anki without scheduling information."""
    studied: tuple[int, int]
    """The cards answered in glosscards (Good, Hard) before the export to Anki."""
    in_anki: tuple[int, int]
    """The cards answered in Anki afterwards: the Good one again, and a card new in glosscards."""
    now: datetime


def _rows(col: Collection) -> dict[int, BrowseRow]:
    return {row.card_id: row for row in col.find_cards()}


def _anki_card_id(acol: Any, col: Collection, card_id: int) -> int:
    row = _rows(col)[card_id]
    key = next(n.key for n in col.export_notes() if row.term in n.text)
    return int(
        acol.db.scalar(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?",
            genanki.guid_for(key),
            row.ordinal - 1,
        )
    )


@pytest.fixture
def learner(tmp_path: Path, anki_col: Any) -> Learner:
    from anki.collection import ExportAnkiPackageOptions

    # Anki stamps its answers with the wall clock: glosscards' answers sit a day before, on the
    # scheduling day before (a second answer on the same day would be a same-day re-drill).
    now = datetime.now(UTC) - timedelta(days=1)
    glossary = tmp_path / "glossary.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "home" / "col.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(glossary, deck="AI", now=now, backup=False)
        studied = []
        for i, grade in enumerate([Grade.GOOD, Grade.HARD]):
            card = col.next_card(now + timedelta(seconds=i))
            assert card is not None
            col.answer(card.id, grade, now + timedelta(seconds=i, milliseconds=500))
            studied.append(int(card.id))
        col.export_apkg(tmp_path / "from-glosscards.apkg", with_progress=True)
        anki_import(anki_col, tmp_path / "from-glosscards.apkg", with_scheduling=True)
        assert anki_col.db.scalar("SELECT count() FROM revlog") == 2
        new_card = next(r.card_id for r in _rows(col).values() if r.due_day is None)
        in_anki = (studied[0], new_card)
        for card_id in in_anki:
            card = anki_col.get_card(_anki_card_id(anki_col, col, card_id))
            card.start_timer()
            anki_col.sched.answerCard(card, 3)
    assert anki_col.db.scalar("SELECT count() FROM revlog") == 4
    exports = tmp_path / "exports"
    exports.mkdir()
    for name, scheduling, legacy in (
        ("progress.apkg", True, False),
        ("legacy.apkg", True, True),
        ("bare.apkg", False, False),
    ):
        anki_col.export_anki_package(
            out_path=str(exports / name),
            options=ExportAnkiPackageOptions(
                with_scheduling=scheduling, with_deck_configs=False, with_media=False, legacy=legacy
            ),
            limit=None,
        )
    anki_col.export_collection_package(
        str(exports / "collection.colpkg"), include_media=False, legacy=False
    )
    return Learner(
        path,
        exports / "progress.apkg",
        exports / "collection.colpkg",
        exports / "legacy.apkg",
        exports / "bare.apkg",
        (studied[0], studied[1]),
        in_anki,
        now,
    )


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """The collection file's bytes and mtime, and what is in the folder beside it (its
    backups among them), with the collection closed."""
    folder = path.parent
    listing = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    return path.read_bytes(), path.stat().st_mtime_ns, listing


@pytest.mark.parametrize("which", ["apkg", "colpkg", "legacy_apkg"])
def test_answers_made_in_anki_join_history_once_and_reschedule(
    learner: Learner, which: str
) -> None:
    package: Path = getattr(learner, which)
    good, hard = learner.studied
    again, fresh = learner.in_anki
    assert again == good
    with Collection.open(learner.path, tz=UTC) as col:
        before = _rows(col)
        assert [len(col.history(c)) for c in (good, hard, fresh)] == [1, 1, 0]
        assert before[fresh].due_day is None

        result = col.import_progress(package, now=learner.now + timedelta(hours=2))

        assert (result.answers, result.received, result.already_there) == (4, 2, 2)
        assert (result.rescheduled, result.skipped, result.path) == (2, 0, package)
        assert result.backup is not None and result.backup.exists()
        # Anki's answers joined the histories; glosscards' own, exported earlier, not doubled
        histories = {c: col.history(c) for c in (good, hard, fresh)}
        assert [len(h) for h in histories.values()] == [2, 1, 1]
        assert [r.grade for r in histories[good]] == [Grade.GOOD, Grade.GOOD]
        assert histories[hard][0].grade == Grade.HARD
        assert histories[good][1].reviewed_at > histories[good][0].reviewed_at
        after = _rows(col)
        assert after[fresh].due_day is not None and after[fresh].reviews == 1
        assert before[good].due_day is not None and after[good].due_day is not None
        assert after[good].due_day > before[good].due_day
        assert after[hard] == before[hard]  # not answered in Anki: left as it was

        again_result = col.import_progress(package, now=learner.now + timedelta(hours=3))
        assert (again_result.received, again_result.already_there) == (0, 4)
        assert (again_result.rescheduled, again_result.backup) == (0, None)
        assert [len(col.history(c)) for c in (good, hard, fresh)] == [2, 1, 1]
        assert _rows(col) == after
    # the other file holds the same answers: nothing more to add either
    other = learner.colpkg if which == "apkg" else learner.apkg
    snapshot = _snapshot(learner.path)
    with Collection.open(learner.path, tz=UTC) as col:
        third = col.import_progress(other)
        assert (third.received, third.already_there, third.backup) == (0, 4, None)
    assert _snapshot(learner.path) == snapshot


def test_undo_after_an_import_does_not_take_back_an_imported_answer(learner: Learner) -> None:
    good, _hard = learner.studied
    with Collection.open(learner.path, tz=UTC) as col:
        moment = learner.now + timedelta(hours=2)
        col.import_progress(learner.apkg, now=moment)
        assert col.undo(moment) is None  # every answer now is in Anki too
        assert len(col.history(good)) == 2
        card = col.next_card(moment)
        assert card is not None
        col.answer(card.id, Grade.GOOD, moment)
        undone = col.undo(moment)  # an answer made after the import can be taken back
        assert undone is not None and undone.card_id == card.id
        assert col.undo(moment) is None
        assert len(col.history(good)) == 2


def test_an_export_without_scheduling_brings_nothing_and_says_why(learner: Learner) -> None:
    snapshot = _snapshot(learner.path)
    with Collection.open(learner.path, tz=UTC) as col:
        result = col.import_progress(learner.bare_apkg)
        assert (result.answers, result.received, result.backup) == (0, 0, None)
        assert "Include scheduling information" in result.summary()
    assert _snapshot(learner.path) == snapshot


def test_the_cli_prints_a_summary_and_json(
    learner: Learner, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--collection", str(learner.path), "import-progress", str(learner.colpkg)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith(f"{learner.colpkg}: 2 answers brought home (2 cards rescheduled)")
    assert "2 already here" in out
    code = main(["--collection", str(learner.path), "import-progress", "--json", str(learner.apkg)])
    out, _ = capsys.readouterr()
    assert code == 0
    shown = json.loads(out)
    assert shown["path"] == str(learner.apkg)
    assert (shown["received"], shown["already_there"], shown["backup"]) == (0, 4, None)


def _bad_file(folder: Path, kind: str, learner: Learner) -> Path:
    if kind == "missing":
        return folder / "nowhere.apkg"
    if kind == "text renamed .apkg":
        (folder / "notes.apkg").write_text("these are my notes, not a deck\n", encoding="utf-8")
        return folder / "notes.apkg"
    if kind == "text renamed .colpkg":
        (folder / "notes.colpkg").write_text("not a collection\n", encoding="utf-8")
        return folder / "notes.colpkg"
    if kind == "truncated":
        data = learner.apkg.read_bytes()
        (folder / "cut.apkg").write_bytes(data[: len(data) // 2])
        return folder / "cut.apkg"
    if kind == "damaged inside":
        data = bytearray(learner.colpkg.read_bytes())
        data[120:200] = bytes(80)  # inside the compressed collection: its checksum fails
        (folder / "damaged.colpkg").write_bytes(bytes(data))
        return folder / "damaged.colpkg"
    (folder / "progress.txt").write_bytes(learner.apkg.read_bytes())
    return folder / "progress.txt"


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "text renamed .apkg",
        "text renamed .colpkg",
        "truncated",
        "damaged inside",
        "not named as a package",
    ],
)
def test_a_bad_file_is_one_line_naming_it_and_nothing_is_written(
    learner: Learner, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    bad = _bad_file(tmp_path, kind, learner)
    snapshot = _snapshot(learner.path)
    code = main(["--collection", str(learner.path), "import-progress", str(bad)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"glosscards: {bad}: ")
    assert _snapshot(learner.path) == snapshot  # the backups folder's listing included
    with Collection.open(learner.path, tz=UTC) as col, pytest.raises(SyncFailedError) as caught:
        col.import_progress(bad)
    assert caught.value.server == str(bad)
    assert _snapshot(learner.path) == snapshot


def test_the_cli_refuses_a_collection_that_is_not_there(
    learner: Learner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "elsewhere" / "col.db"
    code = main(["--collection", str(missing), "import-progress", str(learner.apkg)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and str(missing) in err
    assert not missing.parent.exists()


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import-progress", "--help"])
    out, _ = capsys.readouterr()
    assert "Include scheduling information" in out
    assert "--json" in out and "print what was imported as JSON" in out
    assert ".colpkg" in out


def test_a_learning_answer_anki_moved_up_one_button_is_still_glosscards_own() -> None:
    """Anki's importer upgrades a package made for its old scheduler: glosscards' Hard (2) and
    Good (3) on a new card come back as 3 and 4. They are paired, not taken as new answers."""
    own = [OwnAnswer(1, "g", 1, 10_000, 3), OwnAnswer(2, "h", 1, 20_000, 2)]
    rows = [
        AnkiAnswer("g", 1, 10_000, 4, 0, kind=0),
        AnkiAnswer("h", 1, 20_000, 3, 0, kind=0),
        AnkiAnswer("g", 1, 90_000, 3, 0, kind=1),  # a later answer made in Anki
    ]
    taken = answers_to_take(rows, known=set(), own=own)
    assert taken.paired == ((1, 10_000), (2, 20_000))
    assert [r.revlog_id for r in taken.received] == [90_000]
    # a review answer (type 1) is not upgraded: another button there is another answer
    review = answers_to_take([AnkiAnswer("g", 1, 10_000, 4, 0, kind=1)], known=set(), own=own[:1])
    assert review.paired == () and len(review.received) == 1
    # the same button is preferred when both could be meant
    both = [OwnAnswer(1, "g", 1, 10_000, 3), OwnAnswer(2, "g", 1, 10_100, 4)]
    exact = answers_to_take([AnkiAnswer("g", 1, 10_200, 4, 0, kind=0)], known=set(), own=both)
    assert exact.paired == ((2, 10_200),)
