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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from glosscards.browse import BrowseRow, CardDetails, Upcoming, card_details_from, sort_rows
from glosscards.collection_base import now_or_utc
from glosscards.collection_cards import CollectionCards
from glosscards.collection_custom import CollectionCustomStudy
from glosscards.collection_fsrs import CollectionFsrs
from glosscards.collection_study import CollectionStudy
from glosscards.custom_study import CustomSession
from glosscards.deck_study import DEFAULT_DECK_STUDY, DeckStudy
from glosscards.errors import CollectionError, ExportError
from glosscards.glossary.serialize import see_also_and_links
from glosscards.note_edit import NoteFieldsEdit, check_edit, edit_of, revert_of
from glosscards.render import render_answer, render_question
from glosscards.scheduler.day import start_of_day
from glosscards.scheduler.grade import Grade
from glosscards.scheduler.queue import bury_siblings_until
from glosscards.search import parse_query
from glosscards.stats.periods import Period
from glosscards.typed_card import typed_question
from glosscards.values import (
    CardId,
    Counts,
    DeckDeletion,
    DeckOptions,
    EditableNote,
    ReviewCard,
    ReviewRecord,
)

if TYPE_CHECKING:  # loaded on first use: export, statistics and imports are not start-up work
    from glosscards.anki_export import ExportNote, ExportResult
    from glosscards.import_run import ProgressFn
    from glosscards.statistics import CardCache, Statistics, StatisticsJob
    from glosscards.storage.stats_store import StatsStore

__all__ = ["Collection"]


_now = now_or_utc


class Collection(CollectionFsrs, CollectionStudy, CollectionCustomStudy, CollectionCards):
    """A glosscards collection: one SQLite file. Use :meth:`open`, ideally as a context manager."""

    def counts(
        self,
        now: datetime | None = None,
        *,
        deck: int | None = None,
        session: CustomSession | None = None,
    ) -> Counts:
        """New / learning (today's re-drill) / review cards left today, limits applied.

        With ``deck`` (a :class:`Deck` id) only that deck's cards count, within its own daily
        limits (:meth:`deck_options`); without, every deck's, each within its own. With a custom
        study ``session`` (:meth:`start_custom_study`; ``deck`` is then the session's), what is
        left of it: no daily limits, its re-drill cards as learning.
        """
        if session is not None:
            return self._custom_counts(session, _now(now))
        return self._queue.counts(_now(now), deck)

    def next_card(
        self,
        now: datetime | None = None,
        *,
        deck: int | None = None,
        session: CustomSession | None = None,
    ) -> ReviewCard | None:
        """The card to show next (from one deck, if given), or None when nothing is left today.

        With a custom study ``session``, its next card (a session not started yet is started,
        see :meth:`start_custom_study`); a ``MORE_NEW`` session is the regular queue of its
        deck, whose new-card limit it raised.
        """
        moment = _now(now)
        if session is not None:
            card_id = self._custom_next_id(session, moment)
        else:
            card_id = self._queue.next_card_id(moment, deck)
        return None if card_id is None else self.review_card(CardId(card_id), moment)

    def review_card(self, card_id: int, now: datetime | None = None) -> ReviewCard:
        """A card as the reviewer shows it, with the interval each button would give."""
        moment = _now(now)
        found = self._store.card_with_content(card_id)
        if found is None:
            raise KeyError(f"no card {card_id}")
        row, (name, text, back_extra, entry_json) = found
        self._shown, self._shown_term = row, name
        scheduler = self.scheduler_of(row.deck)
        state, day = self._state_for(row, scheduler), self.scheduling_day(moment)
        preview = scheduler.preview(state, day=day, at=moment)
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
            typed=(
                typed_question(text, row.ordinal)
                if self._schedulers.study_of(row.deck).type_answer
                else None
            ),
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
        term = self._shown_term
        if row is None:
            found = self._store.card_with_content(card_id)
            if found is None:
                raise KeyError(f"no card {card_id}")
            row, term = found[0], found[1][0]
        if not row.active:
            raise CollectionError(self.path, f"card {card_id} is suspended or retired")
        day = self.scheduling_day(moment)
        scheduler = self.scheduler_of(row.deck)
        answered = scheduler.answer(self._state_for(row, scheduler), grade, at=moment, day=day)
        self._shown = None
        self._store.record_answer(
            row,
            answered.state,
            answered.log,
            duration_ms=max(0, int(duration_ms)),
            bury_until_day=bury_siblings_until(day.number),
            policy=self._queue.policy(row.deck),
            day=day.number,
            term=term,
        )
        self._backups.after_answer(moment)

    def history(self, card_id: int) -> list[ReviewRecord]:
        """The card's review log, oldest first."""
        return self._notes.history(card_id)

    def editable_note(self, card_id: int) -> EditableNote:
        """The note of a card, as the Edit dialog shows it. Raises ``KeyError`` for an unknown id."""
        note = self._edits.note_of_card(card_id)
        if note is None:
            raise KeyError(f"no card {card_id}")
        return note

    def edit_note(
        self, card_id: int, *, text: str, back_extra: str, now: datetime | None = None
    ) -> EditableNote:
        """Save the learner's edit of a card's note — its Text (HTML with Anki's cloze syntax)
        and Back Extra — and return the note as it now is: one transaction.

        Refused with :class:`~glosscards.errors.NoteEditError` naming the term, and nothing
        written, unless the Text keeps exactly the note's cloze numbers (each is a card with its
        history). The edit is what is studied and exported; re-imports keep it (see
        :meth:`import_glossary`). Saving the glossary's version is the same as
        :meth:`revert_note`, and saving the note unchanged writes nothing.
        """
        self._require_writable()
        note = self.editable_note(card_id)
        check_edit(note, text)
        fields = edit_of(note, text, back_extra)
        if fields is None:
            return note
        self._save_edit(card_id, note.note_id, fields, now, revert=False)
        return self.editable_note(card_id)

    def edit_problems(self, card_id: int, *, text: str, back_extra: str) -> list[str]:
        """What the card check (:mod:`glosscards.card_check`) would say of the card's note
        with this Text and Back Extra, for the rules that keep answers hidden ("card 1 shows
        its answer"): the edit dialog asks before saving such an edit."""
        from glosscards.card_check import ANSWER_RULES, check_note
        from glosscards.glossary.serialize import entry_from_json

        found = self._browse.card_text(card_id)
        if found is None:
            raise KeyError(f"no card {card_id}")
        problems = check_note(entry_from_json(found[9]), text, back_extra)
        return sorted(
            {f"card {p.ordinal} {p.reason}" for p in problems if p.reason in ANSWER_RULES}
        )

    def revert_note(self, card_id: int, now: datetime | None = None) -> EditableNote:
        """Take back the learner's edit of a card's note: the glossary's version is studied and
        exported again (its newest, when an import kept the edit). One transaction; a note that
        is not edited is left as it is."""
        self._require_writable()
        note = self.editable_note(card_id)
        fields = revert_of(note)
        if fields is None:
            return note
        self._save_edit(card_id, note.note_id, fields, now, revert=True)
        return self.editable_note(card_id)

    def _save_edit(
        self, card_id: int, note_id: int, fields: NoteFieldsEdit, now: datetime | None, *,
        revert: bool,
    ) -> None:  # fmt: skip
        """Write an edit or a revert, journaled as a step of today for undo."""
        day, at = self._write_moment(now)
        self._edits.save(note_id, fields, now_s=at, day=day, card_id=card_id, revert=revert)

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

    def deck_study(self, deck: str) -> DeckStudy:
        """How ``deck`` is studied: its scheduler (and FSRS options), new-card order, typing."""
        return self._schedulers.study_of(self.deck_id(deck))

    def set_deck_study(self, deck: str, study: DeckStudy, now: datetime | None = None) -> None:
        """Change how ``deck`` is studied. Another scheduler replays every studied card's
        history through it, in one transaction with the choice, and ends the undo history;
        new FSRS options alone change no card (see :mod:`glosscards.collection_fsrs`)."""
        self._require_writable()
        deck_id, before = self.deck_id(deck), self.deck_study(deck)
        reorder = before.new_order != study.new_order
        if before.scheduler != study.scheduler:  # with the new order, if any, in its transaction
            self._switch_scheduler(deck_id, study, reorder=reorder)
        elif reorder:
            self._save_new_order(deck_id, study)
        else:
            self._meta.set_deck_study(deck_id, study)
        self._schedulers.changed()
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
        self._meta.set_deck_study(deck_id, DEFAULT_DECK_STUDY)  # a later deck may get its id
        self._schedulers.changed()
        self._deck_options = None
        self._queue.settings_changed()
        self._store.forget_counts()
        return DeckDeletion(deck, notes, cards, answers, backup)

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
        weak = self.weak_card_ids() if parse_query(query).mentions_weak else ()
        rows = self._browse.find(
            query, today=day.number, day_start=int(day.start.timestamp()), weak=weak
        )
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
        from glosscards.statistics import compute_statistics

        return compute_statistics(
            self._stats_store(),
            _now(now),
            tz=self.tz,
            rollover_hour=self.settings.rollover_hour,
            period=period,
            deck=deck,
            hardest_limit=hardest_limit,
            charts=charts,
            fsrs=self._fsrs_memory(deck),
        )

    def statistics_job(
        self,
        now: datetime | None = None,
        *,
        period: Period = Period.MONTH,
        deck: int | None = None,
        hardest_limit: int = 10,
        cache: CardCache | None = None,
    ) -> StatisticsJob:
        """:meth:`statistics` prepared to run on another thread (the statistics window's
        worker): ``job.run()`` reads on a read-only connection of its own, never this
        collection's, and ``job.cancel()`` stops it from any thread. With a ``cache``, the card
        queries' rows are reused while the collection has not changed (a period switch)."""
        from glosscards.statistics import StatisticsJob
        from glosscards.storage.stats_reader import StatsReader

        store = self._stats_store()
        return StatisticsJob(
            StatsReader(self._db.path),
            _now(now),
            tz=self.tz,
            rollover_hour=self.settings.rollover_hour,
            period=period,
            deck=deck,
            hardest_limit=hardest_limit,
            fsrs=self._fsrs_memory(deck),
            cache=cache,
            stamp=store.change_stamp() if cache is not None else None,
        )

    def card_counts(self, *, deck: int | None = None) -> dict[str, int]:
        """Cards by state, and the numbers of cards, notes and terms (one deck, or all)."""
        return self._stats_store().card_state_counts(deck=deck)

    def _stats_store(self) -> StatsStore:
        from glosscards.storage.stats_store import StatsStore

        return StatsStore(self._db)

    def export_notes(
        self, *, include_retired: bool = False, decks: Sequence[str] | None = None
    ) -> list[ExportNote]:
        """The notes to export (of the named ``decks``, default all), in glossary order, each
        with its stable key, its last change and its deck's name."""
        ids = None if decks is None else [self.deck_id(name) for name in decks]
        return self._notes.export_notes(include_retired=include_retired, decks=ids)

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
        from glosscards.anki_export import write_apkg
        from glosscards.anki_progress import anki_card
        from glosscards.storage.file_check import CollectionDamagedError

        problem = self._db.integrity_problem()  # damage must not travel into Anki
        if problem is not None:
            raise CollectionDamagedError(self.path, f"is damaged ({problem}); nothing exported")
        notes = self.export_notes(include_retired=include_retired or with_progress, decks=decks)
        if with_progress:  # each card's schedule and answers, in Anki's terms
            stored = self._notes.export_progress([n.key for n in notes])
            notes = [
                dataclasses.replace(n, progress=tuple(anki_card(c) for c in stored.get(n.key, ())))
                for n in notes
            ]
        if anki_parent is not None and deck_name is None:
            notes = [dataclasses.replace(n, deck=f"{anki_parent}::{n.deck}") for n in notes]
        return write_apkg(notes, target, deck_name=deck_name, progress=progress)
