"""A card's note for the Edit dialog, and writing an edit or a revert: one transaction each.

What an edit may change and what the note records afterwards is decided by the pure
:mod:`glosscards.note_edit`; this module reads the note and writes the outcome. The note's cards
are made to match its cloze numbers in the same transaction (an edit keeps them; reverting a
kept edit to a newer glossary version may add or retire one).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select, update

from glosscards.note_edit import NoteFieldsEdit
from glosscards.render import cloze_ordinals
from glosscards.storage.card_sync import NoteCards, sync_cards
from glosscards.storage.database import Database
from glosscards.storage.models import NoteRow, TermRow
from glosscards.values import EditableNote

__all__ = ["EditStore"]

_NOTE = NoteRow.__table__  # type: ignore[attr-defined]
_TERM = TermRow.__table__  # type: ignore[attr-defined]


class EditStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def note_of_card(self, card_id: int) -> EditableNote | None:
        """The note of a card, with the glossary's version of its fields (its own, unedited)."""
        row = self._db.row(
            "SELECT n.id, t.name, n.text, n.back_extra, n.edited, n.glossary_text,"
            " n.glossary_back_extra FROM card c JOIN note n ON n.id = c.note_id"
            " JOIN term t ON t.id = n.term_id WHERE c.id = ?",
            (card_id,),
        )
        if row is None:
            return None
        note_id, term, text, back, edited, glossary_text, glossary_back = row
        if not edited:
            glossary_text, glossary_back = text, back
        return EditableNote(
            note_id=note_id,
            term=term,
            text=text,
            back_extra=back,
            edited=bool(edited),
            glossary_text=glossary_text,
            glossary_back_extra=glossary_back,
        )

    def save(self, note_id: int, fields: NoteFieldsEdit, *, now_s: int) -> None:
        """Write a note's fields and make its cards match their cloze numbers: one transaction.

        ``modified`` moves forward by at least a second, so Anki takes the change on the next
        export even within the second of the last one."""
        with self._db.core() as conn:
            conn.execute(
                update(_NOTE)
                .where(_NOTE.c.id == note_id)
                .values(
                    text=fields.text,
                    back_extra=fields.back_extra,
                    edited=fields.edited,
                    glossary_text=fields.glossary_text,
                    glossary_back_extra=fields.glossary_back_extra,
                    modified=_later(now_s),
                )
            )
            position, deck_id, retired = conn.execute(
                select(_TERM.c.position, _TERM.c.source_id, _TERM.c.retired)
                .join(_NOTE, _NOTE.c.term_id == _TERM.c.id)
                .where(_NOTE.c.id == note_id)
            ).one()
            cards = NoteCards(cloze_ordinals(fields.text), position, active=not retired)
            sync_cards(conn, {note_id: cards}, deck_id=deck_id)


def _later(now_s: int) -> ColumnElement[int]:
    """``max(now_s, modified + 1)``, as SQL on the row being updated."""
    return func.max(now_s, _NOTE.c.modified + 1)
