"""Collection → .apkg → real Anki, then a glossary update re-exported: updated in place, no duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import anki_import
from four_terms import FOUR_TERMS, UPDATED
from glosscards import Collection, ExportError
from glosscards.cli import main

V1 = FOUR_TERMS

V2 = UPDATED


def test_update_is_applied_in_place_and_anki_scheduling_survives(
    tmp_path: Path, anki_col: Any, fixed_now: datetime
) -> None:
    """Re-export after a glossary update: changed notes updated, new added, none duplicated."""
    v1, v2 = tmp_path / "g-v1.txt", tmp_path / "g-v2.txt"
    v1.write_text(V1, encoding="utf-8")
    v2.write_text(V2, encoding="utf-8")
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(v1, deck="g", now=fixed_now)
        first = col.export_apkg(tmp_path / "one.apkg")
        log = anki_import(anki_col, first.path)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (4, 0, 0)
        assert anki_col.note_count() == 4 and anki_col.card_count() == 4

        # study in Anki: the scheduling of these cards must survive the re-import
        anki_col.sched.set_due_date(anki_col.find_cards(""), "7")
        before = {
            cid: (c.due, c.ivl, c.type)
            for cid in anki_col.find_cards("")
            for c in [anki_col.get_card(cid)]
        }

        # the update lands in the same second as the first import: the edit must not be lost
        report = col.import_glossary(v2, deck="g", now=fixed_now)
        assert (report.changed, report.added, report.removed) == (
            ["Alpha Model", "Beta Function"],
            ["Epsilon Rate"],
            ["Delta Layer"],
        )
        second = col.export_apkg(tmp_path / "two.apkg")
        assert second.notes == 4  # the retired term is left out

    log = anki_import(anki_col, second.path)
    assert len(log.new) == 1
    assert len(log.updated) == 2
    assert len(log.duplicate) == 1  # Gamma: unchanged, not rewritten
    assert anki_col.note_count() == 5  # Delta stays in Anki (an import never deletes)
    texts = [anki_col.get_note(n)["Text"] for n in anki_col.find_notes("")]
    assert any("reference baseline" in t for t in texts)
    assert not any(t.count("used as a baseline") for t in texts)
    for cid, state in before.items():
        card = anki_col.get_card(cid)
        assert (card.due, card.ivl, card.type) == state


def test_questions_in_anki_show_the_gap_never_the_answer(
    tmp_path: Path, anki_col: Any, fixed_now: datetime
) -> None:
    """Every card Anki builds from the export hides its own answer."""
    src = tmp_path / "g.txt"
    src.write_text(V2, encoding="utf-8")
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(src, now=fixed_now)
        result = col.export_apkg(tmp_path / "g.apkg")
    anki_import(anki_col, result.path)
    assert anki_col.card_count() == result.cards == 5  # c2 for BF included
    for cid in anki_col.find_cards(""):
        card = anki_col.get_card(cid)
        question = card.question()
        assert "cloze" in question
        answer_text = "BF" if card.ord == 1 else "Beta Function"
        if "Beta" in card.note()["Text"]:
            assert f">{answer_text}<" not in question


def test_export_of_an_empty_collection_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing to export: exit 2, a one-line message, no file written."""
    path = tmp_path / "c.db"
    Collection.open(path).close()
    target = tmp_path / "out.apkg"
    assert main(["--collection", str(path), "export", str(target)]) == 2
    assert str(target) in capsys.readouterr().err
    assert not target.exists()


def test_export_to_an_unwritable_path_is_refused(tmp_path: Path, fixed_now: datetime) -> None:
    """A target whose folder is missing raises ExportError and writes nothing."""
    src = tmp_path / "g.txt"
    src.write_text(V1, encoding="utf-8")
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(src, now=fixed_now)
        with pytest.raises(ExportError):
            col.export_apkg(tmp_path / "missing" / "out.apkg")
    assert not (tmp_path / "missing").exists()


def test_two_edits_in_one_second_both_reach_anki(
    tmp_path: Path, anki_col: Any, fixed_now: datetime
) -> None:
    """An edit made in the same second as the previous export is still newer for Anki."""
    src = tmp_path / "g.txt"
    with Collection.open(tmp_path / "col.db") as col:
        src.write_text(V1, encoding="utf-8")
        col.import_glossary(src, now=fixed_now)
        anki_import(anki_col, col.export_apkg(tmp_path / "1.apkg").path)
        for n, text in enumerate(["first edit", "second edit"]):
            src.write_text(V1.replace("a baseline", text), encoding="utf-8")
            col.import_glossary(src, now=fixed_now + timedelta(milliseconds=n))
            log = anki_import(anki_col, col.export_apkg(tmp_path / f"e{n}.apkg").path)
            assert len(log.updated) == 1


@pytest.mark.parametrize(("target", "deck"), [(".", "AI Glossary"), ("out.apkg", "  ")])
def test_a_folder_or_a_blank_deck_name_is_a_one_line_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fixed_now: datetime,
    target: str,
    deck: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`export .` or `--deck ""`: exit 2 with a message, nothing written."""
    src = tmp_path / "g.txt"
    src.write_text(V1, encoding="utf-8")
    path = tmp_path / "c.db"
    with Collection.open(path) as col:
        col.import_glossary(src, now=fixed_now)
    monkeypatch.chdir(tmp_path)

    def files() -> list[str]:  # SQLite's -shm/-wal side files hold no data of ours
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-shm", "-wal")))

    before = files()
    assert main(["--collection", str(path), "export", target, "--deck", deck]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert files() == before
