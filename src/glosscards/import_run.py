"""One import, from file to committed transaction: read, match, report, back up, apply.

The diff is pure (:func:`glosscards.import_plan.plan_import`) and so is the report
(:mod:`glosscards.importing`); this module runs them against the collection's stored terms and
hands the plan to :func:`glosscards.storage.importer.apply_plan`, which writes it in one
transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from glosscards.cloze import CARD_MAKER_VERSION, NoteFields, content_hash, make_note
from glosscards.deck_match import choose_deck
from glosscards.errors import GlossaryError
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.reader import read_glossary
from glosscards.import_plan import Change, ImportPlan, IncomingTerm, plan_import
from glosscards.importing import build_report, deck_name_for, file_digest, incoming_terms
from glosscards.storage.database import Database
from glosscards.storage.deck_store import DeckStore
from glosscards.storage.importer import (
    apply_plan,
    card_maker_version,
    current_content_hashes,
    known_terms,
    note_hashes,
    record_card_maker_version,
    record_import_run,
)
from glosscards.storage.new_order_store import reorder_after_import
from glosscards.storage.note_sync import EditedNote, ReplaceEdits, edited_notes
from glosscards.values import EditConflict, ImportReport

__all__ = ["ProgressFn", "edit_conflicts", "run_import"]

ProgressFn = Callable[[int, int], None]


def run_import(
    db: Database,
    path: Path,
    *,
    dry_run: bool,
    format: str | None,
    deck: str | None,
    new_deck: bool = False,
    now: datetime,
    before_write: Callable[[], Path | None],
    progress: ProgressFn | None = None,
    parsed: ParseResult | None = None,
    expect_sha256: str | None = None,
    replace_edits: ReplaceEdits = False,
) -> ImportReport:
    """Import ``path`` into ``db`` (see :meth:`glosscards.collection.Collection.import_glossary`).

    ``before_write`` runs once it is certain that something will be written, before the write
    transaction starts; it returns the backup it made, if any.
    """
    if parsed is None:
        parsed = read_glossary(path, format=format)
    with db.core() as conn:
        made = current_content_hashes(conn)
    incoming, skipped = incoming_terms(parsed, made=made)
    if not incoming:
        raise GlossaryError(path, "has no entry with a definition to learn")
    choice = choose_deck(
        DeckStore(db).deck_terms(),
        incoming,
        file_deck_name=deck_name_for(path),
        deck=deck,
        new_deck=new_deck,
    )
    deck_name = choice.name

    digest = file_digest(path)
    if expect_sha256 is not None and digest != expect_sha256:
        raise GlossaryError(path, "has changed since it was previewed; preview it again")
    with db.core() as conn:
        known = known_terms(conn, deck_name)
        edited = edited_notes(conn, deck_name)
        stale = card_maker_version(conn, deck_name) < CARD_MAKER_VERSION
        stored = note_hashes(conn, deck_name) if stale else {}
    plan = plan_import(known, incoming)

    notes_made: dict[int, NoteFields] = {}  # by id(item): every item lives in the plan

    def fields_for(item: IncomingTerm) -> NoteFields:
        # Only the entries that change need their note built (the costly part of an import),
        # once each: the edit conflicts, the remake and the apply all ask for it.
        if id(item) in notes_made:
            return notes_made[id(item)]
        fields = make_note(item.entry)
        if fields is None:  # has_content was checked above; make_note agrees
            raise GlossaryError(path, f"entry {item.name!r} has nothing to learn", item.entry.line)
        notes_made[id(item)] = fields
        return fields

    remake = _to_remake(plan, stored, fields_for)
    # In a deck an older card maker made, an entry whose text is the same but whose parse is
    # not (a whole acronym now, a kind word split off, code kept in place) is the card
    # maker's change, not the glossary's: it is re-made, and does not ask about edits.
    parser_only = {
        c.name
        for c in plan.changes
        if stale
        and c.change is Change.CHANGED
        and c.known is not None
        and c.incoming is not None
        and c.known.definition == c.incoming.definition
        and set(c.known.aliases) == set(c.incoming.entry.aliases)
    }
    conflicts = {
        name: conflict
        for name, conflict in edit_conflicts(plan, edited, fields_for).items()
        if name not in parser_only
    }
    report = dataclasses.replace(
        build_report(
            plan, path=path, sha256=digest, fmt=parsed.format, dry_run=dry_run, skipped=skipped
        ),
        deck=deck_name,
        deck_reason=choice.reason,
        deck_is_new=not choice.existing,
        edited_changed=list(conflicts),
        edit_versions=conflicts,
        remade=[
            *(name for key, name in remake.items() if not stored[key][1]),
            *(c.name for c in plan.changes if c.name in parser_only),
        ],
    )
    if parser_only:
        report.changed[:] = [name for name in report.changed if name not in parser_only]
        for name in parser_only:
            report.definitions.pop(name, None)
    if dry_run or (report.writes_nothing and not report.reordered and not remake):
        return report
    backup_path = before_write()

    now_s = int(now.timestamp())
    with db.core() as conn:  # one transaction: the whole import or nothing
        applied = apply_plan(
            conn,
            deck_name=deck_name,
            source_path=path,
            plan=plan,
            fields_for=fields_for,
            fields_hash=content_hash,
            now_s=now_s,
            progress=progress,
            replace_edits=replace_edits,
            remake=frozenset(remake),
            keep_edits=frozenset(parser_only) | frozenset(remake.values()),
        )
        record_card_maker_version(conn, deck_name)
        reorder_after_import(conn, deck_name)  # the cards it numbered, in the deck's order
        report = dataclasses.replace(
            report,
            backup=backup_path,
            cards_added=applied.cards_added,
            cards_retired=applied.cards_retired,
            edits_replaced=applied.edits_replaced,
        )
        record_import_run(conn, report, now_s=now_s)
    return report


def _to_remake(
    plan: ImportPlan,
    stored: dict[str, tuple[str, bool]],
    fields_for: Callable[[IncomingTerm], NoteFields],
) -> dict[str, str]:
    """The unchanged terms an improved card maker makes a different note of, key → name.

    Only for a deck an older card maker made (``stored`` is empty otherwise). An edited note is
    among them: it keeps the edit, and records the new glossary version for a later revert."""
    out: dict[str, str] = {}
    for change in plan.changes:
        if change.change is not Change.UNCHANGED or change.known is None:
            continue
        found = stored.get(change.known.key)
        if found is None:
            continue
        assert change.incoming is not None
        if content_hash(fields_for(change.incoming)) != found[0]:
            out[change.known.key] = change.name
    return out


def edit_conflicts(
    plan: ImportPlan,
    edited: dict[str, EditedNote],
    fields_for: Callable[[IncomingTerm], NoteFields],
) -> dict[str, EditConflict]:
    """The learner's edits that meet a new glossary version, by term name in the file: edited
    notes of changed, renamed or restored terms whose glossary-made fields differ from the ones
    the edit was made on (or last kept over)."""
    found: dict[str, EditConflict] = {}
    for change in plan.changes:
        if change.change not in (Change.CHANGED, Change.RENAMED, Change.RESTORED):
            continue
        assert change.known is not None and change.incoming is not None
        note = edited.get(change.known.key)
        if note is None:
            continue
        fields = fields_for(change.incoming)
        same = (fields.text, fields.back_extra) == (note.text, note.back_extra)
        if content_hash(fields) != note.fields_hash and not same:
            found[change.name] = EditConflict(
                term=change.name,
                text=note.text,
                back_extra=note.back_extra,
                glossary_text=fields.text,
                glossary_back_extra=fields.back_extra,
            )
    return found
