"""What a card asks to be typed (issue 16, item 4): the term without its hint or acronym, or
the acronym; the comparison that forgives what the card does not ask for."""

from __future__ import annotations

import pytest

from glosscards.render import cloze_hints
from glosscards.typed_card import TypedQuestion, typed_question

LLM = '<div class="term">{{c1::Large Language Model ({{c2::LLM}})::model}}</div><div>A model.</div>'
CLAUDE = '<div class="term">{{c1::Claude::model}}</div><div>By {{c1::Claude}}\'s makers.</div>'
PLAIN = '<div class="term">{{c1::Epoch}}</div><div>One pass.</div>'


def test_the_term_card_asks_for_the_term_the_acronym_card_for_the_acronym() -> None:
    assert typed_question(LLM, 1) == TypedQuestion(
        1, "Large Language Model", "model", "Large Language Model (LLM)"
    )
    assert typed_question(LLM, 2) == TypedQuestion(2, "LLM")
    assert typed_question(CLAUDE, 1) == TypedQuestion(1, "Claude", "model")
    assert typed_question(PLAIN, 1) == TypedQuestion(1, "Epoch")
    assert typed_question(PLAIN, 2) is None  # no such card
    assert typed_question("no cloze here", 1) is None


def test_the_first_hint_of_each_ordinal() -> None:
    assert cloze_hints(LLM) == {1: "model"}
    assert cloze_hints("{{c1::a}} {{c1::b::kind &amp; type}}") == {1: "kind & type"}


@pytest.mark.parametrize(
    "typed",
    [
        "large language model",
        "Large Language Model (LLM)",
        "large language model (model)",
        "Large-Language-Model",
    ],
)
def test_the_hint_and_the_acronym_are_optional_on_the_term_card(typed: str) -> None:
    question = typed_question(LLM, 1)
    assert question is not None and question.check(typed).correct


@pytest.mark.parametrize("typed", ["Large Model", "LLM", "Large Language Model (LMM)", ""])
def test_what_the_term_card_does_not_forgive(typed: str) -> None:
    question = typed_question(LLM, 1)
    assert question is not None and not question.check(typed).correct


def test_a_wrong_answer_is_compared_with_the_closer_form() -> None:
    """A typo in the acronym is shown against the form with the acronym; a typo in the term
    against the term alone."""
    question = typed_question(LLM, 1)
    assert question is not None
    with_acronym = question.check("Large Language Model (LMM)")
    assert "".join(s.text for s in with_acronym.diff if s.kind in ("same", "missing")).endswith(
        "(LLM)"
    )
    short = question.check("Large Langage Model")
    assert "".join(s.text for s in short.diff if s.kind in ("same", "missing")) == (
        "Large Language Model"
    )
