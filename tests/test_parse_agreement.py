"""The plain text and the Markdown source of the same version must name entries the same way.

The comparison is exact: for each entry of the text parse (redirects are never entries in either
parse; they are compared separately below), the Markdown parse must have an entry with the same
``name`` and the same set of ``aliases``. The entries that disagree, all understood, are those
whose only content in the Markdown is a fenced block holding prose or a diagram (``Action
Transformer``, ``AI Quote``, ``Traditional Programming``…): the Markdown parse keeps it as code
and skips the entry as a stub, while the text form has lost the fence and reads it as paragraphs.
"""

from __future__ import annotations

import pytest

from conftest import shared_file
from glosscards.glossary.entry import Entry, ParseResult
from glosscards.glossary.markdown_format import parse_markdown_files
from glosscards.glossary.reader import read_glossary

REQUIRED_AGREEMENT = 0.99


@pytest.fixture(scope="module")
def both() -> tuple[ParseResult, ParseResult]:
    """The 2025-03-01 version parsed from its plain text and from its Markdown folder."""
    text = read_glossary(shared_file("ai-glossary-2025-03-01.txt"))
    folder = shared_file("ai-glossary-md-2025-03-01")
    markdown = parse_markdown_files(sorted(folder.glob("*.md")))
    return text, markdown


def test_names_and_aliases_agree(both: tuple[ParseResult, ParseResult]) -> None:
    """At least 99% of the text entries have an exact name-and-alias-set twin in the Markdown."""
    text, markdown = both
    by_name = {e.name: e for e in markdown.entries}
    agreeing = [
        e
        for e in text.entries
        if e.name in by_name and set(e.aliases) == set(by_name[e.name].aliases)
    ]
    share = len(agreeing) / len(text.entries)
    differing = sorted({e.name for e in text.entries} - {e.name for e in agreeing})
    figure = f"{len(agreeing)}/{len(text.entries)} = {share:.2%} agree; differing: {differing}"
    print(figure)
    assert share >= REQUIRED_AGREEMENT, figure


def test_agreeing_entries_also_agree_on_derived_fields(
    both: tuple[ParseResult, ParseResult],
) -> None:
    """Where names agree, heading, term, category, acronym, letter and glosses agree as well."""
    text, markdown = both

    def fields(e: Entry) -> tuple[object, ...]:
        return (e.heading, e.term, e.category, e.acronym, e.letter, e.glosses)

    by_name = {e.name: e for e in markdown.entries}
    shared = [e for e in text.entries if e.name in by_name]
    assert len(shared) > 1500
    assert [e.name for e in shared if fields(e) != fields(by_name[e.name])] == []


def test_redirects_agree(both: tuple[ParseResult, ParseResult]) -> None:
    """Both parses find the same redirects, pointing at the same targets."""
    text, markdown = both

    def redirects(result: ParseResult) -> set[tuple[str, str]]:
        return {(s.name, s.reason) for s in result.skipped if s.reason.startswith("redirect to")}

    assert redirects(text) == redirects(markdown)
    assert len(redirects(text)) > 40
