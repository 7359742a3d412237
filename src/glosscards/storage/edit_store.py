"""A card's note for the Edit dialog, and writing an edit or a revert: one transaction each.

What an edit may change and what the note records afterwards is decided by the pure
:mod:`glosscards.note_edit`; this module reads the note and writes the outcome. The note's cards
are made to match its cloze numbers in the same transaction (an edit keeps them; reverting a
kept edit to a newer glossary version may add or retire one), and the step is journaled for
undo (:mod:`glosscards.storage.journal`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glosscards.note_edit import NoteFieldsEdit
from glosscards.render import cloze_ordinals
from glosscards.storage.database import Database
from glosscards.storage.journal import record_step, term_of_card
from glosscards.undo import describe_step
from glosscards.values import EditableNote

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

__all__ = ["EditStore"]


def _tables() -> tuple[Any, Any, Any]:
    """The note, term and card tables (SQLAlchemy loads with the first edit, not at opening)."""
    from glosscards.storage.models import CardRow, NoteRow, TermRow

    return NoteRow.__table__, TermRow.__table__, CardRow.__table__  # type: ignore[attr-defined]


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

    def save(
        self,
        note_id: int,
        fields: NoteFieldsEdit,
        *,
        now_s: int,
        day: int,
        card_id: int,
        revert: bool = False,
    ) -> None:
        """Write a note's fields and make its cards match their cloze numbers, and journal the
        step (of scheduling day ``day``, made through card ``card_id``; a ``revert`` is named
        so) with the fields and cards before it: one transaction.

        ``modified`` moves forward by at least a second, so Anki takes the change on the next
        export even within the second of the last one."""
        from sqlalchemy import select, update

        from glosscards.storage.card_sync import NoteCards, sync_cards

        _NOTE, _TERM, _CARD = _tables()
        with self._db.core() as conn:
            before = _note_before(conn, note_id)
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
            sync_cards(conn, {note_id: cards}, deck_id=deck_id, keep_places=True)
            term = term_of_card(conn, card_id)
            record_step(
                conn,
                kind="edit",
                day=day,
                card_ids=[card_id],
                description=describe_step("revert" if revert else "edit", count=1, term=term),
                at=now_s,
                before=before,
            )


def _note_before(conn: Connection, note_id: int) -> dict[str, Any]:
    """What undoing an edit of the note restores: its fields and its cards' places."""
    from sqlalchemy import select

    _NOTE, _TERM, _CARD = _tables()
    text, back, edited, glossary_text, glossary_back = conn.execute(
        select(
            _NOTE.c.text, _NOTE.c.back_extra, _NOTE.c.edited, _NOTE.c.glossary_text,
            _NOTE.c.glossary_back_extra,
        ).where(_NOTE.c.id == note_id)
    ).one()  # fmt: skip
    cards = conn.execute(
        select(_CARD.c.id, _CARD.c.retired, _CARD.c.new_position)
        .where(_CARD.c.note_id == note_id)
        .order_by(_CARD.c.id)
    ).all()
    note = {
        "id": note_id, "text": text, "back_extra": back, "edited": int(edited),
        "glossary_text": glossary_text, "glossary_back_extra": glossary_back,
    }  # fmt: skip
    return {"note": note, "cards": [[int(i), int(r), int(p)] for i, r, p in cards]}


def _later(now_s: int) -> ColumnElement[int]:
    """``max(now_s, modified + 1)``, as SQL on the row being updated."""
    from sqlalchemy import func

    _NOTE, _TERM, _CARD = _tables()
    return func.max(now_s, _NOTE.c.modified + 1)
