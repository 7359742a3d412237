"""SQLModel tables: the collection's on-disk schema.

Instants are integer epoch seconds (UTC) — ``reviewed_at`` in milliseconds — because the review hot
path compares and indexes them, and an integer is the cheapest thing SQLite can do that with. Due
dates and burials are scheduling-day numbers (:mod:`glosscards.scheduler.day`), never instants:
schema 3 moved them so that a daylight-saving change cannot move a card to another day. Domain code
never sees these classes: :mod:`glosscards.storage.review_store` and
:mod:`glosscards.storage.importer` turn rows into domain values and back.

Bump :data:`SCHEMA_VERSION` with every change, and add a step to :mod:`glosscards.storage.migrate`.
"""

from __future__ import annotations

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

__all__ = [
    "SCHEMA_VERSION",
    "AnkiAnswerRow",
    "CardRow",
    "DeletedTermRow",
    "GlossarySourceRow",
    "ImportRunRow",
    "MetaRow",
    "NoteRow",
    "ReviewLogRow",
    "TermRow",
    "UndoStepRow",
]

from glosscards.storage.schema import SCHEMA_VERSION


class MetaRow(SQLModel, table=True):
    """Key/value settings and the schema version."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class GlossarySourceRow(SQLModel, table=True):
    """A glossary the collection was built from (one deck in the UI)."""

    __tablename__ = "glossary_source"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    last_path: str = ""


class TermRow(SQLModel, table=True):
    """One glossary term. ``key`` is its identity across versions; ``content_hash`` its text."""

    __tablename__ = "term"
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="glossary_source.id", index=True)
    """The deck the term's note and cards are in (what export, sync, the browser, statistics and
    deck deletion go by): its glossary's, unless the learner moved it (``origin_id``)."""
    origin_id: int | None = None
    """The glossary source the term comes from when the learner moved its cards to another deck
    (schema 7): re-importing that glossary updates (or retires) the term where it now is, and
    the deck it is in never takes it for one of its own terms. None: the term is in its
    glossary's deck; 0: its glossary was deleted and it stays where the learner put it."""
    key: str = Field(index=True, unique=True)
    name: str
    heading: str
    term: str
    acronym: str | None = None
    aliases_json: str = "[]"
    category: str | None = None
    letter: str = ""
    position: int = 0
    line: int = 0
    entry_json: str = "{}"
    content_hash: str = ""
    retired: bool = False
    created_at: int = 0
    modified_at: int = 0


class NoteRow(SQLModel, table=True):
    """The cloze note made from a term: Anki's Text and Back Extra fields.

    ``modified`` strictly increases with every change at one-second resolution, because Anki's
    importer compares integer-second modification times when deciding whether to update a note.
    ``text`` and ``back_extra`` are what the learner studies and exports: the glossary's fields,
    or the learner's edit of them.
    """

    __tablename__ = "note"
    id: int | None = Field(default=None, primary_key=True)
    term_id: int = Field(foreign_key="term.id", index=True, unique=True)
    text: str
    back_extra: str
    tags: str = ""
    fields_hash: str = ""
    """The digest of the fields the glossary made (:func:`glosscards.cloze.content_hash`): what
    an import compares, so a learner's edit (below) does not count as a glossary change."""
    modified: int = 0
    edited: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """The learner edited ``text`` or ``back_extra`` (schema 5); an import keeps the edit."""
    glossary_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """For an edited note, the glossary's Text the edit replaced (what a revert brings back);
    empty when the note is not edited."""
    glossary_back_extra: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """For an edited note, the glossary's Back Extra the edit replaced."""


class CardRow(SQLModel, table=True):
    """A card (one cloze ordinal of a note) and its SM-2 scheduling state."""

    __tablename__ = "card"
    # The review queue's three lists (see glosscards.storage.review_store), each a partial
    # covering index: picking the next card and counting what is left read only index entries
    # of cards that can be shown, in queue order, instead of scanning every card.
    __table_args__ = (
        Index(
            "ix_card_queue_due",
            "due_day",
            "id",
            "buried_until_day",
            "redrill",
            "last_review",
            sqlite_where=text("phase != 'new' AND suspended = 0 AND retired = 0"),
        ),
        Index(
            "ix_card_queue_new",
            "new_position",
            "id",
            "buried_until_day",
            sqlite_where=text("phase = 'new' AND suspended = 0 AND retired = 0"),
        ),
        # The same three lists per deck, for studying one deck and for per-deck limits.
        Index(
            "ix_card_deck_due",
            "deck_id",
            "due_day",
            "id",
            "buried_until_day",
            "redrill",
            "last_review",
            sqlite_where=text("phase != 'new' AND suspended = 0 AND retired = 0"),
        ),
        Index(
            "ix_card_deck_new",
            "deck_id",
            "new_position",
            "id",
            "buried_until_day",
            sqlite_where=text("phase = 'new' AND suspended = 0 AND retired = 0"),
        ),
        # The re-drill lists also cover ``due_at``: an FSRS learning step is ready at its
        # instant, not after a number of answers (schema 8).
        Index(
            "ix_card_deck_redrill",
            "deck_id",
            "redrill_after",
            "id",
            "last_review",
            "buried_until_day",
            "due_at",
            sqlite_where=text("redrill = 1 AND suspended = 0 AND retired = 0"),
        ),
        Index(
            "ix_card_queue_redrill",
            "redrill_after",
            "id",
            "last_review",
            "buried_until_day",
            "due_at",
            sqlite_where=text("redrill = 1 AND suspended = 0 AND retired = 0"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    deck_id: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """The card's deck (its term's glossary source), kept on the card so one deck's queue reads
    an index of its own instead of walking every card of the collection (schema 4)."""
    ordinal: int
    phase: str = "new"
    ease: float = 2.5
    repetitions: int = 0
    interval_days: int = 0
    lapses: int = 0
    due_day: int | None = None  # indexed by ix_card_queue_due, for the cards the queue can show
    last_review: int | None = None
    redrill: bool = False
    redrill_after: int = 0
    new_position: int = 0  # indexed by ix_card_queue_new
    buried_until_day: int = 0
    """Buried until the start of this scheduling day (0: not buried)."""
    suspended: bool = False
    retired: bool = False
    # FSRS's memory state and learning step (schema 8), NULL for a card scheduled by SM-2;
    # ``due_at`` (epoch seconds) is when a learning step later the same scheduling day is due.
    stability: float | None = None
    difficulty: float | None = None
    fsrs_step: int | None = None
    due_at: int | None = None


class ReviewLogRow(SQLModel, table=True):
    """One answer. The ``*_before`` columns hold the card's state before it, so undo is exact."""

    __tablename__ = "review_log"
    # Few indexes on purpose: each one is another page written (and synced) with every answer.
    # What today's answers used of the daily limits is counted once a day and then kept in
    # memory (ReviewStore.done_today), so it needs no index of its own.
    # The statistics' one (schema 9): every (button, kind, day) cell of the answers is a run of
    # its entries, so a million answers are summed per day without sorting or reading the table
    # (glosscards.storage.stats_store); one more entry written per answer.
    __table_args__ = (
        Index(
            "ix_review_log_tally",
            "grade",
            "quality",
            "redrill",
            "phase_before",
            "reviewed_at",
            "interval_before",
            "duration_ms",
            "card_id",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    reviewed_at: int = Field(index=True)
    grade: int | None = None
    quality: int
    duration_ms: int = 0
    redrill: bool = False
    phase_before: str
    ease_before: float
    ease_after: float
    interval_before: int
    interval_after: int
    repetitions_before: int
    repetitions_after: int
    lapses_before: int
    due_day_before: int | None = None
    last_review_before: int | None = None
    redrill_before: bool = False
    redrill_after_before: int = 0
    buried_siblings: str = ""
    stability_before: float | None = None
    difficulty_before: float | None = None
    fsrs_step_before: int | None = None
    due_at_before: int | None = None


class ImportRunRow(SQLModel, table=True):
    """The report of every applied import: when, which file, its hash and the counts."""

    __tablename__ = "import_run"
    id: int | None = Field(default=None, primary_key=True)
    at: int
    file: str
    sha256: str
    format: str
    counts_json: str
    report_json: str


class AnkiAnswerRow(SQLModel, table=True):
    """An answer both glosscards and the Anki mirror hold (schema 6): the review-log row and the
    ``revlog`` id it has in Anki. ``received`` is True for an answer made elsewhere (a phone) and
    brought home by a sync or ``import-progress``; False for one glosscards made and sent.

    The pairing is what keeps a sync from doubling an answer: an Anki ``revlog`` row whose id is
    here is already in glosscards' history, and a review-log row that is here is already in Anki.
    """

    __tablename__ = "anki_answer"
    review_id: int = Field(primary_key=True, foreign_key="review_log.id")
    revlog_id: int = Field(unique=True)
    received: bool = False


class UndoStepRow(SQLModel, table=True):
    """One step the learner can take back (schema 7), written in the transaction of the change
    itself: the undo journal (:mod:`glosscards.storage.journal`).

    ``day`` is the scheduling day the step was made on (undo offers only today's);
    ``card_ids`` a JSON list; ``before_json`` the state it restores. An answer's state before it
    is in its review-log row (``review_id``). An import, a sync, a restore and a deck deletion
    empty the journal: what came before them cannot be taken back.
    """

    __tablename__ = "undo_step"
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    day: int
    card_ids: str = "[]"
    description: str = ""
    review_id: int | None = None
    before_json: str = "{}"
    at: int = 0


class DeletedTermRow(SQLModel, table=True):
    """The identity key of a term whose note the learner deleted (schema 7): a re-import makes
    the entry a new term under another key, so the Anki note of the deleted one (its GUID comes
    from the key) is never brought back to life with the history it had there."""

    __tablename__ = "deleted_term"
    key: str = Field(primary_key=True)
    deleted_at: int = 0
