"""The undo journal on real collection files: every kind of step taken back exactly, in order,
after reopening, only on its scheduling day, never across an import, a sync, a restore or a deck
deletion; and what a deck change and a deletion mean for re-import and for the Anki mirror."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import peek
from glosscards import Collection, Grade, Settings, UndoStep
from glosscards.errors import CollectionError
from glosscards.storage.sync_store import SyncStore
from glosscards.values import CardId

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

GLOSSARY = """A#
Activation Layer#
An activation layer applies a nonlinear function to each value it receives.
B#
Beta Function (BF)#
Beta maps a pair of numbers to a single number.
G#
Gamma Search#
Gamma Search looks for the best path through a graph.
D#
Delta Layer#
Delta Layer adds the residual to its input.
"""

OTHER = """Z#
Zeta Term#
Zeta is the last letter of the alphabet here.
"""

TABLES = ("term", "card", "review_log", "anki_answer", "deleted_term", "glossary_source")
NOTE_COLUMNS = (
    "id, term_id, text, back_extra, tags, fields_hash, edited, glossary_text, glossary_back_extra"
)


def _open(path: Path, tz: Any = UTC) -> Collection:
    col = Collection.open(path, tz=tz)
    col.review_backup_interval = None
    return col


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """A collection of two decks: 'ai' (four terms, five cards) and 'other' (one term)."""
    (tmp_path / "ai.txt").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    with _open(tmp_path / "col.db") as opened:
        opened.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
        opened.import_glossary(tmp_path / "other.txt", new_deck=True, now=NOW, backup=False)
        yield opened


def state(col: Collection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that says where a card is and how it is scheduled (notes without their
    modification time, which an undo moves forward)."""
    db = peek(col)
    try:
        found = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
        found["note"] = db.execute(f"SELECT {NOTE_COLUMNS} FROM note ORDER BY id").fetchall()
        return found
    finally:
        db.close()


def card_of(col: Collection, term: str, ordinal: int = 1) -> int:
    (row,) = [r for r in col.find_cards("", now=NOW) if r.term == term and r.ordinal == ordinal]
    return row.card_id


def cards(col: Collection) -> list[int]:
    return sorted(r.card_id for r in col.find_cards("", now=NOW))


def value(col: Collection, sql: str, params: tuple[Any, ...] = ()) -> Any:
    db = peek(col)
    try:
        row = db.execute(sql, params).fetchone()
        return None if row is None else row[0]
    finally:
        db.close()


def answer_first(col: Collection, grade: Grade = Grade.GOOD, now: datetime = NOW) -> int:
    card = col.next_card(now)
    assert card is not None
    col.answer(card.id, grade, now)
    return card.id


# -- every kind, exactly -----------------------------------------------------------------------

Action = Callable[[Collection], object]


def _ai(col: Collection) -> list[int]:
    return [r.card_id for r in col.find_cards("deck:ai", now=NOW)]


KINDS: list[tuple[str, Action, Action, str, str]] = [
    # (name, set-up, the step, its kind, its description)
    ("answer", lambda c: None, lambda c: c.answer(card_of(c, "Activation Layer"), Grade.AGAIN, NOW),
     "answer", "answer to 'Activation Layer'"),
    ("bury", lambda c: None, lambda c: c.bury(card_of(c, "Gamma Search"), NOW),
     "bury", "burying of 'Gamma Search'"),
    ("unbury", lambda c: c.bury(card_of(c, "Gamma Search"), NOW),
     lambda c: c.unbury(card_of(c, "Gamma Search"), NOW), "unbury", "unburying of 'Gamma Search'"),
    ("suspend", lambda c: None, lambda c: c.suspend(card_of(c, "Delta Layer"), True, NOW),
     "suspend", "suspending of 'Delta Layer'"),
    ("suspend many", lambda c: None, lambda c: c.suspend_cards(_ai(c), True, NOW),
     "suspend", "suspending of 5 cards"),
    ("unsuspend many", lambda c: c.suspend_cards(_ai(c), True, NOW),
     lambda c: c.suspend_cards(_ai(c)[:3], False, NOW), "unsuspend", "unsuspending of 3 cards"),
    ("edit", lambda c: None,
     lambda c: c.edit_note(card_of(c, "Gamma Search"), text="{{c1::Gamma Search}}: mine",
                           back_extra="mine too", now=NOW),
     "edit", "edit of 'Gamma Search'"),
    ("revert", lambda c: c.edit_note(card_of(c, "Gamma Search"), text="{{c1::Gamma Search}}: mine",
                                     back_extra="", now=NOW),
     lambda c: c.revert_note(card_of(c, "Gamma Search"), NOW), "edit", "revert of 'Gamma Search'"),
    ("reset", lambda c: [answer_first(c) for _ in range(3)], lambda c: c.reset_cards(cards(c), NOW),
     "reset", "reset of 3 cards"),
    ("move", lambda c: None,
     lambda c: c.move_cards([card_of(c, "Beta Function"), card_of(c, "Delta Layer")], "other", NOW),
     "move", "deck change of 3 cards"),
    ("delete", lambda c: answer_first(c),
     lambda c: c.delete_notes([card_of(c, "Activation Layer"), card_of(c, "Beta Function", 2)], NOW),
     "delete", "deletion of 2 notes"),
    ("delete one", lambda c: None, lambda c: c.delete_notes([card_of(c, "Gamma Search")], NOW),
     "delete", "deletion of 'Gamma Search'"),
]  # fmt: skip


@pytest.mark.parametrize(("setup", "act", "kind", "description"),
                         [k[1:] for k in KINDS], ids=[k[0] for k in KINDS])  # fmt: skip
def test_each_kind_is_named_and_undone_exactly(
    col: Collection, setup: Action, act: Action, kind: str, description: str
) -> None:
    """The step says what it is; undo puts back every row it changed (state, due, ease, deck,
    fields, suspended flag, burial, review log, pairings) and nothing else."""
    setup(col)
    before = state(col)
    act(col)
    changed = state(col)
    assert changed != before
    step = col.undo_step(NOW)
    assert step is not None and (step.kind, step.description) == (kind, description)
    undone = col.undo(NOW)
    assert undone is not None and undone.step == step
    assert undone.card_id == step.card_ids[0]
    assert (undone.review_id is not None) == (kind == "answer")
    assert state(col) == before


def test_an_undone_answer_gives_the_card_back_to_the_queue_with_its_log(col: Collection) -> None:
    """The answer's review-log row goes, the card is due again, the siblings unburied."""
    beta_c1 = card_of(col, "Beta Function")
    col.answer(card_of(col, "Activation Layer"), Grade.GOOD, NOW)
    col.answer(beta_c1, Grade.GOOD, NOW)  # buries its sibling, the acronym card
    assert value(
        col, "SELECT buried_until_day FROM card WHERE id = ?", (card_of(col, "Beta Function", 2),)
    )
    result = col.undo(NOW)
    assert result is not None and result.card_id == beta_c1
    assert col.history(beta_c1) == []
    assert not value(
        col, "SELECT buried_until_day FROM card WHERE id = ?", (card_of(col, "Beta Function", 2),)
    )
    assert len(col.history(card_of(col, "Activation Layer"))) == 1


def test_undoing_a_revert_that_added_a_card_takes_the_card_away(
    tmp_path: Path, col: Collection
) -> None:
    """A kept edit met a glossary version with a new cloze; reverting to it adds that card, and
    undoing the revert removes it again, the note's fields as they were, its time moved on."""
    gamma = card_of(col, "Gamma Search")
    col.edit_note(gamma, text="{{c1::Gamma Search}}: mine", back_extra="", now=NOW)
    (tmp_path / "ai.txt").write_text(
        GLOSSARY.replace("Gamma Search#", "Gamma Search (GS)#"), encoding="utf-8"
    )
    report = col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    assert report.edited_changed == ["Gamma Search"] and not report.edits_replaced
    before = state(col)
    note_id = col.editable_note(gamma).note_id
    modified = value(col, "SELECT modified FROM note WHERE id = ?", (note_id,))
    col.revert_note(gamma, NOW)
    assert len([r for r in col.find_cards("", now=NOW) if r.term == "Gamma Search"]) == 2
    undone = col.undo(NOW)
    assert undone is not None and undone.step.description == "revert of 'Gamma Search'"
    assert state(col) == before
    assert value(col, "SELECT modified FROM note WHERE id = ?", (note_id,)) > modified


def test_steps_of_every_kind_are_taken_back_newest_first(col: Collection) -> None:
    """Multiple undos walk back step by step, whatever the kinds, to where the day began."""
    start = state(col)
    answered = answer_first(col)
    col.bury(card_of(col, "Gamma Search"), NOW)
    col.suspend_cards(cards(col)[:2], True, NOW)
    col.edit_note(
        card_of(col, "Delta Layer"), text="{{c1::Delta Layer}} adds", back_extra="", now=NOW
    )
    col.move_cards([card_of(col, "Zeta Term")], "ai", NOW)
    col.reset_cards([answered], NOW)
    col.delete_notes([card_of(col, "Delta Layer")], NOW)
    kinds = []
    while (undone := col.undo(NOW)) is not None:
        kinds.append(undone.step.kind)
    assert kinds == ["delete", "reset", "move", "edit", "suspend", "bury", "answer"]
    assert state(col) == start
    assert col.undo_step(NOW) is None


def test_undo_survives_closing_and_reopening(tmp_path: Path, col: Collection) -> None:
    """The journal is in the file: a new session the same day undoes the last one's steps."""
    answered = answer_first(col)
    col.suspend(card_of(col, "Delta Layer"), True, NOW)
    col.close()
    later = NOW + timedelta(hours=3)
    with _open(tmp_path / "col.db") as again:
        step = again.undo_step(later)
        assert step == UndoStep(
            "suspend", "suspending of 'Delta Layer'", (card_of(again, "Delta Layer"),)
        )
        assert again.undo(later) is not None
        undone = again.undo(later)
        assert undone is not None and undone.card_id == answered and undone.step.kind == "answer"
        assert again.history(answered) == []
        assert again.undo(later) is None


def test_a_read_only_collection_says_what_undo_would_do_but_cannot_do_it(
    tmp_path: Path, col: Collection
) -> None:
    """undo_step reads; undo writes, and a read-only collection refuses it."""
    answer_first(col)
    col.close()
    with Collection.open(tmp_path / "col.db", tz=UTC, readonly=True) as seen:
        assert seen.undo_step(NOW) is not None
        with pytest.raises(CollectionError, match="read-only"):
            seen.undo(NOW)


# -- only today ----------------------------------------------------------------------------------


def test_undo_is_offered_until_the_day_rolls_over(col: Collection) -> None:
    """Rollover 04:00: an answer at 03:30 can be undone at 03:59, not at 04:00."""
    col.update_settings(Settings(rollover_hour=4))
    at = datetime(2025, 3, 2, 3, 30, tzinfo=UTC)
    answer_first(col, now=at)
    assert col.undo_step(at.replace(minute=59)) is not None
    assert col.undo_step(at.replace(hour=4, minute=0)) is None
    assert col.undo(at.replace(hour=4, minute=0)) is None
    assert col.undo(at.replace(minute=59)) is not None


@pytest.mark.parametrize(
    ("answered", "still_today", "next_day"),
    [
        # spring: the day of 29 March is 23 hours long (04:00 to 04:00, Berlin)
        ((2025, 3, 29, 4, 30), (2025, 3, 30, 3, 59), (2025, 3, 30, 4, 0)),
        # autumn: the day of 25 October is 25 hours long; 03:50 is 24 h 20 min later
        ((2025, 10, 25, 4, 30), (2025, 10, 26, 3, 50), (2025, 10, 26, 4, 10)),
    ],
)
def test_the_day_of_a_step_is_a_scheduling_day_across_daylight_saving(
    tmp_path: Path,
    answered: tuple[int, ...],
    still_today: tuple[int, ...],
    next_day: tuple[int, ...],
) -> None:
    """Days are the time zone's and the rollover hour's, never 24 hours: in spring undo ends
    23 hours after the day began, in autumn it lasts past 24 hours."""
    berlin = ZoneInfo("Europe/Berlin")
    (tmp_path / "ai.txt").write_text(GLOSSARY, encoding="utf-8")
    with _open(tmp_path / "col.db", tz=berlin) as col:
        col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
        at = datetime(*answered, tzinfo=berlin)
        answer_first(col, now=at)
        assert col.undo_step(datetime(*still_today, tzinfo=berlin)) is not None
        assert col.undo_step(datetime(*next_day, tzinfo=berlin)) is None
        assert col.undo(datetime(*still_today, tzinfo=berlin)) is not None


def test_steps_of_an_earlier_day_are_never_undone_even_below_todays(col: Collection) -> None:
    """Yesterday's steps stay out of reach after today's are undone (and are dropped)."""
    yesterday = NOW - timedelta(days=1)
    col.suspend(card_of(col, "Delta Layer"), True, yesterday)
    col.bury(card_of(col, "Gamma Search"), NOW)
    assert col.undo(NOW) is not None
    assert col.undo_step(NOW) is None and col.undo(NOW) is None
    assert (
        value(col, "SELECT suspended FROM card WHERE id = ?", (card_of(col, "Delta Layer"),)) == 1
    )


# -- what ends the history -------------------------------------------------------------------------


def test_an_import_ends_the_history_and_a_repeated_one_does_not(
    tmp_path: Path, col: Collection
) -> None:
    """Importing the same file again writes nothing and leaves undo alone; an import that
    changes the deck ends the history: what came before it cannot be undone."""
    first = answer_first(col)
    col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    assert col.undo_step(NOW) is not None
    (tmp_path / "ai.txt").write_text(GLOSSARY.replace("single number", "scalar"), encoding="utf-8")
    col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    assert col.undo_step(NOW) is None and col.undo(NOW) is None
    assert len(col.history(first)) == 1
    second = answer_first(col, now=NOW + timedelta(minutes=1))
    undone = col.undo(NOW)
    assert undone is not None and undone.card_id == second
    assert col.undo(NOW) is None


def test_the_sync_floor_ends_the_history(col: Collection) -> None:
    """What a sync does when it ends (the undo floor): nothing before it can be undone, not
    even a bury; what comes after can."""
    answer_first(col)
    col.bury(card_of(col, "Gamma Search"), NOW)
    SyncStore(col._db).set_undo_floor()
    assert col.undo_step(NOW) is None and col.undo(NOW) is None
    col.suspend(card_of(col, "Delta Layer"), True, NOW)
    assert col.undo(NOW) is not None and col.undo(NOW) is None


def test_an_answer_paired_with_anki_is_never_undone(col: Collection) -> None:
    """A push pairs answers with revlog ids (another device has them): undo stops before."""
    answered = answer_first(col)
    review = col.history(answered)[0].id
    SyncStore(col._db).pair([(review, 1_740_000_000_000)])
    assert col.undo(NOW) is None
    assert len(col.history(answered)) == 1


def test_a_restore_ends_the_history(tmp_path: Path, col: Collection) -> None:
    """A backup made mid-session holds that session's journal; restored, none of it undoes."""
    from glosscards.restore import restore_backup

    answer_first(col)
    backup = col.backup(NOW)
    answer_first(col)
    col.close()
    restore_backup(backup, tmp_path / "col.db", now=NOW)
    with _open(tmp_path / "col.db") as restored:
        assert restored.undo_step(NOW) is None and restored.undo(NOW) is None


def test_deleting_a_deck_ends_the_history(col: Collection) -> None:
    """Its backup brings a deleted deck back; the steps before it are not undoable."""
    col.suspend(card_of(col, "Activation Layer"), True, NOW)
    col.delete_deck("other", now=NOW)
    assert col.undo_step(NOW) is None


# -- the bulk variants -----------------------------------------------------------------------------


def test_bulk_changes_count_what_changed_and_a_change_of_nothing_is_no_step(
    col: Collection,
) -> None:
    """Each returns how many cards (notes) it changed; nothing changed journals nothing."""
    ids = cards(col)
    assert col.suspend_cards(ids[:2], True, NOW) == 2
    assert col.suspend_cards(ids, True, NOW) == len(ids) - 2
    assert col.suspend_cards(ids, True, NOW) == 0
    assert col.undo_step(NOW) == UndoStep(
        "suspend",
        f"suspending of {len(ids) - 2} cards",
        tuple(CardId(i) for i in ids[2:]),
    )
    assert col.reset_cards(ids, NOW) == 0  # all new already
    assert col.move_cards(ids, "ai", NOW) == 1  # only Zeta Term was elsewhere
    assert col.move_cards(ids, "ai", NOW) == 0
    assert col.delete_notes([], NOW) == 0 and col.delete_notes([999_999], NOW) == 0
    step = col.undo_step(NOW)
    assert step is not None and step.kind == "move"


def test_moving_to_a_deck_that_does_not_exist_is_refused_naming_the_decks(col: Collection) -> None:
    with pytest.raises(CollectionError, match=r"has no deck 'nowhere'.*'ai', 'other'"):
        col.move_cards(cards(col), "nowhere", NOW)
    assert col.undo_step(NOW) is None


def test_reset_keeps_the_history_and_the_glossary_order(col: Collection) -> None:
    """A reset card is new again, first among the new cards as in the glossary; its answers
    stay in its history."""
    first = answer_first(col, Grade.EASY)
    assert col.reset_cards([first], NOW) == 1
    assert len(col.history(first)) == 1
    row = col.card_details(first)
    assert row.due is None
    assert value(col, "SELECT phase || ease || repetitions || interval_days FROM card WHERE id = ?",
                 (first,)) == "new2.500"  # fmt: skip
    again = col.next_card(NOW + timedelta(days=1))
    assert again is not None and again.id == first


# -- what a deck change means ----------------------------------------------------------------------


def _deck_of(col: Collection, term: str) -> set[str]:
    return {r.deck for r in col.find_cards("", now=NOW) if r.term == term}


def test_a_moved_note_stays_in_its_deck_through_its_glossarys_reimport(
    tmp_path: Path, col: Collection
) -> None:
    """Moved to 'other': counted, studied, exported and synced there; the 'ai' glossary's
    re-import still updates it (a new acronym card joins it in 'other'), the 'other' glossary's
    leaves it alone, and dropping the entry from 'ai' retires it."""
    ai, other = (col.deck_id(n) for n in ("ai", "other"))
    assert col.move_cards([card_of(col, "Gamma Search")], "other", NOW) == 1
    assert _deck_of(col, "Gamma Search") == {"other"}
    assert col.counts(NOW, deck=other).new == 2 and col.counts(NOW, deck=ai).new == 4
    assert {n.key: n.deck for n in col.export_notes()}["gamma-search"] == "other"

    changed = GLOSSARY.replace("Gamma Search#", "Gamma Search (GS)#")  # gains an acronym card
    (tmp_path / "ai.txt").write_text(changed, encoding="utf-8")
    report = col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    assert report.deck == "ai" and report.changed == ["Gamma Search"] and not report.added
    assert _deck_of(col, "Gamma Search") == {"other"}
    assert len([r for r in col.find_cards("deck:other", now=NOW) if r.term == "Gamma Search"]) == 2

    (tmp_path / "other.txt").write_text(OTHER + "Omega Term#\nOmega ends it.\n", encoding="utf-8")
    again = col.import_glossary(tmp_path / "other.txt", now=NOW, backup=False)
    assert again.deck == "other" and again.added == ["Omega Term"] and not again.removed

    (tmp_path / "ai.txt").write_text(changed.replace("G#\nGamma Search (GS)#\nGamma Search looks for the best path through a graph.\n", ""), encoding="utf-8")  # fmt: skip
    dropped = col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    assert dropped.removed == ["Gamma Search"]
    assert not [r for r in col.find_cards("deck:other", now=NOW) if r.term == "Gamma Search"]


def test_a_note_moved_back_is_its_glossarys_own_again(col: Collection) -> None:
    """There and back: nothing remembers the trip (the term's origin is cleared)."""
    before = state(col)
    col.move_cards([card_of(col, "Beta Function")], "other", NOW)
    col.move_cards([card_of(col, "Beta Function", 2)], "ai", NOW)
    assert state(col) == before


def test_deleting_a_glossarys_deck_leaves_its_moved_notes_where_they_are(col: Collection) -> None:
    """The moved note is in 'ai' now: deleting 'other' does not take it, and a new 'other'
    glossary does not claim it."""
    col.move_cards([card_of(col, "Zeta Term")], "ai", NOW)
    deletion = col.delete_deck("other", now=NOW)
    assert (deletion.notes, deletion.cards) == (0, 0)
    assert _deck_of(col, "Zeta Term") == {"ai"}


# -- what a deletion means -------------------------------------------------------------------------


def test_a_deleted_note_is_new_again_to_a_reimport_under_another_key(
    tmp_path: Path, col: Collection
) -> None:
    """The preview lists the deleted term among the new ones; applied, it is a new note with no
    history and another key (so another Anki GUID)."""
    answered = card_of(col, "Activation Layer")
    col.answer(answered, Grade.GOOD, NOW)
    keys = {n.key for n in col.export_notes()}
    assert col.delete_notes([answered], NOW) == 1
    assert "activation-layer" not in {n.key for n in col.export_notes()}
    preview = col.import_glossary(tmp_path / "ai.txt", dry_run=True, now=NOW)
    assert preview.added == ["Activation Layer"] and not preview.changed
    col.import_glossary(tmp_path / "ai.txt", now=NOW, backup=False)
    new_keys = {n.key for n in col.export_notes()}
    assert new_keys - keys == {"activation-layer-2"}
    assert col.history(card_of(col, "Activation Layer")) == []


def test_undoing_a_deletion_brings_back_answers_and_their_pairing(col: Collection) -> None:
    """Answers shared with Anki leave the pairing table with the note and come back with it."""
    answered = answer_first(col)
    review = col.history(answered)[0].id
    SyncStore(col._db).pair([(review, 1_740_000_000_000)])
    before = state(col)
    col.delete_notes([answered], NOW)
    assert value(col, "SELECT count(*) FROM anki_answer") == 0
    col.undo(NOW)
    assert state(col) == before
    assert value(col, "SELECT count(*) FROM anki_answer") == 1


def test_a_deleted_note_does_not_come_back_from_the_anki_mirror(
    tmp_path: Path, col: Collection
) -> None:
    """The mirror keeps the note retired and suspended with its history; pulling from it brings
    neither the note nor its answers back, not even after a re-import adds the term again."""
    from glosscards.anki_mirror import Mirror, mirror_path
    from glosscards.mirror_pull import pull
    from glosscards.mirror_push import push
    from glosscards.storage.notes_store import RETIRED_TAG

    parts = col._sync_parts()

    def push_all(mirror: Mirror) -> None:
        notes = parts.notes()
        push(mirror, parts.store, notes=notes, cards=parts.progress_of([n.key for n in notes]),
             tz=col.tz, now_s=int(NOW.timestamp()))  # fmt: skip

    def pull_all(mirror: Mirror) -> int:
        return pull(mirror.answers(), parts.store, scheduler_of=col.scheduler_of,
                    day_of=col.scheduling_day).received  # fmt: skip

    answered = card_of(col, "Activation Layer")
    col.answer(answered, Grade.GOOD, NOW)
    with Mirror(mirror_path(col.path)) as mirror:
        push_all(mirror)
        assert len(mirror.answers()) == 1
        col.delete_notes([answered], NOW + timedelta(minutes=1))
        push_all(mirror)
        there = [n for n in mirror.notes().values() if "activation layer" in n.fields[0].lower()]
        assert len(there) == 1 and RETIRED_TAG in there[0].tags
        assert pull_all(mirror) == 0
        assert "Activation Layer" not in {r.term for r in col.find_cards("", now=NOW)}

        col.import_glossary(tmp_path / "ai.txt", now=NOW + timedelta(minutes=2), backup=False)
        push_all(mirror)
        assert pull_all(mirror) == 0
        assert col.history(card_of(col, "Activation Layer")) == []
        again = [n for n in mirror.notes().values() if "activation layer" in n.fields[0].lower()]
        assert len(again) == 2 and sum(RETIRED_TAG in n.tags for n in again) == 1


def test_the_journal_table_exists_in_a_new_collection(tmp_path: Path) -> None:
    """A new collection (schema 7 and later) has the journal, empty."""
    with _open(tmp_path / "new.db") as new:
        assert value(new, "SELECT count(*) FROM undo_step") == 0
        assert new.undo_step(NOW) is None and new.undo(NOW) is None
    db = sqlite3.connect(tmp_path / "new.db")
    try:
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version[0]) >= 7
    finally:
        db.close()
