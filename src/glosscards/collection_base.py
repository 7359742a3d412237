"""What every collection has before anyone studies: its file, settings, imports and backups.

:class:`glosscards.collection.Collection` builds on this with studying, decks, browsing,
statistics and export; the split only keeps each module small (both are one façade).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from glosscards.custom_study import ExtraNew
from glosscards.deck_schedulers import DeckSchedulers
from glosscards.errors import CollectionError
from glosscards.paths import backups_dir, default_collection_path, local_timezone
from glosscards.review_backups import ReviewBackups
from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.queue import QueuePolicy
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardState
from glosscards.storage.backup import make_backup
from glosscards.storage.browse_store import BrowseStore
from glosscards.storage.database import Database
from glosscards.storage.deck_store import DeckStore
from glosscards.storage.edit_store import EditStore
from glosscards.storage.lock import WriterLock
from glosscards.storage.meta_store import MetaStore
from glosscards.storage.notes_store import NotesStore
from glosscards.storage.opening import open_collection_file
from glosscards.storage.review_store import CardRowState, ReviewStore
from glosscards.study_queue import StudyQueue
from glosscards.values import Deck, DeckOptions, ImportReport, Settings

if TYPE_CHECKING:  # an import loads the parsers and the diff when it runs, not at start-up
    from glosscards.card_check import CardCheck
    from glosscards.glossary.entry import ParseResult
    from glosscards.import_run import PreparedImport, ProgressFn

__all__ = ["CollectionBase", "now_or_utc"]


def now_or_utc(now: datetime | None) -> datetime:
    """``now``, checked to be timezone-aware, or the current time when omitted."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, not naive: {now!r}")
    return now


_now = now_or_utc


class CollectionBase:
    """One SQLite file and the services over it (see :class:`glosscards.collection.Collection`)."""

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
        self._decks = DeckStore(db)
        self._edits = EditStore(db)
        self._backups = ReviewBackups(
            path, tz, last_backup=self._meta.last_backup, record_backup=self._meta.set_last_backup
        )
        self._settings: Settings | None = None
        self._deck_options: dict[int, DeckOptions] | None = None
        self._extra_new: ExtraNew | None = None
        self._queue = StudyQueue(
            self._store,
            tz,
            lambda: self.settings,
            self._limits,
            lambda: [d.id for d in self.decks()],
            self._raised_new_limits,
        )
        self._shown: CardRowState | None = None
        self._shown_term = ""  # the term of ``_shown``: the undo step of its answer names it
        self._schedulers = DeckSchedulers(
            tz=tz, settings=lambda: self.settings, studies=self._meta.deck_study
        )

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, tz: tzinfo | None = None, readonly: bool = False
    ) -> Self:
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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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
        self._schedulers.changed()
        self._queue.settings_changed()

    @property
    def scheduler(self) -> Scheduler:
        """The collection's default scheduling algorithm (SM-2, answered as the settings say):
        every deck's that did not choose FSRS (:meth:`scheduler_of`)."""
        return self._schedulers.default

    def scheduler_of(self, deck: int) -> Scheduler:
        """The scheduler that answers the cards of deck ``deck`` (a deck id): FSRS with the
        deck's options when its study choices say so (``Collection.deck_study``), else SM-2."""
        return self._schedulers.of(deck)

    @property
    def review_backup_interval(self) -> timedelta | None:
        """How often to back up while reviewing (None: never, for benchmarks and scripts)."""
        return self._backups.interval

    @review_backup_interval.setter
    def review_backup_interval(self, value: timedelta | None) -> None:
        self._backups.interval = value

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
        replace_edits: bool | AbstractSet[str] = False,
        prepared: PreparedImport | None = None,
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

        A note the learner edited (:meth:`~glosscards.collection.Collection.edit_note`) keeps the
        edit while its entry is unchanged. When the glossary's version of the note changes, the
        term is listed in ``report.edited_changed`` with both versions in
        ``report.edit_versions``; the edit is kept unless ``replace_edits`` is True (all such
        terms) or names the term (as the file names it), and ``report.edits_replaced`` says
        which gave way. A kept edit remembers the new glossary version, for a later revert.

        ``prepared`` is this import's preview (:meth:`preview_import`): applied, it writes the
        plan the preview made without reading or matching the file again — unless the file or
        the collection changed since, when the import is planned again from the arguments.
        """
        moment = _now(now)

        def before_write() -> Path | None:
            self._require_writable()
            self._shown = None
            return self.backup(moment) if backup else None

        from glosscards.import_run import run_import

        try:
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
                replace_edits=replace_edits,
                prepared=prepared,
            )
        finally:
            self._queue.settings_changed()  # the import may have added a deck

    def preview_import(
        self,
        file_path: str | Path,
        *,
        format: str | None = None,
        deck: str | None = None,
        new_deck: bool = False,
        progress: ProgressFn | None = None,
    ) -> PreparedImport:
        """A dry run of :meth:`import_glossary` that keeps its plan: ``.report`` is the report
        ``dry_run=True`` gives; pass the whole to ``import_glossary(prepared=...)`` to apply it
        without matching again. ``progress(done, total)`` moves through every phase."""
        from glosscards.import_run import prepare_import

        return prepare_import(
            self._db,
            Path(file_path).expanduser(),
            format=format,
            deck=deck,
            new_deck=new_deck,
            progress=progress,
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

    def scheduling_day(self, now: datetime | None = None) -> SchedulingDay:
        """The scheduling day containing ``now``, in the collection's time zone and with its
        rollover hour (the one answer to "which day is it?" for every part of glosscards)."""
        return self._queue.day(_now(now))

    def decks(self) -> list[Deck]:
        """The glossary sources in the collection (one deck each), in the order they came."""
        return [Deck(id=i, name=name) for i, name in self._meta.decks()]

    def tags(self) -> list[str]:
        """Every tag the notes of active terms have, once each, sorted ignoring case."""
        return self._browse.tags()

    def _own_options(self) -> dict[int, DeckOptions]:
        if self._deck_options is None:
            self._deck_options = self._meta.deck_options()
        return self._deck_options

    def _raised_new_limits(self) -> ExtraNew:
        """Today's raises of new-card limits (custom study's "more new cards"), read once."""
        if self._extra_new is None:
            from glosscards.storage.custom_study_store import load_extra_new

            self._extra_new = load_extra_new(self._meta)
        return self._extra_new

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

    def deck_id(self, name: str) -> int:
        """The id of the deck named ``name``; :class:`CollectionError` naming it if none is."""
        found = self._decks.id_of(name)
        if found is None:
            names = ", ".join(f"'{d.name}'" for d in self.decks()) or "none"
            raise CollectionError(self.path, f"has no deck '{name}' (decks: {names})")
        return found

    def check_cards(self, *, deck: str | None = None) -> CardCheck:
        """The card check (see :mod:`glosscards.card_check`) of every current card, or of
        ``deck``'s."""
        from glosscards.card_check import check_notes
        from glosscards.glossary.serialize import entry_from_json
        from glosscards.storage.card_check_store import check_rows

        ids = None if deck is None else [self.deck_id(deck)]
        rows = check_rows(self._db, ids)
        return check_notes((name, entry_from_json(e), t, b, tid) for name, e, t, b, tid in rows)

    def weak_card_ids(self, *, deck: str | None = None) -> list[int]:
        """The cards :meth:`check_cards` finds a problem with (the browser's ``is:weak``)."""
        from glosscards.storage.card_check_store import card_ids

        problems = self.check_cards(deck=deck).problems
        return card_ids(self._db, sorted({(p.term_id, p.ordinal) for p in problems}))

    def _states_for(self, deck_id: int) -> tuple[CardState, ...]:
        """The states deck ``deck_id``'s scheduler works from, in queue order (the cards in
        study, then the new ones); the FSRS part replays cards moved in from an SM-2 deck."""
        from glosscards.storage.forecast_store import deck_states

        return tuple(state for _id, state in deck_states(self._db, deck_id))

    def _cards_changed(self) -> None:
        """Cards or answers changed beside the reviewer (an undo, a bulk change, a deletion):
        each part of the façade drops what it caches of them (see the overrides)."""

    def _require_writable(self) -> None:
        if self.readonly:
            raise CollectionError(self.path, "is open read-only")
