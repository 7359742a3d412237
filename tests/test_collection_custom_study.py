"""Custom study on a real collection file, with an injected clock: more new cards today, review
ahead, forgotten cards, one tag, weak cards; the regular queue and the deck's options untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import peek
from glosscards import Collection, CollectionError, Counts, Grade, Settings
from glosscards.custom_study import CustomSession, CustomStudy
from glosscards.values import DeckOptions

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # scheduling day 0 of these tests (UTC, 04:00)


def day(n: int, hours: float = 0) -> datetime:
    return T0 + timedelta(days=n, hours=hours)


def glossary(letters: dict[str, int]) -> str:
    lines = []
    for letter, count in letters.items():
        lines.append(f"{letter}#")
        for i in range(count):
            lines += [f"{letter}term Number {i:03d}#", f"Definition {letter}{i} explains {i}."]
    return "\n".join(lines) + "\n"


def make(
    tmp_path: Path, letters: dict[str, int], *, deck: str = "g", tz: object = UTC
) -> Collection:
    col = Collection.open(tmp_path / "col.db", tz=tz)  # type: ignore[arg-type]
    add(col, tmp_path, letters, deck=deck)
    return col


def add(col: Collection, tmp_path: Path, letters: dict[str, int], *, deck: str) -> int:
    src = tmp_path / f"{deck}.txt"
    src.write_text(glossary(letters).replace("term Number", f"term {deck}"), encoding="utf-8")
    col.import_glossary(src, deck=deck, now=T0)
    return col.deck_id(deck)


def study_all(col: Collection, now: datetime, grade: Grade = Grade.GOOD, **kw: object) -> list[int]:
    """Answer every card the queue (or a session) gives at ``now``; their ids in order."""
    seen = []
    while (card := col.next_card(now, **kw)) is not None:  # type: ignore[arg-type]
        seen.append(card.id)
        col.answer(card.id, grade, now)
        assert len(seen) < 500
    return seen


def due_day(col: Collection, card_id: int) -> tuple[int, int]:
    """(due day, counted from day 0; interval) of a card, as stored."""
    row = peek(col).execute("SELECT due_day, interval_days FROM card WHERE id = ?", (card_id,))
    due, interval = row.fetchone()
    return int(due) - col.scheduling_day(T0).number, int(interval)


def ease_and_repetitions(col: Collection, card_id: int) -> tuple[float, int]:
    row = peek(col).execute("SELECT ease, repetitions FROM card WHERE id = ?", (card_id,))
    ease, reps = row.fetchone()
    return float(ease), int(reps)


# -- more new cards today -------------------------------------------------------------------------


def test_more_new_gives_exactly_n_more_today_and_none_tomorrow(tmp_path: Path) -> None:
    """+5 after the day's 20: five more new cards in the regular order, then none; tomorrow the
    deck's own 20 again, and its options never changed."""
    with make(tmp_path, {"A": 50}) as col:
        deck = col.deck_id("g")
        first = study_all(col, day(0))
        assert len(first) == 20 and col.counts(day(0)) == Counts(0, 0, 0)
        more = CustomSession(CustomStudy.MORE_NEW, deck, 5)
        assert col.custom_study_count(more, day(0)) == 5
        assert col.counts(day(0)).new == 0  # counting wrote nothing
        assert col.start_custom_study(more, day(0)) == 5
        assert col.counts(day(0)) == Counts(new=5, learning=0, review=0)
        assert col.counts(day(0), deck=deck).new == 5
        extra = study_all(col, day(0))
        assert len(extra) == 5 and extra[0] == first[-1] + 1  # the next new cards, in order
        assert col.next_card(day(0)) is None
        assert col.deck_options("g") == DeckOptions(new_per_day=20, reviews_per_day=200)
        assert not col.has_own_options("g")
        assert col.counts(day(1)).new == 20
        assert col.counts(day(0, hours=15.9)).new == 0  # 03:54 tomorrow is still today


def test_a_raise_survives_reopening_and_adds_up(tmp_path: Path) -> None:
    with make(tmp_path, {"A": 50}) as col:
        study_all(col, day(0))
        col.start_custom_study(CustomSession(CustomStudy.MORE_NEW, None, 3), day(0))
    with Collection.open(tmp_path / "col.db", tz=UTC) as col:
        assert col.counts(day(0)).new == 3
        assert col.start_custom_study(CustomSession(CustomStudy.MORE_NEW, None, 4), day(0)) == 4
        assert col.counts(day(0)).new == 7
        assert col.counts(day(1)).new == 20


def test_more_new_gives_what_waits_and_shares_a_raise_for_all_decks(tmp_path: Path) -> None:
    """All decks: the raise goes to the decks in order, as far as each has cards waiting."""
    with make(tmp_path, {"A": 25}, deck="one") as col:
        add(col, tmp_path, {"B": 23}, deck="two")
        one, two = col.deck_id("one"), col.deck_id("two")
        assert len(study_all(col, day(0))) == 40
        assert col.custom_study_count(CustomSession(CustomStudy.MORE_NEW, one, 20), day(0)) == 5
        assert col.start_custom_study(CustomSession(CustomStudy.MORE_NEW, None, 7), day(0)) == 7
        assert col.counts(day(0), deck=one).new == 5
        assert col.counts(day(0), deck=two).new == 2
        assert col.counts(day(0)).new == 7
        assert col.start_custom_study(CustomSession(CustomStudy.MORE_NEW, None, 9), day(0)) == 1


def test_an_unknown_deck_is_refused(tmp_path: Path) -> None:
    with make(tmp_path, {"A": 2}) as col, pytest.raises(CollectionError, match="no deck"):
        col.start_custom_study(CustomSession(CustomStudy.REVIEW_AHEAD, 999, 1), day(0))


# -- review ahead -------------------------------------------------------------------------------


def _spread(col: Collection) -> list[int]:
    """Four cards due on days 7, 8, 9 and 9: learned on day 0, reviewed on days 1, 2 and 3."""
    cards = study_all(col, day(0))
    assert len(cards) == 4
    col.answer(cards[0], Grade.GOOD, day(1))  # interval 6: due on day 7
    col.answer(cards[1], Grade.GOOD, day(2))  # due on day 8
    assert study_all(col, day(3)) == cards[2:]  # due on day 9
    return cards


def test_review_ahead_takes_the_cards_due_within_n_days_and_leaves_the_others(
    tmp_path: Path,
) -> None:
    with make(tmp_path, {"A": 4}) as col:
        a, b, c, d = _spread(col)
        ahead = {n: CustomSession(CustomStudy.REVIEW_AHEAD, None, n) for n in (2, 3, 4, 5)}
        assert col.custom_study_count(ahead[2], day(4)) == 0  # nothing due by day 6
        assert col.custom_study_count(ahead[5], day(4)) == 4
        assert col.start_custom_study(ahead[3], day(4)) == 1
        assert col.counts(day(4), session=ahead[3]) == Counts(new=0, learning=0, review=1)
        assert study_all(col, day(4), session=ahead[3]) == [a]
        assert col.start_custom_study(ahead[4], day(4)) == 1  # a was answered today: left out
        assert study_all(col, day(4), session=ahead[4]) == [b]
        assert due_day(col, c) == due_day(col, d) == (9, 6)  # the others are as they were


def test_an_early_review_is_scheduled_by_sm2_from_the_day_it_is_answered(tmp_path: Path) -> None:
    """SM-2 ignores that the card is early: Good on interval 6, EF 2.5 gives round(6 x 2.5) = 15
    days from today (day 4), not from the day it was due (7); the log says so too."""
    with make(tmp_path, {"A": 4}) as col:
        a, *_ = _spread(col)
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, None, 3)
        card = col.next_card(day(4), session=ahead)
        assert card is not None and card.id == a
        assert card.next_intervals[Grade.GOOD] == timedelta(days=15)  # the button says it too
        col.answer(a, Grade.GOOD, day(4))
        assert due_day(col, a) == (4 + 15, 15)
        log = col.history(a)[-1]
        assert (log.interval_before, log.interval_after, log.redrill) == (6, 15, False)
        assert col.next_card(day(4), session=ahead) is None


def test_again_in_review_ahead_comes_back_in_the_session_until_good(tmp_path: Path) -> None:
    """A card failed in the session is re-drilled in it, after the others, as the queue does."""
    with make(tmp_path, {"A": 4}) as col:
        a, b, c, d = _spread(col)
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, None, 5)
        assert col.start_custom_study(ahead, day(4)) == 4
        first = col.next_card(day(4), session=ahead)
        assert first is not None and first.id == a
        col.answer(a, Grade.AGAIN, day(4))
        assert due_day(col, a) == (5, 1)  # SM-2: a failure starts again from one day
        assert col.counts(day(4), session=ahead) == Counts(new=0, learning=1, review=3)
        order = study_all(col, day(4), session=ahead)
        assert order == [b, c, d, a]
        assert col.history(a)[-1].redrill
        assert col.counts(day(4), session=ahead).total == 0


def test_an_undone_answer_puts_the_card_back_in_the_session(tmp_path: Path) -> None:
    with make(tmp_path, {"A": 4}) as col:
        a, b, *_ = _spread(col)
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, None, 4)
        assert study_all(col, day(4), session=ahead) == [a, b]
        undone = col.undo(day(4))
        assert undone is not None and undone.card_id == b
        again = col.next_card(day(4), session=ahead)
        assert again is not None and again.id == b
        assert col.counts(day(4), session=ahead).total == 1


def test_a_session_leaves_the_regular_queue_as_it_is(tmp_path: Path) -> None:
    """Starting and studying a session shows no card the regular queue would not, and takes
    none from it but the cards it answered; tomorrow's queue is the same."""
    with make(tmp_path, {"A": 30}) as col:
        col.update_settings(Settings(new_per_day=4))
        study_all(col, day(0))
        regular = col.counts(day(1))
        first = col.next_card(day(1))
        assert first is not None
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, None, 1)
        assert col.start_custom_study(ahead, day(1)) == 4  # due today (day 1) counts as within
        assert col.counts(day(1)) == regular
        nxt = col.next_card(day(1))
        assert nxt is not None and nxt.id == first.id
        studied = study_all(col, day(1), session=ahead)
        assert len(studied) == 4
        assert col.counts(day(1)) == Counts(new=4, learning=0, review=0)
        assert col.counts(day(2)).new == 4


def test_a_session_is_limited_to_its_deck(tmp_path: Path) -> None:
    with make(tmp_path, {"A": 3}, deck="one") as col:
        two = add(col, tmp_path, {"B": 2}, deck="two")
        study_all(col, day(0))
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, two, 1)
        taken = study_all(col, day(1), session=ahead)
        assert len(taken) == 2
        assert all(col.card_details(i).deck == "two" for i in taken)
        assert col.counts(day(1), deck=col.deck_id("one")).review == 3


# -- forgotten ----------------------------------------------------------------------------------


def test_forgotten_takes_only_todays_again_answers(tmp_path: Path) -> None:
    """Again (a lapse) on a and c today, Hard on d (a pass): a and c once more, in that order;
    yesterday's failure only when looking back two days."""
    with make(tmp_path, {"A": 5}) as col:
        a, b, c, d, e = study_all(col, day(0))
        col.answer(e, Grade.AGAIN, day(1, hours=-9))  # 03:00: still day 0, yesterday
        for card, grade in ((a, Grade.AGAIN), (b, Grade.GOOD), (c, Grade.AGAIN), (d, Grade.HARD)):
            col.answer(card, grade, day(1))
        forgotten = CustomSession(CustomStudy.FORGOTTEN, None, 1)
        assert col.custom_study_count(forgotten, day(1)) == 2
        assert col.counts(day(1), session=forgotten) == Counts(new=0, learning=2, review=0)
        study_all(col, day(1))  # the regular re-drill first: a, c, d, e to Good
        assert col.start_custom_study(forgotten, day(1)) == 2
        assert col.counts(day(1), session=forgotten) == Counts(new=0, learning=0, review=2)
        assert study_all(col, day(1), session=forgotten) == [a, c]
        two_days = CustomSession(CustomStudy.FORGOTTEN, None, 2)
        assert col.custom_study_count(two_days, day(1)) == 3
        assert col.counts(day(1)).total == 0


def test_forgotten_answers_go_through_sm2(tmp_path: Path) -> None:
    """Once its re-drill is over, a forgotten card's answer is a scheduled SM-2 answer (n = 0):
    Good gives n = 1, due tomorrow as before; Again again is re-drilled in the session."""
    with make(tmp_path, {"A": 2}) as col:
        a, c = study_all(col, day(0))
        for card in (a, c):
            col.answer(card, Grade.AGAIN, day(1))
        study_all(col, day(1))  # re-drilled to Good
        forgotten = CustomSession(CustomStudy.FORGOTTEN, None, 1)
        first = col.next_card(day(1), session=forgotten)  # started on first use
        assert first is not None and first.id == a and not first.redrill
        col.answer(a, Grade.GOOD, day(1))
        col.answer(c, Grade.AGAIN, day(1))
        again = col.next_card(day(1), session=forgotten)
        assert again is not None and again.id == c and again.redrill
        col.answer(c, Grade.GOOD, day(1))
        assert col.next_card(day(1), session=forgotten) is None
        assert due_day(col, a) == due_day(col, c) == (2, 1)
        assert ease_and_repetitions(col, a) == (1.96, 1)  # Again cost 0.54; Good keeps EF
        assert ease_and_repetitions(col, c) == (1.42, 0)  # a second Again costs 0.54 more


def test_forgotten_follows_the_scheduling_day_of_the_zone_and_rollover(tmp_path: Path) -> None:
    """In Berlin with the day starting at 04:00, a failure at 03:30 belongs to yesterday."""
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2025, 3, 1, 12, 0, tzinfo=berlin)
    with make(tmp_path, {"A": 2}, tz=berlin) as col:
        a, b = study_all(col, start)
        col.answer(a, Grade.AGAIN, datetime(2025, 3, 2, 3, 30, tzinfo=berlin))
        col.answer(b, Grade.AGAIN, datetime(2025, 3, 2, 4, 30, tzinfo=berlin))
        forgotten = CustomSession(CustomStudy.FORGOTTEN, None, 1)
        later = datetime(2025, 3, 2, 23, 0, tzinfo=berlin)
        assert col.start_custom_study(forgotten, later) == 1
        card = col.next_card(later, session=forgotten)
        assert card is not None and card.id == b


# -- a tag; weak cards ----------------------------------------------------------------------------


def test_a_tag_session_takes_the_studied_cards_of_that_tag(tmp_path: Path) -> None:
    """Tag B: its studied cards, due or not, soonest due first; not its new ones, not A's."""
    with make(tmp_path, {"A": 3, "B": 4}) as col:
        col.update_settings(Settings(new_per_day=5))
        learned = study_all(col, day(0))  # A0-A2, B0, B1
        b0, b1 = learned[3:]
        assert col.tags() == ["A", "B"]
        tag = CustomSession(CustomStudy.TAG, None, 0, "B")
        assert col.custom_study_count(tag, day(0)) == 0  # all answered today
        assert col.start_custom_study(tag, day(1)) == 2
        assert study_all(col, day(1), session=tag) == [b0, b1]
        col.answer(b0, Grade.GOOD, day(2))  # due on day 8; b1 stays due on day 1 + 6 = 7
        limited = CustomSession(CustomStudy.TAG, None, 1, "B")
        assert col.start_custom_study(limited, day(3)) == 1
        assert study_all(col, day(3), session=limited) == [b1]
        assert col.custom_study_count(CustomSession(CustomStudy.TAG, None, 0, "b"), day(4)) == 2
        assert col.custom_study_count(CustomSession(CustomStudy.TAG, None, 0, "Z"), day(4)) == 0
        assert col.custom_study_count(CustomSession(CustomStudy.TAG, None, 0, ""), day(4)) == 0


def test_a_weak_session_takes_the_studied_cards_the_card_check_flags(tmp_path: Path) -> None:
    with make(tmp_path, {"A": 4}) as col:
        col.update_settings(Settings(new_per_day=3))
        a, b, _c = study_all(col, day(0))
        new = 4  # the fourth card (id 4) is still new
        for card in (a, new):
            name = col.editable_note(card).term
            col.edit_note(card, text=f"{{{{c1::{name}}}}}<br>{name} shows itself.", back_extra="")
        assert set(col.weak_card_ids()) == {a, new}
        weak = CustomSession(CustomStudy.WEAK, None, 0)
        assert col.start_custom_study(weak, day(1)) == 1
        assert study_all(col, day(1), session=weak) == [a]
        nxt = col.next_card(day(1))
        assert nxt is not None and nxt.id == b  # the regular queue goes on as it was


def test_an_undo_during_a_session_never_offers_a_card_twice(tmp_path: Path) -> None:
    """An answer from before the session, undone during it, frees its review id, which the
    session's next answer gets: that card still counts as answered in the session."""
    with make(tmp_path, {"A": 4}) as col:
        col.review_backup_interval = None
        study_all(col, day(0))
        first = col.next_card(day(1))
        assert first is not None
        col.answer(first.id, Grade.GOOD, day(1))
        ahead = CustomSession(CustomStudy.REVIEW_AHEAD, None, 10)
        assert col.start_custom_study(ahead, day(1)) == 3
        undone = col.undo(day(1))
        assert undone is not None and undone.step.kind == "answer"
        seen = study_all(col, day(1), session=ahead)
        assert len(seen) == len(set(seen)) == 3
