"""How a deck is studied, beside its daily limits: which scheduler (SM-2, the default, or FSRS
with its options), in which order new cards come, and whether the term is typed.

Every deck has these choices of its own (a new deck: SM-2, glossary order, no typing); the daily
limits may follow the collection's settings (:class:`glosscards.values.DeckOptions`), these never
do, since switching a scheduler rewrites the deck's card states from their histories.
The JSON form is what ``meta`` stores (``deck_study``), and what ``deck options --json`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from glosscards.new_order import NewCardOrder
from glosscards.scheduler.fsrs_scheduler import DEFAULT_FSRS_OPTIONS, FsrsOptions

__all__ = ["DEFAULT_DECK_STUDY", "DeckStudy", "SchedulerName"]


class SchedulerName(StrEnum):
    """The algorithm behind a deck's buttons."""

    SM2 = "sm2"
    FSRS = "fsrs"


def _minutes(steps: tuple[timedelta, ...]) -> list[float]:
    return [step.total_seconds() / 60 for step in steps]


def _steps(minutes: object, default: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
    if not isinstance(minutes, list):
        return default
    return tuple(timedelta(minutes=float(m)) for m in minutes)


@dataclass(frozen=True, slots=True)
class DeckStudy:
    """A deck's study choices (see the module docstring)."""

    scheduler: SchedulerName = SchedulerName.SM2
    fsrs: FsrsOptions = field(default=DEFAULT_FSRS_OPTIONS)
    """Kept while the deck uses SM-2, so switching back to FSRS finds the learner's settings."""
    new_order: NewCardOrder = NewCardOrder.GLOSSARY
    type_answer: bool = False

    def to_json(self) -> dict[str, Any]:
        options = self.fsrs
        return {
            "scheduler": str(self.scheduler),
            "desired_retention": options.desired_retention,
            "maximum_interval_days": options.maximum_interval_days,
            "learning_steps_minutes": _minutes(options.learning_steps),
            "relearning_steps_minutes": _minutes(options.relearning_steps),
            "fsrs_parameters": list(options.parameters),
            "new_order": str(self.new_order),
            "type_answer": self.type_answer,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeckStudy:
        """The stored form back; a missing key takes its default (older collections)."""
        base = DEFAULT_FSRS_OPTIONS
        parameters = data.get("fsrs_parameters")
        options = FsrsOptions(
            desired_retention=float(data.get("desired_retention", base.desired_retention)),
            maximum_interval_days=int(
                data.get("maximum_interval_days", base.maximum_interval_days)
            ),
            learning_steps=_steps(data.get("learning_steps_minutes"), base.learning_steps),
            relearning_steps=_steps(data.get("relearning_steps_minutes"), base.relearning_steps),
            parameters=(
                tuple(float(p) for p in parameters)
                if isinstance(parameters, list)
                else base.parameters
            ),
        )
        return cls(
            scheduler=SchedulerName(data.get("scheduler", SchedulerName.SM2)),
            fsrs=options,
            new_order=NewCardOrder(data.get("new_order", NewCardOrder.GLOSSARY)),
            type_answer=bool(data.get("type_answer", False)),
        )


DEFAULT_DECK_STUDY = DeckStudy()
