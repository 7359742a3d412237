"""FSRS as a deck's scheduler, end to end on real collection files: answers, the buttons, the
queue's learning steps, undo, switching SM-2 ↔ FSRS on a studied collection, the predicted
recall, fitting the parameters, custom study and a sync with a real Anki sync server.

The clock is injected and fixed (whole seconds), in New York with the day starting at 03:00,
and the simulated weeks cross the March 2025 daylight-saving change.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import peek
from glosscards import Collection, Grade, GradeMode, Settings
from glosscards.custom_study import CustomSession, CustomStudy
from glosscards.deck_study import DeckStudy, SchedulerName
from glosscards.scheduler.day import SchedulingDay, scheduling_day
from glosscards.scheduler.fsrs_scheduler import DEFAULT_FSRS_OPTIONS, FsrsOptions, FsrsScheduler
from glosscards.scheduler.replay import PastAnswer, replay
from glosscards.scheduler.seam import Scheduler
from glosscards.scheduler.sm2_scheduler import Sm2Scheduler
from glosscards.scheduler.state import CardPhase, CardState
from glosscards.storage.review_store import STATE_COLUMNS, card_state

NY = ZoneInfo("America/New_York")
ROLLOVER = 3
START = date(2025, 3, 3)  # a Monday; clocks go forward on Sunday 9 March
FSRS = DeckStudy(scheduler=SchedulerName.FSRS)
WEIGHTS = ((Grade.AGAIN, 15), (Grade.HARD, 10), (Grade.GOOD, 65), (Grade.EASY, 10))


def glossary(prefix: str, n: int) -> str:
    lines = ["A#"]
    for i in range(n):
        lines += [f"{prefix} Term {i:03d}#", f"{prefix} definition {i} explains idea {i}."]
    return "\n".join(lines) + "\n"


def morning(day: int, *, hour: int = 9) -> datetime:
    """``hour`` o'clock in New York on the ``day``-th day from START."""
    return datetime.combine(START + timedelta(days=day), time(hour, 30), tzinfo=NY)


def open_collection(path: Path, decks: dict[str, int]) -> Collection:
    """A collection at ``path`` with one deck of ``n`` terms per name, 8 new cards a day."""
    col = Collection.open(path, tz=NY)
    col.review_backup_interval = None
    col.update_settings(Settings(new_per_day=8, reviews_per_day=200, rollover_hour=ROLLOVER))
    for name, n in decks.items():
        source = path.parent / f"{name}.txt"
        source.write_text(glossary(name.upper(), n), encoding="utf-8")
        col.import_glossary(source, deck=name, now=morning(0, hour=7), backup=False)
    return col


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    with open_collection(tmp_path / "col.db", {"sm2": 12, "fsrs": 12}) as opened:
        opened.set_deck_study("fsrs", FSRS, now=morning(0, hour=7))
        yield opened


def grades(seed: int) -> Iterator[Grade]:
    rng = random.Random(seed)
    choices, weights = zip(*WEIGHTS, strict=True)
    while True:
        yield Grade(rng.choices(choices, weights)[0])


def state(db: sqlite3.Connection, card_id: int) -> CardState:
    row = db.execute(f"SELECT {STATE_COLUMNS} FROM card WHERE id = ?", (card_id,)).fetchone()
    return card_state(row)


def day_of(moment: datetime) -> SchedulingDay:
    return scheduling_day(moment, tz=NY, rollover_hour=ROLLOVER)


def study(
    col: Collection, deck: str, days: range, answers: Iterator[Grade], *, per_day: int = 40
) -> list[tuple[int, Grade, datetime]]:
    """Study ``deck`` each morning of ``days`` until nothing is left (or ``per_day`` answers),
    20 seconds an answer; returns (card, grade, moment) of each answer."""
    deck_id = col.deck_id(deck)
    done = []
    for day in days:
        now = morning(day)
        for _ in range(per_day):
            card = col.next_card(now, deck=deck_id)
            if card is None:
                break
            grade = next(answers)
            col.answer(card.id, grade, now + timedelta(seconds=5))
            done.append((int(card.id), grade, now + timedelta(seconds=5)))
            now += timedelta(seconds=20)
    return done


def history(col: Collection, card_id: int) -> list[PastAnswer]:
    return [PastAnswer(r.reviewed_at, r.grade, r.quality) for r in col.history(card_id)]


def replayed(scheduler: Scheduler, col: Collection, card_id: int) -> CardState:
    done = replay(scheduler, history(col, card_id), day_of=day_of)
    return done[-1].outcome.state


def log_rows(col: Collection) -> list[tuple[object, ...]]:
    return peek(col).execute("SELECT * FROM review_log ORDER BY id").fetchall()


def fsrs_scheduler(options: FsrsOptions = DEFAULT_FSRS_OPTIONS) -> FsrsScheduler:
    return FsrsScheduler(options, tz=NY, rollover_hour=ROLLOVER)


# -- answers and buttons -------------------------------------------------------------------------


def test_answers_on_an_fsrs_deck_are_what_fsrs_scheduler_gives(col: Collection) -> None:
    """Over twelve days, each answer's new state is FsrsScheduler's answer to the state before,
    at that moment on that scheduling day, and each card's buttons were its preview at ``now``."""
    scheduler, db = fsrs_scheduler(), peek(col)
    deck_id, answers = col.deck_id("fsrs"), grades(1)
    checked = 0
    for day in range(12):
        now = morning(day)
        while (card := col.next_card(now, deck=deck_id)) is not None and checked < 400:
            before = state(db, card.id)
            shown = scheduler.preview(before, day=day_of(now), at=now)
            assert card.next_intervals == dict(shown.intervals)
            assert card.again_today == shown.again_today
            grade, at = next(answers), now + timedelta(seconds=5)
            col.answer(card.id, grade, at)
            expected = scheduler.answer(before, grade, at=at, day=day_of(at))
            assert state(db, card.id) == expected.state
            checked += 1
            now += timedelta(seconds=20)
    assert checked > 60
    assert db.execute("SELECT count(*) FROM card WHERE stability IS NOT NULL").fetchone()[0] == 12


def test_a_new_card_of_an_fsrs_deck_shows_four_different_intervals(col: Collection) -> None:
    """Again, Hard, Good and Easy differ on a new FSRS card (1m, 6m, 10m, days); the SM-2
    deck's new card still shows SM-2's 1d for every button."""
    fsrs_card = col.next_card(morning(0), deck=col.deck_id("fsrs"))
    sm2_card = col.next_card(morning(0), deck=col.deck_id("sm2"))
    assert fsrs_card is not None and sm2_card is not None
    spans = fsrs_card.next_intervals
    assert spans[1] == timedelta(minutes=1) and spans[3] == timedelta(minutes=10)
    assert len(set(spans.values())) == 4 and spans[4] >= timedelta(days=1)
    assert fsrs_card.again_today == frozenset({1, 2, 3})
    assert set(sm2_card.next_intervals.values()) == {timedelta(days=1)}


def test_the_sm2_deck_beside_an_fsrs_deck_is_studied_as_before(tmp_path: Path) -> None:
    """The same SM-2 answers give the same states and review log with an FSRS deck beside
    them (studied in between) as in a collection of the SM-2 deck alone."""
    for folder in ("alone", "both"):
        (tmp_path / folder).mkdir()
    alone = open_collection(tmp_path / "alone" / "col.db", {"sm2": 12})
    both = open_collection(tmp_path / "both" / "col.db", {"sm2": 12, "fsrs": 12})
    both.set_deck_study("fsrs", FSRS)
    with alone, both:
        for day in range(10):
            study(alone, "sm2", range(day, day + 1), grades(day))
            study(both, "fsrs", range(day, day + 1), grades(100 + day))
            study(both, "sm2", range(day, day + 1), grades(day))
        columns = "c.ordinal, t.term, " + ", ".join(
            f"c.{c.strip()}" for c in STATE_COLUMNS.split(",")
        )
        sql = (
            f"SELECT {columns} FROM card c JOIN note n ON n.id = c.note_id"
            " JOIN term t ON t.id = n.term_id WHERE c.deck_id = ? ORDER BY t.term, c.ordinal"
        )
        ours = peek(both).execute(sql, (both.deck_id("sm2"),)).fetchall()
        assert ours == peek(alone).execute(sql, (alone.deck_id("sm2"),)).fetchall()
        logs = (
            "SELECT t.term, r.reviewed_at, r.grade, r.quality, r.ease_after, r.interval_after,"
            " r.redrill FROM review_log r JOIN card c ON c.id = r.card_id JOIN note n"
            " ON n.id = c.note_id JOIN term t ON t.id = n.term_id WHERE c.deck_id = ?"
            " ORDER BY r.reviewed_at"
        )
        assert (
            peek(both).execute(logs, (both.deck_id("sm2"),)).fetchall()
            == peek(alone).execute(logs, (alone.deck_id("sm2"),)).fetchall()
        )
        assert len(ours) == 12 and any(row[2] == "review" for row in ours)


# -- the queue -----------------------------------------------------------------------------------


def test_a_learning_step_waits_for_its_due_at_while_other_cards_wait(col: Collection) -> None:
    """Again on a new card (1m step): new cards come first until the minute has passed, then
    the card comes back before them, the same day."""
    deck_id = col.deck_id("fsrs")
    now = morning(0)
    first = col.next_card(now, deck=deck_id)
    assert first is not None
    col.answer(first.id, Grade.AGAIN, now)
    soon = col.next_card(now + timedelta(seconds=30), deck=deck_id)
    assert soon is not None and soon.id != first.id and soon.phase == "new"
    col.answer(soon.id, Grade.GOOD, now + timedelta(seconds=30))
    later = col.next_card(now + timedelta(seconds=61), deck=deck_id)
    assert later is not None and later.id == first.id and later.redrill
    assert col.counts(now + timedelta(seconds=61), deck=deck_id).learning == 2


def test_a_learning_step_comes_early_only_when_nothing_else_is_left(tmp_path: Path) -> None:
    """With no other card left today, the card in its 10-minute step is shown at once, as
    Anki shows a learning card early when the queue is otherwise empty."""
    with open_collection(tmp_path / "col.db", {"fsrs": 1}) as col:
        col.set_deck_study("fsrs", FSRS)
        now = morning(0)
        card = col.next_card(now)
        assert card is not None
        col.answer(card.id, Grade.GOOD, now)  # step 2 of 2: due in 10 minutes
        again = col.next_card(now + timedelta(seconds=20))
        assert again is not None and again.id == card.id
        assert again.next_intervals[3] >= timedelta(days=1)


def test_learning_steps_come_back_the_same_day_after_their_due_at(col: Collection) -> None:
    """A card answered Again then Good is due at its instants the same scheduling day; Good
    after the last step graduates it to a day or more."""
    db, deck_id = peek(col), col.deck_id("fsrs")
    now = morning(0)
    card = col.next_card(now, deck=deck_id)
    assert card is not None
    col.answer(card.id, Grade.AGAIN, now)
    first = state(db, card.id)
    assert first.redrill and first.due_at == (now + timedelta(minutes=1)).astimezone(UTC)
    assert first.due_day == day_of(now).number
    col.answer(card.id, Grade.GOOD, now + timedelta(minutes=1))
    second = state(db, card.id)
    assert second.due_at == (now + timedelta(minutes=11)).astimezone(UTC)
    col.answer(card.id, Grade.GOOD, now + timedelta(minutes=11))
    graduated = state(db, card.id)
    assert graduated.phase is CardPhase.REVIEW and not graduated.redrill
    assert graduated.due_at is None and graduated.interval_days >= 1


# -- undo ----------------------------------------------------------------------------------------


def test_undo_of_an_fsrs_answer_restores_its_memory_state_and_step(col: Collection) -> None:
    """Undo takes an FSRS answer back exactly: stability, difficulty, the step and due_at."""
    db, deck_id = peek(col), col.deck_id("fsrs")
    now = morning(0)
    card = col.next_card(now, deck=deck_id)
    assert card is not None
    col.answer(card.id, Grade.AGAIN, now)
    before = state(db, card.id)
    assert before.stability is not None and before.due_at is not None
    assert before.fsrs_step == 0
    col.answer(card.id, Grade.GOOD, now + timedelta(minutes=2))
    assert state(db, card.id) != before
    undone = col.undo(now + timedelta(minutes=3))
    assert undone is not None and undone.card_id == card.id
    assert state(db, card.id) == before
    assert col.undo(now + timedelta(minutes=3)) is not None
    assert state(db, card.id) == CardState()


# -- switching -----------------------------------------------------------------------------------


def test_switching_both_ways_replays_histories_and_never_touches_an_answer(
    tmp_path: Path,
) -> None:
    """SM-2 for ten days, then FSRS: every studied card has the state its history replayed
    through FSRS gives, new cards stay new, the review log is byte for byte the same and undo
    ends there; FSRS for ten more days, then SM-2 again: SM-2 over the same history."""
    with open_collection(tmp_path / "col.db", {"deck": 100}) as col:
        db = peek(col)
        study(col, "deck", range(10), grades(3))
        sm2_states = {cid: state(db, cid) for (cid,) in db.execute("SELECT id FROM card")}
        log = log_rows(col)
        studied = col.studied_cards("deck")
        assert 0 < studied < 100
        col.set_deck_study("deck", FSRS, now=morning(10, hour=7))
        assert log_rows(col) == log
        assert col.undo_step(morning(10, hour=7)) is None
        assert col.deck_study("deck").scheduler is SchedulerName.FSRS
        scheduler = fsrs_scheduler()
        for cid, before in sm2_states.items():
            after = state(db, cid)
            if before.phase is CardPhase.NEW:
                assert after == before
            else:
                assert after == replayed(scheduler, col, cid)
                assert after.stability is not None
        assert sum(s.phase is not CardPhase.NEW for s in sm2_states.values()) == studied

        study(col, "deck", range(10, 20), grades(4))
        log = log_rows(col)
        col.set_deck_study("deck", DeckStudy(), now=morning(20, hour=7))
        assert log_rows(col) == log
        for (cid,) in db.execute("SELECT id FROM card WHERE phase != 'new'").fetchall():
            assert state(db, cid) == replayed(Sm2Scheduler(), col, cid)
            assert state(db, cid).stability is None
        col.set_deck_study("deck", FSRS)  # and back again: the same FSRS states as a replay
        for (cid,) in db.execute("SELECT id FROM card WHERE phase != 'new'").fetchall():
            assert state(db, cid) == replayed(scheduler, col, cid)


def test_switching_to_fsrs_and_back_gives_the_sm2_states_back(tmp_path: Path) -> None:
    """On a deck studied only with SM-2's buttons, FSRS then SM-2 again leaves every card's
    state as it was: the SM-2 replay of a history is what answering it gave."""
    with open_collection(tmp_path / "col.db", {"deck": 20}) as col:
        db = peek(col)
        study(col, "deck", range(15), grades(5))
        before = {cid: state(db, cid) for (cid,) in db.execute("SELECT id FROM card")}
        col.set_deck_study("deck", FSRS)
        col.set_deck_study("deck", DeckStudy())
        assert {cid: state(db, cid) for cid in before} == before


def test_new_fsrs_options_keep_the_cards_and_schedule_the_next_answer(col: Collection) -> None:
    """A higher desired retention changes no card (Anki reschedules only when asked); the next
    answer is scheduled with it, so the review interval it gives is shorter."""
    db = peek(col)
    study(col, "fsrs", range(5), grades(6))
    cards = {cid: state(db, cid) for (cid,) in db.execute("SELECT id FROM card")}
    log = log_rows(col)
    strict = FsrsOptions(desired_retention=0.97)
    col.set_deck_study("fsrs", DeckStudy(scheduler=SchedulerName.FSRS, fsrs=strict))
    assert {cid: state(db, cid) for cid in cards} == cards and log_rows(col) == log
    review = next(cid for cid, s in cards.items() if s.phase is CardPhase.REVIEW)
    shown = col.review_card(review, morning(6))
    relaxed = fsrs_scheduler().preview(cards[review], day=day_of(morning(6)), at=morning(6))
    assert shown.next_intervals[3] < relaxed.intervals[3]


def test_a_card_moved_into_an_fsrs_deck_is_answered_from_its_history(col: Collection) -> None:
    """A card studied with SM-2 and moved to the FSRS deck is answered by FSRS from the
    memory state its history gives."""
    db = peek(col)
    study(col, "sm2", range(3), grades(8))
    moved = next(
        int(cid) for (cid,) in db.execute(
            "SELECT id FROM card WHERE phase = 'review' AND deck_id = ?", (col.deck_id("sm2"),)
        )
    )  # fmt: skip
    col.move_cards([moved], "fsrs", morning(3))
    from_history = replayed(fsrs_scheduler(), col, moved)
    at = morning(4)
    col.answer(moved, Grade.GOOD, at)
    expected = fsrs_scheduler().answer(from_history, Grade.GOOD, at=at, day=day_of(at))
    assert state(db, moved) == expected.state


def test_six_grade_mode_answers_an_fsrs_deck_with_the_button_of_each_quality(
    col: Collection,
) -> None:
    """In six-grade mode an FSRS card shows six labels (q 0-2 as Again) and quality 4 is Good."""
    col.update_settings(
        Settings(new_per_day=8, rollover_hour=ROLLOVER, grade_mode=GradeMode.SM2_SIX)
    )
    card = col.next_card(morning(0), deck=col.deck_id("fsrs"))
    assert card is not None
    assert sorted(card.next_intervals) == [0, 1, 2, 3, 4, 5]
    assert card.next_intervals[0] == card.next_intervals[2] == timedelta(minutes=1)
    col.answer(card.id, 4, morning(0))
    assert col.history(card.id)[-1].grade == Grade.GOOD


def test_a_custom_study_session_on_an_fsrs_deck_answers_through_fsrs(col: Collection) -> None:
    """Review ahead on the FSRS deck: the answers are FSRS's, from the states before."""
    db = peek(col)
    study(col, "fsrs", range(2), grades(9))
    session = CustomSession(CustomStudy.REVIEW_AHEAD, deck=col.deck_id("fsrs"), amount=30)
    now = morning(2, hour=20)
    assert col.start_custom_study(session, now) > 0
    card = col.next_card(now, session=session)
    assert card is not None
    before = state(db, card.id)
    col.answer(card.id, Grade.HARD, now)
    expected = fsrs_scheduler().answer(before, Grade.HARD, at=now, day=day_of(now))
    assert state(db, card.id) == expected.state


# -- statistics ----------------------------------------------------------------------------------


def test_statistics_show_the_predicted_recall_of_fsrs_decks_only(col: Collection) -> None:
    """The mean retrievability of the FSRS deck's studied cards now, and how many are below
    the desired retention; None for the SM-2 deck; all decks count the FSRS deck's cards."""
    db = peek(col)
    study(col, "fsrs", range(6), grades(10))
    study(col, "sm2", range(6), grades(11))
    now = morning(20)
    scheduler = fsrs_scheduler()
    values = [
        scheduler.retrievability(state(db, cid), now)
        for (cid,) in db.execute(
            "SELECT id FROM card WHERE deck_id = ? AND phase != 'new'", (col.deck_id("fsrs"),)
        ).fetchall()
    ]
    recall = col.statistics(now, deck=col.deck_id("fsrs"), charts=False).recall
    assert recall is not None and recall.cards == len(values) > 0
    assert recall.mean == pytest.approx(sum(values) / len(values))
    assert recall.below_target == sum(v < 0.9 for v in values) > 0
    assert recall.desired_retention == 0.9
    assert col.statistics(now, deck=col.deck_id("sm2"), charts=False).recall is None
    overall = col.statistics(now, charts=False).recall
    assert overall is not None and overall.cards == recall.cards


# -- fitting -------------------------------------------------------------------------------------


def test_fsrs_parameters_are_fitted_to_a_simulated_history(tmp_path: Path) -> None:
    """A few hundred answers over two months: Anki's optimizer gives 21 parameters that differ
    from the defaults and that FsrsOptions accepts; too few answers are refused, saying why."""
    with open_collection(tmp_path / "col.db", {"deck": 40}) as col:
        col.set_deck_study("deck", FSRS)
        rng = random.Random(12)
        db = peek(col)
        deck_id = col.deck_id("deck")
        with pytest.raises(Exception, match="too few"):
            col.fit_fsrs("deck", now=morning(0))
        for day in range(60):
            now = morning(day)
            for _ in range(40):
                card = col.next_card(now, deck=deck_id)
                if card is None:
                    break
                before = state(db, card.id)
                recall = 0.6 if before.phase is CardPhase.NEW else (
                    fsrs_scheduler().retrievability(before, now) ** 3  # forgets faster than FSRS thinks
                )  # fmt: skip
                col.answer(card.id, Grade.GOOD if rng.random() < recall else Grade.AGAIN, now)
                now += timedelta(seconds=20)
        answers = db.execute("SELECT count(*) FROM review_log").fetchone()[0]
        assert 200 <= answers <= 2000
        fitted = col.fit_fsrs("deck", now=morning(60))
    assert len(fitted.parameters) == 21
    assert fitted.parameters != DEFAULT_FSRS_OPTIONS.parameters
    assert FsrsOptions(parameters=fitted.parameters).parameters == fitted.parameters


# -- sync ----------------------------------------------------------------------------------------


def test_answers_from_the_phone_are_replayed_through_the_fsrs_deck(tmp_path: Path) -> None:
    """A real anki.syncserver: the phone's answer to a card of an FSRS deck comes home and the
    card gets the state FSRS gives its history (a memory state); the glosscards answer beside
    it is kept, not doubled. The phone stamps answers with the wall clock, so glosscards'
    come an hour before it."""
    import genanki

    from anki_sync_server import PASSWORD, USER, Phone, sync_server
    from four_terms import FOUR_TERMS

    now = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    source = tmp_path / "glossary.txt"
    source.write_text(FOUR_TERMS, encoding="utf-8")
    with (
        sync_server(tmp_path / "server") as server,
        Collection.open(tmp_path / "col.db", tz=UTC) as col,
    ):
        col.import_glossary(source, deck="AI", now=now, backup=False)
        col.set_deck_study("AI", FSRS, now=now)
        mine = col.next_card(now)
        assert mine is not None
        col.answer(mine.id, Grade.EASY, now)
        col.sync(server.url, USER, PASSWORD, now=now + timedelta(seconds=5))
        phone = Phone(tmp_path / "phone", server)
        try:
            phone.sync()
            theirs = next(r.card_id for r in col.find_cards('"Gamma Search"') if r.ordinal == 1)
            key = next(n.key for n in col.export_notes() if "Gamma Search" in n.text)
            phone.answer(str(genanki.guid_for(key)), 1, 3)  # Good on a new card
            phone.sync()
        finally:
            phone.close()
        result = col.sync(now=datetime.now(UTC))
        assert (result.answers_received, result.cards_rescheduled) == (1, 1)
        db = peek(col)
        scheduler = FsrsScheduler(tz=UTC, rollover_hour=col.settings.rollover_hour)
        answers = history(col, theirs)
        assert [a.grade for a in answers] == [Grade.GOOD]
        expected = replay(scheduler, answers, day_of=col.scheduling_day)[-1].outcome.state
        assert expected.stability is not None and expected.last_review is not None
        whole = dataclasses.replace(  # instants are kept in whole seconds
            expected,
            last_review=expected.last_review.replace(microsecond=0),
            due_at=None if expected.due_at is None else expected.due_at.replace(microsecond=0),
        )
        assert state(db, theirs) == whole
        assert len(col.history(mine.id)) == 1


def test_a_phone_answer_between_sm2_answers_is_replayed_with_them_through_fsrs(
    tmp_path: Path,
) -> None:
    """Two answers given here under SM-2, the deck switched to FSRS, then the phone's answer to
    the same card, made between them, comes home: the state before the answers to replay is
    SM-2's, so the card's whole history is replayed through FSRS, in time order."""
    import genanki

    from anki_sync_server import PASSWORD, USER, Phone, sync_server
    from four_terms import FOUR_TERMS

    wall = datetime.now(UTC).replace(microsecond=0)
    later = wall + timedelta(hours=1)  # glosscards' answer, after the phone's
    source = tmp_path / "glossary.txt"
    source.write_text(FOUR_TERMS, encoding="utf-8")
    with (
        sync_server(tmp_path / "server") as server,
        Collection.open(tmp_path / "col.db", tz=UTC) as col,
    ):
        col.import_glossary(source, deck="AI", now=wall - timedelta(hours=1), backup=False)
        card = next(r.card_id for r in col.find_cards('"Gamma Search"') if r.ordinal == 1)
        col.answer(card, Grade.HARD, wall - timedelta(hours=1))  # SM-2's first answer
        col.sync(server.url, USER, PASSWORD, now=wall - timedelta(hours=1))
        key = next(n.key for n in col.export_notes() if "Gamma Search" in n.text)
        phone = Phone(tmp_path / "phone", server)
        try:
            phone.sync()
            phone.answer(str(genanki.guid_for(key)), 1, 4)  # Easy, at the wall clock
            phone.sync()
        finally:
            phone.close()
        col.answer(card, Grade.GOOD, later)  # SM-2's second answer, from an SM-2 state
        col.set_deck_study("AI", FSRS, now=later)
        result = col.sync(now=later + timedelta(seconds=5))
        assert result.answers_received == 1
        answers = history(col, card)
        assert [a.grade for a in answers] == [Grade.HARD, Grade.EASY, Grade.GOOD]
        scheduler = FsrsScheduler(tz=UTC, rollover_hour=col.settings.rollover_hour)
        expected = replay(scheduler, answers, day_of=col.scheduling_day)[-1].outcome.state
        got = state(peek(col), card)
        assert got.stability is not None
        assert dataclasses.replace(got, last_review=None, due_at=None) == dataclasses.replace(
            expected, last_review=None, due_at=None
        )


def test_the_forecast_of_an_fsrs_deck_takes_a_card_moved_in_from_sm2(tmp_path: Path) -> None:
    """A studied SM-2 card moved into an FSRS deck has no memory state yet: the workload
    forecast replays its history through FSRS, as its next answer would, instead of failing."""
    col = open_collection(tmp_path / "c.db", {"sm2": 12, "fsrs": 12})
    col.set_deck_study("fsrs", FSRS, now=morning(0, hour=7))
    study(col, "sm2", range(3), grades(8))
    moved = next(r.card_id for r in col.find_cards("deck:sm2 -is:new", now=morning(3)))
    col.move_cards([moved], "fsrs", morning(3))
    forecast = col.workload_forecast(col.deck_id("fsrs"), now=morning(3))
    assert sum(forecast.reviews_per_day) >= 1  # the moved card comes up for review
    col.close()
