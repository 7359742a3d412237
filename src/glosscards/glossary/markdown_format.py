"""The Markdown source form of the glossary: one file per letter, ``# Term`` headings.

The Markdown is lowered to the same raw entries as the plain text (see ``text_format``) and
assembled by the same code, so both forms give the same names, aliases, redirects and stubs:

* YAML front matter between ``---`` lines is skipped (its ``# layout:`` comments are not
  headings); its ``title:`` is the letter of the file's entries (``"#"`` is filed as ``0-9``).
* ``# Term`` at the start of a line outside code is a heading. Consecutive headings with only
  blank lines between them are one entry: the first is the name, the others are aliases.
* Fenced blocks (```` ``` ````) and ``{% highlight %}…{% endhighlight %}`` blocks are code; their
  ``# comment`` lines are not headings. An unclosed fence is treated as an ordinary line, so a
  stray fence cannot swallow the rest of the file. Code is not a definition: an entry whose only
  content is code is a stub, as in the plain text.
* Dropped: ``* toc``, ``{:toc}``, ``{% include/youtube/pdf … %}`` tags, images (``![…](…)``,
  ``<img …>``) with their ``{: …}`` attributes, ``:emoji:`` codes and ``**`` emphasis.
* ``[text](url)`` and ``[text][ref]`` become ``text``; ``[ref]`` becomes ``ref``. Body lines lose
  their indentation, and ``*`` bullets are written ``- `` as in the plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glosscards.errors import GlossaryError
from glosscards.glossary.assembly import Progress
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.naming import (
    HeadingParts,
    name_key,
    normalize_letter,
    split_heading,
)
from glosscards.glossary.text_format import BodyItem, CodeBlock, RawEntry, assemble

__all__ = [
    "letter_from_filename",
    "markdown_to_text_line",
    "parse_markdown",
    "parse_markdown_files",
]

NO_MARKDOWN_HEADINGS = "no glossary headings found (a heading is a line starting with '# ')"

# Linear-time patterns: every repeated class excludes the delimiters that end it.
_URL = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]" + _URL + r"(?:\{:[^{}\n]*\})?")
_IMG_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_INLINE_LINK = re.compile(r"\[([^\[\]\n]*)\]" + _URL)
_REF_LINK = re.compile(r"\[([^\[\]\n]*)\]\[[^\[\]\n]*\]")
_BARE_REF = re.compile(r"\[([^\[\]\n]*)\]")
_EMOJI = re.compile(r"(?<![\w/:]):[a-z][a-z0-9_+-]*:(?![\w/])")
_ATTRIBUTES = re.compile(r"\{:[^{}\n]*\}")
_TITLE = re.compile(r"title\s*:\s*(.*)")


def _inner_text(match: re.Match[str]) -> str:
    """Replacement keeping a bracket's text (a function: faster than ``r"\\1"`` per match)."""
    return match.group(1)


def _drop_liquid_tags(line: str) -> str:
    """Remove ``{% … %}`` tags; a scan, not a regex, so an unclosed ``{%`` stays linear."""
    out: list[str] = []
    pos = 0
    while True:
        start = line.find("{%", pos)
        if start < 0:
            break
        end = line.find("%}", start + 2)
        if end < 0:
            break
        out.append(line[pos:start])
        pos = end + 2
    out.append(line[pos:])
    return "".join(out)


def markdown_to_text_line(line: str) -> str:
    """One Markdown body line as the plain text writes it (links, images, emoji, bullets).

    Each substitution runs only when its opening characters occur in the line, which keeps the
    common plain line cheap.
    """
    s = _drop_liquid_tags(line) if "{%" in line else line
    if "[" in s:
        if "![" in s:
            s = _IMAGE.sub("", s)
        if "](" in s:
            s = _INLINE_LINK.sub(_inner_text, s)
        if "][" in s:
            s = _REF_LINK.sub(_inner_text, s)
        if "[" in s:
            s = _BARE_REF.sub(_inner_text, s)
    if "<" in s:
        s = _IMG_TAG.sub("", s)
    if ":" in s:
        s = _EMOJI.sub("", s)
    if "{:" in s:
        s = _ATTRIBUTES.sub("", s)
    if "**" in s:
        s = s.replace("**", "")
    s = " ".join(s.split()) if "  " in s or "\t" in s else s.strip()
    if s.startswith(("* ", "+ ")):
        s = "- " + s[2:]
    return s


@dataclass(slots=True)
class _Group:
    """Headings collected for one entry, and its body so far."""

    headings: list[str]
    line: int
    body: list[BodyItem]


def _front_matter(lines: list[str]) -> tuple[int, str]:
    """Index of the first body line and the front matter's ``title`` ("" when absent)."""
    if not lines or lines[0].strip() != "---":
        return 0, ""
    title = ""
    for index in range(1, len(lines)):
        stripped = lines[index].strip()
        if stripped == "---":
            return index + 1, title
        match = _TITLE.match(stripped)  # "# title: X" is a comment: match() needs "title" first
        if match and not title:
            title = match.group(1).strip()
    return 0, ""  # no closing "---": not front matter after all


def _code_spans(lines: list[str], start: int) -> dict[int, int]:
    """Opening line → closing line of each code block; unmatched openers are left out."""
    spans: dict[int, int] = {}
    open_at: int | None = None
    closer = ""
    for index in range(start, len(lines)):
        line = lines[index]
        if "`" not in line and "{%" not in line:
            continue
        stripped = line.strip()
        if open_at is None:
            if stripped.startswith("```") and "```" not in stripped[3:]:  # not "```x```"
                open_at, closer = index, "```"
            elif stripped.startswith("{% highlight"):
                open_at, closer = index, "{% endhighlight"
        elif stripped.startswith(closer):
            spans[open_at] = index
            open_at = None
    return spans


def _raw_entries(text: str, *, letter: str) -> list[RawEntry]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, title = _front_matter(lines)
    file_letter = normalize_letter(title) if title else normalize_letter(letter) if letter else ""
    spans = _code_spans(lines, start)
    groups: list[_Group] = []
    heading_run = False  # only blank lines since the last heading
    index = start
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            index += 1
            continue
        if index in spans:
            end = spans[index]
            if groups:
                code = "\n".join(lines[index + 1 : end]).strip("\n")
                groups[-1].body.append(CodeBlock(code))
            heading_run = False
            index = end + 1
            continue
        index += 1
        # "# #" or "# # x" names no term: a stray comment, not a heading.
        if line.startswith("# ") and not line[2:].lstrip().startswith("#") and stripped[1:].strip():
            heading = " ".join(line[2:].split())
            if heading_run and groups:
                groups[-1].headings.append(heading)
            else:
                groups.append(_Group([heading], index, []))
            heading_run = True
            continue
        heading_run = False
        if not groups or stripped in ("* toc", "{:toc}") or stripped.startswith("{%"):
            continue  # a Liquid tag line, even a malformed one ("{% youtube … $}")
        converted = markdown_to_text_line(stripped)
        if converted:
            groups[-1].body.append(converted)
    return [_to_raw(group, file_letter) for group in groups]


def _to_raw(group: _Group, letter: str) -> RawEntry:
    first = split_heading(group.headings[0])
    aliases = list(first.aliases)
    seen = {name_key(first.name), *(name_key(a) for a in aliases)}
    for alias in group.headings[1:]:
        key = name_key(alias)
        if key not in seen:
            seen.add(key)
            aliases.append(alias)
    parts = HeadingParts(
        heading=f"{first.name} ({', '.join(aliases)})" if aliases else first.name,
        name=first.name,
        aliases=tuple(aliases),
    )
    return RawEntry(parts.heading, parts, group.line, letter, tuple(group.body))


def parse_markdown(
    text: str,
    *,
    source: str | Path | None = None,
    letter: str = "",
    progress: Progress | None = None,
) -> ParseResult:
    """Parse one Markdown letter file. ``letter`` is used when the front matter has no title.

    ``heading`` of each entry is written as the plain text writes it, ``Name (Alias, …)``.
    """
    raws = _raw_entries(text, letter=letter)
    if not raws:
        raise GlossaryError(source, NO_MARKDOWN_HEADINGS)
    return assemble(raws, format="markdown", guess_code=False, resolve_refs=True, progress=progress)


def parse_markdown_files(paths: Sequence[Path], *, progress: Progress | None = None) -> ParseResult:
    """Parse a folder's letter files, in the order given, as one glossary.

    Assembled together, so a redirect or a ``See also`` in one letter resolves against entries
    in another, and a heading repeated across letters is a duplicate. Each file is read and
    checked like a single glossary file (``reader.load_text``); a file without headings is fine
    (the source has empty letters) as long as the folder has some.
    """
    # Imported here: reader imports this module to dispatch on format.
    from glosscards.glossary.reader import load_text

    raws: list[RawEntry] = []
    for path in paths:
        raws.extend(_raw_entries(load_text(path), letter=letter_from_filename(path)))
    if not raws:
        where = paths[0].parent if paths else None
        raise GlossaryError(where, NO_MARKDOWN_HEADINGS)
    return assemble(raws, format="markdown", guess_code=False, resolve_refs=True, progress=progress)


def letter_from_filename(path: Path) -> str:
    """``a.md`` → ``A``, ``0-9.md`` → ``0-9``; anything else gives no letter."""
    stem = path.stem
    return stem.upper() if len(stem) == 1 or stem == "0-9" else ""
