"""Writing the notes of an import's new and changed terms, and their cards; keeping edits.

Part of :func:`glosscards.storage.importer.apply_plan`'s transaction. A note the learner edited
(:mod:`glosscards.note_edit`) is studied and exported as edited: an import keeps the edit, and
its cloze numbers, unless told to replace it, and either way records the glossary's new version
of the note (``fields_hash``, ``glossary_text``, ``glossary_back_extra``) so that the same
version is not offered again and a revert brings back the newest one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from glosscards.cloze import NoteFields
from glosscards.import_plan import IncomingTerm
from glosscards.render import cloze_ordinals
from glosscards.storage.bulk import insert_rows, update_rows
from glosscards.storage.card_sync import NoteCards, sync_cards
from glosscards.storage.models import GlossarySourceRow, NoteRow, TermRow

__all__ = ["EditedNote", "NoteSync", "ReplaceEdits", "edited_notes", "sync_notes", "term_origin"]

_TERM = TermRow.__table__  # type: ignore[attr-defined]
_NOTE = NoteRow.__table__  # type: ignore[attr-defined]
_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]


def term_origin() -> ColumnElement[int]:
    """The glossary source a term comes from: an import of that glossary matches, updates and
    retires it in whichever deck the learner moved it to (``term.origin_id``, schema 7)."""
    return func.coalesce(_TERM.c.origin_id, _TERM.c.source_id)


ReplaceEdits = bool | AbstractSet[str]
"""Which edited notes take the glossary's new version: all (True), none (False, the default
everywhere), or those of the named terms (by their name in the file)."""


@dataclass(slots=True)
class NoteSync:
    cards_added: int = 0
    cards_retired: int = 0
    edits_replaced: list[str] = field(default_factory=list)
    """Terms whose edited note took the glossary's version instead of the edit."""


@dataclass(frozen=True, slots=True)
class EditedNote:
    """A note the learner edited: the edit, and the digest of the glossary's fields it has."""

    text: str
    back_extra: str
    fields_hash: str


def edited_notes(conn: Connection, deck_name: str) -> dict[str, EditedNote]:
    """The edited notes of one deck's glossary (moved to another deck or not), by their term's
    key (the planner's ``KnownTerm.key``)."""
    rows = conn.execute(
        select(_TERM.c.key, _NOTE.c.text, _NOTE.c.back_extra, _NOTE.c.fields_hash)
        .join(_NOTE, _NOTE.c.term_id == _TERM.c.id)
        .join(_SOURCE, _SOURCE.c.id == term_origin())
        .where(_SOURCE.c.name == deck_name, _NOTE.c.edited.is_(True))
    ).all()
    return {key: EditedNote(text, back, fhash) for key, text, back, fhash in rows}


def _note_values(fields: NoteFields, fields_hash: str) -> dict[str, Any]:
    return {
        "text": fields.text,
        "back_extra": fields.back_extra,
        "tags": " ".join(fields.tags),
        "fields_hash": fields_hash,
        "edited": False,
        "glossary_text": "",
        "glossary_back_extra": "",
    }


def sync_notes(
    conn: Connection,
    to_sync: Sequence[tuple[int, IncomingTerm, int]],
    *,
    fields_for: Callable[[IncomingTerm], NoteFields],
    fields_hash: Callable[[NoteFields], str],
    now_s: int,
    progress: Callable[[int, int], None] | None,
    deck_id: int,
    replace_edits: ReplaceEdits,
    keep_edits: frozenset[str] = frozenset(),
) -> NoteSync:
    """Create or update the note of each (term id, entry, position), then make its cards match
    the note's cloze ordinals (new cards get ``deck_id``, the deck the queue filters on).

    An edited note keeps the edit, and its cloze numbers, unless the glossary's version of it
    changed and ``replace_edits`` covers its term; never for a term in ``keep_edits`` (the
    card maker's own changes, which the preview did not ask about). An edit that equals the
    glossary's new version stops being an edit."""
    result = NoteSync()
    if not to_sync:
        return result
    term_ids = [tid for tid, _, _ in to_sync]
    notes = {
        term_id: (nid, fhash, modified)
        for nid, term_id, fhash, modified in conn.execute(
            select(_NOTE.c.id, _NOTE.c.term_id, _NOTE.c.fields_hash, _NOTE.c.modified).where(
                _NOTE.c.term_id.in_(term_ids)
            )
        )
    }
    edits: dict[int, str] = {  # term id -> the edited Text
        term_id: text
        for term_id, text in conn.execute(
            select(_NOTE.c.term_id, _NOTE.c.text).where(
                _NOTE.c.term_id.in_(term_ids), _NOTE.c.edited.is_(True)
            )
        )
    }
    note_updates: list[dict[str, Any]] = []
    kept_updates: list[dict[str, Any]] = []
    note_inserts: list[dict[str, Any]] = []
    wanted: dict[int, tuple[tuple[int, ...], int]] = {}  # term id -> (ordinals, position)
    for done, (tid, item, position) in enumerate(to_sync, start=1):
        fields = fields_for(item)
        new_hash = fields_hash(fields)
        wanted[tid] = (fields.ordinals, position)
        existing = notes.get(tid)
        if existing is None:
            note_inserts.append(
                {"term_id": tid, "modified": now_s, **_note_values(fields, new_hash)}
            )
        elif existing[1] == new_hash:  # the glossary's note is the same: nothing to write
            if tid in edits:
                wanted[tid] = (cloze_ordinals(edits[tid]), position)
        elif (
            tid in edits
            and edits[tid] == fields.text
            and _back_of(conn, existing[0]) == fields.back_extra
        ):
            # The glossary now says what the learner wrote: the note is no longer an edit.
            note_updates.append(
                {
                    "b_id": existing[0],
                    "modified": _later(now_s, existing[2]),
                    **_note_values(fields, new_hash),
                }
            )
        elif tid in edits and (item.name in keep_edits or not _replaces(replace_edits, item.name)):
            # The edit stays what is studied; the glossary's new version is remembered.
            wanted[tid] = (cloze_ordinals(edits[tid]), position)
            kept_updates.append(
                {
                    "b_id": existing[0],
                    "b_modified": _later(now_s, existing[2]),
                    "b_tags": " ".join(fields.tags),
                    "b_hash": new_hash,
                    "b_text": fields.text,
                    "b_back": fields.back_extra,
                }
            )
        else:
            if tid in edits:
                result.edits_replaced.append(item.name)
            note_updates.append(
                {
                    "b_id": existing[0],
                    "modified": _later(now_s, existing[2]),
                    **_note_values(fields, new_hash),
                }
            )
        if progress is not None and (done % 200 == 0 or done == len(to_sync)):
            progress(done, len(to_sync))
    if note_updates:
        columns = [name for name in note_updates[0] if name != "b_id"]
        rows = [(*(u[name] for name in columns), u["b_id"]) for u in note_updates]
        update_rows(conn, _NOTE, columns, rows)
    if kept_updates:
        kept = [("modified", "b_modified"), ("tags", "b_tags"), ("fields_hash", "b_hash")]
        kept += [("glossary_text", "b_text"), ("glossary_back_extra", "b_back")]
        rows = [(*(u[key] for _, key in kept), u["b_id"]) for u in kept_updates]
        update_rows(conn, _NOTE, [name for name, _ in kept], rows)
    note_of = {term_id: nid for term_id, (nid, _, _) in notes.items()}
    if note_inserts:
        ids = insert_rows(conn, _NOTE, note_inserts)
        note_of.update(
            (values["term_id"], nid) for values, nid in zip(note_inserts, ids, strict=True)
        )
    synced = sync_cards(
        conn,
        {
            note_of[tid]: NoteCards(ordinals, position)
            for tid, (ordinals, position) in wanted.items()
        },
        deck_id=deck_id,
    )
    result.cards_added, result.cards_retired = synced.added, synced.retired
    return result


def _back_of(conn: Connection, note_id: int) -> str:
    row = conn.execute(select(_NOTE.c.back_extra).where(_NOTE.c.id == note_id)).first()
    return "" if row is None else str(row[0])


def _replaces(replace_edits: ReplaceEdits, name: str) -> bool:
    return replace_edits if isinstance(replace_edits, bool) else name in replace_edits


def _later(now_s: int, modified: int) -> int:
    """Anki compares integer seconds: every change must move the modification time forward."""
    return max(now_s, modified + 1)
