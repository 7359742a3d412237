"""Stored entries: JSON round trip, and a content hash that ignores where the entry stands."""

from __future__ import annotations

import dataclasses

from glosscards.glossary.entry import Entry, Link, SeeAlso
from glosscards.glossary.serialize import (
    entry_content_hash,
    entry_from_json,
    entry_to_json,
    see_also_and_links,
)

ENTRY = Entry(
    heading="Large Language Model (LLM)",
    name="Large Language Model",
    term="Large Language Model",
    aliases=("LLM",),
    acronym="LLM",
    category="Model",
    glosses=("a big model",),
    paragraphs=("First.", "Second."),
    code=("print(1)",),
    see_also=(SeeAlso("Transformer"), SeeAlso("Nope", has_entry=False)),
    more_at=(Link("https://example.org", "site"), Link("https://x.org")),
    letter="L",
    line=42,
)


def test_json_round_trip_is_exact() -> None:
    """What is stored is what comes back, nested values included."""
    assert entry_from_json(entry_to_json(ENTRY)) == ENTRY


def test_hash_ignores_the_line_but_not_the_content() -> None:
    """Moving an entry is not a change; editing any field is."""
    moved = dataclasses.replace(ENTRY, line=7)
    assert entry_content_hash(moved) == entry_content_hash(ENTRY)
    for change in (
        {"paragraphs": ("First.",)},
        {"aliases": ()},
        {"see_also": (SeeAlso("Transformer", has_entry=False),)},
        {"more_at": (Link("https://example.org", "other"),)},
    ):
        assert entry_content_hash(dataclasses.replace(ENTRY, **change)) != entry_content_hash(ENTRY)


def test_reviewer_extras_come_straight_from_the_json() -> None:
    """See-also names with an entry, and (label, url) links with the url as a missing label."""
    assert see_also_and_links(entry_to_json(ENTRY)) == (
        ("Transformer",),
        (("site", "https://example.org"), ("https://x.org", "https://x.org")),
    )
