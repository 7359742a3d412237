"""Build a big glosscards collection fast, for the review benchmark.

The schema comes from :meth:`glosscards.Collection.open` (so it is exactly what the app makes);
the rows are then bulk-inserted with ``sqlite3.executemany`` in one transaction, which takes a
couple of seconds for 100,000 cards where the importer would take minutes. Every term gets one
note with one cloze (``{{c1::...}}``) and so one card, like the one-card Basic notes on the Anki
side of the benchmark.

Card states are drawn from a seeded ``random.Random`` and :class:`CardPlan` says how many cards
fall in each group; :func:`card_states` is shared with the Anki builder so that both sides
schedule the same intervals and eases.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from glosscards.glossary.entry import Entry
from glosscards.glossary.serialize import entry_to_json

__all__ = [
    "DAY",
    "WORDS",
    "CardPlan",
    "SyntheticCard",
    "build_glosscards_collection",
    "card_states",
    "definition",
]

DAY = 86_400

WORDS = [
    "model",
    "training",
    "data",
    "neural",
    "network",
    "layer",
    "token",
    "attention",
    "vector",
    "embedding",
    "loss",
    "gradient",
    "learning",
    "rate",
    "inference",
    "prompt",
    "agent",
    "reward",
    "policy",
    "dataset",
    "benchmark",
    "weight",
    "bias",
    "output",
    "input",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "is",
    "for",
    "with",
    "that",
    "by",
    "on",
    "as",
    "from",
    "which",
]


@dataclass(frozen=True, slots=True)
class CardPlan:
    """How many cards are due today, due later, and new (in that order of card ids)."""

    due_today: int = 20_000
    due_later: int = 60_000
    new: int = 20_000

    @property
    def total(self) -> int:
        return self.due_today + self.due_later + self.new

    @classmethod
    def scaled(cls, cards: int) -> CardPlan:
        """The issue's 20 % / 60 % / 20 % split for ``cards`` cards."""
        due_today = cards // 5
        new = cards // 5
        return cls(due_today=due_today, due_later=cards - due_today - new, new=new)


@dataclass(frozen=True, slots=True)
class SyntheticCard:
    """A card's schedule in day-relative terms, shared by both builders.

    ``due_offset_s`` is seconds from ``now`` (negative: overdue; only meaningful for reviews),
    ``interval_days`` and ``ease`` are the SM-2 values; ``is_new`` cards have neither.
    """

    is_new: bool
    due_offset_s: int
    interval_days: int
    ease: float
    repetitions: int
    lapses: int


def utc_day(epoch: int) -> int:
    """The scheduling-day number of an instant for a collection in UTC with the default 04:00
    rollover (the benchmarks' collections), without time-zone arithmetic per row."""
    return (epoch - 4 * 3600) // 86_400


def card_states(plan: CardPlan, rng: random.Random) -> Iterator[SyntheticCard]:
    """The schedules of ``plan.total`` cards: due today (in the past day), due later, new."""
    for index in range(plan.total):
        if index >= plan.due_today + plan.due_later:
            yield SyntheticCard(True, 0, 0, 2.5, 0, 0)
            continue
        interval = max(1, int(rng.lognormvariate(2.5, 1.0)))
        ease = round(rng.uniform(1.7, 2.9), 2)
        reps = rng.randint(2, 12)
        lapses = rng.choice((0, 0, 0, 1, 2))
        if index < plan.due_today:
            offset = -rng.randint(60, DAY - 60)
        else:
            offset = rng.randint(2 * DAY, min(interval, 365) * DAY + 2 * DAY)
        yield SyntheticCard(False, offset, interval, ease, reps, lapses)


def definition(index: int, rng: random.Random, words: int = 40) -> str:
    """A definition-sized run of glossary words (about 250 characters)."""
    return f"Concept {index} " + " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def build_glosscards_collection(
    path: Path, *, plan: CardPlan, now: datetime, seed: int = 1
) -> None:
    """Create the collection at ``path`` (which must not exist) holding ``plan``'s cards.

    Call it before opening the collection for the benchmark; it opens and closes it once to
    create the schema, then writes the rows directly.
    """
    from glosscards import Collection

    if path.exists():
        raise FileExistsError(path)
    Collection.open(path, tz=now.tzinfo).close()
    rng = random.Random(seed)
    now_s = int(now.timestamp())
    terms: list[tuple[object, ...]] = []
    notes: list[tuple[object, ...]] = []
    cards: list[tuple[object, ...]] = []
    for index, state in enumerate(card_states(plan, rng), start=1):
        name = f"Synthetic Term {index:06d}"
        gloss = definition(index, rng)
        entry = Entry(
            heading=name,
            name=name,
            term=name,
            glosses=(gloss,),
            letter="S",
            line=index * 3,
        )
        digest = hashlib.blake2b(gloss.encode(), digest_size=16).hexdigest()
        terms.append(
            (index, 1, f"synthetic-term-{index:06d}", name, name, name, None, "[]", None, "S",
             index, index * 3, entry_to_json(entry), digest, 0, now_s - 400 * DAY,
             now_s - 400 * DAY)
        )  # fmt: skip
        text = f"~ {gloss}<br>{{{{c1::{name}}}}}"
        notes.append((index, index, text, "", "S", digest, now_s - 400 * DAY))
        if state.is_new:
            cards.append(
                (index, index, 1, "new", 2.5, 0, 0, 0, None, None, 0, 0, index * 2 + 1, 0, 0, 0)
            )
            continue
        due = now_s + state.due_offset_s
        cards.append(
            (index, index, 1, "review", state.ease, state.repetitions, state.interval_days,
             state.lapses, utc_day(due), due - state.interval_days * DAY, 0, 0, index * 2 + 1,
             0, 0, 0)
        )  # fmt: skip
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
        db.execute("INSERT INTO glossary_source (id, name, last_path) VALUES (1, 'synthetic', '')")
        db.executemany(
            "INSERT INTO term (id, source_id, key, name, heading, term, acronym, aliases_json,"
            " category, letter, position, line, entry_json, content_hash, retired, created_at,"
            " modified_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            terms,
        )
        db.executemany(
            "INSERT INTO note (id, term_id, text, back_extra, tags, fields_hash, modified)"
            " VALUES (?,?,?,?,?,?,?)",
            notes,
        )
        db.executemany(
            "INSERT INTO card (id, note_id, ordinal, phase, ease, repetitions, interval_days,"
            " lapses, due_day, last_review, redrill, redrill_after, new_position, buried_until_day,"
            " suspended, retired) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            cards,
        )
        db.execute(
            "UPDATE card SET deck_id = (SELECT t.source_id FROM note n JOIN term t"
            " ON t.id = n.term_id WHERE n.id = card.note_id)"
        )  # each card carries its deck
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
