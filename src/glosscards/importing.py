"""The pure parts of an import around the diff: which entries take part, the deck, the report.

:func:`glosscards.import_plan.plan_import` decides what changes; this module prepares its input
from a parse and turns its output into the :class:`~glosscards.values.ImportReport` the user sees.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from glosscards.cloze import has_something_to_learn
from glosscards.errors import GlossaryError
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.reader import markdown_files
from glosscards.glossary.serialize import entry_content_hash
from glosscards.identity import match_key
from glosscards.import_plan import Change, ImportPlan, IncomingTerm
from glosscards.values import ImportReport, Rename

TOO_LITTLE = "too little to learn"
"""Why an entry whose text is only fragments ("This is ...", a lone label) makes no card."""

__all__ = [
    "TOO_LITTLE",
    "build_report",
    "deck_name_for",
    "file_digest",
    "incoming_terms",
    "require_something_to_learn",
]

_VERSION_SUFFIX = re.compile(r"([-_ ](md|v?\d{4}([-_.]\d{2}){0,2}|v\d+(\.\d+)*))+$", re.IGNORECASE)


def deck_name_for(path: Path) -> str:
    """The deck a glossary file belongs to: its name without dates, versions or ``-md``.

    ``ai-glossary-2024-06-27.txt``, ``ai-glossary-2025-03-01.txt`` and the Markdown folder
    ``ai-glossary-md-2025-03-01`` all belong to ``ai-glossary``, so importing a newer version
    updates the same deck.
    """
    stem = path.name if path.is_dir() else path.stem
    return _VERSION_SUFFIX.sub("", stem) or stem


def file_digest(path: Path) -> str:
    """SHA-256 of a glossary file, or of a Markdown folder's letter files in name order."""
    digest = hashlib.sha256()
    files = markdown_files(path) if path.is_dir() else [path]
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def incoming_terms(
    parsed: ParseResult,
    *,
    made: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[IncomingTerm], dict[str, str]]:
    """The entries that take part in the diff, and every skipped name with its reason.

    An entry with too little to learn is skipped; ``made`` holds the content hashes of entries
    the collection already made cards of, which need not be judged again (an unchanged
    re-import then costs no prompt choice at all).

    Two headings that differ only in case, spacing or punctuation would be one term: the first
    is kept and the other reported, as the parser does for exact duplicates.
    ``progress(done, total)`` counts the entries judged.
    """
    skipped = {s.name: s.reason for s in parsed.skipped}
    incoming: list[IncomingTerm] = []
    seen: set[str] = set()
    total = len(parsed.entries)
    step = max(1, total // 100)
    for done, entry in enumerate(parsed.entries, 1):
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
        if not entry.has_content:
            skipped.setdefault(entry.name, "nothing to learn")
            continue
        key = match_key(entry.name)
        if key in seen:
            skipped.setdefault(entry.name, f"duplicate heading (line {entry.line})")
            continue
        digest = entry_content_hash(entry)
        if digest not in made and not has_something_to_learn(entry):
            skipped.setdefault(entry.name, TOO_LITTLE)  # only fragments: "This is ..."
            continue
        seen.add(key)
        incoming.append(IncomingTerm(entry, digest))
    return incoming, skipped


def build_report(
    plan: ImportPlan,
    *,
    path: Path,
    sha256: str,
    fmt: str,
    dry_run: bool,
    skipped: dict[str, str],
) -> ImportReport:
    """The report of a plan: term names by kind of change, renames with both names, and the
    definitions before and after of what changed (for the preview's word diff)."""
    report = ImportReport(
        file=path,
        sha256=sha256,
        format=fmt,
        dry_run=dry_run,
        skipped=list(skipped),
        skipped_reasons=skipped,
        reordered=plan.moves,
    )
    lists = {
        Change.ADDED: report.added,
        Change.CHANGED: report.changed,
        Change.RENAMED: report.renamed,
        Change.RESTORED: report.restored,
        Change.UNCHANGED: report.unchanged,
        Change.REMOVED: report.removed,
    }
    for change in plan.changes:
        lists[change.change].append(change.name)
        if change.change is Change.RENAMED and change.known is not None:
            report.renames.append(Rename(change.known.name, change.name, change.matched_by))
        if change.change in (Change.CHANGED, Change.RENAMED):
            assert change.known is not None and change.incoming is not None
            report.definitions[change.name] = (change.known.definition, change.incoming.definition)
    return report


def require_something_to_learn(parsed: ParseResult, path: Path) -> None:
    """Refuse a glossary with no entry to learn (headings only, stubs and redirects), before
    anything — a collection, a backup — is made for it."""
    incoming, _ = incoming_terms(parsed)
    if not incoming:
        raise GlossaryError(path, "has no entry with a definition to learn")
