"""Rendering cloze cards: gaps, hints, other clozes as text, and agreement with Anki itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from glosscards.cloze import make_note
from glosscards.glossary.entry import Entry
from glosscards.render import (
    cloze_answers,
    cloze_ordinals,
    plain_text,
    render_answer,
    render_question,
)


@pytest.mark.parametrize(
    ("text", "ordinal", "expected"),
    [
        ("{{c1::Paris}} is in France", 1, "[...] is in France"),
        ("{{c1::Paris::city}} is in France", 1, "[city] is in France"),
        ("{{c1::Paris}} is in {{c2::France}}", 1, "[...] is in France"),
        ("{{c1::Paris}} is in {{c2::France}}", 2, "Paris is in [...]"),
        ("{{c1::a}}{{c1::b}} {{c2::c::h}}", 1, "[...][...] c"),
        ("{{c1::two\nlines}} x", 1, "[...] x"),
        ("{{C1::not a cloze}} {{c1::x}}", 1, "{{C1::not a cloze}} [...]"),
    ],
)
def test_question_gaps_the_asked_cloze_and_shows_the_others(
    text: str, ordinal: int, expected: str
) -> None:
    """The asked cloze becomes [...] or [hint]; other clozes show their text, hints dropped."""
    assert plain_text(render_question(text, ordinal)) == expected


def test_question_marks_the_gap_as_anki_does() -> None:
    """The gap is a span of class cloze, the other clozes spans of class cloze-inactive."""
    html = render_question("{{c1::a::h}} {{c2::b}}", 1)
    assert html == (
        '<span class="cloze" data-ordinal="1">[h]</span> '
        '<span class="cloze-inactive" data-ordinal="2">b</span>'
    )


def test_answer_reveals_the_asked_cloze_then_back_extra() -> None:
    """The answer shows every cloze's text, the asked one highlighted, then a rule, Back Extra."""
    html = render_answer("{{c1::Paris::city}} is in {{c2::France}}", "<p>more</p>", 1)
    assert html.startswith('<span class="cloze" data-ordinal="1">Paris</span> is in ')
    assert "<hr id=answer>" in html
    assert html.endswith("<p>more</p>")
    assert plain_text(html).split() == ["Paris", "is", "in", "France", "more"]


@pytest.mark.parametrize("render", [render_question, lambda t, k: render_answer(t, "", k)])
def test_a_card_the_text_does_not_have_is_refused(render: Callable[[str, int], str]) -> None:
    """Asking for c3 of a note with c1 and c2 is an error, not an empty card."""
    with pytest.raises(ValueError, match="c3"):
        render("{{c1::a}} {{c2::b}}", 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{c2::x}} {{c1::y}} {{c2::z}}", (1, 2)),
        ("no cloze", ()),
        ("{{c10::x}} {{c9::y}}", (9, 10)),
    ],
)
def test_ordinals_are_the_distinct_cloze_numbers(text: str, expected: tuple[int, ...]) -> None:
    """One card per distinct cloze number, in ascending order."""
    assert cloze_ordinals(text) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("a<br>b", "a\nb"),
        ("<p>a</p><p>b</p>", "a\nb\n"),
        ("&lt;b&gt;x&lt;/b&gt; &amp;amp;", "<b>x</b> &amp;"),
        ("&#123;&#123;c1&#58;&#58;x&#125;&#125;", "{{c1::x}}"),
        ("<style>.cloze {color: blue}</style>x", "x"),
        ('<a href="https://e.org">link</a>', "link"),
    ],
)
def test_plain_text_is_what_a_reader_sees(html: str, expected: str) -> None:
    """Tags go (breaks become newlines), then entities are decoded, so escaped markup stays text."""
    assert plain_text(html) == expected


# --- agreement with Anki's own renderer -------------------------------------------------------

_HOSTILE = Entry(
    heading="Large Language Model (LLM)",
    name="Large Language Model",
    term="Large Language Model",
    acronym="LLM",
    category="Model",
    glosses=("a gloss with {{c1::fake}} and :: and }}",),
    paragraphs=(
        'Large Language Models <b>are</b> & "big". LLMs {{c2::x::y}} end: here}} {{ a :: b.',
    ),
)

_ANKI_TEXTS = [
    "{{c1::a::h}} {{c2::b}} {{c1::c}}",
    "{{c1::two\nlines}} and <b>{{c2::bold}}</b>",
    "{{c1::a}}{{c1::b}}",
]


def _anki_cards(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    """(ordinal, question HTML, answer HTML) of each card Anki makes from a cloze note."""
    collection_module = pytest.importorskip("anki.collection")
    col = collection_module.Collection(str(tmp_path / "collection.anki2"))
    try:
        note = col.new_note(col.models.by_name("Cloze"))
        note["Text"] = text
        note["Back Extra"] = ""
        col.add_note(note, col.decks.id("Default"))
        return [(card.ord + 1, card.question(), card.answer()) for card in note.cards()]
    finally:
        col.close()


def _without_style(html: str) -> str:
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


@pytest.mark.parametrize("text", [*_ANKI_TEXTS, "make_note"])
def test_rendering_matches_anki(tmp_path: Path, text: str) -> None:
    """Anki makes the same cards and the same HTML (less its data-cloze attribute) from our text."""
    if text == "make_note":
        note = make_note(_HOSTILE)
        assert note is not None
        text = note.text
    cards = _anki_cards(tmp_path, text)
    assert tuple(ordinal for ordinal, _, _ in cards) == cloze_ordinals(text)
    for ordinal, question, answer in cards:
        anki_question = re.sub(r' data-cloze="[^"]*"', "", _without_style(question))
        assert render_question(text, ordinal) == anki_question
        anki_answer = _without_style(answer).removesuffix("<br>\n")
        ours = render_answer(text, "", ordinal).removesuffix("\n<hr id=answer>\n")
        assert ours == anki_answer


# --- nested clozes (Anki 2.1.56+) -------------------------------------------------------------

NESTED = "{{c1::Large Language Model ({{c2::LLM}})::model}} and later {{c1::{{c2::LLM}}}}."


def test_a_nested_cloze_hides_everything_inside_it_on_its_own_card() -> None:
    """Card 1: the whole c1, the nested c2 included, is one gap with c1's hint."""
    assert plain_text(render_question(NESTED, 1)) == "[model] and later [...]."


def test_the_outer_cloze_shows_on_the_inner_clozes_card() -> None:
    """Card 2: c1 shows its content, in which c2 is the gap."""
    assert plain_text(render_question(NESTED, 2)) == (
        "Large Language Model ([...]) and later [...]."
    )


def test_the_answer_reveals_nested_clozes() -> None:
    """Either answer shows every word; the asked clozes are highlighted."""
    for ordinal in (1, 2):
        html = render_answer(NESTED, "", ordinal)
        assert plain_text(html).split("\n")[0] == ("Large Language Model (LLM) and later LLM.")
        assert f'<span class="cloze" data-ordinal="{ordinal}">' in html


def test_nested_ordinals_and_answers() -> None:
    """The inner cloze makes a card of its own; each answer is its first cloze's text."""
    assert cloze_ordinals(NESTED) == (1, 2)
    assert cloze_answers(NESTED) == {1: "Large Language Model (LLM)", 2: "LLM"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{c1::open only", "{{c1::open only"),
        ("close only}} here", "close only}} here"),
        ("{{c1::a {{c2::b}}", "{{c1::a b"),
    ],
    ids=["unclosed", "stray-close", "outer-unclosed"],
)
def test_unbalanced_cloze_markup_is_text(text: str, expected: str) -> None:
    """An opener without its closer and a stray closer show as typed (Anki drops the former;
    the card maker never writes it and the edit dialog refuses it)."""
    ordinal = cloze_ordinals(text)[0] if cloze_ordinals(text) else None
    if ordinal is None:
        with pytest.raises(ValueError):
            render_question(text, 1)
        return
    assert plain_text(render_answer(text, "", ordinal)).split("\n")[0] == expected


@pytest.mark.parametrize(
    ("text", "ordinals", "question"),
    [
        ("{{c0::zero}} and {{c1::one}}", (1,), "zero and [...]"),
        ("{{c1::a::}}", (1,), "[]"),
        ("{{c1::a::h {{c2::b}}}}", (1, 2), "[h ]"),
    ],
    ids=["c0-is-no-card", "empty-hint", "cloze-after-hint"],
)
def test_cloze_corner_cases_as_anki_parses_them(
    text: str, ordinals: tuple[int, ...], question: str
) -> None:
    """c0 is no card but shows its text; ``::`` with nothing after it is an empty hint; a cloze
    after a hint is still a card — as the real ``anki`` package (26.9) renders them."""
    assert cloze_ordinals(text) == ordinals
    assert plain_text(render_question(text, 1)) == question
    if 2 in ordinals:
        assert plain_text(render_question(text, 2)) == "a[...]"
