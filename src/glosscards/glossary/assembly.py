"""Assembly: raw entries of either form → a :class:`ParseResult`.

Bodies are interpreted, duplicate headings merged, redirects and stubs reported as skipped and
aliases collected; the rules are listed in :mod:`glosscards.glossary.text_format`. Both parsers
end here, so they agree on all of this by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from glosscards.glossary.body import Body, interpret
from glosscards.glossary.entry import Entry, ParseResult, SeeAlso, Skipped
from glosscards.glossary.naming import (
    Prose,
    find_acronym,
    name_key,
    prose_of,
    split_category,
    split_heading,
)
from glosscards.glossary.raw import BodyItem, RawEntry

_T = TypeVar("_T")

__all__ = ["Progress", "assemble"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a parse is."""

_MAX_REDIRECT_HOPS = 10
_PROGRESS_EVERY = 64  # entries between two progress calls


@dataclass(slots=True)
class _Draft:
    """An entry being assembled; ``keys`` holds the name keys of its name and aliases."""

    raw: RawEntry
    body: Body
    aliases: list[str]
    keys: set[str]

    def add_alias(self, alias: str) -> None:
        key = name_key(alias)
        if key not in self.keys:
            self.keys.add(key)
            self.aliases.append(alias)


def assemble(
    raws: Sequence[RawEntry],
    *,
    format: str,
    guess_code: bool,
    resolve_refs: bool,
    progress: Progress | None = None,
) -> ParseResult:
    """Interpret the bodies and turn raw entries into a :class:`ParseResult`.

    ``guess_code`` applies :func:`~glosscards.glossary.text_code.looks_like_code` to body lines
    (plain text, where code fences are lost). ``resolve_refs`` sets each reference's
    ``has_entry`` by looking its name up among this parse's headings and aliases (Markdown, where
    brackets mark every link, not missing ones). ``progress(done, total)`` is called as the
    entries are read, then made (a long import's bar moves while it parses).
    """
    skipped: list[Skipped] = []
    raws = _split_lost_headings(raws)
    total = 2 * len(raws)
    bodies: list[Body] = []
    for index, raw in enumerate(raws):
        bodies.append(interpret(raw.body, guess_code=guess_code))
        if progress is not None and index % _PROGRESS_EVERY == 0:
            progress(index, total)
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
    prose = prose_of(
        (text for body in bodies for text in (*body.glosses, *body.paragraphs, *body.code)),
        (drafts[i].raw.parts.name for i in drafts),
    )
    shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    made: list[Entry] = []
    for count, i in enumerate(sorted(drafts)):
        made.append(_to_entry(drafts[i], known, prose, shared))
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(len(raws) + count * len(raws) // max(1, len(drafts)), total)
    entries = tuple(made)
    if progress is not None:
        progress(total, total)
    skipped.sort(key=lambda item: item.line)
    return ParseResult(entries=entries, skipped=tuple(skipped), format=format)


_LOST_HEADING_RE = re.compile(r"[A-Z0-9][\w'&+.-]*(?: [A-Z0-9][\w'&+.-]*){0,5}")


def _split_lost_headings(raws: Sequence[RawEntry]) -> list[RawEntry]:
    """Raw entries with each heading that lost its mark made a heading again.

    ``See also`` always ends an entry, so a short Title Case line right after one, with more
    body after it, can only be the next heading (``Cuda Core`` after ``Cubic Regression``'s
    ``See also C, …`` in both forms of the whole glossary). Left in the body it would become
    the previous entry's definition.
    """
    out: list[RawEntry] = []
    for raw in raws:
        body = raw.body
        start = 0
        current = raw
        after_see_also = False  # the last text line so far is a "See also" line
        for index, line in enumerate(body):
            if not isinstance(line, str) or not line.strip():
                continue
            text = line.strip()
            if (
                after_see_also
                and index < len(body) - 1
                and _LOST_HEADING_RE.fullmatch(text)
                and _has_text(body[index + 1 :])
            ):
                out.append(replace(current, body=tuple(body[start:index])))
                parts = split_heading(text)
                current = RawEntry(parts.heading, parts, raw.line + 1 + index, raw.letter, ())
                start = index + 1
                after_see_also = False
                continue
            after_see_also = text.startswith("See also")
        out.append(replace(current, body=tuple(body[start:])) if start else raw)
    return out


def _has_text(items: Sequence[BodyItem]) -> bool:
    return any(isinstance(item, str) and item.strip() for item in items)


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


def _to_entry(
    draft: _Draft,
    known: set[str] | None,
    prose: Prose,
    shared: dict[tuple[Any, ...], tuple[Any, ...]],
) -> Entry:
    """The entry of ``draft``. Equal reference and link tuples are one object (``shared``):
    they repeat across a glossary, and each is objects the cycle collector walks."""
    raw, body = draft.raw, draft.body
    term, category = split_category(raw.parts.name, raw.parts.aliases, prose=prose)
    kind = category if term != raw.parts.name else None
    acronym = find_acronym(raw.parts.name, raw.parts.items or raw.parts.aliases, kind=kind)
    see_also = body.see_also
    if known is not None:
        see_also = [SeeAlso(ref.name, name_key(ref.name) in known) for ref in see_also]
    return Entry(
        heading=raw.heading,
        name=raw.parts.name,
        term=term,
        aliases=tuple(draft.aliases),
        acronym=acronym,
        category=category,
        glosses=tuple(body.glosses),
        paragraphs=tuple(body.paragraphs),
        code=tuple(body.code),
        code_after=tuple(body.code_after),
        see_also=_shared(tuple(see_also), shared),
        more_at=_shared(tuple(body.more_at), shared),
        letter=raw.letter,
        line=raw.line,
    )


def _shared(
    items: tuple[_T, ...], shared: dict[tuple[Any, ...], tuple[Any, ...]]
) -> tuple[_T, ...]:
    if not items:
        return ()
    return shared.setdefault(items, items)
