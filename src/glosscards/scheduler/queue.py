"""Which card comes next: the study queue's policy as pure code, for any algorithm.

Storage keeps the cards in four lists and can fetch the first card of each, or count them; this
module decides which lists to look in, in what order, and how many of each are left today.
For the scheduling day the queue shows:

1. cards in today's re-drill (SM-2 step 7) that have waited :attr:`QueuePolicy.redrill_gap`
   other answers (:attr:`QueueList.REDRILL_READY`);
2. scheduled cards due today or earlier, overdue first, within the daily review limit
   (:attr:`QueueList.DUE`);
3. new cards in the deck's order, within the daily new-card limit (:attr:`QueueList.NEW`);
4. re-drill cards that have not waited long enough, when nothing else is left
   (:attr:`QueueList.REDRILL_WAITING`).

Answering a card buries its siblings (the other cloze of the same note) until the next day
(:func:`bury_siblings_until`), so one note never asks twice in a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_REDRILL_GAP",
    "DoneToday",
    "QueueList",
    "QueuePolicy",
    "Remaining",
    "bury_siblings_until",
    "lists_to_try",
    "redrill_ready_after",
    "remaining",
]

DEFAULT_REDRILL_GAP = 3
"""A failed card comes back after this many other answers (sooner when nothing else is due)."""


class QueueList(StrEnum):
    """The lists storage keeps, in the order of their definitions above."""

    REDRILL_READY = "redrill_ready"
    DUE = "due"
    NEW = "new"
    REDRILL_WAITING = "redrill_waiting"


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """The daily limits and the re-drill gap of one study session."""

    new_per_day: int
    reviews_per_day: int
    redrill_gap: int = DEFAULT_REDRILL_GAP


@dataclass(frozen=True, slots=True)
class DoneToday:
    """What today's scheduled answers have used of the limits (re-drill answers use none)."""

    new: int = 0
    reviews: int = 0


@dataclass(frozen=True, slots=True)
class Remaining:
    """How many more new cards and scheduled reviews the limits allow today."""

    new: int
    reviews: int


def remaining(policy: QueuePolicy, done: DoneToday) -> Remaining:
    """The limits minus what today's answers used, never below zero."""
    return Remaining(
        new=max(0, policy.new_per_day - done.new),
        reviews=max(0, policy.reviews_per_day - done.reviews),
    )


_ALL = (QueueList.REDRILL_READY, QueueList.DUE, QueueList.NEW, QueueList.REDRILL_WAITING)


def lists_to_try(policy: QueuePolicy, done: DoneToday) -> tuple[QueueList, ...]:
    """The lists to take the next card from, first non-empty one wins."""
    left = remaining(policy, done)
    return tuple(
        which
        for which in _ALL
        if not (which is QueueList.DUE and left.reviews == 0)
        and not (which is QueueList.NEW and left.new == 0)
    )


def redrill_ready_after(policy: QueuePolicy, answer_sequence: int) -> int:
    """The answer sequence number after which a card failed at ``answer_sequence`` is ready."""
    return answer_sequence + policy.redrill_gap


def bury_siblings_until(today: int) -> int:
    """The first day a sibling of a card answered on day ``today`` may be shown again."""
    return today + 1
