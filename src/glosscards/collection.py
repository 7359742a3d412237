"""The Collection façade: the one object the CLI, the UI, scripts and tests talk to.

Like Anki's ``pylib/anki/collection.py``, it owns the database and exposes the operations a user
performs — import a glossary, study, undo, browse, look at statistics, export — as methods that
take plain values and return plain values (:mod:`glosscards.values`). It holds no SQL: each
method delegates to a small storage service (:mod:`glosscards.storage`), to the scheduler behind
its seam (:mod:`glosscards.scheduler.seam`) and to the pure queue policy
(:mod:`glosscards.scheduler.queue`). Every method that writes does so in one transaction.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType

from glosscards.anki_export import ExportNote, ExportResult, write_apkg
from glosscards.anki_progress import anki_card
from glosscards.browse import BrowseRow, CardDetails, Upcoming, card_details_from, sort_rows
from glosscards.errors import CollectionError, ExportError
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.serialize import see_also_and_links
from glosscards.import_run import ProgressFn, run_import
from glosscards.paths import backups_dir, default_collection_path, local_timezone
from glosscards.render import render_answer, render_question
from glosscards.review_backups import ReviewBackups
from glosscards.scheduler.day import SchedulingDay, start_of_day
from glosscards.scheduler.grade import Grade
from glosscards.scheduler.queue import (
    QueuePolicy,
    bury_siblings_until,
)
from glosscards.scheduler.seam import Scheduler
from glosscards.statistics import Statistics, compute_statistics
from glosscards.stats import Period
from glosscards.storage.backup import make_backup
from glosscards.storage.browse_store import BrowseStore
from glosscards.storage.database import Database
from glosscards.storage.deck_store import DeckStore
from glosscards.storage.lock import WriterLock
from glosscards.storage.meta_store import MetaStore
from glosscards.storage.notes_store import NotesStore
from glosscards.storage.opening import open_collection_file
from glosscards.storage.review_store import CardRowState, ReviewStore
from glosscards.storage.stats_store import StatsStore
from glosscards.study_queue import StudyQueue
from glosscards.values import (
    CardId,
    Counts,
    Deck,
    DeckDeletion,
    DeckOptions,
    ImportReport,
    ReviewCard,
    ReviewRecord,
    Settings,
    UndoResult,
)

__all__ = ["Collection"]


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, not naive: {now!r}")
    return now


class Collection:
    """A glosscards collection: one SQLite file. Use :meth:`open`, ideally as a context manager."""

    def __init__(self, path: Path, db: Database, tz: tzinfo, lock: WriterLock | None) -> None:
        self.path = path
        self.tz = tz
        self.readonly = lock is None
        self._db = db
        self._lock = lock
        self._meta = MetaStore(db)
        self._store = ReviewStore(db)
        self._browse = BrowseStore(db)
        self._notes = NotesStore(db)
        self._stats = StatsStore(db)
        self._decks = DeckStore(db)
        self._backups = ReviewBackups(
            path, tz, last_backup=self._meta.last_backup, record_backup=self._meta.set_last_backup
        )
        self._settings: Settings | None = None
        self._deck_options: dict[int, DeckOptions] | None = None
        self._queue = StudyQueue(
            self._store,
            tz,
            lambda: self.settings,
            self._limits,
            lambda: [d.id for d in self.decks()],
        )
        self._shown: CardRowState | None = None

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
        zone = tz or local_timezone()
        db, lock = open_collection_file(target, readonly=readonly, tz=zone)
        return cls(target, db, zone, lock)

    def close(self) -> None:
        self.wait_for_backup()
        self._db.close()
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

    # -- settings ------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self._meta.settings()
        return self._settings

    def update_settings(self, settings: Settings) -> None:
        if not 0 <= settings.rollover_hour <= 23:
            raise ValueError("the day must start at an hour 0-23")
        if settings.new_per_day < 0 or settings.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        self._require_writable()
        self._meta.save_settings(settings)
        self._settings = settings
        self._queue.settings_changed()

    @property
    def scheduler(self) -> Scheduler:
        """The scheduling algorithm in use (SM-2, answered as the settings say)."""
        return self._queue.scheduler

    @property
    def review_backup_interval(self) -> timedelta | None:
        """How often to back up while reviewing (None: never, for benchmarks and scripts)."""
        return self._backups.interval

    @review_backup_interval.setter
    def review_backup_interval(self, value: timedelta | None) -> None:
        self._backups.interval = value

    # -- importing and backups -----------------------------------------------------------------

    def import_glossary(
        self,
        file_path: str | Path,
        dry_run: bool = False,
        *,
        format: str | None = None,
        deck: str | None = None,
        new_deck: bool = False,
        now: datetime | None = None,
        backup: bool = True,
        progress: ProgressFn | None = None,
        parsed: ParseResult | None = None,
        expect_sha256: str | None = None,
    ) -> ImportReport:
        """Import (or, with ``dry_run``, only report) a glossary file or Markdown folder.

        The deck is ``deck`` when named (made if new), a new one with ``new_deck``, else the deck
        that shares most terms with the file (see :mod:`glosscards.deck_match`);
        ``report.deck`` and ``report.deck_reason`` say which and why.

        Applying is one transaction, preceded by a backup of the collection when anything
        changes; importing the same file again changes and writes nothing. ``parsed`` is the
        file already read with :func:`read_glossary` (the CLI reads it before it opens, and so
        before it creates, the collection). ``expect_sha256`` is the digest of the file as it was
        previewed: if the file changed since, nothing is applied (the user approved another diff).
        """
        moment = _now(now)

        def before_write() -> Path | None:
            self._require_writable()
            self._shown = None
            return self.backup(moment) if backup else None

        self._queue.settings_changed()  # the import may add a deck
        return run_import(
            self._db,
            Path(file_path).expanduser(),
            dry_run=dry_run,
            format=format,
            deck=deck,
            new_deck=new_deck,
            now=moment,
            before_write=before_write,
            progress=progress,
            parsed=parsed,
            expect_sha256=expect_sha256,
        )

    def import_runs(self) -> list[dict[str, object]]:
        """Every applied import, oldest first: when, which file, its hash and counts."""
        return self._meta.import_runs()

    def backup(self, now: datetime | None = None) -> Path:
        """Copy the collection into ``backups/`` beside it (the last 10 are kept)."""
        moment = _now(now)
        target = make_backup(self.path, backups_dir(self.path), moment.astimezone(self.tz))
        self._backups.made(moment)
        if not self.readonly:
            self._meta.set_last_backup(moment)
        return target

    @property
    def backup_problem(self) -> str | None:
        """Why the last automatic backup failed, until one succeeds again (None: all is well)."""
        return self._backups.problem

    def wait_for_backup(self) -> None:
        """Wait until a background backup started while reviewing has finished."""
        self._backups.wait()

    # -- the scheduling day --------------------------------------------------------------------

    def scheduling_day(self, now: datetime | None = None) -> SchedulingDay:
        """The scheduling day containing ``now``, in the collection's time zone and with its
        rollover hour (the one answer to "which day is it?" for every part of glosscards)."""
        return self._queue.day(_now(now))

    def day_bounds(self, now: datetime | None = None) -> tuple[int, int]:
        """The scheduling day containing ``now`` as epoch seconds ``[start, end)``."""
        day = self.scheduling_day(now)
        return int(day.start.timestamp()), int(day.end.timestamp())

    # -- studying ------------------------------------------------------------------------------

    def decks(self) -> list[Deck]:
        """The glossary sources in the collection (one deck each), in the order they came."""
        return [Deck(id=i, name=name) for i, name in self._meta.decks()]

    def counts(self, now: datetime | None = None, *, deck: int | None = None) -> Counts:
        """New / learning (today's re-drill) / review cards left today, limits applied.

        With ``deck`` (a :class:`Deck` id) only that deck's cards count; the daily limits are
        the collection's, shared by all decks.
        """
        return self._queue.counts(_now(now), deck)

    def next_card(
        self, now: datetime | None = None, *, deck: int | None = None
    ) -> ReviewCard | None:
        """The card to show next (from one deck, if given), or None when nothing is left today."""
        moment = _now(now)
        card_id = self._queue.next_card_id(moment, deck)
        return None if card_id is None else self.review_card(CardId(card_id), moment)

    def review_card(self, card_id: int, now: datetime | None = None) -> ReviewCard:
        """A card as the reviewer shows it, with the interval each button would give."""
        moment = _now(now)
        found = self._store.card_with_content(card_id)
        if found is None:
            raise KeyError(f"no card {card_id}")
        row, (name, text, back_extra, entry_json) = found
        self._shown = row
        preview = self.scheduler.preview(row.state, day=self.scheduling_day(moment))
        see_also, links = see_also_and_links(entry_json)
        return ReviewCard(
            id=CardId(row.id),
            note_id=row.note_id,
            ordinal=row.ordinal,
            term=name,
            question_html=render_question(text, row.ordinal),
            answer_html=render_answer(text, back_extra, row.ordinal),
            next_intervals=dict(preview.intervals),
            phase=str(row.state.phase),
            redrill=row.state.redrill,
            see_also=see_also,
            links=links,
            again_today=preview.again_today,
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
        day = self.scheduling_day(moment)
        answered = self.scheduler.answer(row.state, grade, at=moment, day=day)
        self._shown = None
        self._store.record_answer(
            row,
            answered.state,
            answered.log,
            duration_ms=max(0, int(duration_ms)),
            bury_until_day=bury_siblings_until(day.number),
            policy=self._queue.policy(row.deck),
        )
        self._backups.after_answer(moment)

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
        return self._notes.history(card_id)

    def suspend(self, card_id: int, suspended: bool = True) -> None:
        self._require_writable()
        self._shown = None
        self._store.set_suspended(card_id, suspended)

    def bury(self, card_id: int, now: datetime | None = None) -> None:
        """Hide the card until the next scheduling day."""
        self._require_writable()
        self._shown = None
        self._store.set_buried_until(card_id, self.scheduling_day(now).number + 1)

    def unbury(self, card_id: int) -> None:
        """Show a buried card again today (the undo of :meth:`bury`)."""
        self._require_writable()
        self._shown = None
        self._store.set_buried_until(card_id, 0)

    # -- decks ---------------------------------------------------------------------------------

    def _own_options(self) -> dict[int, DeckOptions]:
        if self._deck_options is None:
            self._deck_options = self._meta.deck_options()
        return self._deck_options

    def _limits(self, deck: int | None) -> QueuePolicy:
        """A deck's limits (its own, else the collection's); all decks: the sum of theirs."""
        ids = [d.id for d in self.decks()] if deck is None else [deck]
        if not ids:
            ids = [0]
        options = [self._options_of(i) for i in ids]
        return QueuePolicy(
            new_per_day=sum(o.new_per_day for o in options),
            reviews_per_day=sum(o.reviews_per_day for o in options),
        )

    def _options_of(self, deck_id: int) -> DeckOptions:
        own = self._own_options().get(deck_id)
        if own is not None:
            return own
        s = self.settings
        return DeckOptions(new_per_day=s.new_per_day, reviews_per_day=s.reviews_per_day)

    def deck_options(self, deck: str) -> DeckOptions:
        """The daily limits of ``deck``: its own, or the collection's when it has none."""
        return self._options_of(self.deck_id(deck))

    def has_own_options(self, deck: str) -> bool:
        return self.deck_id(deck) in self._own_options()

    def set_deck_options(self, deck: str, options: DeckOptions | None) -> None:
        """Give ``deck`` daily limits of its own, or (None) let it follow the collection's."""
        self._require_writable()
        self._meta.set_deck_options(self.deck_id(deck), options)
        self._deck_options = None
        self._queue.settings_changed()

    def rename_deck(self, deck: str, new_name: str) -> None:
        """Rename a deck; refused when the name is blank or another deck has it."""
        self._require_writable()
        name = new_name.strip()
        if not name:
            raise CollectionError(self.path, "a deck needs a name")
        self._decks.rename(self.deck_id(deck), name)
        self._queue.settings_changed()

    def deck_size(self, deck: str) -> tuple[int, int, int]:
        """(notes, cards, answers) of ``deck``: what deleting it would remove."""
        return self._decks.size(self.deck_id(deck))

    def delete_deck(self, deck: str, now: datetime | None = None) -> DeckDeletion:
        """Delete ``deck`` with its notes, cards and answers, after a backup that brings them
        back (File → Open backup…, ``glosscards restore``): one transaction."""
        self._require_writable()
        deck_id = self.deck_id(deck)
        backup = self.backup(now)
        self._shown = None
        notes, cards, answers = self._decks.delete(deck_id)
        self._meta.set_deck_options(deck_id, None)
        self._deck_options = None
        self._queue.settings_changed()
        self._store.forget_counts()
        return DeckDeletion(deck, notes, cards, answers, backup)

    # -- browsing and statistics ---------------------------------------------------------------

    def find_cards(
        self,
        query: str = "",
        *,
        order: str = "term",
        descending: bool = False,
        now: datetime | None = None,
    ) -> list[BrowseRow]:
        """The cards matching ``query`` (the browser's search language, :mod:`glosscards.search`),
        in ``order`` (one of :data:`glosscards.browse.SORT_KEYS`).

        Raises :class:`glosscards.search.SearchError` for a query that cannot be run.
        """
        sort_rows([], order)  # an unknown order is refused before any query runs
        day = self.scheduling_day(now)
        rows = self._browse.find(query, today=day.number, day_start=int(day.start.timestamp()))
        return sort_rows(rows, order, descending=descending)

    def card_details(self, card_id: int) -> CardDetails:
        """The text, flags and review history of one card. Raises ``KeyError`` for an unknown id."""
        found = self._browse.card_text(card_id)
        if found is None:
            raise KeyError(f"no card {card_id}")
        return card_details_from(card_id, found, tuple(self.history(card_id)))

    def upcoming(self, now: datetime | None = None, *, deck: int | None = None) -> Upcoming:
        """The earliest due review and the number of new cards left, optionally in one deck."""
        day = self.scheduling_day(now)
        due_day, new_waiting = self._browse.upcoming(deck=deck)
        rollover = self.settings.rollover_hour
        next_review = (
            None if due_day is None else start_of_day(due_day, tz=self.tz, rollover_hour=rollover)
        )
        return Upcoming(next_review=next_review, new_waiting=new_waiting, day_end=day.end)

    def statistics(
        self,
        now: datetime | None = None,
        *,
        period: Period = Period.MONTH,
        deck: int | None = None,
        hardest_limit: int = 10,
        charts: bool = True,
    ) -> Statistics:
        """Every figure of the statistics window and of ``glosscards stats`` (which leaves out,
        with ``charts=False``, the figures only the window draws)."""
        return compute_statistics(
            self._stats,
            _now(now),
            tz=self.tz,
            rollover_hour=self.settings.rollover_hour,
            period=period,
            deck=deck,
            hardest_limit=hardest_limit,
            charts=charts,
        )

    def card_counts(self, *, deck: int | None = None) -> dict[str, int]:
        """Cards by state, and the numbers of cards, notes and terms (one deck, or all)."""
        return self._stats.card_state_counts(deck=deck)

    # -- exporting -----------------------------------------------------------------------------

    def export_notes(
        self, *, include_retired: bool = False, decks: Sequence[str] | None = None
    ) -> list[ExportNote]:
        """The notes to export (of the named ``decks``, default all), in glossary order, each
        with its stable key, its last change and its deck's name."""
        ids = None if decks is None else [self.deck_id(name) for name in decks]
        return self._notes.export_notes(include_retired=include_retired, decks=ids)

    def deck_id(self, name: str) -> int:
        """The id of the deck named ``name``; :class:`CollectionError` naming it if none is."""
        found = self._decks.id_of(name)
        if found is None:
            names = ", ".join(f"'{d.name}'" for d in self.decks()) or "none"
            raise CollectionError(self.path, f"has no deck '{name}' (decks: {names})")
        return found

    def export_apkg(
        self,
        path: str | Path,
        *,
        deck_name: str | None = None,
        decks: Sequence[str] | None = None,
        anki_parent: str | None = None,
        include_retired: bool = False,
        with_progress: bool = False,
        progress: ProgressFn | None = None,
        now: datetime | None = None,
    ) -> ExportResult:
        """Write the collection (or the named ``decks``) as an Anki package (see
        :mod:`glosscards.anki_export`): each deck into an Anki deck of its name, under
        ``anki_parent`` when given (``Parent::deck``), or all into one Anki deck ``deck_name``.

        Refuses, before writing anything, the collection itself (also through a link or another
        spelling of its path), its side files, and any existing file that is not an ``.apkg``.
        """
        target = Path(path).expanduser()
        own = [self.path, *(Path(f"{self.path}{s}") for s in ("-wal", "-shm", ".lock"))]
        if target.exists() and any(o.exists() and os.path.samefile(target, o) for o in own):
            raise ExportError(target, "is the collection itself; choose another file name")
        moment = _now(now)
        notes = self.export_notes(include_retired=include_retired or with_progress, decks=decks)
        if with_progress:  # each card's schedule and answers, in Anki's terms
            stored = self._notes.export_progress([n.key for n in notes])
            notes = [
                dataclasses.replace(n, progress=tuple(anki_card(c) for c in stored.get(n.key, ())))
                for n in notes
            ]
        if anki_parent is not None and deck_name is None:
            notes = [dataclasses.replace(n, deck=f"{anki_parent}::{n.deck}") for n in notes]
        return write_apkg(notes, target, deck_name=deck_name, progress=progress, now=moment)

    def _require_writable(self) -> None:
        if self.readonly:
            raise CollectionError(self.path, "is open read-only")
