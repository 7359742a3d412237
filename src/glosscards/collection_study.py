"""How each deck is studied, beyond its limits: the façade's part of the new-card order, typed
answers and the workload forecast (one façade with :class:`glosscards.collection.Collection`;
the split keeps each module small).
"""

from __future__ import annotations

from datetime import datetime

from glosscards.collection_base import CollectionBase, now_or_utc
from glosscards.deck_study import DeckStudy
from glosscards.forecast import DEFAULT_ANSWERS, AnswerMix, Forecast
from glosscards.scheduler.grade import GradeMode
from glosscards.storage.review_store import QueueWindow
from glosscards.workload import WORKLOAD_SEED, DeckWorkload, WorkloadPlan, share_new_cards

__all__ = ["CollectionStudy"]

_now = now_or_utc

_SIX_GRADE_ANSWERS = AnswerMix(((4, 0.9), (1, 0.1)))
"""Nine answers in ten quality 4 (what Good gives), the rest 1 (what Again gives)."""


class CollectionStudy(CollectionBase):
    """New-card order, typed answers, workload (see :class:`glosscards.collection.Collection`)."""

    def _save_new_order(self, deck_id: int, study: DeckStudy) -> None:
        """Store ``study``, whose new-card order changed, and give the deck's new cards their
        places in it: one transaction (see :mod:`glosscards.new_positions`); answered cards are
        not touched."""
        self._require_writable()
        self._shown = None
        from glosscards.storage.new_order_store import save_study_and_reorder

        save_study_and_reorder(self._db, deck_id, study)

    def new_cards_a_day(self, deck: int | None = None) -> int:
        """The daily new-card limit of ``deck`` (a deck id; None: every deck's, summed)."""
        return self._limits(deck).new_per_day

    def workload_plan(
        self,
        deck: int | None = None,
        *,
        days: int = 30,
        new_per_day: int | None = None,
        now: datetime | None = None,
        seed: int = WORKLOAD_SEED,
    ) -> WorkloadPlan:
        """What :meth:`workload_forecast` simulates, read from the collection: run it with
        ``plan.run()`` (pure; the statistics window runs it on another thread)."""
        if new_per_day is not None and new_per_day < 0:
            raise ValueError(f"new cards a day cannot be negative, not {new_per_day}")
        moment = _now(now)
        day = self.scheduling_day(moment)
        ids = [d.id for d in self.decks()] if deck is None else [deck]
        options = [self._options_of(i) for i in ids]
        limits = [o.new_per_day for o in options]
        if new_per_day is None:
            news = limits
        elif deck is not None:
            news = [new_per_day]
        else:
            news = share_new_cards(new_per_day, limits)
        six = self.settings.grade_mode is GradeMode.SM2_SIX
        answers = _SIX_GRADE_ANSWERS if six else DEFAULT_ANSWERS
        decks = tuple(
            DeckWorkload(
                deck_id=i,
                scheduler=self.scheduler_of(i),
                states=self._states_for(i),
                new_per_day=new,
                reviews_per_day=o.reviews_per_day,
                done_today=self._store.done_today(QueueWindow.of(day, i)),
                answers=answers,
            )
            for i, o, new in zip(ids, options, news, strict=True)
        )
        return WorkloadPlan(
            decks, moment, self.tz, self.settings.rollover_hour, days=days, seed=seed
        )

    def workload_forecast(
        self,
        deck: int | None = None,
        *,
        days: int = 30,
        new_per_day: int | None = None,
        now: datetime | None = None,
        seed: int = WORKLOAD_SEED,
    ) -> Forecast:
        """About how many reviews each of the next ``days`` scheduling days brings if the
        learner adds ``new_per_day`` new cards a day: ``deck`` (a deck id) or every deck,
        each simulated with its own scheduler and daily limits, from its cards as they are
        (nine answers in ten Good; :mod:`glosscards.forecast`).

        ``new_per_day`` defaults to each deck's own daily new-card limit; for all decks a
        number given is shared among them in proportion to their limits. Deterministic for a
        given collection, ``now`` and ``seed``."""
        return self.workload_plan(
            deck, days=days, new_per_day=new_per_day, now=now, seed=seed
        ).run()
