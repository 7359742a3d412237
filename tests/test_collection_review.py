"""The review queue and session on a real collection: limits, re-drill, burying, undo, days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from glosscards import Collection, Grade, Settings


def glossary(n: int, *, acronym_every: int = 0) -> str:
    lines = ["A#"]
    for i in range(n):
        name = f"Term Number {i:03d}"
        if acronym_every and i % acronym_every == 0:
            name += f" (TN{i:03d})"
        lines += [f"{name}#", f"Definition number {i} explains concept {i} in plain words."]
    return "\n".join(lines) + "\n"


def make(tmp_path: Path, n: int, now: datetime, *, tz: object = UTC, **kw: int) -> Collection:
    src = tmp_path / "g.txt"
    src.write_text(glossary(n, **kw), encoding="utf-8")
    col = Collection.open(tmp_path / "col.db", tz=tz)  # type: ignore[arg-type]
    col.import_glossary(src, now=now)
    return col


def test_new_cards_come_in_glossary_order_within_the_daily_limit(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """Twenty new cards a day by default, introduced in the glossary's order."""
    with make(tmp_path, 30, fixed_now) as col:
        assert col.counts(fixed_now).new == 20
        seen = []
        while (card := col.next_card(fixed_now)) is not None:
            seen.append(card.term)
            col.answer(card.id, Grade.GOOD, fixed_now)
        assert seen == [f"Term Number {i:03d}" for i in range(20)]
        assert col.counts(fixed_now).new == 0


def test_settings_change_the_limits(tmp_path: Path, fixed_now: datetime) -> None:
    """The new-card limit comes from the stored settings."""
    with make(tmp_path, 30, fixed_now) as col:
        col.update_settings(Settings(new_per_day=5))
        assert col.counts(fixed_now).new == 5
    with Collection.open(tmp_path / "col.db", tz=UTC) as col:
        assert col.settings.new_per_day == 5


def test_review_limit_caps_due_cards(tmp_path: Path, fixed_now: datetime) -> None:
    """Due reviews are capped by the daily review limit."""
    with make(tmp_path, 10, fixed_now) as col:
        for _ in range(10):
            card = col.next_card(fixed_now)
            assert card is not None
            col.answer(card.id, Grade.GOOD, fixed_now)
        col.update_settings(Settings(reviews_per_day=4))
        tomorrow = fixed_now + timedelta(days=1)
        assert col.counts(tomorrow).review == 4


def test_failed_card_comes_back_the_same_day_after_others(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """Again puts the card in today's re-drill; it returns after a few other cards."""
    with make(tmp_path, 10, fixed_now) as col:
        first = col.next_card(fixed_now)
        assert first is not None
        col.answer(first.id, Grade.AGAIN, fixed_now)
        assert col.counts(fixed_now).learning == 1
        order = []
        for _ in range(4):
            card = col.next_card(fixed_now)
            assert card is not None
            order.append(card.id)
            col.answer(card.id, Grade.GOOD, fixed_now)
        assert first.id == order[3]
        assert first.id not in order[:3]
        # the re-drill answer is not a new SM-2 repetition
        log = col.history(first.id)
        assert [r.redrill for r in log] == [False, True]
        assert log[1].interval_after == log[0].interval_after == 1
        assert col.counts(fixed_now).learning == 0


def test_redrill_comes_back_at_once_when_nothing_else_is_left(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """With no other card to show, a failed card is shown again straight away."""
    with make(tmp_path, 1, fixed_now) as col:
        card = col.next_card(fixed_now)
        assert card is not None
        col.answer(card.id, Grade.HARD, fixed_now)
        again = col.next_card(fixed_now)
        assert again is not None and again.id == card.id and again.redrill
        col.answer(card.id, Grade.GOOD, fixed_now)
        assert col.next_card(fixed_now) is None


def test_siblings_are_buried_for_the_day(tmp_path: Path, fixed_now: datetime) -> None:
    """The c1 and c2 cards of one note are not both shown on the same day."""
    with make(tmp_path, 1, fixed_now, acronym_every=1) as col:
        assert col.counts(fixed_now).new == 2
        card = col.next_card(fixed_now)
        assert card is not None and card.ordinal == 1
        col.answer(card.id, Grade.GOOD, fixed_now)
        assert col.next_card(fixed_now) is None
        tomorrow = fixed_now + timedelta(days=1)
        nxt = col.next_card(tomorrow)
        assert nxt is not None and nxt.ordinal in (1, 2)


def test_undo_restores_state_log_and_burial_repeatedly(tmp_path: Path, fixed_now: datetime) -> None:
    """Undo takes back answers one by one, exactly."""
    with make(tmp_path, 3, fixed_now, acronym_every=1) as col:
        before = col.counts(fixed_now)
        a = col.next_card(fixed_now)
        assert a is not None
        col.answer(a.id, Grade.EASY, fixed_now)
        b = col.next_card(fixed_now)
        assert b is not None
        col.answer(b.id, Grade.AGAIN, fixed_now)
        assert col.undo(fixed_now) is not None
        assert col.history(b.id) == []
        undone = col.undo(fixed_now)
        assert undone is not None and undone.card_id == a.id
        assert col.counts(fixed_now) == before
        assert col.undo(fixed_now) is None
        again = col.next_card(fixed_now)
        assert again is not None and again.id == a.id


def test_next_intervals_match_what_the_answer_gives(tmp_path: Path, fixed_now: datetime) -> None:
    """The interval shown on each button is the interval the answer then schedules."""
    with make(tmp_path, 1, fixed_now) as col:
        card = col.next_card(fixed_now)
        assert card is not None
        assert card.next_intervals[Grade.GOOD] == timedelta(days=1)
        col.answer(card.id, Grade.GOOD, fixed_now)
        later = fixed_now + timedelta(days=1)
        card = col.next_card(later)
        assert card is not None
        shown = card.next_intervals[Grade.GOOD]
        col.answer(card.id, Grade.GOOD, later)
        assert col.history(card.id)[-1].interval_after == shown.days == 6


def test_suspended_cards_are_never_shown(tmp_path: Path, fixed_now: datetime) -> None:
    """Suspending a card takes it out of the queue and the counts."""
    with make(tmp_path, 2, fixed_now) as col:
        card = col.next_card(fixed_now)
        assert card is not None
        col.suspend(card.id)
        assert col.counts(fixed_now).new == 1
        other = col.next_card(fixed_now)
        assert other is not None and other.id != card.id


def test_day_boundary_follows_the_configured_hour_in_local_time(tmp_path: Path) -> None:
    """In New York with a 4 a.m. rollover, a card due "tomorrow" is due from 04:00 local."""
    ny = ZoneInfo("America/New_York")
    studied = datetime(2025, 3, 1, 22, 0, tzinfo=ny)  # 22:00 local, 03:00 UTC next day
    with make(tmp_path, 1, studied.astimezone(UTC), tz=ny) as col:
        card = col.next_card(studied)
        assert card is not None
        col.answer(card.id, Grade.GOOD, studied)  # due in 1 day: 2025-03-02 22:00 local
        assert col.counts(datetime(2025, 3, 2, 3, 59, tzinfo=ny)).review == 0
        assert col.counts(datetime(2025, 3, 2, 4, 0, tzinfo=ny)).review == 1
        # the new-card limit resets at the same local hour, not at UTC midnight
        col.update_settings(Settings(new_per_day=0))
        assert col.counts(datetime(2025, 3, 2, 4, 0, tzinfo=ny)).new == 0


def test_overdue_reviews_come_first(tmp_path: Path, fixed_now: datetime) -> None:
    """Among due reviews, the most overdue is shown first."""
    with make(tmp_path, 2, fixed_now) as col:
        a = col.next_card(fixed_now)
        assert a is not None
        col.answer(a.id, Grade.GOOD, fixed_now)  # due +1d
        b = col.next_card(fixed_now + timedelta(hours=1))
        assert b is not None
        col.answer(b.id, Grade.GOOD, fixed_now - timedelta(days=3))  # due 2 days ago
        col.update_settings(Settings(new_per_day=0))
        first = col.next_card(fixed_now + timedelta(days=1, hours=2))
        assert first is not None and first.id == b.id


def test_naive_time_is_rejected(tmp_path: Path, fixed_now: datetime) -> None:
    """Times in the API are timezone-aware; a naive one is an error, not a guess."""
    with make(tmp_path, 1, fixed_now) as col, pytest.raises(ValueError):
        col.counts(datetime(2025, 1, 1))


def test_a_buried_redrill_card_stays_hidden_until_tomorrow(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """Burying a failed card takes it out of today's re-drill too."""
    with make(tmp_path, 3, fixed_now) as col:
        card = col.next_card(fixed_now)
        assert card is not None
        col.answer(card.id, Grade.AGAIN, fixed_now)
        col.bury(card.id, fixed_now)
        assert col.counts(fixed_now).learning == 0
        shown = []
        while (nxt := col.next_card(fixed_now)) is not None:
            shown.append(nxt.id)
            col.answer(nxt.id, Grade.GOOD, fixed_now)
        assert card.id not in shown and len(shown) == 2
        assert col.next_card(fixed_now + timedelta(days=1)) is not None


def test_a_retired_or_suspended_card_cannot_be_answered(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """An answer to a card that left the queue is refused and writes nothing."""
    from glosscards import CollectionError

    with make(tmp_path, 2, fixed_now) as col:
        card = col.next_card(fixed_now)
        assert card is not None
        col.suspend(card.id)
        with pytest.raises(CollectionError, match="suspended or retired"):
            col.answer(card.id, Grade.GOOD, fixed_now)
        assert col.history(card.id) == []
