"""An Anki collection → glosscards: answers made elsewhere join their cards' histories.

Used by a sync (the mirror, after Anki's sync brought the phone's answers into it) and by
``import-progress`` (a learner's own Anki export). Which ``revlog`` rows are new is
:mod:`glosscards.anki_history`'s business; each card that gets new answers has its state
recomputed by replaying its history, from the earliest new answer on, through the scheduler of
the card's deck (:mod:`glosscards.scheduler.replay`; SM-2 or FSRS), and all of them are written
in one transaction. When the state before that answer was made by the other algorithm (the
deck switched scheduler since), the card's whole history since it was last new is replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from glosscards.anki_history import AnkiAnswer, OwnAnswer, answers_to_take, guid_of
from glosscards.anki_progress import anki_ease
from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.grade import quality_for
from glosscards.scheduler.replay import PastAnswer, fits, replay
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.state import CardPhase, CardState
from glosscards.scheduler_switch import current_run
from glosscards.storage.sync_store import CardHistory, ReceivedAnswer, SyncStore

__all__ = ["Pulled", "pull"]


@dataclass(frozen=True, slots=True)
class Pulled:
    received: int
    """Answers made elsewhere, now in glosscards' history."""
    paired: int
    """glosscards' own answers found in the Anki collection (exported or sent before)."""
    cards: int
    """Cards whose state the new answers changed (replayed)."""
    skipped: int
    """Answers to cards glosscards does not have (a term deleted here)."""
    card_ids: frozenset[int] = frozenset()
    """The cards that received answers."""
    conflicted: frozenset[int] = frozenset()
    """Of those, the cards that also have answers here the Anki collection lacks: answered on
    both sides since they last met. Both sides' answers are kept, in time order."""


def _replayed(
    history: CardHistory,
    rows: Sequence[AnkiAnswer],
    *,
    scheduler: Scheduler,
    day_of: Callable[[datetime], SchedulingDay],
) -> tuple[list[ReceivedAnswer], CardState]:
    """The new answers ``rows`` of one card, replayed, and the card's state after them.

    The replay starts at the earliest new answer, from the state the card had then (the review
    log keeps each answer's state before it; the card's own state when every new answer is newer
    than glosscards' last): older answers stay exactly as they were scheduled, under the settings
    of their day.
    """
    incoming = [
        (
            row,
            PastAnswer(
                datetime.fromtimestamp(row.revlog_id / 1000, UTC), row.ease, quality_for(row.ease)
            ),
        )
        for row in rows
    ]
    first = min(past.at for _row, past in incoming)
    later = [(past, before) for past, before in history.answers if past.at >= first]
    start = later[0][1] if later else history.state
    if not fits(scheduler, start):  # scheduled by the other algorithm: replay it all
        run = current_run(
            [(past, before.phase is CardPhase.NEW) for past, before in history.answers]
        )
        keep = {id(past) for past in run}
        later = [(past, before) for past, before in history.answers if id(past) in keep]
        start = CardState()
    row_of = {id(past): row for row, past in incoming}
    replayed = replay(
        scheduler, [*(p for p, _ in later), *(p for _, p in incoming)], day_of=day_of, start=start
    )
    answers = [
        ReceivedAnswer(
            row_of[id(r.answer)].revlog_id,
            r.before,
            r.outcome.log,
            row_of[id(r.answer)].duration_ms,
        )
        for r in replayed
        if id(r.answer) in row_of
    ]
    return answers, replayed[-1].outcome.state


def pull(
    answers: Iterable[AnkiAnswer],
    store: SyncStore,
    *,
    scheduler_of: Callable[[int], Scheduler],
    day_of: Callable[[datetime], SchedulingDay],
    before_write: Callable[[], object] | None = None,
) -> Pulled:
    """Take the answers glosscards does not have from ``answers`` (an Anki collection's revlog
    rows of glosscards notes), each card replayed through ``scheduler_of(its deck id)``;
    ``before_write`` runs once before anything is written."""
    card_of = {(guid_of(key), ordinal): cid for (key, ordinal), cid in store.cards_by_key().items()}
    unpaired = [r for r in store.reviews_for_anki() if r.revlog_id is None]
    own = [
        OwnAnswer(
            r.review_id,
            guid_of(r.key),
            r.ordinal,
            r.review.reviewed_at_ms,
            anki_ease(r.review.grade, r.review.quality),
        )
        for r in unpaired
    ]
    taken = answers_to_take(answers, known=store.paired_revlog_ids(), own=own)
    by_card: dict[int, list[AnkiAnswer]] = {}
    skipped = 0
    for row in taken.received:
        card_id = card_of.get((row.guid, row.ordinal))
        if card_id is None:
            skipped += 1
        else:
            by_card.setdefault(card_id, []).append(row)
    if (taken.paired or by_card) and before_write is not None:
        before_write()
    paired = store.pair(taken.paired)
    now_paired = {review_id for review_id, _revlog_id in taken.paired}
    unsent_cards = {r.card_id for r in unpaired if r.review_id not in now_paired}
    histories = store.histories(by_card)
    written: list[tuple[int, list[ReceivedAnswer], CardState]] = []
    for card_id, rows in by_card.items():
        history = histories[card_id]
        received_here, state = _replayed(
            history, rows, scheduler=scheduler_of(history.deck), day_of=day_of
        )
        written.append((card_id, received_here, state))
    received = store.receive(written) if written else 0
    return Pulled(
        received,
        paired,
        len(written),
        skipped,
        frozenset(by_card),
        frozenset(unsent_cards & set(by_card)),
    )
