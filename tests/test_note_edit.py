"""Editing a note, the pure part: which edits are refused, what a note records, the dialog's
line breaks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.errors import GlosscardsError, NoteEditError
from glosscards.note_edit import check_edit, edit_of, for_editing, from_editing, revert_of
from glosscards.values import EditableNote

TEXT = "{{c1::Beta}} ({{c2::BT}})<br>{{c1::Beta}} comes after alpha."


def _note(text: str = TEXT, back: str = "<p>More.</p>", **kw: object) -> EditableNote:
    """A note whose glossary version is TEXT and "<p>More.</p>"."""
    values: dict[str, object] = {
        "note_id": 7,
        "term": "Beta",
        "text": text,
        "back_extra": back,
        "edited": False,
        "glossary_text": TEXT,
        "glossary_back_extra": "<p>More.</p>",
    }
    values.update(kw)
    return EditableNote(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        TEXT.replace("comes after", "follows"),
        "{{c2::BT}} is short for {{c1::Beta::a letter}}",  # reordered, with a hint
        TEXT + "<br>A new line.",
    ],
)
def test_an_edit_keeping_the_cloze_numbers_is_accepted(text: str) -> None:
    """Any wording is fine as long as c1 and c2 are still there, and nothing else is."""
    check_edit(_note(), text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{{c1::Beta}} comes after alpha.", "keep exactly the clozes c1, c2 (it has c1)"),
        (TEXT + " {{c3::gamma}}", "(it has c1, c2, c3)"),
        ("Beta comes after alpha.", "(it has none)"),
        ("{{c1::Beta}} ({{c2::  }})", "cloze c2 hides nothing"),
        ("{{C1::Beta}} ({{c2::BT}})", "(it has c2)"),  # Anki's clozes are lower-case
    ],
)
def test_an_edit_that_drops_or_adds_a_card_is_refused_naming_the_term(text: str, says: str) -> None:
    """The message names the term and the clozes the Text must keep, and says nothing was saved."""
    with pytest.raises(NoteEditError) as info:
        check_edit(_note(), text)
    message = str(info.value)
    assert message.startswith("Beta: ") and says in message and "Nothing was saved" in message
    assert isinstance(info.value, GlosscardsError) and isinstance(info.value, ValueError)


def test_every_problem_is_named_at_once() -> None:
    """A Text that loses c2 and empties c1 hears about both."""
    with pytest.raises(NoteEditError) as info:
        check_edit(_note(), "{{c1::}} comes after alpha.")
    assert "keep exactly the clozes c1, c2" in str(info.value)
    assert "cloze c1 hides nothing" in str(info.value)


def test_a_first_edit_remembers_the_glossary_version() -> None:
    """The glossary's fields are kept beside the edit, for the import preview and a revert."""
    note = _note()
    edited = edit_of(note, TEXT + "!", "mine")
    assert edited is not None and edited.edited
    assert (edited.text, edited.back_extra) == (TEXT + "!", "mine")
    assert (edited.glossary_text, edited.glossary_back_extra) == (note.text, note.back_extra)


def test_a_second_edit_still_remembers_the_glossary_version_not_the_first_edit() -> None:
    """Editing an edit keeps the glossary's version, not the earlier edit."""
    note = _note("first edit {{c1::x}} {{c2::y}}", "b", edited=True)
    again = edit_of(note, "second edit {{c1::x}} {{c2::y}}", "b")
    assert again is not None and again.glossary_text == TEXT


def test_saving_the_glossary_version_is_no_edit_and_saving_unchanged_writes_nothing() -> None:
    """Typing the glossary's version back ends the edit; an unchanged note needs no write."""
    note = _note("mine {{c1::x}} {{c2::y}}", "b", edited=True)
    back = edit_of(note, TEXT, "<p>More.</p>")
    assert back is not None and not back.edited and back.glossary_text == ""
    assert edit_of(note, note.text, note.back_extra) is None
    assert edit_of(_note(), TEXT, "<p>More.</p>") is None


def test_revert_brings_back_the_glossary_version() -> None:
    """Revert: the glossary's fields, no longer marked edited; nothing to do for an unedited note."""
    note = _note("mine {{c1::x}} {{c2::y}}", "b", edited=True)
    reverted = revert_of(note)
    assert reverted is not None and not reverted.edited
    assert (reverted.text, reverted.back_extra) == (TEXT, "<p>More.</p>")
    assert revert_of(_note()) is None


def test_the_dialog_shows_a_line_after_each_break() -> None:
    """Each <br> ends a line in the editor; a line typed in the Text becomes a <br>."""
    assert for_editing("a<br>b") == "a<br>\nb"
    assert from_editing("a<br>\nb\nc", line_breaks=True) == "a<br>b<br>c"
    assert from_editing("<p>a</p>\n<pre>x\ny</pre>") == "<p>a</p>\n<pre>x\ny</pre>"


@given(st.lists(st.sampled_from(["<br>", "\n", "<", "br", ">", "a", " ", "\u00a0", "}}"])))
def test_a_field_shown_and_saved_unchanged_is_the_same(parts: list[str]) -> None:
    """from_editing undoes for_editing exactly, whatever the field holds (Back Extra), and for
    a Text without bare line breaks (all the glossary writes) also with line_breaks."""
    field = "".join(parts)
    assert from_editing(for_editing(field)) == field
    text = field.replace("\n", "")
    assert from_editing(for_editing(text), line_breaks=True) == text


def test_an_empty_nested_cloze_is_refused() -> None:
    """``{{c1::{{c2:: }}}}``: the acronym card would hide nothing there."""
    text = "{{c1::Large Language Model ({{c2::LLM}})}} and {{c1::{{c2::LLM}}}}"
    note = EditableNote(1, "Large Language Model", text, "", False, text, "")
    with pytest.raises(NoteEditError, match="c2 hides nothing"):
        check_edit(note, text.replace("{{c2::LLM}}}}", "{{c2:: }}}}"))
