"""Editing a card's note: what an edit may change, and what the note records afterwards.

The learner may rewrite a note's Text (HTML with Anki's cloze syntax) and its Back Extra. Each
cloze number is a card with a review history of its own — in Anki too, where the card ordinal
*is* the cloze number — so an edit must keep exactly the note's cloze numbers: dropping ``c2``
would orphan that card and its history, adding ``c3`` would make a card no glossary asked for.

A note remembers the glossary's version of its fields while it is edited, so that a re-import can
show the edit beside the glossary's new version, and so that the edit can be reverted. An edit
that restores the glossary's version exactly is no edit any more.

The Edit dialog shows each field with a line break after every ``<br>`` (:func:`for_editing`);
:func:`from_editing` takes them out again, so a field saved unchanged is byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from glosscards.errors import NoteEditError
from glosscards.render import cloze_ordinals, cloze_texts
from glosscards.values import EditableNote

__all__ = ["NoteFieldsEdit", "check_edit", "edit_of", "for_editing", "from_editing", "revert_of"]

_BREAK = "<br>"


@dataclass(frozen=True, slots=True)
class NoteFieldsEdit:
    """A note's fields after an edit or a revert, as storage writes them.

    ``glossary_text`` and ``glossary_back_extra`` are empty unless ``edited``."""

    text: str
    back_extra: str
    edited: bool
    glossary_text: str = ""
    glossary_back_extra: str = ""


def _numbers(ordinals: Iterable[int]) -> str:
    return ", ".join(f"c{n}" for n in ordinals) or "none"


def check_edit(note: EditableNote, text: str) -> None:
    """Refuse (:class:`NoteEditError`, naming the term) a Text that does not keep exactly the
    note's cloze numbers, or that has a cloze hiding nothing; every problem is named at once."""
    problems: list[str] = []
    have, found = cloze_ordinals(note.text), cloze_ordinals(text)
    if found != have:
        problems.append(
            f"the Text must keep exactly the clozes {_numbers(have)} (it has {_numbers(found)}),"
            " one per card; write each as {{c1::answer}}"
        )
    empty = sorted({n for n, hidden in cloze_texts(text) if not hidden.strip()})
    if empty:
        problems.append(f"cloze {_numbers(empty)} hides nothing")
    if problems:
        raise NoteEditError(note.term, "; ".join(problems) + ". Nothing was saved.")


def edit_of(note: EditableNote, text: str, back_extra: str) -> NoteFieldsEdit | None:
    """The note's fields once ``text`` and ``back_extra`` are saved, or None when they are the
    note's own already (nothing to write). Call :func:`check_edit` first."""
    if (text, back_extra) == (note.text, note.back_extra):
        return None
    if (text, back_extra) == (note.glossary_text, note.glossary_back_extra):
        return NoteFieldsEdit(text, back_extra, edited=False)
    return NoteFieldsEdit(
        text,
        back_extra,
        edited=True,
        glossary_text=note.glossary_text,
        glossary_back_extra=note.glossary_back_extra,
    )


def revert_of(note: EditableNote) -> NoteFieldsEdit | None:
    """The glossary's version of the note's fields, or None when it is not edited."""
    if not note.edited:
        return None
    return NoteFieldsEdit(note.glossary_text, note.glossary_back_extra, edited=False)


def for_editing(html: str) -> str:
    """A field as the Edit dialog shows it: a line break after every ``<br>``."""
    return html.replace(_BREAK, _BREAK + "\n")


def from_editing(text: str, *, line_breaks: bool = False) -> str:
    """The field from what :func:`for_editing` showed and the learner changed.

    The line break after each ``<br>`` goes again. With ``line_breaks`` (the Text field, which
    the glossary never writes with bare line breaks) every other line break the learner typed
    becomes a ``<br>``; Back Extra keeps them, as its ``<pre>`` code blocks need them.
    """
    field = text.replace(_BREAK + "\n", _BREAK)
    return field.replace("\n", _BREAK) if line_breaks else field
