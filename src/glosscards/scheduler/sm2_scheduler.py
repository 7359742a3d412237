"""SM-2 behind the scheduler seam: the functions of :mod:`glosscards.scheduler.sm2` as an object."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.grade import (
    DEFAULT_QUALITY,
    Grade,
    GradeMode,
    answers_for,
    quality_for,
    validate_quality_map,
)
from glosscards.scheduler.seam import Answered, Preview
from glosscards.scheduler.sm2 import REDRILL_PASS_QUALITY, preview_intervals
from glosscards.scheduler.sm2 import answer as sm2_answer
from glosscards.scheduler.state import CardState

__all__ = ["Sm2Scheduler"]


class Sm2Scheduler:
    """SM-2 as published (see :mod:`glosscards.scheduler.sm2`), answered with four buttons
    mapped to qualities, or with the six qualities themselves."""

    name = "sm2"
    one_review_a_day = True

    def __init__(
        self,
        mode: GradeMode = GradeMode.FOUR_BUTTONS,
        qualities: Mapping[Grade, int] = DEFAULT_QUALITY,
    ) -> None:
        self.mode = GradeMode(mode)
        self.qualities = (
            qualities if qualities is DEFAULT_QUALITY else validate_quality_map(qualities)
        )
        self.answers: tuple[int, ...] = answers_for(self.mode)
        # Each offered answer's quality, looked up per answer (plain ints and Grades only: a
        # bool or a float takes quality_for, which refuses it).
        self._qualities = {
            a: quality_for(a, mode=self.mode, qualities=self.qualities) for a in self.answers
        }
        # The answers that (re)start the same-day re-drill, for the buttons' "↻ today".
        self._redrills = frozenset(
            a for a in self.answers if self._quality(a) < REDRILL_PASS_QUALITY
        )

    def _quality(self, answer: int) -> int:
        if type(answer) is int or type(answer) is Grade:
            found = self._qualities.get(answer)
            if found is not None:
                return found
        return quality_for(answer, mode=self.mode, qualities=self.qualities)

    def answer(
        self, state: CardState, answer: int, *, at: datetime, day: SchedulingDay
    ) -> Answered:
        quality = self._quality(answer)
        grade = int(answer) if self.mode is GradeMode.FOUR_BUTTONS else None
        new_state, log = sm2_answer(state, quality, at, day=day, grade=grade)
        return Answered(new_state, log)

    def preview(
        self, state: CardState, *, day: SchedulingDay, at: datetime | None = None
    ) -> Preview:
        """The interval each answer gives; ``at`` is not needed (SM-2 counts whole days)."""
        intervals = preview_intervals(state, mode=self.mode, qualities=self.qualities, day=day)
        # Whether the card is new, due or already in today's re-drill, an answer with q < 4
        # (re)starts the re-drill and q >= 4 ends it: the same answers come back today.
        return Preview(intervals, self._redrills)
