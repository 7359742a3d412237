"""Which answers in an Anki collection glosscards does not have yet. Pure: no I/O.

Anki keeps a card's answers in ``revlog``, one row per answer, its id the answer's time in
milliseconds (bumped by one when two answers share a millisecond). glosscards pairs every answer it
shares with Anki with that row's id (the ``anki_answer`` table). A ``revlog`` row is then:

* **known** — its id is paired: nothing to do;
* **one of glosscards' own**, not paired yet — an answer glosscards exported with progress (or sent
  by a sync that was stopped before it recorded the pairing): the same card, the same button, a
  time within one second of it. It is paired, never added a second time. Its button may have
  moved up by one: a package that names no scheduler (genanki's; glosscards' exports before they
  declared ``schedVer`` 2) is upgraded by Anki's importer from the v1 scheduler, which adds one
  to the ease of learning answers (``type`` 0 or 2) given as 2 or 3 — so Hard and Good on a new
  or re-drilled card are Good and Easy in the learner's Anki ever after;
* **an answer made elsewhere** (a phone) — it joins the card's history.

Rows that are not answers are skipped: Anki's manual rescheduling ("Set due date", "Forget":
``type`` 4 and 5, or ``ease`` 0). Anki's ease is the button: 1 Again, 2 Hard, 3 Good, 4 Easy, the
same numbers as glosscards' :class:`~glosscards.scheduler.grade.Grade`; the SM-2 quality is the
one the deck's grade map gives that button.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import genanki

__all__ = ["AnkiAnswer", "OwnAnswer", "TakenAnswers", "answers_to_take", "guid_of"]


@lru_cache(maxsize=1 << 17)
def guid_of(key: str) -> str:
    """The Anki GUID of the note of the term with identity ``key`` (as the export gives it);
    kept, since a sync asks for every note's several times (genanki hashes each time)."""
    return str(genanki.guid_for(key))


_MANUAL_TYPES = frozenset({4, 5})
_LEARNING_TYPES = frozenset({0, 2})
_SAME_ANSWER_MS = 1000


@dataclass(frozen=True, slots=True)
class AnkiAnswer:
    """One ``revlog`` row of a card, named by the card's note GUID and cloze ordinal (1-based)."""

    guid: str
    ordinal: int
    revlog_id: int
    ease: int
    duration_ms: int
    kind: int = 1

    @property
    def is_answer(self) -> bool:
        return 1 <= self.ease <= 4 and self.kind not in _MANUAL_TYPES

    @property
    def own_eases(self) -> tuple[int, ...]:
        """The buttons one of glosscards' answers had if it is this row: the row's ease, or,
        for a learning answer, the one below it (Anki's scheduler upgrade: module docstring)."""
        if self.kind in _LEARNING_TYPES and self.ease in (3, 4):
            return (self.ease, self.ease - 1)
        return (self.ease,)


@dataclass(frozen=True, slots=True)
class OwnAnswer:
    """One of glosscards' answers that has no revlog row paired with it yet."""

    review_id: int
    guid: str
    ordinal: int
    at_ms: int
    ease: int


@dataclass(frozen=True, slots=True)
class TakenAnswers:
    """What to do with an Anki collection's answers: those to add to glosscards' history, and
    (review id, revlog id) pairs of answers both already hold."""

    received: tuple[AnkiAnswer, ...]
    paired: tuple[tuple[int, int], ...]


def answers_to_take(
    rows: Iterable[AnkiAnswer], *, known: set[int] | frozenset[int], own: Sequence[OwnAnswer]
) -> TakenAnswers:
    """Sort ``rows`` into new answers and answers glosscards already has (module docstring).

    ``known`` are the paired revlog ids; ``own`` glosscards' unpaired answers.
    """
    unpaired: dict[tuple[str, int, int], list[OwnAnswer]] = {}
    for answer in sorted(own, key=lambda a: a.at_ms):
        unpaired.setdefault((answer.guid, answer.ordinal, answer.ease), []).append(answer)
    received: list[AnkiAnswer] = []
    paired: list[tuple[int, int]] = []
    for row in sorted(rows, key=lambda r: r.revlog_id):
        if row.revlog_id in known or not row.is_answer:
            continue
        match = None
        for ease in row.own_eases:  # the same button first
            candidates = unpaired.get((row.guid, row.ordinal, ease), [])
            match = next(
                (a for a in candidates if 0 <= row.revlog_id - a.at_ms < _SAME_ANSWER_MS), None
            )
            if match is not None:
                candidates.remove(match)
                break
        if match is not None:
            paired.append((match.review_id, row.revlog_id))
        else:
            received.append(row)
    return TakenAnswers(tuple(received), tuple(paired))
