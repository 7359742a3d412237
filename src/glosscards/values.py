"""Plain values the Collection façade hands out: counts, cards to review, reports, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import NewType

from glosscards.scheduler.grade import Grade, GradeMode
from glosscards.typed_card import TypedQuestion

__all__ = [
    "CardId",
    "Counts",
    "Deck",
    "DeckDeletion",
    "DeckOptions",
    "EditConflict",
    "EditableNote",
    "ImportReport",
    "Rename",
    "ReviewCard",
    "ReviewRecord",
    "Settings",
    "UndoResult",
    "UndoStep",
]

CardId = NewType("CardId", int)


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck: the cards of one glossary source."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DeckOptions:
    """A deck's daily limits (Anki's option presets are the model); a deck without options of
    its own follows the collection's settings."""

    new_per_day: int
    reviews_per_day: int

    def __post_init__(self) -> None:
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")


@dataclass(frozen=True, slots=True)
class DeckDeletion:
    """What deleting a deck removed, and the backup that brings it back."""

    deck: str
    notes: int
    cards: int
    answers: int
    backup: Path | None


@dataclass(frozen=True, slots=True)
class Counts:
    """What is left to study today, daily limits applied (Anki's New / Learning / Due)."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A card ready for the reviewer, with what each answer button would lead to."""

    id: CardId
    note_id: int
    ordinal: int
    term: str
    question_html: str
    answer_html: str
    next_intervals: dict[Grade, timedelta] | dict[int, timedelta]
    """Keyed by ``Grade`` with four buttons, by quality 0-5 in six-grade mode."""
    phase: str
    redrill: bool
    see_also: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    again_today: frozenset[int] = frozenset()
    """The answers (keys of ``next_intervals``) that also bring the card back later today."""
    typed: TypedQuestion | None = None
    """What the card asks to be typed, when its deck types answers (``DeckStudy.type_answer``)."""


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One row of a card's review history."""

    id: int
    card_id: CardId
    reviewed_at: datetime
    grade: int | None
    quality: int
    ease_before: float
    ease_after: float
    interval_before: int
    interval_after: int
    duration_ms: int
    redrill: bool
    phase_before: str


@dataclass(frozen=True, slots=True)
class UndoStep:
    """One change the learner can take back (:meth:`Collection.undo_step`): its kind, its name
    as Edit → Undo shows it, and the cards it changed.

    ``kind`` is one of ``"answer"``, ``"bury"``, ``"unbury"``, ``"suspend"``, ``"unsuspend"``,
    ``"edit"`` (an edit or a revert of a note), ``"reset"`` (back to new), ``"move"`` (a deck
    change) or ``"delete"`` (notes deleted; ``card_ids`` are their cards)."""

    kind: str
    description: str
    """ "answer to 'Activation Layer'", "suspending of 12 cards" (:mod:`glosscards.undo`)."""
    card_ids: tuple[CardId, ...]


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo took back: the step, its (first) card, and for an answer the review-log row
    that was removed (None for every other kind of step)."""

    card_id: CardId
    review_id: int | None
    step: UndoStep


@dataclass(frozen=True, slots=True)
class Rename:
    old: str
    new: str
    matched_by: str


@dataclass(frozen=True, slots=True)
class EditableNote:
    """A card's note as the Edit dialog shows it: its fields (HTML, Text with Anki's cloze
    syntax) and, when the learner edited them, the glossary's version they replaced.

    Without an edit the glossary's version is the note itself."""

    note_id: int
    term: str
    text: str
    back_extra: str
    edited: bool
    glossary_text: str
    glossary_back_extra: str


@dataclass(frozen=True, slots=True)
class EditConflict:
    """A note the learner edited whose glossary entry changed: the edit and the new glossary
    version of the note, between which the learner chooses on import."""

    term: str
    text: str
    back_extra: str
    glossary_text: str
    glossary_back_extra: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import changes (or would change, on a dry run). The lists hold term names."""

    file: Path
    sha256: str
    format: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    skipped_reasons: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, tuple[str, str]] = field(default_factory=dict)
    """For changed and renamed terms (by their new name): the definition before and after."""
    reordered: bool = False
    """Unchanged terms stand in a new order (applying saves it: new cards follow it)."""
    backup: Path | None = None
    cards_added: int = 0
    cards_retired: int = 0
    deck: str = ""
    """The deck the import changes (or would change)."""
    deck_reason: str = ""
    """Why that deck, in words: "1,351 of 1,586 terms are already in 'ai-glossary'"."""
    deck_is_new: bool = False
    edited_changed: list[str] = field(default_factory=list)
    """Terms (among changed, renamed and restored) whose note the learner edited and whose
    glossary version of the note changes: the import keeps the edit unless told to replace it."""
    edit_versions: dict[str, EditConflict] = field(default_factory=dict)
    """For each of ``edited_changed``: the learner's edit and the new glossary version."""
    edits_replaced: list[str] = field(default_factory=list)
    """After an applied import: the terms of ``edited_changed`` whose edit gave way to the
    glossary's new version (the others kept the edit)."""
    remade: list[str] = field(default_factory=list)
    """Unchanged terms whose cards an improved card maker makes differently (the glossary
    entry is the same; the answers, schedule and any edit are kept)."""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "renamed": len(self.renamed),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "restored": len(self.restored),
            "remade": len(self.remade),
        }

    @property
    def writes_nothing(self) -> bool:
        return not (
            self.added or self.changed or self.renamed or self.removed or self.restored
            or self.remade
        )  # fmt: skip

    def to_json_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "deck": self.deck,
            "deck_reason": self.deck_reason,
            "new_deck": self.deck_is_new,
            "sha256": self.sha256,
            "format": self.format,
            "dry_run": self.dry_run,
            "added": self.added,
            "changed": self.changed,
            "renamed": self.renamed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "restored": self.restored,
            "renames": [
                {"old": r.old, "new": r.new, "matched_by": r.matched_by} for r in self.renames
            ],
            "skipped_reasons": self.skipped_reasons,
            "reordered": self.reordered,
            "edited_changed": self.edited_changed,
            "edits_replaced": self.edits_replaced,
            "remade": self.remade,
            "backup": str(self.backup) if self.backup else None,
            "counts": self.counts,
        }


@dataclass(frozen=True, slots=True)
class Settings:
    """The learner's study settings, stored in the collection."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    grade_mode: GradeMode = GradeMode.FOUR_BUTTONS
