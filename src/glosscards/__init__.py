"""glosscards: spaced-repetition flashcards made from a glossary.

The public API (a contract for scripts and tests)::

    from glosscards import Collection, Grade
    with Collection.open(path) as col:
        report = col.import_glossary(file_path, dry_run=False)
        card = col.next_card(now)
        col.answer(card.id, Grade.GOOD, now, duration_ms=...)

Names are imported on first use, so that importing one pure module (the parser, the scheduler)
does not load the database layer.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glosscards.collection import Collection
    from glosscards.errors import (
        CollectionBusyError,
        CollectionError,
        ExportError,
        GlossaryError,
        GlosscardsError,
        SyncFailedError,
    )
    from glosscards.scheduler.grade import Grade, GradeMode
    from glosscards.values import (
        Counts,
        Deck,
        ImportReport,
        ReviewCard,
        ReviewRecord,
        Settings,
        UndoResult,
        UndoStep,
    )

_WHERE = {
    "Collection": "glosscards.collection",
    "CollectionBusyError": "glosscards.errors",
    "CollectionError": "glosscards.errors",
    "ExportError": "glosscards.errors",
    "GlossaryError": "glosscards.errors",
    "GlosscardsError": "glosscards.errors",
    "SyncFailedError": "glosscards.errors",
    "Grade": "glosscards.scheduler.grade",
    "GradeMode": "glosscards.scheduler.grade",
    "Counts": "glosscards.values",
    "Deck": "glosscards.values",
    "ImportReport": "glosscards.values",
    "ReviewCard": "glosscards.values",
    "ReviewRecord": "glosscards.values",
    "Settings": "glosscards.values",
    "UndoResult": "glosscards.values",
    "UndoStep": "glosscards.values",
}

__all__ = [
    "Collection",
    "CollectionBusyError",
    "CollectionError",
    "Counts",
    "Deck",
    "ExportError",
    "GlossaryError",
    "GlosscardsError",
    "Grade",
    "GradeMode",
    "ImportReport",
    "ReviewCard",
    "ReviewRecord",
    "Settings",
    "SyncFailedError",
    "UndoResult",
    "UndoStep",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'glosscards' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
