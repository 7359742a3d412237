"""The study queue of one collection: the scheduling day, the queue policy and the scheduler,
applied to what storage fetches.

It caches what the review hot path would otherwise recompute per card: the scheduling day
(time-zone arithmetic is a measurable share of a review) and each deck's query window, until
the day or the settings change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.queue import QueueList, QueuePolicy, lists_to_try, remaining
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.storage.review_store import QueueWindow, ReviewStore
from glosscards.values import Counts, Settings

__all__ = ["StudyQueue"]


class StudyQueue:
    def __init__(self, store: ReviewStore, tz: tzinfo, settings: Callable[[], Settings]) -> None:
        self._store = store
        self._tz = tz
        self._settings = settings
        self._scheduler: Scheduler | None = None
        self._day: SchedulingDay | None = None
        self._windows: dict[int | None, QueueWindow] = {}

    def settings_changed(self) -> None:
        self._scheduler = None
        self._day = None
        self._windows.clear()

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Sm2Scheduler(mode=self._settings().grade_mode)
        return self._scheduler

    @property
    def policy(self) -> QueuePolicy:
        s = self._settings()
        return QueuePolicy(new_per_day=s.new_per_day, reviews_per_day=s.reviews_per_day)

    def day(self, moment: datetime) -> SchedulingDay:
        """The scheduling day containing ``moment``."""
        day = self._day
        if day is None or not day.contains(moment):
            rollover = self._settings().rollover_hour
            day = self._day = scheduling_day(moment, tz=self._tz, rollover_hour=rollover)
            self._windows.clear()
        return day

    def _window(self, moment: datetime, deck: int | None) -> QueueWindow:
        day = self.day(moment)
        window = self._windows.get(deck)
        if window is None:
            window = self._windows[deck] = QueueWindow.of(day, deck)
        return window

    def counts(self, moment: datetime, deck: int | None) -> Counts:
        window = self._window(moment, deck)
        left = remaining(self.policy, self._store.done_today(window))
        store = self._store
        return Counts(
            new=store.count_in(QueueList.NEW, window, limit=left.new),
            learning=store.count_in(QueueList.REDRILL_WAITING, window),
            review=store.count_in(QueueList.DUE, window, limit=left.reviews),
        )

    def next_card_id(self, moment: datetime, deck: int | None) -> int | None:
        window = self._window(moment, deck)
        for which in lists_to_try(self.policy, self._store.done_today(window)):
            card_id = self._store.first_in(which, window)
            if card_id is not None:
                return card_id
        return None
