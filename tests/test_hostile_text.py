"""Markup that comes from a glossary never runs: shown as text in the reviewer and in Anki."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import anki_import
from glosscards import Collection
from glosscards.render import plain_text

HOSTILE = """H#
Script Injection#
~ <script>alert('x')</script> is a classic attack
An attacker places <img src=x onerror=alert(1)> or {{c1::fake}} and a::b in a page.
More at:
- evil - javascript:alert(1)
- fine - https://example.org/injection
See also H, Cross Site Scripting
"""


@pytest.fixture
def card_html(tmp_path: Path, fixed_now: datetime) -> Iterator[tuple[str, str, Collection]]:
    src = tmp_path / "h.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(src, now=fixed_now)
        card = col.next_card(fixed_now)
        assert card is not None
        yield card.question_html, card.answer_html, col


def test_reviewer_html_escapes_every_tag(card_html: tuple[str, str, Collection]) -> None:
    """The HTML handed to the reviewer has no live script, img or handler: only escaped text."""
    question, answer, _ = card_html
    for html in (question, answer):
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        assert " onerror=" not in html.replace("&lt;img src=x onerror=", "")
    assert "<script>alert('x')</script>" in plain_text(question)
    assert "{{c1::fake}}" in plain_text(answer)
    assert "a::b" in plain_text(answer)


def test_only_http_links_become_anchors(card_html: tuple[str, str, Collection]) -> None:
    """A javascript: more-at link stays text; https becomes a link."""
    _, answer, _ = card_html
    assert 'href="https://example.org/injection"' in answer
    assert 'href="javascript' not in answer.lower()


def test_anki_shows_hostile_text_literally(
    card_html: tuple[str, str, Collection], tmp_path: Path, anki_col: Any
) -> None:
    """Exported to Anki, the text is escaped and the cloze structure stays intact."""
    _, _, col = card_html
    anki_import(anki_col, col.export_apkg(tmp_path / "h.apkg").path)
    assert anki_col.card_count() == 1  # the fake {{c1::fake}} made no extra card
    card = anki_col.get_card(anki_col.find_cards("")[0])
    question, answer = card.question(), card.answer()
    assert "<script>" not in question and "<img" not in answer
    assert "&lt;script&gt;" in question
    assert "Script Injection" not in plain_text(question)
