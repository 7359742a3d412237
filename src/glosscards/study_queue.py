"""The study queue of one collection: the scheduling day, the queue policy and the scheduler,
applied to what storage fetches.

It caches what the review hot path would otherwise recompute per card: the scheduling day
(time-zone arithmetic is a measurable share of a review) and each deck's query window, until
the day or the settings change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from glosscards.custom_study import ExtraNew, raise_new_limit
from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.queue import QueueList, QueuePolicy, lists_to_try, remaining
from glosscards.storage.review_store import QueueWindow, ReviewStore
from glosscards.values import Counts, Settings

__all__ = ["StudyQueue"]


class StudyQueue:
    def __init__(
        self,
        store: ReviewStore,
        tz: tzinfo,
        settings: Callable[[], Settings],
        limits: Callable[[int | None], QueuePolicy],
        deck_ids: Callable[[], list[int]],
        extra_new: Callable[[], ExtraNew] = ExtraNew,
    ) -> None:
        self._store = store
        self._extra_new = extra_new
        self._load_deck_ids = deck_ids
        self._decks: list[int] | None = None
        self._tz = tz
        self._settings = settings
        self._limits = limits
        self._policies: dict[int | None, QueuePolicy] = {}
        self._day: SchedulingDay | None = None
        self._windows: dict[int | None, QueueWindow] = {}

    def settings_changed(self) -> None:
        self._day = None
        self._windows.clear()
        self._policies.clear()
        self._decks = None

    def _deck_ids(self) -> list[int]:
        if self._decks is None:
            self._decks = self._load_deck_ids()
        return self._decks

    def policy(self, deck: int | None) -> QueuePolicy:
        """The limits of one deck, or of all decks together: its options, with today's raise of
        the new-card limit (custom study's "more new cards", :class:`ExtraNew`)."""
        found = self._policies.get(deck)
        if found is None:
            found = self._limits(deck)
            if self._day is not None:
                found = raise_new_limit(found, self._extra_new().on(self._day.number, deck))
            self._policies[deck] = found
        return found

    def new_beyond_limit(self, moment: datetime, deck: int) -> int:
        """How many of ``deck``'s new cards wait past what its limit still allows today."""
        window = self._window(moment, deck)
        left = remaining(self.policy(deck), self._store.done_today(window))
        return max(0, self._store.count_in(QueueList.NEW, window) - left.new)

    def day(self, moment: datetime) -> SchedulingDay:
        """The scheduling day containing ``moment``."""
        day = self._day
        if day is None or not day.contains(moment):
            rollover = self._settings().rollover_hour
            day = self._day = scheduling_day(moment, tz=self._tz, rollover_hour=rollover)
            self._windows.clear()
            self._policies.clear()  # a raised new-card limit holds for one day
        return day

    def _window(self, moment: datetime, deck: int | None) -> QueueWindow:
        day = self.day(moment)
        window = self._windows.get(deck)
        if window is None:
            window = self._windows[deck] = QueueWindow.of(day, deck)
        return window

    def counts(self, moment: datetime, deck: int | None) -> Counts:
        """What is left today in ``deck``; for all decks, the sum of each deck's (each within
        its own limits), as Anki's deck list shows it."""
        decks = self._deck_ids()
        if deck is None and len(decks) > 1:
            per_deck = [self.counts(moment, d) for d in decks]
            return Counts(
                new=sum(c.new for c in per_deck),
                learning=sum(c.learning for c in per_deck),
                review=sum(c.review for c in per_deck),
            )
        limits = deck if deck is not None else (decks[0] if decks else None)
        window = self._window(moment, deck)
        left = remaining(self.policy(limits), self._store.done_today(self._window(moment, limits)))
        store = self._store
        return Counts(
            new=store.count_in(QueueList.NEW, window, limit=left.new),
            learning=store.count_in(QueueList.REDRILL_WAITING, window),
            review=store.count_in(QueueList.DUE, window, limit=left.reviews),
        )

    def next_card_id(self, moment: datetime, deck: int | None) -> int | None:
        """The next card of ``deck`` or, for all decks, the next in queue order among the decks
        whose own limits still allow that kind of card."""
        decks = self._deck_ids()
        now = int(moment.timestamp())  # FSRS learning steps are ready at their instant
        if deck is not None or len(decks) <= 1:
            limits = deck if deck is not None else (decks[0] if decks else None)
            window = self._window(moment, deck)
            done = self._store.done_today(self._window(moment, limits))
            for which in lists_to_try(self.policy(limits), done):
                card_id = self._store.first_in(which, window, now=now)
                if card_id is not None:
                    return card_id
            return None
        allowed = {
            d: lists_to_try(self.policy(d), self._store.done_today(self._window(moment, d)))
            for d in decks
        }
        window = self._window(moment, None)
        for which in QueueList:
            room = tuple(d for d in decks if which in allowed[d])
            if not room:
                continue
            if len(room) == len(decks):
                card_id = self._store.first_in(which, window, now=now)
            else:
                card_id = self._store.first_in_decks(which, window, room, now=now)
            if card_id is not None:
                return card_id
        return None
