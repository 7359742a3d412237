"""Turn a glossary :class:`Entry` into the fields of one Anki cloze note.

Layout of the Text field (HTML; every piece of glossary text is escaped)::

    {{c1::Large Language Model ({{c2::LLM}})::model}}
    <div class="gloss">a gloss</div>
    <div>The first substantial paragraph, cut at a sentence end near 400 characters.</div>
    <ul><li>and the list items that follow it, when it introduces a list</li></ul>

c1 is the term card, c2 the acronym card; the numbers never change (in Anki the card ordinal
*is* the cloze number, and renumbering would orphan a learner's history). Anki's nested clozes
(since 2.1.56) say exactly what each card must hide:

* every spelling of the term in the prompt — the term, its heading, its aliases, its acronym —
  is a c1 cloze, and every occurrence of the acronym, also inside those, is a nested c2 cloze:
  ``{{c1::{{c2::LLM}}}}``, ``{{c1::{{c2::LaMDA}} Model}}``;
* so the term card (c1) hides all of them, and never shows the acronym or an alias;
* and the acronym card (c2) shows the term and every alias, and hides the acronym wherever it
  appears: it asks "what is the acronym of Large Language Model?".

The acronym is the heading's parenthetical whole (``Deep RL``, ``3D GAN``, ``TensorRT SDK``;
see :func:`glosscards.glossary.naming.find_acronym`). :func:`make_note` renders both questions
and checks them; should either still show its own answer (an acronym entangled with the term
in a way nesting cannot express), the note falls back to a single cloze: the acronym is hidden
as c1 everywhere and there is no c2 card. The hint is dropped when it would spell the term.

What makes the prompt, and what the back, is :mod:`glosscards.prompt`; how structure (lists,
code, glosses, inline code, math) becomes HTML is :mod:`glosscards.note_html`.

Glossary text may contain ``{{``, ``}}`` and ``::``. Braces are written as ``&#123;``/``&#125;``
everywhere and colons as ``&#58;`` inside clozes, so Anki's cloze parser sees only our clozes,
while the rendered card still displays the literal characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from glosscards.cloze_match import FOLDS_TO_ASCII as _FOLDS_TO_ASCII  # noqa: F401 (tests)
from glosscards.cloze_match import Pattern as _Pattern  # noqa: F401 (tests)
from glosscards.cloze_match import Spelling
from glosscards.cloze_match import find_matches as _find_matches  # noqa: F401 (tests)
from glosscards.cloze_match import flexible as _flexible
from glosscards.cloze_match import matcher as _matcher  # noqa: F401 (tests)
from glosscards.cloze_match import spans as _spans
from glosscards.cloze_match import visible as _visible
from glosscards.glossary.entry import Entry
from glosscards.glossary.naming import is_acronym_word
from glosscards.note_back import back_extra_of_pairs
from glosscards.note_html import (
    escape as _escape,
)
from glosscards.note_html import (
    escape_in_cloze as _escape_in_cloze,
)
from glosscards.note_html import (
    gloss_html,
    paragraphs_html,
)
from glosscards.prompt import PROMPT_LIMIT, choose_prompt, cut_at_sentence
from glosscards.render import plain_text, render_question

__all__ = [
    "CARD_MAKER_VERSION",
    "PROMPT_LIMIT",
    "NoteFields",
    "content_hash",
    "cut_at_sentence",
    "has_something_to_learn",
    "make_note",
]

CARD_MAKER_VERSION = 2
"""Bumped whenever :func:`make_note` makes a different note of the same entry. A deck made by
an older card maker has its unchanged entries' notes re-made at its next import (see
:func:`glosscards.import_run.run_import`): otherwise only entries the glossary changed would
get the better cards. 1: single-level clozes; 2: nested clozes, whole acronyms, structure."""

_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class NoteFields:
    """The fields of one cloze note, ready for the collection or for genanki.

    ``text`` and ``back_extra`` are HTML. ``ordinals`` are the cloze numbers in ``text``: one card
    each. ``tags`` are the glossary letter and the category with spaces as ``_``.
    """

    text: str
    back_extra: str
    ordinals: tuple[int, ...]
    tags: tuple[str, ...]


def make_note(entry: Entry) -> NoteFields | None:
    """The cloze note for ``entry``, or ``None`` when it has nothing to learn.

    Redirects and stubs (nothing but See also / More at) make no note, and neither does an
    entry whose text is only fragments (see :mod:`glosscards.prompt`).
    """
    found = _answers_and_prompt(entry)
    if found is None:
        return None
    term, acronym, split_patterns, glosses, paragraphs, back = found
    hint = _hint(entry.category, term)
    back_extra = back_extra_of_pairs(back, entry)
    tags = _tags(entry)

    if acronym:
        text = _text(term=term, acronym=acronym, hint=hint, glosses=glosses,
                     paragraphs=paragraphs, patterns=split_patterns, nest=True)  # fmt: skip
        if not _leaks(text, term=term, acronym=acronym):
            return NoteFields(text, back_extra, (1, 2), tags)
    text = _text(term=term, acronym=acronym, hint=hint, glosses=glosses, paragraphs=paragraphs,
                 patterns=split_patterns, nest=False)  # fmt: skip
    return NoteFields(text, back_extra, (1,), tags)


def has_something_to_learn(entry: Entry) -> bool:
    """True when :func:`make_note` makes a note of ``entry`` — without building it."""
    return _answers_and_prompt(entry) is not None


# What the cache keeps of an entry: its term, acronym, spellings to hide (text, ordinal) and
# prompt (glosses, paragraphs, back blocks as (kind, text)) as plain tuples of strings, which
# the cycle collector stops tracking; as dataclasses, a large glossary's 150,000 of them made
# each of its full passes during an import (several per import) a third of a second longer.
_Packed = tuple[
    str, str, tuple[tuple[str, int], ...], tuple[str, ...], tuple[str, ...],
    tuple[tuple[str, str], ...],
]  # fmt: skip


_MADE: dict[Entry, _Packed | None] = {}
_MADE_LIMIT = 1 << 15


def _answers_and_prompt(entry: Entry) -> _Packed | None:
    """:func:`_answers_and_prompt_of` ``entry``, cached by the entry itself (a plain dict, not
    ``lru_cache``, whose key tuples the cycle collector would walk as well)."""
    try:
        return _MADE[entry]
    except KeyError:
        pass
    if len(_MADE) >= _MADE_LIMIT:
        _MADE.clear()
    found = _MADE[entry] = _answers_and_prompt_of(entry)
    return found


def _answers_and_prompt_of(entry: Entry) -> _Packed | None:
    """The term, the acronym (``""``: none), the spellings to hide and the prompt of
    ``entry`` (see :data:`_Packed`); ``None`` for a redirect, a stub or an entry with
    too little to learn.

    Cached: an import asks :func:`has_something_to_learn` of every entry, then makes the notes
    of the new and changed ones, and the prompt is the costly half of both. It holds a large
    glossary (25,000 entries): a smaller one was emptied before the second pass came."""
    if entry.is_redirect or not entry.has_content:
        return None
    term = _clean(entry.term) or _clean(entry.name) or _clean(entry.heading)
    if not term:
        return None
    acronym = _clean(entry.acronym or "")
    if _same(acronym, term):
        acronym = ""
    patterns = _patterns(term=term, acronym=acronym, entry=entry)
    prompt = choose_prompt(entry, lambda line: _visible(line, patterns))
    if prompt is None:
        return None
    return (
        term,
        acronym,
        patterns,
        prompt.glosses,
        prompt.paragraphs,
        tuple((block.kind, block.text) for block in prompt.back),
    )


def content_hash(fields: NoteFields) -> str:
    """A stable digest of what a note shows (Text, Back Extra, tags): equal iff unchanged."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (fields.text, fields.back_extra, *fields.tags):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# --- the Text field -------------------------------------------------------------------------


def _text(
    *,
    term: str,
    acronym: str,
    hint: str,
    glosses: tuple[str, ...],
    paragraphs: tuple[str, ...],
    patterns: tuple[Spelling, ...],
    nest: bool,
) -> str:
    """The Text field; ``nest`` puts the acronym in a nested c2, otherwise all of it is c1."""
    acronyms = _acronym_spellings(term, acronym) if nest else ()
    inner = _nest(term, acronyms)
    if acronym:
        shown = f"{{{{c2::{_escape_in_cloze(acronym)}}}}}" if nest else _escape_in_cloze(acronym)
        inner += f" ({shown})"
    suffix = f"::{_escape_in_cloze(hint)}" if hint else ""
    term_line = f'<div class="term">{{{{c1::{inner}{suffix}}}}}</div>'

    def hide(line: str) -> str:
        return _hide(line, patterns=patterns, acronyms=acronyms)

    blocks = [gloss_html(gloss, hide) for gloss in glosses]
    blocks.append(paragraphs_html(paragraphs, hide))
    return term_line + "".join(blocks)


def _patterns(*, term: str, acronym: str, entry: Entry) -> tuple[Spelling, ...]:
    """What to hide, longest first so the longest spelling wins at a given position."""
    names = [term, _clean(entry.name), _clean(entry.heading), *map(_clean, entry.aliases)]
    found = {p[0].casefold(): p for p in _acronym_spellings(term, acronym)}
    for name in names:
        if name and name.casefold() not in found:
            found[name.casefold()] = (name, 1)
    return tuple(sorted(found.values(), key=lambda p: (-len(p[0]), p[0])))


def _acronym_spellings(term: str, acronym: str) -> tuple[Spelling, ...]:
    """The acronym, and when it has several words its own acronym words (``ACER`` of ``ACER
    Algorithm``, ``RL`` of ``Deep RL``; not ``TensorRT`` of ``TensorRT SDK``, a word of the
    term): each gives the answer away, so each hides as c2. Longest first."""
    if not acronym:
        return ()
    term_words = {word.casefold() for word in term.split()}
    words = [
        word
        for word in acronym.split()
        if " " in acronym and is_acronym_word(word) and word.casefold() not in term_words
    ]
    spellings = dict.fromkeys([acronym, *words])
    return tuple(sorted(((text, 2) for text in spellings), key=lambda p: -len(p[0])))


def _hide(line: str, *, patterns: tuple[Spelling, ...], acronyms: tuple[Spelling, ...]) -> str:
    """``line`` as HTML with every spelling of the term a c1 cloze and every occurrence of one
    of ``acronyms`` inside those a nested c2 cloze."""
    out: list[str] = []
    position = 0
    for start, end, _ in _spans(
        line, patterns
    ):  # the hint is the term line's: repeated, it is only noise
        out.append(_escape(line[position:start]))
        out.append(f"{{{{c1::{_nest(line[start:end], acronyms)}}}}}")
        position = end
    out.append(_escape(line[position:]))
    return "".join(out)


def _nest(spelling: str, acronyms: tuple[Spelling, ...]) -> str:
    """The inside of a c1 cloze: ``spelling`` with each occurrence of an acronym a c2."""
    folded = spelling.casefold()
    if not any(p[0].casefold() in folded for p in acronyms):
        return _escape_in_cloze(spelling)  # the usual case: a spelling without the acronym
    out: list[str] = []
    position = 0
    for start, end, _ in _spans(spelling, acronyms):
        out.append(_escape_in_cloze(spelling[position:start]))
        out.append(f"{{{{c2::{_escape_in_cloze(spelling[start:end])}}}}}")
        position = end
    out.append(_escape_in_cloze(spelling[position:]))
    return "".join(out)


def _leaks(text: str, *, term: str, acronym: str) -> bool:
    """True when a card's rendered question shows that card's own answer, or the term card
    shows the acronym."""
    term_question = plain_text(render_question(text, 1))
    acronym_question = plain_text(render_question(text, 2))
    acronyms = [p[0] for p in _acronym_spellings(term, acronym)]
    return _shows(term, term_question) or any(
        _shows(a, term_question) or _shows(a, acronym_question) for a in acronyms
    )


def _shows(needle: str, haystack: str) -> bool:
    """True when ``needle`` occurs in ``haystack`` as a whole word, ignoring case."""
    if not needle:
        return False
    if " ".join(needle.split()).lower() not in " ".join(haystack.split()).lower():
        return False  # the common case, without compiling a regex
    pattern = rf"(?<!\w){_flexible(needle)}(?!\w)"
    return re.search(pattern, haystack, re.IGNORECASE) is not None


def _hint(category: str | None, term: str) -> str:
    """The category as a lower-case hint (``person``), unless it would spell the term."""
    hint = _clean(category or "")
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in hint.split()]
    hint = " ".join(words)
    return "" if _shows(term, hint) else hint


# --- Back Extra -----------------------------------------------------------------------------


def _tags(entry: Entry) -> tuple[str, ...]:
    tags = [_SPACES_RE.sub("_", value.strip()) for value in (entry.letter, entry.category or "")]
    return tuple(dict.fromkeys(tag for tag in tags if tag))


# --- helpers --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """``text`` with whitespace runs collapsed to one space and the ends trimmed."""
    return " ".join(text.split())


def _same(a: str, b: str) -> bool:
    return bool(a) and a.casefold() == b.casefold()
