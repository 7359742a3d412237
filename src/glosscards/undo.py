"""What an undo step is called: the words of Edit → Undo and of the reviewer's "Undid …".

Pure. The kinds of step a collection journals (:mod:`glosscards.storage.journal`) and their
names, as Anki names its undo steps: "answer to 'Activation Layer'", "suspending of 12 cards".
"""

from __future__ import annotations

__all__ = ["KINDS", "describe_step"]

KINDS = frozenset(
    {"answer", "bury", "unbury", "suspend", "unsuspend", "edit", "reset", "move", "delete"}
)
"""Every kind of undo step (:attr:`glosscards.values.UndoStep.kind`)."""

_WORDS = {
    "answer": "answer to",
    "bury": "burying of",
    "unbury": "unburying of",
    "suspend": "suspending of",
    "unsuspend": "unsuspending of",
    "edit": "edit of",
    "revert": "revert of",
    "reset": "reset of",
    "move": "deck change of",
    "delete": "deletion of",
}


def describe_step(what: str, *, count: int, term: str | None, unit: str = "card") -> str:
    """The step's name: ``what`` (a kind, or ``"revert"``: an edit that went back to the
    glossary's version) of one term, quoted, or of ``count`` units ("3 cards", "2 notes")."""
    if count == 1 and term is not None:
        return f"{_WORDS[what]} '{term}'"
    return f"{_WORDS[what]} {count} {unit}{'' if count == 1 else 's'}"
