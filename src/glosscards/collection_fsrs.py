"""FSRS as a deck's scheduler: the façade's part of switching a deck between SM-2 and FSRS, of
fitting FSRS's parameters to the learner's answers, and of the deck's predicted recall (one
façade with :class:`glosscards.collection.Collection`; the split keeps each module small).

Switching a deck's scheduler (``Collection.set_deck_study`` with SM-2 ↔ FSRS) recomputes
every studied card of the deck from its answers since it was last new, replayed through the new
scheduler (SM-2 → FSRS computes memory states; FSRS → SM-2 replays SM-2 over the same
history), in one transaction with the stored choice; no answer is added, removed or changed,
cards never answered stay new, and the undo history ends there, as at an import
(:meth:`CollectionFsrs.studied_cards` says how many cards are rescheduled). New FSRS options
alone (retention, maximum interval, steps, parameters) change no card, as in Anki, which
reschedules only when asked: memory states and due dates stay, and each card's next answer is
scheduled with the new options.

Each deck's scheduler comes from :class:`glosscards.deck_schedulers.DeckSchedulers`
(``Collection.scheduler_of``); answers, the buttons' intervals, syncs and progress imports all
go through the scheduler of the card's deck.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from glosscards.collection_base import CollectionBase, now_or_utc
from glosscards.deck_schedulers import scheduler_for
from glosscards.deck_study import DeckStudy
from glosscards.errors import CollectionError
from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.fsrs_scheduler import FsrsOptions
from glosscards.scheduler.queue import redrill_ready_after
from glosscards.scheduler.replay import fits
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardState
from glosscards.scheduler_switch import current_run, replayed_state, rescheduled
from glosscards.stats.memory import DeckMemory
from glosscards.storage.database import Database
from glosscards.storage.lock import WriterLock
from glosscards.storage.review_store import CardRowState
from glosscards.storage.switch_store import SwitchStore

__all__ = ["CollectionFsrs"]


class CollectionFsrs(CollectionBase):
    """Scheduler switches and FSRS fitting (see :class:`glosscards.collection.Collection`)."""

    def __init__(self, path: Path, db: Database, tz: tzinfo, lock: WriterLock | None) -> None:
        super().__init__(path, db, tz, lock)
        self._switches = SwitchStore(db)

    def studied_cards(self, deck: str) -> int:
        """How many of ``deck``'s cards have a state a scheduler switch recomputes (every card
        that is not new): what the deck options ask the learner to confirm."""
        return self._switches.studied_cards(self.deck_id(deck))

    def fit_fsrs(self, deck: str, now: datetime | None = None) -> FsrsOptions:
        """``deck``'s FSRS options (as stored, whichever scheduler it uses now) with the 21
        parameters fitted to its cards' answers by Anki's own FSRS optimizer (the ``anki``
        package's Rust backend; :mod:`glosscards.fsrs_fit`). Stores nothing: give the result to
        :meth:`set_deck_study` to use it. Answers after ``now`` are left out. Raises :class:`CollectionError` when the deck has too
        few answers a day or more apart for a fit."""
        from glosscards.anki_fsrs_fit import fit_parameters
        from glosscards.fsrs_fit import FitError, fsrs_items

        deck_id = self.deck_id(deck)
        options = self._schedulers.study_of(deck_id).fsrs
        day_of, until = self._day_finder(), now_or_utc(now)
        runs = [
            [a for a in current_run(card.answers) if a.at <= until]
            for card in self._switches.histories(deck=deck_id)
        ]
        try:
            fitted = fit_parameters(fsrs_items(runs, day_of=day_of))
        except FitError as error:
            raise CollectionError(self.path, f"cannot fit FSRS to '{deck}': {error}") from None
        return dataclasses.replace(options, parameters=fitted)

    # -- for Collection: answers, previews and switches ----------------------------------------

    def _states_for(self, deck_id: int) -> tuple[CardState, ...]:
        """As the base's, but a card whose stored state the deck's scheduler cannot answer from
        (moved in from a deck of the other algorithm) gets its history replayed, as its next
        answer would: one query for all such cards of the deck."""
        from glosscards.storage.forecast_store import deck_states

        scheduler = self.scheduler_of(deck_id)
        cards = deck_states(self._db, deck_id)
        foreign = [card_id for card_id, state in cards if not fits(scheduler, state)]
        if not foreign:
            return tuple(state for _id, state in cards)
        day_of = self._day_finder()
        replayed = {
            found.card_id: replayed_state(scheduler, found.answers, day_of=day_of)
            for found in self._switches.histories(card_ids=foreign)
        }
        return tuple(replayed.get(card_id, state) for card_id, state in cards)

    def _state_for(self, row: CardRowState, scheduler: Scheduler) -> CardState:
        """The state ``scheduler`` answers ``row`` from: its own, unless it was made by the
        other algorithm (a card moved from a deck of the other scheduler), then its history
        replayed through ``scheduler``. The card keeps its stored state until it is answered
        (the review log records that one as the state before, so undo restores it)."""
        if fits(scheduler, row.state):
            return row.state
        found = self._switches.histories(card_ids=[row.id])
        answers = found[0].answers if found else ()
        return replayed_state(scheduler, answers, day_of=self._day_finder())

    def _switch_scheduler(self, deck_id: int, study: DeckStudy, *, reorder: bool = False) -> None:
        """Give deck ``deck_id`` ``study``'s scheduler: every studied card's state replayed
        from its history through it (:mod:`glosscards.scheduler_switch`), the choice stored,
        the new cards put in its order (``reorder``) and the undo history ended, in one
        transaction. The review log is not touched."""
        self._require_writable()
        scheduler = scheduler_for(study, settings=self.settings, tz=self.tz)
        cards = self._switches.histories(deck=deck_id)
        states = rescheduled(scheduler, cards, day_of=self._day_finder())
        policy = self._queue.policy(deck_id)
        placed = {
            card.card_id: (
                states[card.card_id],
                redrill_ready_after(policy, card.last_review_id)
                if states[card.card_id].redrill
                else 0,
            )
            for card in cards
            if card.card_id in states
        }
        self._shown = None
        self._switches.switch(deck_id, study, placed, reorder=reorder)
        self._schedulers.changed()

    def _day_finder(self) -> Callable[[datetime], SchedulingDay]:
        """The scheduling day of a moment, for replays: the last day found is reused while the
        moments stay in it (a history is answered in time order)."""
        rollover = self.settings.rollover_hour
        found: list[SchedulingDay] = []

        def day_of(moment: datetime) -> SchedulingDay:
            if found and found[0].contains(moment):
                return found[0]
            day = scheduling_day(moment, tz=self.tz, rollover_hour=rollover)
            found[:] = [day]
            return day

        return day_of

    def _fsrs_memory(self, deck: int | None) -> dict[int, DeckMemory]:
        """The decks among ``deck`` (None: all) that use FSRS, as the predicted recall needs
        them (:mod:`glosscards.stats.memory`)."""
        return {
            d: DeckMemory(decay=o.parameters[20], desired_retention=o.desired_retention)
            for d, o in self._schedulers.fsrs_decks().items()
            if deck is None or d == deck
        }
