"""Applying an import plan to the collection inside one transaction.

The plan (what changes) is computed by the pure :func:`glosscards.import_plan.plan_import`; this
module only writes it. Cards are never deleted: a removed term's cards are retired (they leave the
queue, the counts and the exports) and keep their history, so a term that comes back is restored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from glosscards.cloze import NoteFields
from glosscards.glossary.serialize import entry_to_json
from glosscards.import_plan import Change, ImportPlan, IncomingTerm, KnownTerm
from glosscards.identity import unique_key
from glosscards.storage.models import CardRow, NoteRow, TermRow

__all__ = ["ApplyCounts", "apply_plan", "known_terms"]


@dataclass(slots=True)
class ApplyCounts:
    cards_added: int = 0
    cards_retired: int = 0


def known_terms(session: Session, source_id: int) -> list[KnownTerm]:
    """The stored terms of one glossary source, as the pure planner wants them."""
    rows = session.exec(select(TermRow).where(TermRow.source_id == source_id)).all()
    out: list[KnownTerm] = []
    for row in rows:
        entry = json.loads(row.entry_json)
        definition = " ".join([*entry.get("glosses", []), *entry.get("paragraphs", [])])
        out.append(
            KnownTerm(
                key=row.key,
                name=row.name,
                aliases=tuple(json.loads(row.aliases_json)),
                content_hash=row.content_hash,
                retired=row.retired,
                definition=definition,
            )
        )
    return out


def apply_plan(
    session: Session,
    *,
    source_id: int,
    plan: ImportPlan,
    fields_for: Callable[[IncomingTerm], NoteFields],
    fields_hash: Callable[[NoteFields], str],
    now_s: int,
    progress: Callable[[int, int], None] | None = None,
) -> ApplyCounts:
    """Write every planned change; the caller commits (one transaction for the whole import).

    Rows are loaded once and written in bulk (three flushes for terms, notes and cards), because an
    import of a whole glossary touches thousands of rows.
    """
    counts = ApplyCounts()
    terms = {
        row.key: row
        for row in session.exec(select(TermRow).where(TermRow.source_id == source_id)).all()
    }
    term_ids = [t.id for t in terms.values()]
    notes = {
        n.term_id: n
        for n in session.exec(select(NoteRow).where(col(NoteRow.term_id).in_(term_ids))).all()
    }
    cards: dict[int, dict[int, CardRow]] = {}
    note_ids = [n.id for n in notes.values()]
    for card in session.exec(select(CardRow).where(col(CardRow.note_id).in_(note_ids))).all():
        cards.setdefault(card.note_id, {})[card.ordinal] = card
    taken = set(session.exec(select(TermRow.key)).all())

    to_sync: list[tuple[TermRow, IncomingTerm, int]] = []
    new_terms: list[tuple[TermRow, IncomingTerm, int]] = []
    for position, change in enumerate(plan.changes):
        if change.change is Change.REMOVED:
            assert change.known is not None
            term = terms[change.known.key]
            note = notes.get(term.id or 0)
            note_cards = cards.get(note.id or 0, {}) if note is not None else {}
            counts.cards_retired += _retire(term, note_cards, now_s)
            continue
        item = change.incoming
        assert item is not None
        if change.change is Change.ADDED:
            key = unique_key(item.name, taken)
            taken.add(key)
            term = TermRow(source_id=source_id, key=key, created_at=now_s, heading="", name="", term="")
            _update_term(term, item, position, now_s)
            new_terms.append((term, item, position))
            continue
        assert change.known is not None
        term = terms[change.known.key]
        if change.change is Change.UNCHANGED:
            if term.position != position or term.line != item.entry.line:
                term.position, term.line = position, item.entry.line
                session.add(term)
            continue
        _update_term(term, item, position, now_s)
        session.add(term)
        to_sync.append((term, item, position))

    session.add_all([t for t, _, _ in new_terms])
    session.flush()
    to_sync.extend(new_terms)

    new_notes: list[NoteRow] = []
    synced: list[tuple[NoteRow, NoteFields, int]] = []
    for term, item, position in to_sync:
        assert term.id is not None
        fields = fields_for(item)
        note = notes.get(term.id)
        if note is None:
            note = NoteRow(term_id=term.id, text="", back_extra="", modified=0)
            new_notes.append(note)
        _update_note(note, fields, fields_hash(fields), now_s)
        session.add(note)
        synced.append((note, fields, position))
    session.add_all(new_notes)
    session.flush()

    for done, (note, fields, position) in enumerate(synced, start=1):
        assert note.id is not None
        counts.cards_added += _sync_cards(
            session, note.id, cards.get(note.id, {}), fields.ordinals, position, counts
        )
        if progress is not None and (done % 200 == 0 or done == len(synced)):
            progress(done, len(synced))
    return counts


def _update_note(note: NoteRow, fields: NoteFields, new_hash: str, now_s: int) -> None:
    if note.fields_hash == new_hash:
        return
    note.text, note.back_extra = fields.text, fields.back_extra
    note.tags, note.fields_hash = " ".join(fields.tags), new_hash
    # Anki compares integer seconds: every change must move the modification time forward.
    note.modified = max(now_s, note.modified + 1)


def _sync_cards(
    session: Session,
    note_id: int,
    existing: dict[int, CardRow],
    ordinals: tuple[int, ...],
    position: int,
    counts: ApplyCounts,
) -> int:
    """Make the note's cards match its cloze ordinals: add new ones, retire vanished ones."""
    added = 0
    for ordinal in ordinals:
        card = existing.get(ordinal)
        if card is None:
            session.add(CardRow(note_id=note_id, ordinal=ordinal, new_position=position * 2 + ordinal))
            added += 1
            continue
        card.retired = False
        if card.phase == "new":
            card.new_position = position * 2 + ordinal
        session.add(card)
    for ordinal, card in existing.items():
        if ordinal not in ordinals and not card.retired:
            card.retired = True
            session.add(card)
            counts.cards_retired += 1
    return added


def _update_term(term: TermRow, item: IncomingTerm, position: int, now_s: int) -> None:
    entry = item.entry
    term.name = entry.name
    term.heading = entry.heading
    term.term = entry.term
    term.acronym = entry.acronym
    term.aliases_json = json.dumps(list(entry.aliases), ensure_ascii=False)
    term.category = entry.category
    term.letter = entry.letter
    term.position = position
    term.line = entry.line
    term.entry_json = entry_to_json(entry)
    term.content_hash = item.content_hash
    term.retired = False
    term.modified_at = now_s


def _retire(term: TermRow, cards: dict[int, CardRow], now_s: int) -> int:
    term.retired = True
    term.modified_at = now_s
    retired = 0
    for card in cards.values():
        if not card.retired:
            card.retired = True
            retired += 1
    return retired
