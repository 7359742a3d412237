"""Applying an import plan to the collection inside one transaction.

The plan (what changes) is computed by the pure :func:`glosscards.import_plan.plan_import`; this
module only writes it. Cards are never deleted: a removed term's cards are retired (they leave the
queue, the counts and the exports) and keep their history, so a term that comes back is restored.

A whole glossary touches thousands of rows, so this module works with SQLAlchemy Core statements
on the sqlmodel tables (bulk ``executemany`` inserts and updates) rather than ORM objects, whose
per-object bookkeeping made a fresh import several times slower.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from glosscards.cloze import NoteFields
from glosscards.glossary.serialize import entry_to_json
from glosscards.identity import unique_key
from glosscards.import_plan import (
    Change,
    ImportPlan,
    IncomingTerm,
    KnownTerm,
    definition_text,
)
from glosscards.storage.models import (
    CardRow,
    GlossarySourceRow,
    ImportRunRow,
    NoteRow,
    TermRow,
)
from glosscards.values import ImportReport

__all__ = ["ApplyCounts", "apply_plan", "known_terms", "record_import_run"]

_TERM = TermRow.__table__  # type: ignore[attr-defined]
_NOTE = NoteRow.__table__  # type: ignore[attr-defined]
_CARD = CardRow.__table__  # type: ignore[attr-defined]
_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]
_IMPORT_RUN = ImportRunRow.__table__  # type: ignore[attr-defined]


@dataclass(slots=True)
class ApplyCounts:
    cards_added: int = 0
    cards_retired: int = 0


def _source_id(conn: Connection, deck_name: str) -> int | None:
    found = conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.name == deck_name)).scalar()
    return None if found is None else int(found)


def known_terms(conn: Connection, deck_name: str) -> list[KnownTerm]:
    """The stored terms of one deck (glossary source), as the pure planner wants them."""
    source_id = _source_id(conn, deck_name)
    if source_id is None:
        return []
    rows = conn.execute(
        select(
            _TERM.c.key,
            _TERM.c.name,
            _TERM.c.aliases_json,
            _TERM.c.content_hash,
            _TERM.c.retired,
            _TERM.c.entry_json,
            _TERM.c.position,
            _TERM.c.line,
        ).where(_TERM.c.source_id == source_id)
    ).all()
    out: list[KnownTerm] = []
    for key, name, aliases, chash, retired, entry_json, position, line in rows:
        entry = json.loads(entry_json)
        out.append(
            KnownTerm(
                key=key,
                name=name,
                aliases=tuple(json.loads(aliases)),
                content_hash=chash,
                retired=bool(retired),
                definition=definition_text(entry.get("glosses", ()), entry.get("paragraphs", ())),
                position=position,
                line=line,
            )
        )
    return out


def _term_values(item: IncomingTerm, position: int, now_s: int) -> dict[str, Any]:
    entry = item.entry
    return {
        "name": entry.name,
        "heading": entry.heading,
        "term": entry.term,
        "acronym": entry.acronym,
        "aliases_json": json.dumps(list(entry.aliases), ensure_ascii=False),
        "category": entry.category,
        "letter": entry.letter,
        "position": position,
        "line": entry.line,
        "entry_json": entry_to_json(entry),
        "content_hash": item.content_hash,
        "retired": False,
        "modified_at": now_s,
    }


def _note_values(fields: NoteFields, fields_hash: str) -> dict[str, Any]:
    return {
        "text": fields.text,
        "back_extra": fields.back_extra,
        "tags": " ".join(fields.tags),
        "fields_hash": fields_hash,
    }


def record_import_run(conn: Connection, report: ImportReport, *, now_s: int) -> None:
    """Keep the report of an applied import: when, which file, its hash and the counts."""
    conn.execute(
        insert(_IMPORT_RUN).values(
            at=now_s,
            file=str(report.file),
            sha256=report.sha256,
            format=report.format,
            counts_json=json.dumps(report.counts),
            report_json=json.dumps(report.to_json_dict(), ensure_ascii=False),
        )
    )


def apply_plan(
    conn: Connection,
    *,
    deck_name: str,
    source_path: Path,
    plan: ImportPlan,
    fields_for: Callable[[IncomingTerm], NoteFields],
    fields_hash: Callable[[NoteFields], str],
    now_s: int,
    progress: Callable[[int, int], None] | None = None,
) -> ApplyCounts:
    """Write every planned change into the deck ``deck_name`` (created if new); the caller
    commits, so the whole import is one transaction."""
    counts = ApplyCounts()
    source_id = _source_id(conn, deck_name)
    if source_id is None:
        inserted = conn.execute(insert(_SOURCE).values(name=deck_name, last_path=str(source_path)))
        source_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    else:
        conn.execute(
            update(_SOURCE).where(_SOURCE.c.id == source_id).values(last_path=str(source_path))
        )
    terms = {
        key: (tid, pos, line)
        for tid, key, pos, line in conn.execute(
            select(_TERM.c.id, _TERM.c.key, _TERM.c.position, _TERM.c.line).where(
                _TERM.c.source_id == source_id
            )
        )
    }
    taken = set(conn.execute(select(_TERM.c.key)).scalars())

    term_updates: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    retire_terms: list[int] = []
    new_terms: list[tuple[dict[str, Any], IncomingTerm, int]] = []
    to_sync: list[tuple[int, IncomingTerm, int]] = []
    for position, change in enumerate(plan.changes):
        if change.change is Change.REMOVED:
            assert change.known is not None
            retire_terms.append(terms[change.known.key][0])
            continue
        item = change.incoming
        assert item is not None
        if change.change is Change.ADDED:
            key = unique_key(item.name, taken)
            taken.add(key)
            values = _term_values(item, position, now_s)
            values.update(source_id=source_id, key=key, created_at=now_s)
            new_terms.append((values, item, position))
            continue
        assert change.known is not None
        tid, old_position, old_line = terms[change.known.key]
        if change.change is Change.UNCHANGED:
            if (old_position, old_line) != (position, item.entry.line):
                moved.append({"b_id": tid, "position": position, "line": item.entry.line})
            continue
        term_updates.append({"b_id": tid, **_term_values(item, position, now_s)})
        to_sync.append((tid, item, position))

    by_id = _TERM.c.id == bindparam("b_id")
    if term_updates:
        conn.execute(update(_TERM).where(by_id), term_updates)
    if moved:
        conn.execute(
            update(_TERM)
            .where(by_id)
            .values(position=bindparam("position"), line=bindparam("line")),
            moved,
        )
        # New cards are introduced in glossary order: they follow their term.
        conn.exec_driver_sql(
            "UPDATE card SET new_position = ? * 2 + ordinal WHERE phase = 'new'"
            " AND note_id IN (SELECT id FROM note WHERE term_id = ?)",
            [(m["position"], m["b_id"]) for m in moved],
        )
    if new_terms:
        ids = (
            conn.execute(
                insert(_TERM).returning(_TERM.c.id, sort_by_parameter_order=True),
                [values for values, _, _ in new_terms],
            )
            .scalars()
            .all()
        )
        to_sync.extend((tid, item, pos) for tid, (_, item, pos) in zip(ids, new_terms, strict=True))
    if retire_terms:
        conn.execute(
            update(_TERM)
            .where(_TERM.c.id.in_(retire_terms))
            .values(retired=True, modified_at=now_s)
        )
        counts.cards_retired += _retire_cards_of(conn, retire_terms)

    _sync_notes_and_cards(
        conn, to_sync, fields_for, fields_hash, now_s, counts, progress, deck_id=source_id
    )
    return counts


def _sync_notes_and_cards(
    conn: Connection,
    to_sync: Sequence[tuple[int, IncomingTerm, int]],
    fields_for: Callable[[IncomingTerm], NoteFields],
    fields_hash: Callable[[NoteFields], str],
    now_s: int,
    counts: ApplyCounts,
    progress: Callable[[int, int], None] | None,
    *,
    deck_id: int,
) -> None:
    """Create or update each term's note, then make its cards match the note's cloze ordinals
    (new cards get ``deck_id``, the deck the queue filters on)."""
    if not to_sync:
        return
    term_ids = [tid for tid, _, _ in to_sync]
    notes = {
        term_id: (nid, fhash, modified)
        for nid, term_id, fhash, modified in conn.execute(
            select(_NOTE.c.id, _NOTE.c.term_id, _NOTE.c.fields_hash, _NOTE.c.modified).where(
                _NOTE.c.term_id.in_(term_ids)
            )
        )
    }
    note_updates: list[dict[str, Any]] = []
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
        elif existing[1] != new_hash:
            # Anki compares integer seconds: every change must move the modification time forward.
            note_updates.append(
                {
                    "b_id": existing[0],
                    "modified": max(now_s, existing[2] + 1),
                    **_note_values(fields, new_hash),
                }
            )
        if progress is not None and (done % 200 == 0 or done == len(to_sync)):
            progress(done, len(to_sync))
    if note_updates:
        conn.execute(update(_NOTE).where(_NOTE.c.id == bindparam("b_id")), note_updates)
    note_of = {term_id: nid for term_id, (nid, _, _) in notes.items()}
    if note_inserts:
        ids = (
            conn.execute(
                insert(_NOTE).returning(_NOTE.c.id, sort_by_parameter_order=True), note_inserts
            )
            .scalars()
            .all()
        )
        note_of.update(
            (values["term_id"], nid) for values, nid in zip(note_inserts, ids, strict=True)
        )

    cards: dict[int, dict[int, tuple[int, str, bool]]] = {}
    for cid, note_id, ordinal, phase, retired in conn.execute(
        select(_CARD.c.id, _CARD.c.note_id, _CARD.c.ordinal, _CARD.c.phase, _CARD.c.retired).where(
            _CARD.c.note_id.in_(list(note_of.values()))
        )
    ):
        cards.setdefault(note_id, {})[ordinal] = (cid, phase, bool(retired))
    card_inserts: list[dict[str, Any]] = []
    card_updates: list[dict[str, Any]] = []
    for tid, (ordinals, position) in wanted.items():
        note_id = note_of[tid]
        existing_cards = cards.get(note_id, {})
        for ordinal in ordinals:
            new_position = position * 2 + ordinal
            found = existing_cards.get(ordinal)
            if found is None:
                card_inserts.append(
                    {
                        "note_id": note_id,
                        "ordinal": ordinal,
                        "new_position": new_position,
                        "deck_id": deck_id,
                    }
                )
            else:
                cid, phase, _ = found
                card_updates.append(
                    {
                        "b_id": cid,
                        "retired": False,
                        "new_position": new_position if phase == "new" else None,
                    }
                )
        for ordinal, (cid, _, retired) in existing_cards.items():
            if ordinal not in ordinals and not retired:
                card_updates.append({"b_id": cid, "retired": True, "new_position": None})
                counts.cards_retired += 1
    if card_inserts:
        conn.execute(insert(_CARD), card_inserts)
        counts.cards_added += len(card_inserts)
    if card_updates:
        conn.exec_driver_sql(
            "UPDATE card SET retired = ?, new_position = coalesce(?, new_position) WHERE id = ?",
            [(u["retired"], u["new_position"], u["b_id"]) for u in card_updates],
        )


def _retire_cards_of(conn: Connection, term_ids: list[int]) -> int:
    note_ids = select(_NOTE.c.id).where(_NOTE.c.term_id.in_(term_ids))
    result = conn.execute(
        update(_CARD)
        .where(_CARD.c.note_id.in_(note_ids), _CARD.c.retired.is_(False))
        .values(retired=True)
    )
    return int(result.rowcount)
