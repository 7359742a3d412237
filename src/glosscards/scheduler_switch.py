"""A deck's scheduler switched (SM-2 ↔ FSRS): each studied card's state is what its history,
answered again through the new scheduler, gives. Pure: the histories come in, states go out.

A card's history here is its answers since it was last new: a card reset to new (the browser's
Forget) started again there, so its earlier answers say nothing about its schedule now. A card
that is new now has no state to recompute and is left out; no answer is added, removed or
changed — the review log keeps what each answer was when it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.replay import PastAnswer, replay
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardState

__all__ = ["CardAnswers", "current_run", "replayed_state", "rescheduled"]


@dataclass(frozen=True, slots=True)
class CardAnswers:
    """One card's answers, oldest first, each with whether the card was new when it was given;
    ``last_review_id`` is the id of its newest answer (where a re-drill waits from)."""

    card_id: int
    answers: tuple[tuple[PastAnswer, bool], ...]
    last_review_id: int = 0


def current_run(answers: Sequence[tuple[PastAnswer, bool]]) -> list[PastAnswer]:
    """The answers from the last one given while the card was new (all of them if none was)."""
    start = max((i for i, (_, was_new) in enumerate(answers) if was_new), default=0)
    return [answer for answer, _ in answers[start:]]


def replayed_state(
    scheduler: Scheduler,
    answers: Sequence[tuple[PastAnswer, bool]],
    *,
    day_of: Callable[[datetime], SchedulingDay],
) -> CardState:
    """The state :func:`current_run` of ``answers`` leads to through ``scheduler`` (a new
    card's state when there is none)."""
    run = current_run(answers)
    if not run:
        return CardState()
    return replay(scheduler, run, day_of=day_of)[-1].outcome.state


def rescheduled(
    scheduler: Scheduler,
    cards: Iterable[CardAnswers],
    *,
    day_of: Callable[[datetime], SchedulingDay],
) -> dict[int, CardState]:
    """Each card's state under ``scheduler``, by card id (see the module docstring)."""
    return {
        card.card_id: replayed_state(scheduler, card.answers, day_of=day_of)
        for card in cards
        if card.answers
    }
