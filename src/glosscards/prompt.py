"""Which of an entry's text makes the question, and what is left for the back. Pure code.

A question must give the learner something to answer from. The glossary often opens an entry
with a fragment: a heading-like word ("Models", "Publications"), "This is ...", a lone list
label ("Beware:"), a price line ("Price: $200"). Such openings are passed over and the prompt
takes the next substantial text; they stay on the back, in glossary order. An entry with only
short text takes the first that says anything ("CEO of Anthropic"); one whose text says
nothing at all ("This is ...", a price, a lone label) makes no card ("too little to learn").

The prompt: the glosses that fit, then the first substantial paragraph, cut at a sentence end
near :data:`PROMPT_LIMIT` and continued with the list items that follow it when it introduces a
list (or is one), as long as the whole stays within :data:`QUESTION_BUDGET`. Everything else —
skipped fragments, the rest of a cut paragraph, later paragraphs and code — goes to the back in
the glossary's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from glosscards.glossary.entry import Entry

__all__ = [
    "MIN_VISIBLE",
    "PROMPT_LIMIT",
    "QUESTION_BUDGET",
    "BackBlock",
    "Prompt",
    "choose_prompt",
    "cut_at_sentence",
]

PROMPT_LIMIT = 400
"""The first paragraph is cut at the sentence end nearest this many characters."""

QUESTION_BUDGET = 520
"""Glosses and prompt paragraphs together stay near this many characters."""

MIN_VISIBLE = 15
"""Text with fewer characters than this besides the hidden names is a fragment."""

_SLACK = 100  # a paragraph this much longer than the limit is kept whole rather than cut
_MIN_HEAD = 150  # a sentence end this early is too short a prompt
_MAX_HEAD = 600  # a sentence end this late is too long a prompt
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*(?=\s+[\"'(\[]*[A-Z0-9])")
_LIST_ITEM_RE = re.compile(r"(?:[-*•]|\d{1,2}[.)])\s")
_PRICE_RE = re.compile(r"(?:[\w ]{0,24}:\s*)?(?:[$€£]\s?\d|\d[\d.,]*\s?(?:USD|EUR)\b)", re.I)
_ELLIPSIS_RE = re.compile(r"(?:\.\.\.|…)\s*$")

Visible = Callable[[str], str]
"""A line with the term's names taken out: what the learner would read around the gaps."""


@dataclass(frozen=True, slots=True)
class BackBlock:
    """One block of the back, in glossary order: ``gloss``, ``text`` (a paragraph) or ``code``."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """The question's glosses and paragraphs, and the back's blocks."""

    glosses: tuple[str, ...]
    paragraphs: tuple[str, ...]
    back: tuple[BackBlock, ...]


def choose_prompt(entry: Entry, visible: Visible) -> Prompt | None:
    """The prompt of ``entry``, or ``None`` when all it has is fragments (too little to learn)."""
    glosses: list[str] = []
    gloss_back: list[str] = []  # what did not fit: the back shows it, nothing is lost
    size = 0
    for gloss in entry.glosses:
        room = QUESTION_BUDGET - size
        if room < MIN_VISIBLE * 4:
            gloss_back.append(gloss)
            continue
        head, rest = _fit(gloss, room)
        glosses.append(head)
        if rest:
            gloss_back.append(rest)
        size += len(head)
    substantial_gloss = any(not is_fragment(visible(gloss)) for gloss in glosses)

    paragraphs = list(entry.paragraphs)
    units = _units(paragraphs, visible)

    def text_of(unit: tuple[int, int]) -> str:
        return visible(" ".join(paragraphs[unit[0] : unit[1]]))

    chosen = next((unit for unit in units if not is_fragment(text_of(unit))), None)
    if chosen is None and not substantial_gloss:
        # Only short text: the first that says anything at all ("CEO of Anthropic" is thin but
        # answerable; "This is ..." is not). None of it: too little to learn.
        chosen = next((unit for unit in units if not is_empty(text_of(unit))), None)
        if chosen is None and not any(not is_empty(visible(gloss)) for gloss in glosses):
            return None
    prompt: list[str] = []
    rests: dict[int, str] = {}  # a paragraph cut for the prompt: the back shows the rest
    taken: set[int] = set()
    if chosen is not None and QUESTION_BUDGET - size >= MIN_VISIBLE * 4:
        start, end = chosen
        if end > start + 1 and not visible(paragraphs[start]):
            taken.add(start)  # a label that only repeats the term ("People", then the list)
            start += 1
        head, rest_of_cut = _fit(paragraphs[start], QUESTION_BUDGET - size)
        prompt.append(head)
        taken.add(start)
        if rest_of_cut:
            rests[start] = rest_of_cut
        size += len(head)
        if (
            end == start + 1
            and not rest_of_cut
            and (_LIST_ITEM_RE.match(head) or head.endswith(":"))
        ):
            end = len(paragraphs)  # a list introduced by a paragraph: as many items as fit
        for index in range(start + 1, end):
            item = paragraphs[index]
            if not _LIST_ITEM_RE.match(item):
                break
            if size + len(item) > QUESTION_BUDGET:
                if index == start + 1 and is_fragment(visible(head)):
                    # the label alone says nothing: take the first item, cut to fit
                    item_head, item_rest = _fit(item, QUESTION_BUDGET - size)
                    prompt.append(item_head)
                    taken.add(index)
                    if item_rest:  # still a list item on the back
                        bullet = _LIST_ITEM_RE.match(item)
                        rests[index] = (bullet.group(0) if bullet else "") + item_rest
                break
            prompt.append(item)
            taken.add(index)
            size += len(item)
    return Prompt(tuple(glosses), tuple(prompt), _back(entry, taken, rests, gloss_back))


def _fit(text: str, room: int) -> tuple[str, str]:
    """``text`` cut at a sentence end near :data:`PROMPT_LIMIT` (see :func:`cut_at_sentence`),
    and shorter when the question has only ``room`` characters left."""
    head, rest = cut_at_sentence(text, max(MIN_VISIBLE * 8, min(PROMPT_LIMIT, room)))
    ceiling = max(MIN_VISIBLE * 8, room + _SLACK // 2)
    if len(head) <= ceiling:
        return head, rest
    text = text.strip()
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text) if ceiling // 3 <= m.end() <= ceiling]
    if ends:
        return text[: ends[-1]].rstrip(), text[ends[-1] :].strip()
    space = text.rfind(" ", 0, ceiling)
    cut = space if space > 0 else ceiling
    return text[:cut].rstrip() + "…", "…" + text[cut:].strip()


def _units(paragraphs: list[str], visible: Visible) -> list[tuple[int, int]]:
    """The paragraphs as units a prompt can start with: a paragraph, or a list — its items with
    the label or short line that introduces them ("Models:", "Research") — as one unit."""
    units: list[tuple[int, int]] = []
    index = 0
    while index < len(paragraphs):
        end = index + 1
        here = paragraphs[index]
        follows = end < len(paragraphs) and _LIST_ITEM_RE.match(paragraphs[end]) is not None
        if _LIST_ITEM_RE.match(here) or (
            follows and (here.endswith(":") or is_fragment(visible(here)))
        ):
            while end < len(paragraphs) and _LIST_ITEM_RE.match(paragraphs[end]):
                end += 1
        units.append((index, end))
        index = end
    return units


def _back(
    entry: Entry, taken: set[int], rests: dict[int, str], gloss_back: list[str]
) -> tuple[BackBlock, ...]:
    """What the prompt left — glosses first, then paragraphs and code in the glossary's order,
    a cut paragraph's rest where the paragraph stood."""
    code_at: dict[int, list[str]] = {}
    for position, code in enumerate(entry.code):
        if not code.strip():
            continue
        after = entry.code_after[position] if position < len(entry.code_after) else None
        code_at.setdefault(len(entry.paragraphs) if after is None else after, []).append(code)
    blocks = [BackBlock("gloss", gloss) for gloss in gloss_back]
    for index in range(len(entry.paragraphs) + 1):
        blocks.extend(BackBlock("code", code) for code in code_at.get(index, ()))
        if index == len(entry.paragraphs):
            break
        if index in rests:
            blocks.append(BackBlock("text", rests[index]))
        elif index not in taken:
            blocks.append(BackBlock("text", entry.paragraphs[index]))
    return tuple(blocks)


def is_empty(text: str) -> bool:
    """Nothing to answer from at all: a price line, a lone label, at most three words before
    a trailing "...", or under two words or :data:`MIN_VISIBLE` // 2 characters."""
    stripped = text.strip()
    bullet = _LIST_ITEM_RE.match(stripped)
    if bullet:
        stripped = stripped[bullet.end() :].strip()
    words = stripped.split()
    if len(" ".join(words)) < MIN_VISIBLE // 2 or len(words) < 2:
        return True
    if len(words) <= 3 and _ELLIPSIS_RE.search(stripped):  # "This is ...", "In 2014 ..."
        return True
    if len(words) <= 8 and stripped.endswith(":"):  # a lone label: "Methods:"
        return True
    return len(words) <= 6 and _PRICE_RE.match(stripped) is not None


def is_fragment(text: str) -> bool:
    """Too little to answer from: under :data:`MIN_VISIBLE` characters, or :func:`is_empty`.
    A prompt passes over such text when something more substantial follows."""
    stripped = text.strip()
    bullet = _LIST_ITEM_RE.match(stripped)
    if bullet:
        stripped = stripped[bullet.end() :].strip()
    words = stripped.split()
    return len(" ".join(words)) < MIN_VISIBLE or is_empty(stripped)


def cut_at_sentence(paragraph: str, limit: int = PROMPT_LIMIT) -> tuple[str, str]:
    """Split ``paragraph`` into a head that ends at a sentence end near ``limit``, and the rest.

    Paragraphs up to ``limit`` plus a little slack stay whole. Otherwise the sentence end nearest
    ``limit`` wins, within reason; a paragraph with no usable sentence end is cut at the last
    space before ``limit`` and the head ends with ``…``. ``rest`` is ``""`` when nothing was cut.
    """
    paragraph = paragraph.strip()
    if len(paragraph) <= limit + _SLACK:
        return paragraph, ""
    low, high = min(_MIN_HEAD, limit), max(_MAX_HEAD, limit)
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(paragraph) if low <= m.end() <= high]
    if ends:
        cut = min(ends, key=lambda end: (abs(end - limit), end))
        return paragraph[:cut].rstrip(), paragraph[cut:].strip()
    space = paragraph.rfind(" ", 0, limit + 1)
    cut = space if space > 0 else limit
    return paragraph[:cut].rstrip() + "…", "…" + paragraph[cut:].strip()
