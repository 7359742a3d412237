"""The workload forecast of one deck or of every deck: each deck played forward with its own
scheduler and limits (:func:`glosscards.forecast.forecast`), the days summed.

A :class:`WorkloadPlan` holds everything the simulation needs as plain values — read from the
collection in a few milliseconds — so :meth:`WorkloadPlan.run`, which takes a few hundred at
10,000 cards, is pure and may run on another thread. Each deck draws its answers from a
``random.Random`` seeded with the plan's seed and the deck's id: the same collection, clock and
seed give the same forecast.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from glosscards.forecast import DEFAULT_ANSWERS, AnswerMix, Forecast, ForecastDay, forecast
from glosscards.scheduler.day import scheduling_day
from glosscards.scheduler.queue import DoneToday
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardState

__all__ = ["WORKLOAD_SEED", "DeckWorkload", "WorkloadPlan", "share_new_cards"]

WORKLOAD_SEED = 16
"""The default seed of the simulated answers."""

_NOTHING_DONE = DoneToday()


@dataclass(frozen=True, slots=True)
class DeckWorkload:
    """One deck as the simulation starts it."""

    deck_id: int
    scheduler: Scheduler
    states: tuple[CardState, ...]
    """Its active cards; the new ones in the order the queue introduces them."""
    new_per_day: int
    reviews_per_day: int | None
    done_today: DoneToday = _NOTHING_DONE
    answers: AnswerMix = DEFAULT_ANSWERS


@dataclass(frozen=True, slots=True)
class WorkloadPlan:
    """The decks to simulate, from ``now`` for ``days`` scheduling days."""

    decks: tuple[DeckWorkload, ...]
    now: datetime
    tz: tzinfo
    rollover_hour: int
    days: int
    seed: int = WORKLOAD_SEED

    @property
    def new_per_day(self) -> int:
        """The new cards a day the plan adds, all decks together."""
        return sum(d.new_per_day for d in self.decks)

    def run(self) -> Forecast:
        """The decks' forecasts, summed day by day."""
        forecasts = [
            forecast(
                deck.scheduler,
                deck.states,
                now=self.now,
                tz=self.tz,
                rng=random.Random(f"glosscards workload {self.seed} {deck.deck_id}"),
                rollover_hour=self.rollover_hour,
                days=self.days,
                new_per_day=deck.new_per_day,
                reviews_per_day=deck.reviews_per_day,
                done_today=deck.done_today,
                answers=deck.answers,
            )
            for deck in self.decks
        ]
        if not forecasts:
            first = scheduling_day(self.now, tz=self.tz, rollover_hour=self.rollover_hour)
            return Forecast(tuple(ForecastDay(first.number + i, 0, 0, 0) for i in range(self.days)))
        days = [
            ForecastDay(
                number=same[0].number,
                new=sum(d.new for d in same),
                reviews=sum(d.reviews for d in same),
                redrills=sum(d.redrills for d in same),
            )
            for same in zip(*(f.days for f in forecasts), strict=True)
        ]
        return Forecast(tuple(days))


def share_new_cards(total: int, limits: Sequence[int]) -> list[int]:
    """``total`` new cards a day shared among decks in proportion to their own daily
    ``limits`` (equally when all are 0), largest remainders first, earlier decks on ties:
    the shares add up to ``total``, and ``total == sum(limits)`` gives each deck its limit."""
    if not limits:
        return []
    weights = list(limits) if sum(limits) > 0 else [1] * len(limits)
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
