"""The Collection façade: the one object the CLI, the UI, scripts and tests talk to.

Like Anki's ``pylib/anki/collection.py``, it owns the database and exposes the operations a user
performs — import a glossary, study, undo, browse, export — as methods that take plain values and
return plain values (:mod:`glosscards.values`). Every method that writes does so in one transaction.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session, select

from glosscards.anki_export import (
    DEFAULT_DECK_NAME,
    ExportNote,
    ExportResult,
    write_apkg,
)
from glosscards.cloze import NoteFields, content_hash, make_note
from glosscards.errors import CollectionError, GlossaryError
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.reader import read_glossary
from glosscards.glossary.serialize import see_also_and_links
from glosscards.import_plan import IncomingTerm, plan_import
from glosscards.importing import build_report, deck_name_for, file_digest, incoming_terms
from glosscards.paths import backups_dir, default_collection_path, local_timezone
from glosscards.render import render_answer, render_question
from glosscards.scheduler.day import day_start, next_day_start
from glosscards.scheduler.grade import Grade, GradeMode, quality_for
from glosscards.scheduler.sm2 import answer as sm2_answer
from glosscards.scheduler.sm2 import preview_intervals
from glosscards.storage.backup import make_backup
from glosscards.storage.engine import (
    check_collection_file,
    check_schema_version,
    create_schema,
    make_engine,
    sqlite_pragmas,
)
from glosscards.storage.importer import apply_plan, known_terms, record_import_run
from glosscards.storage.lock import WriterLock
from glosscards.storage.models import ImportRunRow, MetaRow
from glosscards.storage.review_store import CardRowState, DayWindow, ReviewStore
from glosscards.values import (
    CardId,
    Counts,
    Deck,
    ImportReport,
    ReviewCard,
    ReviewRecord,
    Settings,
    UndoResult,
)

__all__ = ["Collection"]

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]

REVIEW_BACKUP_INTERVAL = timedelta(minutes=30)
"""While reviewing, the collection is backed up when the last backup is older than this."""

BACKUP_RETRY = timedelta(minutes=5)
"""After a failed review-time backup, the next try comes this much later."""


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, not naive: {now!r}")
    return now


class Collection:
    """A glosscards collection: one SQLite file. Use :meth:`open`, ideally as a context manager."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        db: sqlite3.Connection,
        tz: tzinfo,
        lock: WriterLock | None,
    ) -> None:
        self.path = path
        self.tz = tz
        self.readonly = lock is None
        self._engine = engine
        self._db = db
        self._lock = lock
        self._store = ReviewStore(db)
        self._settings: Settings | None = None
        self._last_backup: datetime | None = None
        self._windows: dict[int | None, DayWindow] = {}
        self._backup_thread: threading.Thread | None = None
        self._backup_failures: list[datetime] = []  # appended to by the backup thread
        self._shown: CardRowState | None = None
        self.review_backup_interval: timedelta | None = REVIEW_BACKUP_INTERVAL

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, tz: tzinfo | None = None, readonly: bool = False
    ) -> Collection:
        """Open (creating it if missing, unless ``readonly``) the collection at ``path``.

        Raises :class:`CollectionError` for a file that is not a collection, is damaged or was
        written by a newer program, and :class:`CollectionBusyError` when another process has it
        open for writing. Nothing is written to a file that is refused.
        """
        target = Path(path).expanduser() if path is not None else default_collection_path()
        check_collection_file(target)
        if readonly and not target.exists():
            raise CollectionError(target, "no collection at this path")
        lock: WriterLock | None = None
        if not readonly:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CollectionError(
                    target, f"cannot create its folder ({exc.strerror})"
                ) from None
            lock = WriterLock(target)
            lock.acquire()
        try:
            engine = make_engine(target, readonly=readonly)
            if not readonly:
                create_schema(engine, target)
            elif check_schema_version(engine, target) is None:
                raise CollectionError(target, "is not a glosscards collection (no schema version)")
            if readonly:
                db = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
                db.isolation_level = None
            else:
                db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
                sqlite_pragmas(db)
            db.execute("SELECT count(*) FROM card").fetchone()
        except (SADatabaseError, sqlite3.DatabaseError) as exc:
            if lock is not None:
                lock.release()
            raise CollectionError(
                target, f"is damaged or not a collection ({_reason(exc)})"
            ) from None
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(target, engine, db, tz or local_timezone(), lock)

    def close(self) -> None:
        self.wait_for_backup()
        self._db.close()
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self._engine) as session:
            yield session

    # -- settings ------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            with self._session() as session:
                row = session.get(MetaRow, "settings")
            data = json.loads(row.value) if row is not None else {}
            if "grade_mode" in data:
                data["grade_mode"] = GradeMode(data["grade_mode"])
            self._settings = Settings(**data)
        return self._settings

    def update_settings(self, settings: Settings) -> None:
        if not 0 <= settings.rollover_hour <= 23:
            raise ValueError("the day must start at an hour 0-23")
        if settings.new_per_day < 0 or settings.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        value = json.dumps(
            {
                "new_per_day": settings.new_per_day,
                "reviews_per_day": settings.reviews_per_day,
                "rollover_hour": settings.rollover_hour,
                "grade_mode": str(settings.grade_mode),
            }
        )
        with self._session() as session:
            session.merge(MetaRow(key="settings", value=value))
            session.commit()
        self._settings = settings
        self._windows.clear()

    # -- importing -----------------------------------------------------------------------------

    def import_glossary(
        self,
        file_path: str | Path,
        dry_run: bool = False,
        *,
        format: str | None = None,
        deck: str | None = None,
        now: datetime | None = None,
        backup: bool = True,
        progress: ProgressFn | None = None,
        parsed: ParseResult | None = None,
        expect_sha256: str | None = None,
    ) -> ImportReport:
        """Import (or, with ``dry_run``, only report) a glossary file or Markdown folder.

        Applying is one transaction, preceded by a backup of the collection when anything
        changes; importing the same file again changes and writes nothing. ``parsed`` is the
        file already read with :func:`read_glossary` (the CLI reads it before it opens, and so
        before it creates, the collection). ``expect_sha256`` is the digest of the file as it was
        previewed: if the file changed since, nothing is applied (the user approved another diff).
        """
        moment = _now(now)
        path = Path(file_path).expanduser()
        if parsed is None:
            parsed = read_glossary(path, format=format)
        deck_name = deck or deck_name_for(path)
        incoming, skipped = incoming_terms(parsed)
        if not incoming:
            raise GlossaryError(path, "has no entry with a definition to learn")

        digest = file_digest(path)
        if expect_sha256 is not None and digest != expect_sha256:
            raise GlossaryError(path, "has changed since it was previewed; preview it again")
        with self._engine.connect() as conn:
            known = known_terms(conn, deck_name)
        plan = plan_import(known, incoming)
        report = build_report(
            plan,
            path=path,
            sha256=digest,
            fmt=parsed.format,
            dry_run=dry_run,
            skipped=skipped,
        )
        if dry_run or (report.writes_nothing and not report.reordered):
            return report
        self._require_writable()
        self._shown = None
        backup_path = self.backup(moment) if backup else None

        def fields_for(item: IncomingTerm) -> NoteFields:
            # Only the entries that change need their note built (the costly part of an import).
            fields = make_note(item.entry)
            if fields is None:  # has_content was checked above; make_note agrees
                raise GlossaryError(
                    path, f"entry {item.name!r} has nothing to learn", item.entry.line
                )
            return fields

        with self._engine.begin() as conn:  # one transaction: the whole import or nothing
            applied = apply_plan(
                conn,
                deck_name=deck_name,
                source_path=path,
                plan=plan,
                fields_for=fields_for,
                fields_hash=content_hash,
                now_s=int(moment.timestamp()),
                progress=progress,
            )
            report = dataclasses.replace(
                report,
                backup=backup_path,
                cards_added=applied.cards_added,
                cards_retired=applied.cards_retired,
            )
            record_import_run(conn, report, now_s=int(moment.timestamp()))
        return report

    def import_runs(self) -> list[dict[str, object]]:
        """Every applied import, oldest first: when, which file, its hash and counts."""
        with self._session() as session:
            rows = session.exec(select(ImportRunRow).order_by(ImportRunRow.id)).all()  # type: ignore[arg-type]
        return [
            {
                "at": datetime.fromtimestamp(r.at, UTC),
                "file": r.file,
                "sha256": r.sha256,
                "format": r.format,
                "counts": json.loads(r.counts_json),
            }
            for r in rows
        ]

    def backup(self, now: datetime | None = None) -> Path:
        """Copy the collection into ``backups/`` beside it (the last 10 are kept)."""
        moment = _now(now)
        target = make_backup(self.path, backups_dir(self.path), moment.astimezone(self.tz))
        self._last_backup = moment
        if not self.readonly:
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_backup', ?)",
                (str(moment.timestamp()),),
            )
        return target

    def _backup_if_due(self, now: datetime) -> None:
        """While reviewing, back up at most every :data:`REVIEW_BACKUP_INTERVAL`.

        The copy runs on a background thread (SQLite's backup API on its own connection reads a
        consistent snapshot while answers go on), so a large collection never stalls the reviewer.
        """
        if self.review_backup_interval is None:
            return
        if self._last_backup is None:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'last_backup'").fetchone()
            self._last_backup = (
                datetime.fromtimestamp(float(row[0]), UTC)
                if row
                else datetime.min.replace(tzinfo=UTC)
            )
        if self._backup_thread is not None and self._backup_thread.is_alive():
            return
        if self._backup_failures:  # the last copy failed: try again a few minutes later
            failed_at = self._backup_failures.pop()
            self._backup_failures.clear()
            self._last_backup = failed_at - self.review_backup_interval + BACKUP_RETRY
        if now - self._last_backup < self.review_backup_interval:
            return
        self._last_backup = now
        self._db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_backup', ?)",
            (str(now.timestamp()),),
        )
        folder, stamp = backups_dir(self.path), now.astimezone(self.tz)
        self._backup_thread = threading.Thread(
            target=_backup_quietly,
            args=(self.path, folder, stamp, self._backup_failures),
            name="glosscards-backup",
        )
        self._backup_thread.start()

    def wait_for_backup(self) -> None:
        """Wait until a background backup started while reviewing has finished."""
        if self._backup_thread is not None:
            self._backup_thread.join()
            self._backup_thread = None

    # -- studying ------------------------------------------------------------------------------

    def decks(self) -> list[Deck]:
        """The glossary sources in the collection (one deck each), in the order they came."""
        rows = self._db.execute("SELECT id, name FROM glossary_source ORDER BY id").fetchall()
        return [Deck(id=r[0], name=r[1]) for r in rows]

    def _window(self, now: datetime, deck: int | None = None) -> DayWindow:
        """The scheduling day containing ``now``; kept until the day (or the settings) change,
        because time-zone arithmetic is a measurable share of the review hot path."""
        now_s = int(now.timestamp())
        cached = self._windows.get(deck)
        if cached is not None and cached.start <= now_s < cached.end:
            c = cached  # (a constructor call: dataclasses.replace costs five times as much)
            return DayWindow(now_s, c.start, c.end, c.new_limit, c.review_limit, c.deck)
        s = self.settings
        start = day_start(now, tz=self.tz, rollover_hour=s.rollover_hour)
        end = next_day_start(now, tz=self.tz, rollover_hour=s.rollover_hour)
        window = DayWindow(
            now=now_s,
            start=int(start.timestamp()),
            end=int(end.timestamp()),
            new_limit=s.new_per_day,
            review_limit=s.reviews_per_day,
            deck=deck,
        )
        self._windows[deck] = window
        return window

    def day_bounds(self, now: datetime | None = None) -> tuple[int, int]:
        """The scheduling day containing ``now`` as epoch seconds ``[start, end)``: from the
        configured hour of the user's local time to the same hour the next day."""
        window = self._window(_now(now))
        return window.start, window.end

    def counts(self, now: datetime | None = None, *, deck: int | None = None) -> Counts:
        """New / learning (today's re-drill) / review cards left today, limits applied.

        With ``deck`` (a :class:`Deck` id) only that deck's cards count; the daily limits are
        the collection's, shared by all decks.
        """
        new, learning, review = self._store.counts(self._window(_now(now), deck))
        return Counts(new=new, learning=learning, review=review)

    def next_card(
        self, now: datetime | None = None, *, deck: int | None = None
    ) -> ReviewCard | None:
        """The card to show next (from one deck, if given), or None when nothing is left today."""
        moment = _now(now)
        card_id = self._store.next_card_id(self._window(moment, deck))
        return None if card_id is None else self.review_card(CardId(card_id), moment)

    def review_card(self, card_id: int, now: datetime | None = None) -> ReviewCard:
        """A card as the reviewer shows it, with the interval each button would give."""
        moment = _now(now)
        found = self._store.card_with_content(card_id)
        if found is None:
            raise KeyError(f"no card {card_id}")
        row, (name, text, back_extra, entry_json) = found
        self._shown = row
        start = datetime.fromtimestamp(self._window(moment).start, UTC)
        intervals = preview_intervals(
            row.state, moment, mode=self.settings.grade_mode, day_start=start
        )
        see_also, links = see_also_and_links(entry_json)
        return ReviewCard(
            id=CardId(row.id),
            note_id=row.note_id,
            ordinal=row.ordinal,
            term=name,
            question_html=render_question(text, row.ordinal),
            answer_html=render_answer(text, back_extra, row.ordinal),
            next_intervals=intervals,
            phase=str(row.state.phase),
            redrill=row.state.redrill,
            see_also=see_also,
            links=links,
        )

    def answer(
        self,
        card_id: int,
        grade: Grade | int,
        now: datetime | None = None,
        *,
        duration_ms: int = 0,
    ) -> None:
        """Record an answer (a ``Grade``, or a quality 0-5 in six-grade mode): one transaction.

        The card's new state and its review-log row are committed together; when this returns,
        the answer is on disk.
        """
        self._require_writable()
        moment = _now(now)
        # The card just shown, read moments ago; every other write clears ``_shown``.
        row = self._shown if self._shown is not None and self._shown.id == card_id else None
        if row is None:
            found = self._store.card_with_content(card_id)
            if found is None:
                raise KeyError(f"no card {card_id}")
            row = found[0]
        if not row.active:
            raise CollectionError(self.path, f"card {card_id} is suspended or retired")
        mode = self.settings.grade_mode
        quality = quality_for(grade, mode=mode)
        window = self._window(moment)
        new_state, log = sm2_answer(
            row.state,
            quality,
            moment,
            day_start=datetime.fromtimestamp(window.start, UTC),
            grade=int(grade) if mode is GradeMode.FOUR_BUTTONS else None,
        )
        self._shown = None
        self._store.record_answer(
            row, new_state, log, duration_ms=max(0, int(duration_ms)), bury_until=window.end
        )
        self._backup_if_due(moment)

    def undo(self) -> UndoResult | None:
        """Take back the last answer (state, log row and sibling burial); call again for more."""
        self._require_writable()
        self._shown = None
        undone = self._store.undo_last()
        if undone is None:
            return None
        return UndoResult(card_id=CardId(undone[0]), review_id=undone[1])

    def history(self, card_id: int) -> list[ReviewRecord]:
        """The card's review log, oldest first."""
        rows = self._db.execute(
            "SELECT id, card_id, reviewed_at, grade, quality, ease_before, ease_after,"
            " interval_before, interval_after, duration_ms, redrill, phase_before"
            " FROM review_log WHERE card_id = ? ORDER BY id",
            (card_id,),
        ).fetchall()
        return [
            ReviewRecord(
                id=r[0],
                card_id=CardId(r[1]),
                reviewed_at=datetime.fromtimestamp(r[2] / 1000, UTC),
                grade=r[3],
                quality=r[4],
                ease_before=r[5],
                ease_after=r[6],
                interval_before=r[7],
                interval_after=r[8],
                duration_ms=r[9],
                redrill=bool(r[10]),
                phase_before=r[11],
            )
            for r in rows
        ]

    def suspend(self, card_id: int, suspended: bool = True) -> None:
        self._require_writable()
        self._shown = None
        self._store.set_flags(card_id, suspended=int(suspended))

    def bury(self, card_id: int, now: datetime | None = None) -> None:
        """Hide the card until the next scheduling day."""
        self._require_writable()
        self._shown = None
        self._store.set_flags(card_id, buried_until=self._window(_now(now)).end)

    # -- exporting -----------------------------------------------------------------------------

    def export_notes(self, *, include_retired: bool = False) -> list[ExportNote]:
        """The notes to export, in glossary order, each with its stable key and last change."""
        rows = self._db.execute(
            "SELECT t.key, n.text, n.back_extra, n.tags, n.modified FROM note n"
            " JOIN term t ON t.id = n.term_id JOIN glossary_source s ON s.id = t.source_id"
            " WHERE (? OR t.retired = 0) ORDER BY s.id, t.position",
            (include_retired,),
        ).fetchall()
        return [
            ExportNote(
                key=key,
                text=text,
                back_extra=back,
                tags=tuple(tags.split()),
                modified=datetime.fromtimestamp(modified, UTC),
            )
            for key, text, back, tags, modified in rows
        ]

    def export_apkg(
        self,
        path: str | Path,
        *,
        deck_name: str = DEFAULT_DECK_NAME,
        include_retired: bool = False,
        progress: ProgressFn | None = None,
    ) -> ExportResult:
        """Write the collection as an Anki package (see :mod:`glosscards.anki_export`)."""
        notes = self.export_notes(include_retired=include_retired)
        return write_apkg(notes, path, deck_name=deck_name, progress=progress)

    def unbury(self, card_id: int) -> None:
        """Show a buried card again today (the undo of :meth:`bury`)."""
        self._require_writable()
        self._shown = None
        self._store.set_flags(card_id, buried_until=0)

    def _require_writable(self) -> None:
        if self.readonly:
            raise CollectionError(self.path, "is open read-only")

    @property
    def db(self) -> sqlite3.Connection:
        """The raw connection, for read-only queries by the stats and browser modules."""
        return self._db


def _backup_quietly(path: Path, folder: Path, now: datetime, failures: list[datetime]) -> None:
    """A review-time backup: a failure is logged and noted for a retry, never raised into the
    reviewer."""
    try:
        make_backup(path, folder, now)
    except (OSError, sqlite3.Error):
        logger.exception("automatic backup of %s failed", path)
        failures.append(now)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.splitlines()[0]
