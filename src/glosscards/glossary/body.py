"""Body interpretation: a heading's raw body lines → glosses, paragraphs, code, references, links.

The line rules are those listed in :mod:`glosscards.glossary.text_format`; both forms share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from glosscards.glossary.entry import Link, SeeAlso
from glosscards.glossary.raw import BodyItem, CodeBlock
from glosscards.glossary.text_code import is_code_line
from glosscards.glossary.text_refs import parse_link, parse_refs

__all__ = ["Body", "interpret"]

_MORE_AT = re.compile(r"Mor[a-z]*(?:\s+at)?\s*[:;]?")
_SEE = re.compile(r"See(\s+als[a-z]*)?(?=[\s:]|$)[\s:]*")
_WIKI = re.compile(r"\[([^\[\]\n]*)\]")
_T = TypeVar("_T")
_FORMULA_HINT = re.compile(r" [=+*/-] ")  # cheap test first: most lines are prose
_QUOTED_GLOSS = re.compile(r"`~\s*([^`]+)`[.,;:]?(.*)", re.DOTALL)
# A line of a formula or of its legend ("TP + TN", "FP = False Positive"): short, no sentence.
# Next to a code line (the formula's bar, "Accuracy = -----") it joins the code block, so a
# formula and its legend stay together and in order; alone it is prose.
_FORMULA_RE = re.compile(
    r"(?=.{1,80}$)(?:[A-Za-z0-9]{1,8}(?: [+\-*/] [A-Za-z0-9]{1,8})+(?: = [^.]*)?|\S{1,8} = [^.]*)"
)


@dataclass(slots=True)
class Body:
    """What a body says, sorted by kind; ``see_targets`` holds the targets of plain ``See X``."""

    glosses: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    code_after: list[int] = field(default_factory=list)  # paragraphs before each code block
    see_also: list[SeeAlso] = field(default_factory=list)
    more_at: list[Link] = field(default_factory=list)
    see_targets: list[str] = field(default_factory=list)  # from plain "See X" lines
    ref_set: set[SeeAlso] = field(default_factory=set)

    @property
    def has_content(self) -> bool:
        return bool(self.glosses or self.paragraphs)

    @property
    def redirect_target(self) -> str | None:
        """The target of a body that is only ``See X``; None for anything else."""
        if self.glosses or self.paragraphs or self.code or len(self.see_targets) != 1:
            return None
        return self.see_targets[0]

    def add_refs(self, refs: Iterable[SeeAlso]) -> None:
        for ref in refs:
            if ref not in self.ref_set:
                self.ref_set.add(ref)
                self.see_also.append(ref)

    def absorb(self, other: Body) -> None:
        """Merge a duplicate heading's body into this one, dropping exact repeats."""
        _extend_unique(self.glosses, other.glosses)
        _extend_unique(self.paragraphs, other.paragraphs)
        for code in other.code:  # after this body's own text: where else could it go?
            if code not in self.code:
                self.code.append(code)
                self.code_after.append(len(self.paragraphs))
        self.add_refs(other.see_also)
        _extend_unique(self.more_at, other.more_at)


def _extend_unique(target: list[_T], items: Iterable[_T]) -> None:
    seen = set(target)
    for item in items:
        if item not in seen:
            seen.add(item)
            target.append(item)


def interpret(body: Iterable[BodyItem], *, guess_code: bool) -> Body:
    """Sort body items into a :class:`Body`; ``guess_code`` applies the code rule to text lines."""
    out = Body()
    in_links = False
    code_run: list[str] = []
    formula: list[str] = []  # formula-like lines, code if a code line joins them, else prose

    def flush_code() -> None:
        for line in formula:
            paragraph = _clean_prose(line)
            if paragraph:
                out.paragraphs.append(paragraph)
        formula.clear()
        if code_run:
            out.code.append("\n".join(code_run))
            out.code_after.append(len(out.paragraphs))
            code_run.clear()

    for item in body:
        if isinstance(item, CodeBlock):
            flush_code()
            in_links = False
            if item.text.strip():
                out.code.append(item.text)
                out.code_after.append(len(out.paragraphs))
            continue
        s = item.strip()
        if s.startswith("`~"):
            quoted = _QUOTED_GLOSS.match(s)  # "`~ a gloss`. More text": a gloss, then prose
            if quoted:
                gloss = _clean_prose(quoted.group(1))
                if gloss:
                    flush_code()
                    out.glosses.append(gloss)
                s = quoted.group(2).strip()
        if not s:
            continue
        first = s[0]
        if first == "M" and _MORE_AT.fullmatch(s):
            flush_code()
            in_links = True
            continue
        see = _SEE.match(s) if first == "S" else None
        if see:
            rest = s[see.end() :]
            is_also = see.group(1) is not None
            if is_also or (rest and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "[#")):
                flush_code()
                in_links = False
                refs = parse_refs(rest)
                out.add_refs(refs)
                if not is_also:
                    out.see_targets.extend(r.name for r in refs)
                continue
        if in_links and first == "-":
            link = parse_link(s[1:].strip())
            if link is not None:
                out.more_at.append(link)
            continue
        in_links = False
        if first in "-h" and "://" in s:  # a bare link outside a "More at:" list
            link = parse_link(s.lstrip("- "))
            if link is not None and s.endswith(link.url):
                flush_code()
                out.more_at.append(link)
                continue
        if first == "~":
            flush_code()
            gloss = _clean_prose(s[1:])
            if gloss:
                out.glosses.append(gloss)
        elif guess_code and is_code_line(s, first):
            code_run.extend(formula)
            formula.clear()
            code_run.append(s)
        elif guess_code and len(s) <= 80 and _FORMULA_HINT.search(s) and _FORMULA_RE.fullmatch(s):
            (code_run if code_run else formula).append(s)
        else:
            if formula or code_run:
                flush_code()
            paragraph = _clean_prose(s)
            if paragraph:
                out.paragraphs.append(paragraph)
    flush_code()
    if not guess_code and out.code and not (out.glosses or out.paragraphs):
        # Markdown whose definition is only a fenced block: read the block as the plain-text
        # form reads it (that form has lost the fences), so that both forms agree on what a term
        # says. A quote or a prompt template in a fence becomes its definition; real code, such
        # as a bare code example, still leaves the entry a stub.
        reread = interpret(
            [line for block in out.code for line in block.splitlines()], guess_code=True
        )
        if reread.has_content:
            out.paragraphs, out.code = reread.paragraphs, reread.code
            out.code_after = reread.code_after
    return out


def _inner_text(match: re.Match[str]) -> str:
    """Replacement keeping a bracket's text (a function: faster than ``r"\\1"`` per match)."""
    return match.group(1)


def _clean_prose(text: str) -> str:
    """Wiki-link brackets dropped (``[supervised learning]`` → ``supervised learning``), spaces
    collapsed."""
    if "[" in text:
        text = _WIKI.sub(_inner_text, text)
    if "  " in text or "\t" in text:
        return " ".join(text.split())
    return text.strip()
