"""A card's state from its history (scheduler/replay.py) and which Anki revlog rows are new
(anki_history.py): pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from glosscards.anki_history import AnkiAnswer, OwnAnswer, answers_to_take
from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.grade import Grade, GradeMode
from glosscards.scheduler.replay import PastAnswer, button_for_quality, replay
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.scheduler.state import CardPhase, CardState

NOON = datetime(2025, 3, 1, 12, tzinfo=UTC)


def _day(moment: datetime) -> SchedulingDay:
    return scheduling_day(moment, tz=UTC, rollover_hour=4)


def _good(at: datetime) -> PastAnswer:
    return PastAnswer(at, int(Grade.GOOD), 4)


def test_replay_gives_what_answering_live_gave() -> None:
    scheduler = Sm2Scheduler()
    live = CardState()
    answers = [_good(NOON), _good(NOON + timedelta(days=1)), _good(NOON + timedelta(days=7))]
    for past in answers:
        live = scheduler.answer(live, Grade.GOOD, at=past.at, day=_day(past.at)).state
    replayed = replay(scheduler, list(reversed(answers)), day_of=_day)  # any order: by time
    assert [r.answer for r in replayed] == answers
    assert replayed[-1].outcome.state == live
    assert live.interval_days == 15


def test_anki_learning_steps_on_one_day_are_one_repetition() -> None:
    """Good, Good on a new card the same day (Anki's learning steps): SM-2's first interval,
    not its second; the second answer is a same-day re-drill."""
    replayed = replay(
        Sm2Scheduler(), [_good(NOON), _good(NOON + timedelta(minutes=10))], day_of=_day
    )
    state = replayed[-1].outcome.state
    assert (state.repetitions, state.interval_days, state.redrill) == (1, 1, False)
    assert replayed[1].outcome.log.redrill


def test_replay_starts_from_the_given_state() -> None:
    start = CardState(
        phase=CardPhase.REVIEW,
        ease=1.9,
        repetitions=3,
        interval_days=10,
        due_day=20_150,
        last_review=NOON - timedelta(days=10),
    )
    [only] = replay(Sm2Scheduler(), [_good(NOON)], day_of=_day, start=start)
    assert only.before == start
    assert (only.outcome.state.ease, only.outcome.state.interval_days) == (1.9, 19)


def test_a_quality_only_answer_becomes_the_button_anki_shows_for_it() -> None:
    assert [button_for_quality(q) for q in range(6)] == [1, 1, 1, 2, 3, 4]
    six = Sm2Scheduler(mode=GradeMode.SM2_SIX)
    [answer] = replay(six, [PastAnswer(NOON, None, 0)], day_of=_day)
    assert answer.outcome.log.quality == 0, "a six-grade scheduler gets the quality itself"


def _row(revlog_id: int, ease: int = 3, kind: int = 1, ordinal: int = 1) -> AnkiAnswer:
    return AnkiAnswer("g", ordinal, revlog_id, ease, 1000, kind)


def test_known_rows_and_manual_reschedules_are_not_answers() -> None:
    taken = answers_to_take(
        [_row(100), _row(200, ease=0, kind=4), _row(300, kind=5), _row(400)], known={100}, own=[]
    )
    assert [r.revlog_id for r in taken.received] == [400] and taken.paired == ()


def test_own_answers_are_paired_within_a_second_on_the_same_card_and_button() -> None:
    own = [OwnAnswer(7, "g", 1, 5_000, 3), OwnAnswer(8, "g", 1, 9_000, 1)]
    rows = [_row(5_001), _row(9_000, ease=3), _row(9_000 + 2_000, ease=1), _row(5_000, ordinal=2)]
    taken = answers_to_take(rows, known=set(), own=own)
    assert taken.paired == ((7, 5_001),)
    assert sorted(r.revlog_id for r in taken.received) == [5_000, 9_000, 11_000]


def test_an_old_exports_learning_answer_moved_up_one_button_is_still_recognised() -> None:
    own = [OwnAnswer(7, "g", 1, 5_000, 3)]  # Good on a new card, read by Anki as Easy
    taken = answers_to_take([_row(5_000, ease=4, kind=0)], known=set(), own=own)
    assert taken.paired == ((7, 5_000),) and taken.received == ()
