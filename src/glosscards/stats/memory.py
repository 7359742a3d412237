"""The predicted recall of the cards FSRS schedules: FSRS's retrievability, now, over a deck.

A card's retrievability is the probability FSRS gives of recalling it at a moment: with
stability S (days), t whole days since its last answer (24-hour periods, as py-fsrs counts
them) and FSRS-6's decay w20, R = (1 + F·t/S)^(−w20) with F = 0.9^(−1/w20) − 1, so R is 90 %
when t = S. The figure is the mean over the studied, active cards of the decks that use FSRS,
and how many of them are already below their deck's desired retention (due, or overdue).
Cards of SM-2 decks have no memory state and are not counted. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["DeckMemory", "Recall", "predicted_recall", "retrievability"]

_DAY = 86_400


@dataclass(frozen=True, slots=True)
class DeckMemory:
    """What the figure needs of one FSRS deck's options: its decay (w20) and its target."""

    decay: float
    desired_retention: float


@dataclass(frozen=True, slots=True)
class Recall:
    """FSRS's predicted recall now: ``cards`` studied cards, their ``mean`` retrievability
    (None without any), ``below_target`` of them under their deck's desired retention, which
    is ``desired_retention`` when every deck counted wants the same (else None)."""

    cards: int
    mean: float | None
    below_target: int
    desired_retention: float | None

    def to_json(self) -> dict[str, object]:
        """The figure as ``stats --json`` prints it (the mean and target as fractions)."""
        return {
            "cards": self.cards,
            "mean": None if self.mean is None else round(self.mean, 4),
            "below_desired_retention": self.below_target,
            "desired_retention": self.desired_retention,
        }

    def describe(self) -> str:
        """One line: "91.3% on average over 40 cards; 5 below the desired 90%"."""
        if self.mean is None:
            return "no card studied yet"
        target = "" if self.desired_retention is None else f" {self.desired_retention:.0%}"
        cards = "card" if self.cards == 1 else "cards"
        return (
            f"{self.mean:.1%} on average over {self.cards} {cards};"
            f" {self.below_target} below the desired retention{target}"
        )


def retrievability(stability: float, elapsed_days: int, decay: float) -> float:
    """FSRS's R after ``elapsed_days`` whole days for a card of ``stability`` days."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * max(0, elapsed_days) / stability) ** -decay)


def predicted_recall(
    cards: Iterable[tuple[int, float, int]], *, now_s: int, decks: Mapping[int, DeckMemory]
) -> Recall:
    """The figure from (deck id, stability, last answer in epoch seconds) of each studied card;
    cards of decks not in ``decks`` (not FSRS's) are left out."""
    constants = {
        deck: (0.9 ** (-1 / memory.decay) - 1, -memory.decay, memory.desired_retention)
        for deck, memory in decks.items()
    }
    count = below = 0
    total = 0.0
    for deck, stability, last in cards:
        found = constants.get(deck)
        if found is None:
            continue
        factor, power, target = found
        elapsed = max(0, (now_s - last) // _DAY)
        value = (1 + factor * elapsed / stability) ** power
        count += 1
        total += value
        below += value < target
    targets = {memory.desired_retention for memory in decks.values()}
    return Recall(
        cards=count,
        mean=total / count if count else None,
        below_target=below,
        desired_retention=targets.pop() if len(targets) == 1 else None,
    )
