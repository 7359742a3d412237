"""Custom study's policy, without a database: which cards each choice takes, in which order, how
a running session goes on, and how a raised new-card limit is kept and shared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.custom_study import (
    DEFAULT_AMOUNT,
    Candidate,
    CustomSession,
    CustomStudy,
    ExtraNew,
    SessionCard,
    first_forgotten_day,
    next_in_session,
    raise_new_limit,
    session_counts,
    share_extra_new,
    take_cards,
)
from glosscards.scheduler.day import scheduling_day
from glosscards.scheduler.queue import QueuePolicy
from glosscards.values import Counts

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DAY = scheduling_day(NOW, tz=UTC, rollover_hour=4)
TODAY = DAY.number
YESTERDAY = NOW - timedelta(days=1)


def card(
    card_id: int,
    due: int | None,
    *,
    last: datetime | None = YESTERDAY,
    buried: int = 0,
    phase: str = "review",
) -> Candidate:
    if due is None:
        return Candidate(card_id, "new", None, None, buried)
    return Candidate(card_id, phase, due, last, buried)


def session(kind: CustomStudy, amount: int = 0, tag: str = "") -> CustomSession:
    return CustomSession(kind, None, amount, tag)


def test_review_ahead_takes_cards_due_within_n_days_soonest_first() -> None:
    """Due on today + N or earlier (Anki's prop:due<=N), in due order; later ones stay."""
    cards = [card(1, TODAY + 3), card(2, TODAY + 1), card(3, TODAY + 2), card(4, TODAY)]
    taken = take_cards(session(CustomStudy.REVIEW_AHEAD, 2), cards, day=DAY)
    assert taken == (4, 2, 3)
    assert take_cards(session(CustomStudy.REVIEW_AHEAD, 1), cards, day=DAY) == (4, 2)


def test_sessions_leave_out_new_buried_and_already_answered_cards() -> None:
    """No new card, nothing buried today, nothing answered today (SM-2: one repetition a day)."""
    cards = [
        card(1, TODAY + 1),
        card(2, None),
        card(3, TODAY + 1, buried=TODAY + 1),
        card(4, TODAY + 1, last=NOW - timedelta(hours=1)),
        card(5, TODAY + 1, buried=TODAY),  # a burial that ends today is over
    ]
    for kind in (CustomStudy.REVIEW_AHEAD, CustomStudy.TAG):
        assert take_cards(session(kind, 5), cards, day=DAY) == (1, 5)
    weak = take_cards(session(CustomStudy.WEAK), cards, day=DAY, weak={1, 2, 3, 4})
    assert weak == (1,)


def test_forgotten_takes_failed_cards_in_the_order_failed_even_if_answered_today() -> None:
    """Today's failures once more (answered today, by definition), in the order first failed."""
    cards = [card(1, TODAY + 1, last=NOW), card(2, TODAY + 1, last=NOW), card(3, TODAY + 1)]
    cards.append(card(4, TODAY + 1, last=NOW, buried=TODAY + 1))
    taken = take_cards(session(CustomStudy.FORGOTTEN, 1), cards, day=DAY, failed=[2, 1, 2, 4])
    assert taken == (2, 1)


@pytest.mark.parametrize(
    ("days", "first"), [(0, TODAY), (1, TODAY), (2, TODAY - 1), (30, TODAY - 29), (99, TODAY - 29)]
)
def test_forgotten_looks_back_one_to_thirty_days(days: int, first: int) -> None:
    assert first_forgotten_day(TODAY, days) == first


def test_tag_and_weak_take_at_most_amount_cards_in_due_order_zero_meaning_all() -> None:
    cards = [card(i, TODAY + 10 - i) for i in range(1, 6)]
    assert take_cards(session(CustomStudy.TAG, 2, "A"), cards, day=DAY) == (5, 4)
    assert take_cards(session(CustomStudy.TAG, 0, "A"), cards, day=DAY) == (5, 4, 3, 2, 1)
    weak = take_cards(session(CustomStudy.WEAK, 0), cards, day=DAY, weak=[1, 3])
    assert weak == (3, 1)


def test_more_new_takes_no_cards_of_its_own() -> None:
    assert take_cards(session(CustomStudy.MORE_NEW, 20), [card(1, None)], day=DAY) == ()


def test_a_session_value_checks_its_kind_and_amount() -> None:
    assert CustomSession("review-ahead", 3, 1).kind is CustomStudy.REVIEW_AHEAD  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        CustomSession(CustomStudy.TAG, None, -1, "A")
    assert (
        DEFAULT_AMOUNT[CustomStudy.MORE_NEW] == 20 and DEFAULT_AMOUNT[CustomStudy.REVIEW_AHEAD] == 1
    )


def state(card_id: int, **kw: object) -> SessionCard:
    values: dict[str, object] = {"phase": "review", "shown": True, "answered": False}
    values.update(redrill=False, redrill_after=0)
    values.update(kw)
    return SessionCard(card_id, **values)  # type: ignore[arg-type]


def test_a_session_shows_its_cards_in_order_and_an_answered_card_leaves() -> None:
    order = (3, 1, 2)
    cards = {i: state(i) for i in order}
    assert next_in_session(order, cards, sequence=10) == 3
    cards[3] = state(3, answered=True)
    assert next_in_session(order, cards, sequence=11) == 1
    assert session_counts(order, cards) == Counts(new=0, learning=0, review=2)


def test_a_failed_card_comes_back_after_the_redrill_gap_or_when_nothing_else_is_left() -> None:
    """As the regular queue: ready re-drill first, then the rest, then a waiting re-drill."""
    order = (1, 2, 3)
    cards = {i: state(i) for i in order}
    cards[1] = state(1, answered=True, redrill=True, redrill_after=13)
    assert next_in_session(order, cards, sequence=11) == 2
    assert session_counts(order, cards) == Counts(new=0, learning=1, review=2)
    assert next_in_session(order, cards, sequence=13) == 1
    cards[2] = state(2, answered=True)
    cards[3] = state(3, answered=True)
    assert next_in_session(order, cards, sequence=12) == 1  # nothing else: at once
    cards[1] = state(1, answered=True, redrill=False)
    assert next_in_session(order, cards, sequence=14) is None
    assert session_counts(order, cards).total == 0


def test_hidden_and_missing_cards_are_skipped() -> None:
    """A card buried or suspended meanwhile, or deleted, is not shown nor counted."""
    order = (1, 2, 3)
    cards = {1: state(1, shown=False), 3: state(3)}
    assert next_in_session(order, cards, sequence=0) == 3
    assert session_counts(order, cards).total == 1


def test_a_raised_new_limit_holds_for_its_day_only() -> None:
    extra = ExtraNew().raised(TODAY, {7: 5})
    extra = extra.raised(TODAY, {7: 3, 8: 2})
    assert extra.on(TODAY, 7) == 8 and extra.on(TODAY, 8) == 2 and extra.on(TODAY, None) == 10
    assert extra.on(TODAY + 1, 7) == 0
    assert extra.raised(TODAY + 1, {8: 1}) == ExtraNew(TODAY + 1, {8: 1})  # yesterday's gone
    assert ExtraNew.from_dict(extra.to_dict()) == extra
    assert ExtraNew.from_dict({}) == ExtraNew()


def test_raise_new_limit_adds_to_the_new_cards_only() -> None:
    policy = QueuePolicy(new_per_day=20, reviews_per_day=200)
    assert raise_new_limit(policy, 5) == QueuePolicy(new_per_day=25, reviews_per_day=200)
    assert raise_new_limit(policy, 0) is policy


def test_a_raise_for_all_decks_is_shared_in_deck_order() -> None:
    assert share_extra_new(10, [(1, 4), (2, 0), (3, 9)]) == {1: 4, 3: 6}
    assert share_extra_new(10, [(1, 2)]) == {1: 2}
    assert share_extra_new(0, [(1, 2)]) == {}


@given(
    st.integers(min_value=0, max_value=50),
    st.lists(st.integers(min_value=0, max_value=30), max_size=6),
)
def test_a_shared_raise_gives_amount_or_all_that_waits(amount: int, waiting: list[int]) -> None:
    """Never more than a deck has waiting; in all exactly min(amount, what waits)."""
    beyond = list(enumerate(waiting))
    shares = share_extra_new(amount, beyond)
    assert sum(shares.values()) == min(amount, sum(waiting))
    assert all(0 < shares[d] <= w for d, w in beyond if d in shares)
