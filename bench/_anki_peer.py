"""The Anki side of the review benchmark: the same collection, studied with Anki's own code.

Built with Anki's supported API: ``col.add_notes`` with one ``AddNoteRequest`` per Basic note
(about 3 s for 100,000 notes), then one SQL ``UPDATE`` per card group to give the cards the
schedules :func:`_synthetic.card_states` draws for the glosscards side (``type``/``queue`` 2 with a
``due`` day relative to ``col.sched.today`` for reviews; new cards stay as ``add_notes`` made them),
then the Default preset's daily limits are raised so the benchmark never runs out of cards.

Durability, as found in Anki 26.09 (``rslib/src/storage/sqlite.rs`` and
``rslib/src/collection/transact.rs``): the collection is opened with ``journal_mode=WAL``,
``locking_mode=EXCLUSIVE`` and SQLite's default ``synchronous=FULL`` (2); every backend operation,
``answer_card`` included, runs inside ``savepoint rust`` … ``release rust``, and since the Python
side holds no outer transaction (``Collection.save`` is a deprecated no-op, "saving is automatic")
the release is a commit: one WAL append and one ``fdatasync`` per answer.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# anki.collection first: importing anki.cards before it fails (a circular import in anki).
from anki.collection import AddNoteRequest, Collection

# isort: split
from anki.cards import Card
from anki.scheduler.v3 import CardAnswer

from _synthetic import DAY, CardPlan, card_states, definition

__all__ = ["AnkiReviewer", "build_anki_collection", "pragmas"]

RATING = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}


def build_anki_collection(path: Path, *, plan: CardPlan, daily_limit: int, seed: int = 1) -> Any:
    """A new Anki collection at ``path`` with ``plan``'s cards, one Basic note each."""
    col = Collection(str(path))
    rng = random.Random(seed)
    basic = col.models.by_name("Basic")
    deck_id = col.decks.id("Default")
    assert basic is not None and deck_id is not None and col.db is not None
    requests = []
    for index in range(1, plan.total + 1):
        note = col.new_note(basic)
        note.fields[0] = f"Synthetic Term {index:06d}"
        note.fields[1] = definition(index, rng)
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)

    today = col.sched.today
    card_ids = col.db.list("SELECT id FROM cards ORDER BY nid")
    updates = []
    for card_id, state in zip(card_ids, card_states(plan, random.Random(seed)), strict=True):
        if state.is_new:
            continue
        # Days, not seconds: anything due in the past day is due today; later cards keep their day.
        due_day = today + (state.due_offset_s // DAY if state.due_offset_s > 0 else 0)
        updates.append(
            (due_day, state.interval_days, int(state.ease * 1000), state.repetitions,
             state.lapses, card_id)
        )  # fmt: skip
    # One statement over a JSON array: col.db.executemany crosses into the backend per row.
    col.db.execute(
        "UPDATE cards SET type = 2, queue = 2, due = json_extract(u.value, '$[0]'),"
        " ivl = json_extract(u.value, '$[1]'), factor = json_extract(u.value, '$[2]'),"
        " reps = json_extract(u.value, '$[3]'), lapses = json_extract(u.value, '$[4]')"
        " FROM json_each(?) AS u WHERE cards.id = json_extract(u.value, '$[5]')",
        json.dumps(updates),
    )

    config = col.decks.config_dict_for_deck_id(deck_id)
    config["new"]["perDay"] = daily_limit
    config["rev"]["perDay"] = daily_limit
    col.decks.update_config(config)
    return col


def pragmas(col: Any) -> dict[str, object]:
    """The SQLite settings that decide what a commit costs and guarantees."""
    return {
        name: col.db.scalar(f"PRAGMA {name}")
        for name in ("journal_mode", "synchronous", "locking_mode")
    }


@dataclass(slots=True)
class AnkiReviewer:
    """One review cycle the way Anki's reviewer does it (``aqt/reviewer.py``, v3 scheduler)."""

    col: Any

    def next_card(self) -> tuple[Any, Any]:
        """The next queued card and its four next states, or raise if the queue is empty."""
        queued = self.col.sched.get_queued_cards(fetch_limit=1)
        top = queued.cards[0]
        card = Card(self.col, backend_card=top.card)
        card.start_timer()
        return card, top.states

    def answer(self, card: Any, states: Any, grade: int) -> None:
        """Answer with ``grade`` (1-4): ``build_answer`` + ``answer_card``, one commit."""
        answer = self.col.sched.build_answer(card=card, states=states, rating=RATING[grade])
        self.col.sched.answer_card(answer)
