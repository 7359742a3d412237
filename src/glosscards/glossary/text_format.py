"""The plain-text glossary form, and the assembly of raw entries shared with the Markdown parser.

Plain-text conventions (see ``../shared/README.md`` and the docstring of ``naming``):

* A heading is a line ending in ``#`` (trailing spaces ignored) that does not start with ``#``,
  has no space before the ``#``, contains an uppercase letter and no call/assignment syntax.
  These guards reject code comments that the renderer turned into would-be headings (``# plot``
  became ``plot#``, ``# %%`` became ``%%#``) and code with a trailing comment
  (``np.nonzero(arr3)   #``); such lines stay in the body, as code.
* A short Title Case line right after an entry's ``See also`` line is a heading that lost its
  ``#`` (``See also`` always ends an entry): ``Cuda Core`` in the whole-glossary files.
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
bodies, redirects, stubs, duplicates and aliases by construction. The work is split by job:
``text_heading`` (heading lines), ``text_code`` (code lines), ``text_refs`` (references and
links), ``body`` (body interpretation), ``assembly`` (entries from raw entries) and ``raw`` (the
raw-entry values both parsers produce); this module splits plain text into raw entries and keeps
the names other modules import from it.
"""

from __future__ import annotations

from pathlib import Path

from glosscards.errors import GlossaryError
from glosscards.glossary.assembly import Progress, assemble
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.naming import is_letter_heading, normalize_letter, split_heading
from glosscards.glossary.raw import BodyItem, CodeBlock, RawEntry
from glosscards.glossary.text_code import _is_code as _is_code  # re-exported for the tests
from glosscards.glossary.text_code import _may_be_code as _may_be_code
from glosscards.glossary.text_code import looks_like_code
from glosscards.glossary.text_heading import is_text_heading

__all__ = [
    "BodyItem",
    "CodeBlock",
    "RawEntry",
    "assemble",
    "is_text_heading",
    "looks_like_code",
    "parse_text",
]

NO_HEADINGS = "no glossary headings found (a heading is a line ending in '#')"


def parse_text(
    text: str, *, source: str | Path | None = None, progress: Progress | None = None
) -> ParseResult:
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
    return assemble(raws, format="text", guess_code=True, resolve_refs=False, progress=progress)
