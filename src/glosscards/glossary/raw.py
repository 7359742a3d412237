"""Raw entries: one heading and its body lines, before interpretation.

Both parsers (plain text and Markdown) lower their input to these values and hand them to
:func:`glosscards.glossary.assembly.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass

from glosscards.glossary.naming import HeadingParts

__all__ = ["BodyItem", "CodeBlock", "RawEntry"]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A body item known to be code (a fenced Markdown block), as opposed to a text line."""

    text: str


BodyItem = str | CodeBlock


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One heading and its body lines, before interpretation; what both parsers produce."""

    heading: str
    parts: HeadingParts
    line: int
    letter: str
    body: tuple[BodyItem, ...]
