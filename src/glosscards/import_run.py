"""One import, from file to committed transaction: read, match, report, back up, apply.

The diff is pure (:func:`glosscards.import_plan.plan_import`) and so is the report
(:mod:`glosscards.importing`); this module runs them against the collection's stored terms and
hands the plan to :func:`glosscards.storage.importer.apply_plan`, which writes it in one
transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from glosscards.cloze import CARD_MAKER_VERSION, NoteFields, content_hash, make_note
from glosscards.deck_match import choose_deck
from glosscards.errors import GlossaryError
from glosscards.gc_pause import paused_gc
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
from glosscards.storage.parse_store import record_parse, stored_parse
from glosscards.storage.stats_store import StatsStore
from glosscards.values import EditConflict, ImportReport

__all__ = [
    "PreparedImport",
    "ProgressFn",
    "commit_import",
    "edit_conflicts",
    "prepare_import",
    "run_import",
    "still_current",
]

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, eq=False)
class PreparedImport:
    """A previewed import: its dry-run :attr:`report`, and all Apply needs to write it without
    reading and matching again (:func:`commit_import`).

    ``stamp`` is the collection's change stamp when the plan was made and ``report.sha256`` the
    file's digest: at Apply, another file is refused and a changed collection planned again
    (:func:`run_import`)."""

    report: ImportReport
    path: Path
    format: str | None
    deck: str | None
    new_deck: bool
    stamp: tuple[str, int, int]
    parsed: ParseResult
    read_digest: str | None
    plan: ImportPlan
    deck_name: str
    remake: dict[str, str]
    parser_only: frozenset[str]
    notes_made: dict[int, NoteFields] = field(default_factory=dict)
    """Notes already built, by ``id(item)`` of the plan's items (the plan keeps them alive)."""

    def fields_for(self, item: IncomingTerm) -> NoteFields:
        # Only the entries that change need their note built (the costly part of an import),
        # once each: the edit conflicts, the remake and the apply all ask for it.
        if id(item) in self.notes_made:
            return self.notes_made[id(item)]
        fields = make_note(item.entry)
        if fields is None:  # has_content was checked above; make_note agrees
            raise GlossaryError(
                self.path, f"entry {item.name!r} has nothing to learn", item.entry.line
            )
        self.notes_made[id(item)] = fields
        return fields


# Shares of the bar for each phase of an import: parse, entries judged, matching, notes,
# writing (an unchanged file's stored parse fills its share at once).
_PREVIEW_SHARES = (25, 10, 55, 10)
_APPLY_SHARES = (10, 5, 30, 5, 50)


def _phases(progress: ProgressFn | None, shares: tuple[int, ...]) -> list[ProgressFn | None]:
    """One progress callback per phase, each moving its own share of one bar of 0..1000."""
    if progress is None:
        return [None] * len(shares)
    scale = 1000 / sum(shares)
    out: list[ProgressFn | None] = []
    start = 0.0
    for share in shares:

        def phase(
            done: int, total: int, start: float = start, width: float = share * scale
        ) -> None:
            part = 1.0 if total <= 0 else min(done / total, 1.0)
            assert progress is not None
            progress(int(start + width * part), 1000)

        out.append(phase)
        start += share * scale
    return out


def change_stamp(db: Database) -> tuple[str, int, int]:
    """What changes whenever the collection does (see :meth:`StatsStore.change_stamp`)."""
    return StatsStore(db).change_stamp()


def prepare_import(
    db: Database,
    path: Path,
    *,
    format: str | None,
    deck: str | None,
    new_deck: bool = False,
    progress: ProgressFn | None = None,
    parsed: ParseResult | None = None,
    expect_sha256: str | None = None,
    shares: tuple[int, ...] = _PREVIEW_SHARES,
) -> PreparedImport:
    """Read ``path``, match it against the collection and report: a dry run that keeps its plan."""
    parsing, judged, matching, notes, *_ = _phases(progress, shares)
    stamp = change_stamp(db)
    read_digest = None  # the file's digest before it was read, when read here (parse_store)
    if parsed is None:
        parsed, read_digest = stored_parse(db, path, format)
        parsed = parsed or read_glossary(path, format=format, progress=parsing)
    with db.core() as conn:
        made = current_content_hashes(conn)
    with paused_gc():  # the entries' terms: many small objects, no cycles
        incoming, skipped = incoming_terms(parsed, made=made, progress=judged)
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
    with paused_gc():
        plan = plan_import(known, incoming, progress=matching)
    prepared = PreparedImport(
        report=ImportReport(file=path, sha256=digest, format=parsed.format, dry_run=True),
        path=path,
        format=format,
        deck=deck,
        new_deck=new_deck,
        stamp=stamp,
        parsed=parsed,
        read_digest=read_digest,
        plan=plan,
        deck_name=deck_name,
        remake={},
        parser_only=frozenset(),
    )
    fields_for = prepared.fields_for
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
            plan, path=path, sha256=digest, fmt=parsed.format, dry_run=True, skipped=skipped
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
    if notes is not None:
        notes(1, 1)
    return dataclasses.replace(
        prepared, report=report, remake=remake, parser_only=frozenset(parser_only)
    )


def still_current(db: Database, prepared: PreparedImport) -> bool:
    """Whether the collection is as it was when ``prepared`` was made (its change stamp)."""
    return change_stamp(db) == prepared.stamp


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
    prepared: PreparedImport | None = None,
) -> ImportReport:
    """Import ``path`` into ``db`` (see :meth:`glosscards.collection.Collection.import_glossary`).

    ``before_write`` runs once it is certain that something will be written, before the write
    transaction starts; it returns the backup it made, if any. ``prepared`` is a preview of
    this import (:func:`prepare_import`): when the file changed since, nothing is written;
    when the collection did not, its plan is written as it is, without reading or matching
    again; otherwise the import is planned again.
    """
    if prepared is not None and not dry_run:
        # The learner approved the preview of these bytes: another file is refused; a changed
        # collection (an answer, an edit, another import since) is planned again.
        _check_arguments(prepared, path, format=format, deck=deck, new_deck=new_deck)
        if file_digest(prepared.path) != prepared.report.sha256 or (
            expect_sha256 is not None and prepared.report.sha256 != expect_sha256
        ):
            raise GlossaryError(path, "has changed since it was previewed; preview it again")
        expect_sha256 = prepared.report.sha256
    if prepared is not None and not dry_run and still_current(db, prepared):
        return commit_import(
            db,
            prepared,
            now=now,
            before_write=before_write,
            progress=progress,
            replace_edits=replace_edits,
        )
    previewed = None if dry_run or prepared is None else prepared.report
    prepared = prepare_import(
        db,
        path,
        format=format,
        deck=deck,
        new_deck=new_deck,
        progress=progress,
        parsed=parsed,
        expect_sha256=expect_sha256,
        shares=_PREVIEW_SHARES if dry_run else _APPLY_SHARES,
    )
    if dry_run:
        return prepared.report
    if previewed is not None and prepared.report != previewed:
        # The collection changed since the preview in a way that changes the import (a note
        # deleted, an edit made): the learner has not seen this plan.
        raise GlossaryError(
            path, "would now change the collection differently than previewed; preview it again"
        )
    return commit_import(
        db,
        prepared,
        now=now,
        before_write=before_write,
        progress=_phases(progress, _APPLY_SHARES)[-1],
        replace_edits=replace_edits,
    )


def _check_arguments(
    prepared: PreparedImport, path: Path, *, format: str | None, deck: str | None, new_deck: bool
) -> None:
    """Refuse a preview applied with other arguments than its own (another file, format or
    deck): it would write what was previewed, not what was asked. The deck the preview chose
    (``report.deck``) counts as the preview's own."""
    same_file = path.resolve() == prepared.path.resolve()
    same_format = format in (prepared.format, prepared.report.format)
    same_deck = (deck, new_deck) == (prepared.deck, prepared.new_deck) or (
        deck == prepared.report.deck and not new_deck
    )
    if not (same_file and same_format and same_deck):
        raise ValueError(
            f"this preview is of {prepared.path} into deck {prepared.report.deck!r}; preview"
            f" {path} (format {format!r}, deck {deck!r}, new_deck={new_deck}) to import it"
        )


def commit_import(
    db: Database,
    prepared: PreparedImport,
    *,
    now: datetime,
    before_write: Callable[[], Path | None],
    progress: ProgressFn | None = None,
    replace_edits: ReplaceEdits = False,
) -> ImportReport:
    """Write a prepared import's plan in one transaction (after ``before_write``'s backup)."""
    report = dataclasses.replace(prepared.report, dry_run=False)
    plan, remake, parser_only = prepared.plan, prepared.remake, prepared.parser_only
    if report.writes_nothing and not report.reordered and not remake:
        return report
    backed_up, progress = _phases(progress, (1, 9))  # the backup, then the transaction
    backup_path = before_write()
    if backed_up is not None:
        backed_up(1, 1)
    path, deck_name = prepared.path, prepared.deck_name

    now_s = int(now.timestamp())
    with db.core() as conn:  # one transaction: the whole import or nothing
        applied = apply_plan(
            conn,
            deck_name=deck_name,
            source_path=path,
            plan=plan,
            fields_for=prepared.fields_for,
            fields_hash=content_hash,
            now_s=now_s,
            progress=progress,
            replace_edits=replace_edits,
            remake=frozenset(remake),
            keep_edits=parser_only | frozenset(remake.values()),
        )
        if progress is not None:
            progress(1, 1)
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
        digest = report.sha256
        if (
            prepared.read_digest == digest
        ):  # issue 15: the next import of these bytes skips the parse
            record_parse(conn, deck_name, path=path, format=prepared.format, digest=digest,
                         parsed=prepared.parsed, terms=applied.terms)  # fmt: skip
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
