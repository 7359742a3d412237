"""The plain-text glossary form, and the assembly of raw entries shared with the Markdown parser.

Plain-text conventions (see ``../shared/README.md`` and the docstring of ``naming``):

* A heading is a line ending in ``#`` (trailing spaces ignored) that does not start with ``#``,
  has no space before the ``#``, contains an uppercase letter and no call/assignment syntax.
  These guards reject code comments that the renderer turned into would-be headings (``# plot``
  became ``plot#``, ``# %%`` became ``%%#``) and code with a trailing comment
  (``np.nonzero(arr3)   #``); such lines stay in the body, as code.
* A letter heading (``L``, ``0-9``, ``"#"``, ``XYZ``) with an empty body opens a letter section:
  it becomes the ``letter`` of the entries that follow (``"#"`` is filed as ``0-9``), not a term.
* Body lines: ``~ `` glosses; ``More at:`` (also ``More at;``, ``More at :``, ``More:``) starts a
  list of ``- label - URL`` links that ends at the first line not starting with ``-``; list items
  without a URL (``- articles``, ``- tutorials``) are group labels and are dropped; a bullet that
  is only a link, outside such a list, is a link too. ``See also …`` lines (and ``See A, X``,
  ``See alsop``…) are cross-references: letters and ``...`` dropped, ``[B]`` → ``has_entry=False``.
  Lines that look like code (:func:`looks_like_code`) go to ``code``, consecutive ones joined into
  one block; all other lines, bullets included, are paragraphs, with ``[wiki link]`` brackets
  removed and runs of spaces collapsed.
* A body whose only content is one ``See X`` is a redirect: it is reported as skipped
  (``redirect to X``) and its name and aliases become aliases of ``X`` when ``X`` — matched by
  name or alias, following further redirects — is an entry.
* An entry with no gloss and no paragraph (only references, links, code or nothing) is a stub,
  reported as skipped (``stub: no definition``).
* Duplicate headings (same :func:`~glosscards.glossary.naming.name_key`) are merged: the first
  heading with content keeps its place and absorbs the others' glosses, paragraphs, code, links,
  references and aliases (exact repeats dropped); the others are reported as skipped
  (``duplicate heading (…line N)``). The data has three such pairs, and two of them hold
  *different* definitions, which keeping only one would lose.

:func:`assemble` does everything after line splitting for both forms, so the two parsers agree on
bodies, redirects, stubs, duplicates and aliases by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from glosscards.errors import GlossaryError
from glosscards.glossary.entry import Entry, Link, ParseResult, SeeAlso, Skipped
from glosscards.glossary.naming import (
    HeadingParts,
    is_letter_heading,
    name_key,
    normalize_letter,
    split_category,
    split_heading,
)

__all__ = [
    "BodyItem",
    "CodeBlock",
    "RawEntry",
    "assemble",
    "is_text_heading",
    "looks_like_code",
    "parse_text",
]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A body item known to be code (a fenced Markdown block), as opposed to a text line."""

    text: str


BodyItem = str | CodeBlock

NO_HEADINGS = "no glossary headings found (a heading is a line ending in '#')"
_MAX_REDIRECT_HOPS = 10
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One heading and its body lines, before interpretation; what both parsers produce."""

    heading: str
    parts: HeadingParts
    line: int
    letter: str
    body: tuple[BodyItem, ...]


# --- line classification ------------------------------------------------------------------------

_CALL_OR_ASSIGN = re.compile(r"\w\(|\s=\s|==")
_MORE_AT = re.compile(r"Mor[a-z]*(?:\s+at)?\s*[:;]?")
_SEE = re.compile(r"See(\s+als[a-z]*)?(?=[\s:]|$)[\s:]*")
_WIKI = re.compile(r"\[([^\[\]\n]*)\]")


def _inner_text(match: re.Match[str]) -> str:
    """Replacement keeping a bracket's text (a function: faster than ``r"\\1"`` per match)."""
    return match.group(1)


# Each alternative is anchored at the start of a stripped line and linear in its length.
_CODE_LINE = re.compile(
    r"""
    (?:\#|import\s|def\s|return\b|elif\s|else:|try:|except\b|finally:|if\s__name__
      |print\(|@\w|\$\s|>>>\s|!?pip3?\s+install|conda\s|npm\s|git\sclone|curl\s|docker\s
      |python3?\s)
    | from\s+[\w.]+\s+import\s
    | class\s+\w+\s*[(:]
    | [^\w\s]*$
    """,
    re.VERBOSE,
)
# "x = …", "D, I = …", "x[0] += …": an assignment; code unless the right side reads as prose.
_ASSIGNMENT = re.compile(
    r"[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*(?:\[[^\[\]\n]*\])?\s*[-+*/%|&]?=(?!=)"
)
# Five plain words in a row. Starting only at a word start, with possessive word matches, keeps
# the search linear even on one enormous "word".
_PROSE_RUN = re.compile(r"(?<![A-Za-z'])(?:[A-Za-z']++,? ){4}[A-Za-z']")
_KEYWORD_ARG = re.compile(r"\w=[\w\"']")
_DICT_ITEM = re.compile(r"""['"]?\w+['"]?\s*:\s*['"\[{(\d-]""")  # "0: 'setosa',", '"k": [1]'
_DICT_ITEM_LAST = frozenset(",'\"]})")
_CODE_MARKS = ("  #", ", #", ") #", "    ")  # trailing comments, column alignment
_BLOCK_OPENER = re.compile(r"(?:for|while|with|if|elif)\s")
_IDENT_CALL = re.compile(r"[A-Za-z_][\w.]*\(")
_CODE_ENDINGS = (")", "):", ");", "),", "]", "},", "{", "(", "[")
_CODE_LAST = frozenset(")]},;:{([")


def is_text_heading(line: str) -> bool:
    """True for a plain-text heading line such as ``Large Language Model (LLM)#``."""
    stripped = line.rstrip()
    if len(stripped) < 2 or not stripped.endswith("#") or stripped.startswith("#"):
        return False
    text = stripped[:-1]
    if text[-1].isspace():  # "np.nonzero(arr3)      #": a code line with a trailing comment
        return False
    if is_letter_heading(text):  # "L#", "XYZ#", and '"#"#' for the 0-9 section
        return True
    if not any(ch.isupper() for ch in text):  # "plot#", "main.py#", "%%#": code comments
        return False
    return not _CALL_OR_ASSIGN.search(text)


def looks_like_code(line: str) -> bool:
    """A deliberately simple guess at a flattened code line (indentation is lost in the text).

    Code: comment lines (``# …``, and ``comment#``: the renderer turned comments in some code
    blocks into would-be headings), Python statements starting with a keyword (``import``,
    ``from x import``, ``def``, ``class X(``, ``return``…), shell commands (``pip install``,
    ``conda``, ``$ ``), lines with a trailing comment or column alignment (4+ spaces), assignments
    whose value does not read as prose (``llm = OpenAI(…)`` but not ``Input = mean + variance,
    i.e a distribution of …``), keyword arguments (``model=model,``), dict items
    (``0: 'setosa',``), calls (``app.run()``),
    block openers (``for x in y:``) and lines without letters or digits (``+-----+``, ``}``).
    Everything else, including ``- bullets``, is prose.
    """
    return _is_code(line.strip())


_MAYBE_CODE_LAST = frozenset(")]},;{([#'\"")


def _may_be_code(s: str, first: str) -> bool:
    """A cheap pre-test that is False for the usual prose line or bullet: capitalised or
    ``- ``, no ``=``, no aligned spacing, no code-like last character. Such lines skip
    :func:`_is_code` (which would say False for them as well)."""
    if "=" in s or "  " in s or " #" in s:
        return True
    if first.isupper() or (first == "-" and s[1:2] == " "):
        return s[-1] in _MAYBE_CODE_LAST or s.endswith("):")
    return True


def _is_code(s: str) -> bool:
    """:func:`looks_like_code` for a stripped line (cheap substring tests gate each regex)."""
    if not s:
        return False
    if _CODE_LINE.match(s):
        return True
    last = s[-1]
    if last == "#" and not is_text_heading(s):  # a "# comment" the renderer turned around
        return True
    if ("  " in s or " #" in s) and any(mark in s for mark in _CODE_MARKS):
        return True
    if last == ":" and _BLOCK_OPENER.match(s):  # "for x in y:", "if a == b:"
        return not s.startswith("for ") or " in " in s
    if "=" in s:
        assignment = _ASSIGNMENT.match(s)
        if assignment:
            value = s[assignment.end() :].strip()
            return not value or value[0] in "\"'([{0123456789-" or not _PROSE_RUN.search(value)
        if last in ",)" and "://" not in s and _KEYWORD_ARG.search(s) and not _PROSE_RUN.search(s):
            return True
    if last in _DICT_ITEM_LAST and _DICT_ITEM.match(s):
        return True
    return last in _CODE_LAST and s.endswith(_CODE_ENDINGS) and bool(_IDENT_CALL.match(s))


def _clean_prose(text: str) -> str:
    """Wiki-link brackets dropped (``[supervised learning]`` → ``supervised learning``), spaces
    collapsed."""
    if "[" in text:
        text = _WIKI.sub(_inner_text, text)
    if "  " in text or "\t" in text:
        return " ".join(text.split())
    return text.strip()


def _is_letter_token(token: str) -> bool:
    """``L``, ``o``, ``0``, ``0-9``, ``XYZ``: a letter section named in a reference list."""
    if len(token) == 1:
        return token.isalnum()
    if len(token) > 26 or " " in token:
        return False
    return token == "0-9" or (token.isupper() and is_letter_heading(token))


def _parse_refs(rest: str) -> list[SeeAlso]:
    """``L, Label, [Unlabelled Data Algorithm], ...`` → references (letters and ``...`` dropped)."""
    refs: list[SeeAlso] = []
    for raw in rest.split(","):
        name = raw.strip()
        if not name:
            continue
        bracketed = name[0] == "["
        if bracketed or name[0] in "{#" or name[-1] in "]}":  # "[B]", "[A}", "[#Backtesting]"
            name = name.strip("[]{} ").lstrip("#").strip()
        if "  " in name:
            name = " ".join(name.split())
        if not name.strip(".… ") or _is_letter_token(name):
            continue
        refs.append(SeeAlso(name, has_entry=not bracketed))
    return refs


def _parse_link(item: str) -> Link | None:
    """``label - https://…`` or ``https://…`` → a Link; None when the item has no URL."""
    start = item.find("https://")
    if start < 0:
        start = item.find("http://")
    if start < 0:
        return None
    url = item[start:].split()[0]
    url = url.split("](", 1)[0]  # "x](https://x)": a Markdown link half-rendered
    unbalanced = url.count(")") - url.count("(")  # "…/X_(film))": one ")" too many
    if unbalanced > 0:
        trailing = len(url) - len(url.rstrip(")"))
        url = url[: len(url) - min(unbalanced, trailing)]
    url = url.rstrip(".,;")
    label = item[:start].strip().rstrip("-–:").strip()
    return Link(url, label)


# --- body interpretation -----------------------------------------------------------------------


@dataclass(slots=True)
class _Body:
    glosses: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
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

    def absorb(self, other: _Body) -> None:
        """Merge a duplicate heading's body into this one, dropping exact repeats."""
        _extend_unique(self.glosses, other.glosses)
        _extend_unique(self.paragraphs, other.paragraphs)
        _extend_unique(self.code, other.code)
        self.add_refs(other.see_also)
        _extend_unique(self.more_at, other.more_at)


def _extend_unique(target: list[_T], items: Iterable[_T]) -> None:
    seen = set(target)
    for item in items:
        if item not in seen:
            seen.add(item)
            target.append(item)


def _interpret(body: Iterable[BodyItem], *, guess_code: bool) -> _Body:
    out = _Body()
    in_links = False
    code_run: list[str] = []

    def flush_code() -> None:
        if code_run:
            out.code.append("\n".join(code_run))
            code_run.clear()

    for item in body:
        if isinstance(item, CodeBlock):
            flush_code()
            in_links = False
            if item.text.strip():
                out.code.append(item.text)
            continue
        s = item.strip()
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
                refs = _parse_refs(rest)
                out.add_refs(refs)
                if not is_also:
                    out.see_targets.extend(r.name for r in refs)
                continue
        if in_links and first == "-":
            link = _parse_link(s[1:].strip())
            if link is not None:
                out.more_at.append(link)
            continue
        in_links = False
        if first in "-h" and "://" in s:  # a bare link outside a "More at:" list
            link = _parse_link(s.lstrip("- "))
            if link is not None and s.endswith(link.url):
                flush_code()
                out.more_at.append(link)
                continue
        if first == "~":
            if code_run:
                flush_code()
            gloss = _clean_prose(s[1:])
            if gloss:
                out.glosses.append(gloss)
        elif guess_code and _may_be_code(s, first) and _is_code(s):
            code_run.append(s)
        else:
            if code_run:
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
        reread = _interpret(
            [line for block in out.code for line in block.splitlines()], guess_code=True
        )
        if reread.has_content:
            out.paragraphs, out.code = reread.paragraphs, reread.code
    return out


# --- assembly ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """An entry being assembled; ``keys`` holds the name keys of its name and aliases."""

    raw: RawEntry
    body: _Body
    aliases: list[str]
    keys: set[str]

    def add_alias(self, alias: str) -> None:
        key = name_key(alias)
        if key not in self.keys:
            self.keys.add(key)
            self.aliases.append(alias)


def assemble(
    raws: Sequence[RawEntry], *, format: str, guess_code: bool, resolve_refs: bool
) -> ParseResult:
    """Interpret the bodies and turn raw entries into a :class:`ParseResult`.

    ``guess_code`` applies :func:`looks_like_code` to body lines (plain text, where code fences
    are lost). ``resolve_refs`` sets each reference's ``has_entry`` by looking its name up among
    this parse's headings and aliases (Markdown, where brackets mark every link, not missing ones).
    """
    skipped: list[Skipped] = []
    bodies = [_interpret(raw.body, guess_code=guess_code) for raw in raws]
    keys = [name_key(raw.parts.name) for raw in raws]

    # Duplicates: the first heading with content is the base; the others merge into it.
    base_of: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key not in base_of or (
            bodies[index].has_content and not bodies[base_of[key]].has_content
        ):
            base_of[key] = index

    drafts: dict[int, _Draft] = {}
    redirects: list[tuple[RawEntry, str]] = []
    for index, (raw, body) in enumerate(zip(raws, bodies, strict=True)):
        if base_of[keys[index]] != index:
            continue
        target = body.redirect_target
        if target is not None:
            redirects.append((raw, target))
        elif not body.has_content:
            skipped.append(Skipped(raw.parts.name, "stub: no definition", raw.line))
        else:
            drafts[index] = _Draft(raw, body, [], {keys[index]})
            for alias in raw.parts.aliases:
                drafts[index].add_alias(alias)
    for index, (raw, body) in enumerate(zip(raws, bodies, strict=True)):
        base = base_of[keys[index]]
        if base == index:
            continue
        base_line = raws[base].line
        if base in drafts and body.has_content:
            bodies[base].absorb(body)
            reason = f"duplicate heading (merged into the entry at line {base_line})"
        elif base < index:
            reason = f"duplicate heading (first at line {base_line})"
        else:
            reason = f"duplicate heading (the one with content is at line {base_line})"
        if base in drafts:
            for alias in raw.parts.aliases:
                drafts[base].add_alias(alias)
        skipped.append(Skipped(raw.parts.name, reason, raw.line))

    _apply_redirects(drafts, redirects, skipped)
    known = _known_names(keys, drafts) if resolve_refs else None
    entries = tuple(_to_entry(drafts[i], known) for i in sorted(drafts))
    skipped.sort(key=lambda item: item.line)
    return ParseResult(entries=entries, skipped=tuple(skipped), format=format)


def _apply_redirects(
    drafts: dict[int, _Draft], redirects: list[tuple[RawEntry, str]], skipped: list[Skipped]
) -> None:
    """Report each redirect and give its names to the entry it (eventually) points at.

    The target is looked up by name first, then by alias; a target that is itself a redirect is
    followed (at most a few hops, so a cycle ends).
    """
    by_key: dict[str, _Draft] = {}
    for draft in drafts.values():
        by_key.setdefault(name_key(draft.raw.parts.name), draft)
    for draft in drafts.values():
        for key in draft.keys:
            by_key.setdefault(key, draft)
    redirect_of = {name_key(raw.parts.name): target for raw, target in redirects}
    for raw, target in redirects:
        skipped.append(Skipped(raw.parts.name, f"redirect to {target}", raw.line))
        key = name_key(target)
        for _ in range(_MAX_REDIRECT_HOPS):
            if key in by_key or key not in redirect_of:
                break
            key = name_key(redirect_of[key])
        found = by_key.get(key)
        if found is not None:
            for alias in (raw.parts.name, *raw.parts.aliases):
                found.add_alias(alias)


def _known_names(keys: Sequence[str], drafts: dict[int, _Draft]) -> set[str]:
    """Every heading name and entry alias of this parse, as name keys."""
    known = set(keys)
    for draft in drafts.values():
        known.update(draft.keys)
    return known


def _to_entry(draft: _Draft, known: set[str] | None) -> Entry:
    raw, body = draft.raw, draft.body
    term, category = split_category(raw.parts.name, draft.aliases)
    see_also = body.see_also
    if known is not None:
        see_also = [SeeAlso(ref.name, name_key(ref.name) in known) for ref in see_also]
    return Entry(
        heading=raw.heading,
        name=raw.parts.name,
        term=term,
        aliases=tuple(draft.aliases),
        acronym=raw.parts.acronym,
        category=category,
        glosses=tuple(body.glosses),
        paragraphs=tuple(body.paragraphs),
        code=tuple(body.code),
        see_also=tuple(see_also),
        more_at=tuple(body.more_at),
        letter=raw.letter,
        line=raw.line,
    )


# --- the plain-text parser ---------------------------------------------------------------------


def parse_text(text: str, *, source: str | Path | None = None) -> ParseResult:
    """Parse the plain-text glossary form; raise :class:`GlossaryError` when it has no headings."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if "#" in line and is_text_heading(line)]
    if not starts:
        raise GlossaryError(source, NO_HEADINGS)
    raws: list[RawEntry] = []
    letter = ""
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        heading = lines[start].rstrip()[:-1].strip()
        body_lines = lines[start + 1 : end]
        if is_letter_heading(heading) and not any(b.strip() for b in body_lines):
            letter = normalize_letter(heading)
            continue
        parts = split_heading(heading)
        raws.append(RawEntry(parts.heading, parts, start + 1, letter, tuple(body_lines)))
    return assemble(raws, format="text", guess_code=True, resolve_refs=False)
