"""The value a glossary entry parses into, whatever the input form.

Both parsers (plain text and Markdown) produce these, so everything after parsing — cloze
generation, identity matching on re-import, export — never needs to know which form a file had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Entry", "Link", "ParseResult", "SeeAlso", "Skipped"]


@dataclass(frozen=True, slots=True)
class SeeAlso:
    """A cross-reference. ``has_entry`` is False for a bracketed name (``[B]``): no entry exists."""

    name: str
    has_entry: bool = True


@dataclass(frozen=True, slots=True)
class Link:
    """One line of a ``More at:`` list: an optional label and the URL."""

    url: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary term.

    ``heading`` is the heading as written (``Language Model for Discussion Applications (LaMDA)
    Model``). ``name`` is the heading without the acronym parenthetical (``Language Model for
    Discussion Applications Model``), which is how the Markdown source spells the first of its
    alias headings. ``aliases`` holds the acronym form (``LaMDA Model``), alias headings and the
    names of redirects to this entry. ``category`` is a trailing kind word (``Model``) or ``None``;
    ``term`` is the name without it, i.e. what the learner has to recall. ``code_after[i]``
    is the number of paragraphs before ``code[i]`` in the glossary, so cards keep the order of
    text and code; empty for entries parsed before it was recorded (code then comes last).
    """

    heading: str
    name: str
    term: str
    aliases: tuple[str, ...] = ()
    acronym: str | None = None
    category: str | None = None
    glosses: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    code_after: tuple[int, ...] = ()
    see_also: tuple[SeeAlso, ...] = ()
    more_at: tuple[Link, ...] = ()
    letter: str = ""
    line: int = 0
    redirect_to: str | None = None

    @property
    def is_redirect(self) -> bool:
        return self.redirect_to is not None

    @property
    def has_content(self) -> bool:
        """True when there is something to learn: a gloss or a definition paragraph."""
        return bool(self.glosses or self.paragraphs)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry that makes no note, and why (``stub``, ``redirect to X``, ``duplicate heading``)."""

    name: str
    reason: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Everything a parse yields: the entries to learn and the ones reported as skipped."""

    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    format: str = "text"
