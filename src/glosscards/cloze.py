"""Turn a glossary :class:`Entry` into the fields of one Anki cloze note.

Layout of the Text field (HTML; every piece of glossary text is escaped)::

    {{c1::Large Language Model::model}} ({{c2::LLM}})<br>
    ~ a gloss<br>
    ~ another gloss<br>
    The first paragraph, cut at a sentence end near 400 characters.

The first line is the term line: c1 is the term (what the learner recalls, category removed) with
the category as its hint; c2 is the acronym, and exists only when the entry has one. The lines
after it are the prompt: the glosses, then the head of the first paragraph (continued with the
list items that follow it when it is a list item or introduces a list). The rest of that
paragraph, the other paragraphs, code, See also and More at go to Back Extra. Cloze numbers are
stable (the term is always c1, the acronym always c2), because in Anki the card ordinal *is* the
cloze number and renumbering would orphan a user's review history.

Which cloze hides what in the prompt. Anki shows only the asked cloze as a gap and every other
cloze as its text, so one Text field must serve both cards. In the prompt, occurrences of the
term, the name, the heading and the aliases (case-insensitive, word-bounded, with a simple plural
``s``/``es``) become c1 clozes, and occurrences of the acronym become c2 clozes. Then:

* the c1 card hides every spelling of the term and shows the acronym: it asks "what does LLM stand
  for?", which is a fair question and never shows "Large Language Model";
* the c2 card hides every occurrence of the acronym and shows the term: it asks "what is the
  acronym of Large Language Model?", and never shows "LLM".

The alternatives fail: hiding acronym occurrences as c1 would show them as plain text on the c2
card (its own answer), and hiding term occurrences as c2 would show the term on the c1 card. So
strings that contain the acronym (an alias ``LaMDA Model``, the heading ``Large Language Model
(LLM)``) are not c1 patterns: their acronym part is hidden as c2 and the rest stays visible.

That split only works when neither answer contains the other (``GAN`` and ``GAN Loss``), and when
no occurrence straddles the two (``New York`` and ``York Times`` in "New York Times"). Rather than
enumerate such cases, :func:`make_note` renders both questions and checks them; if either shows
its own answer, the note falls back to a single cloze: the acronym is hidden as c1 everywhere and
there is no c2 card (so an edit that entangles them retires that card). A single cloze cannot
leak as long as the term starts and ends with a word character, since every word-bounded
occurrence of it is hidden. The hint is dropped when it would itself spell the term.

Glossary text may contain ``{{``, ``}}`` and ``::``. Braces are written as ``&#123;``/``&#125;``
everywhere and colons as ``&#58;`` inside clozes, so Anki's cloze parser sees only our clozes,
while the rendered card still displays the literal characters.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from glosscards.glossary.entry import Entry, Link, SeeAlso
from glosscards.render import plain_text, render_question

__all__ = ["PROMPT_LIMIT", "NoteFields", "content_hash", "cut_at_sentence", "make_note"]

PROMPT_LIMIT = 400
"""The first paragraph is cut at the sentence end nearest this many characters."""

_SLACK = 100  # a paragraph this much longer than the limit is kept whole rather than cut
_MIN_HEAD = 150  # a sentence end this early is too short a prompt
_MAX_HEAD = 600  # a sentence end this late is too long a prompt
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*(?=\s+[\"'(\[]*[A-Z0-9])")
_LIST_ITEM_RE = re.compile(r"(?:[-*•]|\d{1,2}[.)])\s")
_WEB_SCHEMES = frozenset({"http", "https"})
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


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A string to hide in the prompt, and the cloze that hides it."""

    text: str
    ordinal: int


def make_note(entry: Entry) -> NoteFields | None:
    """The cloze note for ``entry``, or ``None`` when it has nothing to learn.

    Redirects and stubs (nothing but See also / More at) make no note.
    """
    if entry.is_redirect or not entry.has_content:
        return None
    term = _clean(entry.term) or _clean(entry.name) or _clean(entry.heading)
    if not term:
        return None
    acronym = _clean(entry.acronym or "")
    if _same(acronym, term):
        acronym = ""
    hint = _hint(entry.category, term)
    definition_lines, rest = _split_definition(entry)
    prompt_lines = [f"~ {_clean(gloss)}" for gloss in entry.glosses if _clean(gloss)]
    prompt_lines += definition_lines
    back_extra = _back_extra(rest=rest, entry=entry)
    tags = _tags(entry)

    if acronym and not (_shows(acronym, term) or _shows(term, acronym)):
        text = _text(
            term=term, acronym=acronym, hint=hint, lines=prompt_lines, entry=entry, split=True
        )
        if not _leaks(text, {1: term, 2: acronym}):
            return NoteFields(text, back_extra, (1, 2), tags)
    text = _text(
        term=term, acronym=acronym, hint=hint, lines=prompt_lines, entry=entry, split=False
    )
    return NoteFields(text, back_extra, (1,), tags)


def content_hash(fields: NoteFields) -> str:
    """A stable digest of what a note shows (Text, Back Extra, tags): equal iff unchanged."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (fields.text, fields.back_extra, *fields.tags):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


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


# --- the Text field -------------------------------------------------------------------------


def _text(
    *, term: str, acronym: str, hint: str, lines: Sequence[str], entry: Entry, split: bool
) -> str:
    """The Text field; ``split`` puts the acronym in c2, otherwise everything hides as c1."""
    acronym_ordinal = 2 if split else 1
    term_line = _cloze(1, term, hint)
    if acronym:
        term_line += f" ({_cloze(acronym_ordinal, acronym, '')})"
    patterns = _patterns(term=term, acronym=acronym, entry=entry, split=split)
    body = [_hide(line, patterns=patterns, hint=hint) for line in lines]
    return "<br>".join([term_line, *body])


def _patterns(*, term: str, acronym: str, entry: Entry, split: bool) -> tuple[_Pattern, ...]:
    """What to hide, longest first so the longest spelling wins at a given position."""
    names = [term, _clean(entry.name), _clean(entry.heading), *map(_clean, entry.aliases)]
    found: dict[str, _Pattern] = {}
    if acronym:
        found[acronym] = _Pattern(acronym, 2 if split else 1)
    for name in names:
        if not name or name in found:
            continue
        if split and _shows(acronym, name):
            continue  # its acronym part hides as c2; hiding it whole as c1 would leak c2
        found[name] = _Pattern(name, 1)
    return tuple(sorted(found.values(), key=lambda p: (-len(p.text), p.text)))


def _matcher(patterns: Sequence[_Pattern]) -> re.Pattern[str]:
    """One regex: any pattern, word-bounded, case-insensitive, with an optional plural."""
    alternatives = "|".join(
        f"(?P<p{index}>{_flexible(p.text)})" for index, p in enumerate(patterns)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:e?s)?(?!\w)", re.IGNORECASE)


def _flexible(text: str) -> str:
    """``text`` as a regex in which any run of whitespace matches any run of whitespace."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _find_matches(line: str, patterns: Sequence[_Pattern]) -> list[tuple[int, int, int]] | None:
    """Non-overlapping (start, end, ordinal) of the patterns in ``line``, as :func:`_matcher`
    would find them — word-bounded, case-insensitive, optional ``s``/``es`` plural, longest
    pattern first at a position — but with ``str.find`` instead of a regex compiled per entry,
    which made a whole-glossary import several times slower. ``None`` when the line needs the
    regex: non-ASCII text (where the regex's Unicode case folding differs from ``str.lower``)
    or runs of white space.
    """
    if not line.isascii() or not all(p.text.isascii() for p in patterns):
        return None
    if "  " in line or "\t" in line or "\n" in line:
        return None
    lower = line.lower()
    found: list[tuple[int, int, int, int]] = []  # (start, -pattern rank, end, ordinal)
    for rank, pattern in enumerate(patterns):
        needle = " ".join(pattern.text.split()).lower()
        if not needle:
            continue
        at = lower.find(needle)
        while at != -1:
            end = at + len(needle)
            if at == 0 or not _is_word_char(lower[at - 1]):
                for suffix in ("es", "s", ""):
                    stop = end + len(suffix)
                    if lower.startswith(suffix, end) and (
                        stop == len(lower) or not _is_word_char(lower[stop])
                    ):
                        found.append((at, rank, stop, pattern.ordinal))
                        break
            at = lower.find(needle, at + 1)
    found.sort()
    out: list[tuple[int, int, int]] = []
    position = 0
    for start, _, end, ordinal in found:
        if start >= position:
            out.append((start, end, ordinal))
            position = end
    return out


def _hide(line: str, *, patterns: Sequence[_Pattern], hint: str) -> str:
    """``line`` as HTML with every occurrence of a pattern turned into its cloze."""
    matches = _find_matches(line, patterns)
    if matches is None:
        matcher = _matcher(patterns)
        matches = [
            (m.start(), m.end(), patterns[int((m.lastgroup or "p0")[1:])].ordinal)
            for m in matcher.finditer(line)
        ]
    out: list[str] = []
    position = 0
    for start, end, ordinal in matches:
        out.append(_escape(line[position:start]))
        out.append(_cloze(ordinal, line[start:end], hint if ordinal == 1 else ""))
        position = end
    out.append(_escape(line[position:]))
    return "".join(out)


def _cloze(ordinal: int, text: str, hint: str) -> str:
    suffix = f"::{_escape_in_cloze(hint)}" if hint else ""
    return f"{{{{c{ordinal}::{_escape_in_cloze(text)}{suffix}}}}}"


def _escape(text: str) -> str:
    """HTML-escape, and write braces as entities so no ``{{c1::`` can appear outside our clozes."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _escape_in_cloze(text: str) -> str:
    """As :func:`_escape`, and colons too, so ``::`` in the text cannot end a cloze early."""
    return _escape(text).replace(":", "&#58;")


def _leaks(text: str, answers: dict[int, str]) -> bool:
    """True when a card's rendered question shows that card's own answer."""
    return any(
        _shows(answer, plain_text(render_question(text, ordinal)))
        for ordinal, answer in answers.items()
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


def _split_definition(entry: Entry) -> tuple[list[str], tuple[str, ...]]:
    """The prompt's paragraph lines, and the definition paragraphs left for Back Extra.

    The prompt takes the first paragraph, cut near :data:`PROMPT_LIMIT`. A first paragraph that
    is a list item, or ends with ``:`` to introduce one, is continued with the list items that
    follow, as long as they fit: the glossary often writes a definition as a list, one item per
    line, and a single item would make a thin prompt.
    """
    paragraphs = [p for p in map(_clean, entry.paragraphs) if p]
    if not paragraphs:
        return [], ()
    head, rest = cut_at_sentence(paragraphs[0])
    lines = [head]
    taken = 1
    if not rest and (_LIST_ITEM_RE.match(head) or head.endswith(":")):
        size = len(head)
        for paragraph in paragraphs[1:]:
            size += len(paragraph)
            if not _LIST_ITEM_RE.match(paragraph) or size > PROMPT_LIMIT + _SLACK:
                break
            lines.append(paragraph)
            taken += 1
    return lines, tuple(([rest] if rest else []) + paragraphs[taken:])


def _back_extra(*, rest: Sequence[str], entry: Entry) -> str:
    parts = [f"<p>{_escape(paragraph)}</p>" for paragraph in rest]
    parts += [f"<pre><code>{_escape(code)}</code></pre>" for code in entry.code if code.strip()]
    if entry.see_also:
        parts.append(_see_also(entry.see_also))
    links = [link for link in entry.more_at if link.url.strip() or link.label.strip()]
    if links:
        parts.append(_more_at(links))
    return "\n".join(parts)


def _see_also(items: Iterable[SeeAlso]) -> str:
    lis = "".join(
        f"<li>{_escape(item.name)}</li>"
        if item.has_entry
        else f'<li class="no-entry">{_escape(item.name)}</li>'
        for item in items
    )
    return f'<div class="see-also">See also:<ul>{lis}</ul></div>'


def _more_at(links: Iterable[Link]) -> str:
    lis = "".join(f"<li>{_link(link)}</li>" for link in links)
    return f'<div class="more-at">More at:<ul>{lis}</ul></div>'


def _link(link: Link) -> str:
    """An anchor for a web URL; any other URL (``javascript:``, ``file:``) stays inert text."""
    url, label = link.url.strip(), _clean(link.label)
    if url and _is_web_url(url):
        return f'<a href="{html.escape(url, quote=True)}">{_escape(label or url)}</a>'
    if label and url:
        return f"{_escape(label)} — {_escape(url)}"
    return _escape(label or url)


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.netloc)


def _tags(entry: Entry) -> tuple[str, ...]:
    tags = [_SPACES_RE.sub("_", value.strip()) for value in (entry.letter, entry.category or "")]
    return tuple(dict.fromkeys(tag for tag in tags if tag))


# --- helpers --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """``text`` with whitespace runs collapsed to one space and the ends trimmed."""
    return " ".join(text.split())


def _same(a: str, b: str) -> bool:
    return bool(a) and a.casefold() == b.casefold()
