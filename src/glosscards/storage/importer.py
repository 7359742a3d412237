"""Applying an import plan to the collection inside one transaction.

The plan (what changes) is computed by the pure :func:`glosscards.import_plan.plan_import`; this
module only writes it. Cards are never deleted: a removed term's cards are retired (they leave the
queue, the counts and the exports) and keep their history, so a term that comes back is restored.

The notes and cards of the terms that change are written by
:mod:`glosscards.storage.note_sync`, which keeps the learner's edits.

A whole glossary touches thousands of rows, so this module works with SQLAlchemy Core statements
on the sqlmodel tables (bulk ``executemany`` inserts and updates) rather than ORM objects, whose
per-object bookkeeping made a fresh import several times slower.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from glosscards.cloze import CARD_MAKER_VERSION, NoteFields
from glosscards.gc_pause import paused_gc
from glosscards.glossary.serialize import entry_to_json, json_encoder
from glosscards.identity import unique_key
from glosscards.import_plan import (
    Change,
    ImportPlan,
    IncomingTerm,
)
from glosscards.storage.bulk import insert_rows, update_rows
from glosscards.storage.journal import end_undo_history
from glosscards.storage.models import (
    CardRow,
    DeletedTermRow,
    GlossarySourceRow,
    ImportRunRow,
    MetaRow,
    NoteRow,
    TermRow,
)
from glosscards.storage.note_sync import ReplaceEdits, sync_notes, term_origin
from glosscards.storage.term_reads import known_terms, remember_definition
from glosscards.values import ImportReport

__all__ = [
    "ApplyCounts",
    "apply_plan",
    "card_maker_version",
    "current_content_hashes",
    "known_terms",
    "note_hashes",
    "record_card_maker_version",
    "record_import_run",
    "remember_definition",
]

_TERM = TermRow.__table__  # type: ignore[attr-defined]
_NOTE = NoteRow.__table__  # type: ignore[attr-defined]
_CARD = CardRow.__table__  # type: ignore[attr-defined]
_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]
_IMPORT_RUN = ImportRunRow.__table__  # type: ignore[attr-defined]
_META = MetaRow.__table__  # type: ignore[attr-defined]
_DELETED = DeletedTermRow.__table__  # type: ignore[attr-defined]


@dataclass(slots=True)
class ApplyCounts:
    cards_added: int = 0
    cards_retired: int = 0
    edits_replaced: list[str] = field(default_factory=list)
    """Terms whose edited note took the glossary's version instead of the edit."""
    terms: dict[int, tuple[str, str]] = field(default_factory=dict)
    """By ``id()`` of each incoming entry: the key and content hash of the term it is now
    (what :func:`glosscards.storage.parse_store.record_parse` keeps)."""


def _source_id(conn: Connection, deck_name: str) -> int | None:
    found = conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.name == deck_name)).scalar()
    return None if found is None else int(found)


_CARD_MAKER_KEY = "card_maker_versions"


def _card_maker_versions(conn: Connection) -> dict[str, int]:
    """Which card maker made each deck's notes, by deck (glossary source) id."""
    row = conn.execute(select(_META.c.value).where(_META.c.key == _CARD_MAKER_KEY)).first()
    return dict(json.loads(row[0])) if row else {}


def card_maker_version(conn: Connection, deck_name: str) -> int:
    """The card maker version that made the notes of deck ``deck_name`` (1: before versions
    were recorded; a deck that does not exist yet counts as current)."""
    source_id = _source_id(conn, deck_name)
    if source_id is None:
        return CARD_MAKER_VERSION
    return int(_card_maker_versions(conn).get(str(source_id), 1))


def record_card_maker_version(conn: Connection, deck_name: str) -> None:
    """Record that the current card maker made deck ``deck_name``'s notes (same transaction)."""
    source_id = _source_id(conn, deck_name)
    assert source_id is not None
    versions = _card_maker_versions(conn)
    versions[str(source_id)] = CARD_MAKER_VERSION
    value = json.dumps(versions, sort_keys=True)
    conn.execute(insert(_META).prefix_with("OR REPLACE").values(key=_CARD_MAKER_KEY, value=value))


def note_hashes(conn: Connection, deck_name: str) -> dict[str, tuple[str, bool]]:
    """Each current term's note in deck ``deck_name``: its glossary fields' digest, and whether
    the learner edited it; by term key."""
    rows = conn.execute(
        select(_TERM.c.key, _NOTE.c.fields_hash, _NOTE.c.edited)
        .join(_NOTE, _NOTE.c.term_id == _TERM.c.id)
        .join(_SOURCE, _SOURCE.c.id == term_origin())
        .where(_SOURCE.c.name == deck_name, _TERM.c.retired.is_(False))
    ).all()
    return {key: (fhash, bool(edited)) for key, fhash, edited in rows}


def current_content_hashes(conn: Connection) -> frozenset[str]:
    """The entry hashes of every current term of the decks the current card maker made: entries
    whose cards exist and would be made the same way again."""
    versions = _card_maker_versions(conn)
    current = [int(s) for s, version in versions.items() if version == CARD_MAKER_VERSION]
    if not current:
        return frozenset()
    marks = ",".join("?" * len(current))
    rows = conn.exec_driver_sql(  # the driver's rows: one per term of those decks
        f"SELECT content_hash FROM term WHERE retired = 0"
        f" AND coalesce(origin_id, source_id) IN ({marks})",
        tuple(current),
    )
    return frozenset(row[0] for row in rows)


_ALIASES_JSON = json_encoder(separators=(", ", ": "))  # json.dumps(..., ensure_ascii=False)


def _term_values(item: IncomingTerm, position: int, now_s: int) -> dict[str, Any]:
    entry = item.entry
    return {
        "name": entry.name,
        "heading": entry.heading,
        "term": entry.term,
        "acronym": entry.acronym,
        "aliases_json": _ALIASES_JSON(list(entry.aliases)),
        "category": entry.category,
        "letter": entry.letter,
        "position": position,
        "line": entry.line,
        "entry_json": entry_to_json(entry),
        "content_hash": item.content_hash,
        "retired": False,
        "modified_at": now_s,
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
    replace_edits: ReplaceEdits = False,
    remake: frozenset[str] = frozenset(),
    keep_edits: frozenset[str] = frozenset(),
) -> ApplyCounts:
    """Write every planned change into the deck ``deck_name`` (created if new); the caller
    commits, so the whole import is one transaction.

    A note the learner edited keeps the edit unless ``replace_edits`` says otherwise for its
    term (by its name in the file): see :data:`ReplaceEdits`.

    The import ends the undo history (the journal's steps describe notes it may change). A term
    the learner moved to another deck stays there, and so do its new cards; a term whose note
    the learner deleted is gone, so its entry is added again, under a key the deleted one never
    had (:class:`~glosscards.storage.models.DeletedTermRow`).

    Runs without the cycle collector: making the notes is most of an import's objects
    (:mod:`glosscards.gc_pause`)."""
    with paused_gc():
        return _apply_plan(
            conn,
            deck_name=deck_name,
            source_path=source_path,
            plan=plan,
            fields_for=fields_for,
            fields_hash=fields_hash,
            now_s=now_s,
            progress=progress,
            replace_edits=replace_edits,
            remake=remake,
            keep_edits=keep_edits,
        )


def _apply_plan(
    conn: Connection,
    *,
    deck_name: str,
    source_path: Path,
    plan: ImportPlan,
    fields_for: Callable[[IncomingTerm], NoteFields],
    fields_hash: Callable[[NoteFields], str],
    now_s: int,
    progress: Callable[[int, int], None] | None,
    replace_edits: ReplaceEdits,
    remake: frozenset[str],
    keep_edits: frozenset[str],
) -> ApplyCounts:
    end_undo_history(conn)
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
                term_origin() == source_id
            )
        )
    }
    taken = set(conn.execute(select(_TERM.c.key)).scalars())
    taken |= set(conn.execute(select(_DELETED.c.key)).scalars())

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
            counts.terms[id(item.entry)] = (key, item.content_hash)
            values = _term_values(item, position, now_s)
            values.update(source_id=source_id, key=key, created_at=now_s)
            new_terms.append((values, item, position))
            continue
        assert change.known is not None
        counts.terms[id(item.entry)] = (change.known.key, item.content_hash)
        tid, old_position, old_line = terms[change.known.key]
        if change.change is Change.UNCHANGED:
            if (old_position, old_line) != (position, item.entry.line):
                moved.append({"b_id": tid, "position": position, "line": item.entry.line})
            if change.known.key in remake:  # same entry, better note: re-make it in place
                to_sync.append((tid, item, position))
            continue
        term_updates.append({"b_id": tid, **_term_values(item, position, now_s)})
        to_sync.append((tid, item, position))

    if term_updates:
        columns = [name for name in term_updates[0] if name != "b_id"]
        rows = [(*(u[name] for name in columns), u["b_id"]) for u in term_updates]
        update_rows(conn, _TERM, columns, rows)
    if moved:
        update_rows(
            conn,
            _TERM,
            ["position", "line"],
            [(m["position"], m["line"], m["b_id"]) for m in moved],
        )
        # New cards are introduced in glossary order: they follow their term.
        conn.exec_driver_sql(
            "UPDATE card SET new_position = ? * 2 + ordinal WHERE phase = 'new'"
            " AND note_id IN (SELECT id FROM note WHERE term_id = ?)",
            [(m["position"], m["b_id"]) for m in moved],
        )
    if new_terms:
        ids = insert_rows(conn, _TERM, [values for values, _, _ in new_terms])
        to_sync.extend((tid, item, pos) for tid, (_, item, pos) in zip(ids, new_terms, strict=True))
    if retire_terms:
        conn.execute(
            update(_TERM)
            .where(_TERM.c.id.in_(retire_terms))
            .values(retired=True, modified_at=now_s)
        )
        counts.cards_retired += _retire_cards_of(conn, retire_terms)

    synced = sync_notes(
        conn,
        to_sync,
        fields_for=fields_for,
        fields_hash=fields_hash,
        now_s=now_s,
        progress=progress,
        deck_id=source_id,
        replace_edits=replace_edits,
        keep_edits=keep_edits,
    )
    counts.cards_added += synced.cards_added
    counts.cards_retired += synced.cards_retired
    counts.edits_replaced = synced.edits_replaced
    _keep_moved_cards(conn, source_id)
    return counts


def _keep_moved_cards(conn: Connection, source_id: int) -> None:
    """Cards just made for terms of this glossary that the learner moved to another deck go
    where their note is (they were made in the glossary's deck)."""
    conn.exec_driver_sql(
        "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
        " ON t.id = n.term_id WHERE n.id = card.note_id)"
        " WHERE note_id IN (SELECT n.id FROM note n JOIN term t ON t.id = n.term_id"
        " WHERE t.origin_id = ? AND t.source_id != ?)",
        (source_id, source_id),
    )


def _retire_cards_of(conn: Connection, term_ids: list[int]) -> int:
    note_ids = select(_NOTE.c.id).where(_NOTE.c.term_id.in_(term_ids))
    result = conn.execute(
        update(_CARD)
        .where(_CARD.c.note_id.in_(note_ids), _CARD.c.retired.is_(False))
        .values(retired=True)
    )
    return int(result.rowcount)
