"""A card's state recomputed from its whole history, through any scheduler behind the seam.

When answers made elsewhere (a phone, through Anki's sync) join a card's history, the card's state
is not patched: the history, in time order, is answered again from a new card, each answer on the
scheduling day it was given. The result is the state the learner would have if every answer had
been given here, and each answer's log value as this scheduler computes it. Pure: no I/O, no clock.

An answer is kept as the button pressed (1-4, Anki's ease too) and the SM-2 quality it stood for.
A scheduler offering buttons is given the button (an answer recorded only as a quality, in six-grade
mode, is mapped to the button Anki would show for it: q 0-2 → Again, 3 → Hard, 4 → Good,
5 → Easy); one offering qualities is given the quality.

A scheduler that allows one repetition a day (SM-2: :attr:`Scheduler.one_review_a_day`) is given a
second answer on the day of the card's last one as a same-day re-drill: Anki answers a new card
two or three times on its first day (its learning steps), and each must not count as a day's
repetition (Good, Good would be 6 days instead of 1).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.grade import Grade
from glosscards.scheduler.seam import Answered, Scheduler
from glosscards.scheduler.state import CardPhase, CardState

__all__ = ["PastAnswer", "Replayed", "answer_for", "button_for_quality", "fits", "replay"]

_BUTTONS = tuple(int(g) for g in Grade)


@dataclass(frozen=True, slots=True)
class PastAnswer:
    """One answer of a card's history: when, the button (None: answered with a quality), the
    SM-2 quality it stood for."""

    at: datetime
    grade: int | None
    quality: int


@dataclass(frozen=True, slots=True)
class Replayed:
    """One answer replayed: the state before it and what the scheduler made of it."""

    answer: PastAnswer
    before: CardState
    outcome: Answered


def button_for_quality(quality: int) -> int:
    """The Anki button an SM-2 quality stands for (q 0-2 Again, 3 Hard, 4 Good, 5 Easy)."""
    return int(Grade.AGAIN) if quality < 3 else quality - 1


def fits(scheduler: Scheduler, state: CardState) -> bool:
    """Whether ``scheduler`` can go on from ``state`` as it is: a new card, or a state of its
    own kind (FSRS's states carry a memory state, SM-2's none). A card that comes to a deck of
    the other algorithm (moved, or its deck switched) is replayed from its history instead."""
    return state.phase is CardPhase.NEW or (state.stability is not None) == (
        scheduler.name == "fsrs"
    )


def answer_for(scheduler: Scheduler, answer: PastAnswer) -> int:
    """``answer`` in the terms ``scheduler`` offers (its buttons, or SM-2 qualities)."""
    if tuple(scheduler.answers) == _BUTTONS:
        return answer.grade if answer.grade is not None else button_for_quality(answer.quality)
    return answer.quality


def replay(
    scheduler: Scheduler,
    answers: Sequence[PastAnswer],
    *,
    day_of: Callable[[datetime], SchedulingDay],
    start: CardState | None = None,
) -> list[Replayed]:
    """Answer ``answers`` again, oldest first (ties keep their order), from ``start`` (a new
    card): one :class:`Replayed` per answer; the last one's ``outcome.state`` is the card's."""
    state = start if start is not None else CardState()
    done: list[Replayed] = []
    for past in sorted(answers, key=lambda a: a.at):
        day = day_of(past.at)
        if (
            scheduler.one_review_a_day
            and not state.redrill
            and state.last_review is not None
            and day.contains(state.last_review)
        ):  # a second answer the same day (Anki's learning steps): no new repetition
            state = dataclasses.replace(state, redrill=True)
        outcome = scheduler.answer(state, answer_for(scheduler, past), at=past.at, day=day)
        done.append(Replayed(past, state, outcome))
        state = outcome.state
    return done
