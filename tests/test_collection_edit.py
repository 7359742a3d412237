"""The learner fixes a card: edit and revert on a real collection file, re-imports that keep or
replace the edit, and the edit in the .apkg as the real Anki imports it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import anki_import, peek
from glosscards import Collection, CollectionError, Grade
from glosscards.cli import main
from glosscards.errors import NoteEditError

GLOSSARY = """A#
Alpha Model#
~ the first letter
Alpha is the first thing. It is used in tests.
Beta (BT)#
Beta comes after alpha and before gamma.
"""
CHANGED = GLOSSARY.replace("It is used in tests.", "It is used in many tests.")


def _write(tmp_path: Path, text: str, name: str = "glossary.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _card(col: Collection, term: str, ordinal: int = 1) -> int:
    return next(r.card_id for r in col.find_cards("") if (r.term, r.ordinal) == (term, ordinal))


def _note_row(col: Collection, card_id: int) -> tuple[Any, ...]:
    row = (
        peek(col)
        .execute(
            "SELECT n.text, n.back_extra, n.edited, n.glossary_text, n.glossary_back_extra,"
            " n.modified FROM card c JOIN note n ON n.id = c.note_id WHERE c.id = ?",
            (card_id,),
        )
        .fetchone()
    )
    assert row is not None
    return tuple(row)


@pytest.fixture
def col(tmp_path: Path, fixed_now: datetime) -> Any:
    with Collection.open(tmp_path / "col.db") as opened:
        opened.import_glossary(_write(tmp_path, GLOSSARY), now=fixed_now)
        yield opened


def _fix_alpha(col: Collection, now: datetime) -> tuple[int, str]:
    """Edit Alpha Model's prompt and back; return its card and the edited Text."""
    card = _card(col, "Alpha Model")
    note = col.editable_note(card)
    text = note.text.replace("It is used in tests.", "It is the learner's own wording.")
    col.edit_note(card, text=text, back_extra="<p>My note.</p>", now=now)
    return card, text


def test_an_edit_is_stored_studied_and_remembers_the_glossary_version(
    col: Collection, fixed_now: datetime
) -> None:
    """The edit is on disk, the card shows it, and the glossary's fields are kept beside it."""
    card = _card(col, "Alpha Model")
    before = _note_row(col, card)
    col.answer(card, Grade.GOOD, fixed_now)
    _, text = _fix_alpha(col, fixed_now)
    stored = _note_row(col, card)
    assert stored[:5] == (text, "<p>My note.</p>", 1, before[0], before[1])
    assert stored[5] > before[5]  # a newer modification time, for Anki
    shown = col.review_card(card, fixed_now)
    assert "learner's own wording" in shown.question_html
    assert "My note." in shown.answer_html
    assert len(col.history(card)) == 1  # the card and its history are the same
    note = col.editable_note(card)
    assert note.edited and note.glossary_text == before[0]


def test_a_c2_card_edits_the_same_note(col: Collection, fixed_now: datetime) -> None:
    """Both cards of a term are one note: editing from the acronym card changes both."""
    c1, c2 = _card(col, "Beta"), _card(col, "Beta", 2)
    text = col.editable_note(c2).text + "<br>Also a Greek letter."
    col.edit_note(c2, text=text, back_extra="", now=fixed_now)
    assert "Greek letter" in col.review_card(c1, fixed_now).question_html
    assert "Greek letter" in col.review_card(c2, fixed_now).question_html


def test_an_edit_that_loses_a_cloze_is_refused_and_writes_nothing(
    col: Collection, fixed_now: datetime
) -> None:
    """Dropping c2 would orphan the acronym card: refused, naming the term; the file is as it was."""
    card = _card(col, "Beta")
    before = _note_row(col, card)
    with pytest.raises(NoteEditError, match=r"^Beta: the Text must keep exactly the clozes c1, c2"):
        col.edit_note(card, text="{{c1::Beta}} comes after alpha.", back_extra="", now=fixed_now)
    assert _note_row(col, card) == before
    with pytest.raises(KeyError):
        col.edit_note(999, text="{{c1::x}}", back_extra="", now=fixed_now)


def test_saving_an_unchanged_note_writes_nothing(col: Collection, fixed_now: datetime) -> None:
    """Save without a change: not an edit, and the modification time stays."""
    card = _card(col, "Beta")
    before = _note_row(col, card)
    note = col.editable_note(card)
    col.edit_note(card, text=note.text, back_extra=note.back_extra, now=fixed_now)
    assert _note_row(col, card) == before


def test_revert_brings_back_the_glossary_version(col: Collection, fixed_now: datetime) -> None:
    """Revert: the glossary's Text and Back Extra again, not marked edited, newer for Anki."""
    card = _card(col, "Alpha Model")
    original = _note_row(col, card)
    _fix_alpha(col, fixed_now)
    edited = _note_row(col, card)
    note = col.revert_note(card, fixed_now)
    assert not note.edited and (note.text, note.back_extra) == original[:2]
    reverted = _note_row(col, card)
    assert reverted[:5] == (original[0], original[1], 0, "", "")
    assert reverted[5] > edited[5]
    assert col.revert_note(card, fixed_now) == note  # nothing left to revert


def test_a_read_only_collection_refuses_edits(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """Editing needs a collection open for writing."""
    card = _card(col, "Beta")
    note = col.editable_note(card)
    col.close()
    with Collection.open(tmp_path / "col.db", readonly=True) as ro:
        assert ro.editable_note(card) == note
        with pytest.raises(CollectionError, match="read-only"):
            ro.edit_note(card, text=note.text + "!", back_extra="", now=fixed_now)
        with pytest.raises(CollectionError, match="read-only"):
            ro.revert_note(card, fixed_now)


def test_reimporting_an_unchanged_entry_keeps_the_edit(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """Same entry, another change in the file: the edit survives, nothing is asked."""
    card, text = _fix_alpha(col, fixed_now)
    more = _write(tmp_path, GLOSSARY.replace("before gamma", "before the letter gamma"), "v2.txt")
    report = col.import_glossary(more, deck="glossary", now=fixed_now + timedelta(days=1))
    assert report.changed == ["Beta"] and report.edited_changed == []
    assert _note_row(col, card)[:3] == (text, "<p>My note.</p>", 1)


def test_a_changed_entry_is_previewed_with_both_versions(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """The dry run lists the edited term whose entry changed, with the edit and the new text."""
    _, text = _fix_alpha(col, fixed_now)
    report = col.import_glossary(_write(tmp_path, CHANGED), dry_run=True, now=fixed_now)
    assert report.changed == ["Alpha Model"] and report.edited_changed == ["Alpha Model"]
    versions = report.edit_versions["Alpha Model"]
    assert (versions.text, versions.back_extra) == (text, "<p>My note.</p>")
    assert "It is used in many tests." in versions.glossary_text
    assert report.to_json_dict()["edited_changed"] == ["Alpha Model"]


def test_a_changed_entry_keeps_the_edit_by_default_and_remembers_the_new_version(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """Keep: the edit is still studied; a revert afterwards brings the *new* glossary text,
    and importing the same file again asks nothing more."""
    card, text = _fix_alpha(col, fixed_now)
    before = _note_row(col, card)
    report = col.import_glossary(_write(tmp_path, CHANGED), now=fixed_now)
    assert report.edited_changed == ["Alpha Model"] and report.edits_replaced == []
    kept = _note_row(col, card)
    assert kept[:3] == (text, "<p>My note.</p>", 1)
    assert "many tests" in kept[3] and kept[5] > before[5]
    again = col.import_glossary(_write(tmp_path, CHANGED, "again.txt"), deck="glossary")
    assert again.writes_nothing and again.edited_changed == []
    assert "many tests" in col.revert_note(card, fixed_now).text


@pytest.mark.parametrize("replace", [True, frozenset({"Alpha Model"})])
def test_a_changed_entry_can_take_the_glossary_version_instead(
    tmp_path: Path, col: Collection, fixed_now: datetime, replace: Any
) -> None:
    """Replace (all, or this term by name): the new glossary note, no longer edited."""
    card, _ = _fix_alpha(col, fixed_now)
    history = col.history(card)
    report = col.import_glossary(_write(tmp_path, CHANGED), now=fixed_now, replace_edits=replace)
    assert report.edits_replaced == ["Alpha Model"]
    text, back, edited, glossary_text, _, _ = _note_row(col, card)
    assert "It is used in many tests." in text and "My note." not in back
    assert (edited, glossary_text) == (0, "")
    assert col.history(card) == history


def test_only_the_named_edits_are_replaced(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """Two edited terms change; replacing one keeps the other."""
    alpha, alpha_text = _fix_alpha(col, fixed_now)
    beta = _card(col, "Beta")
    beta_text = col.editable_note(beta).text + "<br>Mine."
    col.edit_note(beta, text=beta_text, back_extra="", now=fixed_now)
    both = CHANGED.replace("before gamma", "before the letter gamma")
    report = col.import_glossary(
        _write(tmp_path, both), now=fixed_now, replace_edits=frozenset({"Beta"})
    )
    assert sorted(report.edited_changed) == ["Alpha Model", "Beta"]
    assert report.edits_replaced == ["Beta"]
    assert _note_row(col, alpha)[0] == alpha_text
    assert "Mine." not in _note_row(col, beta)[0] and _note_row(col, beta)[2] == 0


def test_a_renamed_entry_asks_under_its_new_name(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """A rename (matched by its definition) of an edited term is listed by its new name, and
    that name is what replace_edits takes."""
    card, _ = _fix_alpha(col, fixed_now)
    renamed = GLOSSARY.replace("Alpha Model#", "Alpha Baseline Model#")
    preview = col.import_glossary(_write(tmp_path, renamed), dry_run=True, now=fixed_now)
    assert preview.renamed == ["Alpha Baseline Model"]
    assert preview.edited_changed == ["Alpha Baseline Model"]
    report = col.import_glossary(
        _write(tmp_path, renamed), now=fixed_now, replace_edits={"Alpha Baseline Model"}
    )
    assert report.edits_replaced == ["Alpha Baseline Model"]
    assert "Alpha Baseline Model" in col.editable_note(card).text


def test_a_kept_edit_keeps_its_cards_and_a_revert_adds_the_new_cloze(
    tmp_path: Path, col: Collection, fixed_now: datetime
) -> None:
    """The entry gains an acronym (a c2 card) while the edit, with c1 only, is kept: no c2 card
    until the edit is reverted to the glossary's version, which has one."""
    card, _ = _fix_alpha(col, fixed_now)
    acronym = GLOSSARY.replace("Alpha Model#", "Alpha Model (AM)#")
    report = col.import_glossary(_write(tmp_path, acronym), now=fixed_now)
    assert report.edited_changed == ["Alpha Model"] and report.cards_added == 0
    assert [r.ordinal for r in col.find_cards('term:"Alpha Model"')] == [1]
    col.review_card(card, fixed_now)  # the kept edit still renders
    col.revert_note(card, fixed_now)
    rows = col.find_cards('term:"Alpha Model"')
    assert [r.ordinal for r in rows] == [1, 2] and not any(r.retired for r in rows)
    assert col.review_card(rows[1].card_id, fixed_now).question_html


def test_the_edit_reaches_anki_and_a_later_edit_updates_the_note_there(
    tmp_path: Path, col: Collection, fixed_now: datetime, anki_col: Any
) -> None:
    """The exported note carries the edit; an edit made in the second of the last export still
    updates the note in Anki, and a revert does too."""
    card, text = _fix_alpha(col, fixed_now)
    log = anki_import(anki_col, col.export_apkg(tmp_path / "1.apkg").path)
    assert len(log.new) == 2

    def alpha_fields() -> list[str]:
        (nid,) = anki_col.find_notes('"Text:*Alpha Model*"')
        return list(anki_col.get_note(nid).fields)

    assert alpha_fields() == [text, "<p>My note.</p>"]
    col.edit_note(card, text=text + "<br>Once more.", back_extra="", now=fixed_now)
    log = anki_import(anki_col, col.export_apkg(tmp_path / "2.apkg").path)
    assert len(log.updated) == 1 and alpha_fields() == [text + "<br>Once more.", ""]
    glossary = col.revert_note(card, fixed_now)
    log = anki_import(anki_col, col.export_apkg(tmp_path / "3.apkg").path)
    assert len(log.updated) == 1 and alpha_fields() == [glossary.text, glossary.back_extra]


def test_the_cli_import_lists_edits_keeps_them_and_can_replace_them(
    tmp_path: Path, col: Collection, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import --dry-run` names the edited terms; `import` keeps them; `--replace-edits` not."""
    card, _ = _fix_alpha(col, fixed_now)
    col.close()
    path, changed = str(tmp_path / "col.db"), str(_write(tmp_path, CHANGED))
    assert main(["--collection", path, "import", changed, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "edited by you, entry changed (1): Alpha Model" in out and "your edits are kept" in out
    assert main(["--collection", path, "import", changed]) == 0
    assert "kept your edit (1): Alpha Model" in capsys.readouterr().out
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM note WHERE edited = 1").fetchone() == (1,)
    db.close()

    newer = str(_write(tmp_path, CHANGED.replace("many tests", "all tests")))
    assert main(["--collection", path, "import", newer, "--replace-edits"]) == 0
    assert "replaced your edit by the glossary's (1): Alpha Model" in capsys.readouterr().out
    with Collection.open(path) as reopened:
        note = reopened.editable_note(card)
    assert not note.edited and "all tests" in note.text
