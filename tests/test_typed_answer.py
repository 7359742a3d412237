"""Typed answers: what is forgiven, what is not, and the difference shown (issue 16)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glosscards.typed_answer import Segment, SegmentKind, TypedAnswer, check_typed

SAME, MISSING, EXTRA, WRONG = (
    SegmentKind.SAME,
    SegmentKind.MISSING,
    SegmentKind.EXTRA,
    SegmentKind.WRONG,
)


def diff(answer: TypedAnswer) -> list[tuple[str, str]]:
    return [(segment.kind.value, segment.text) for segment in answer.diff]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("large language model", "Large Language Model"),
        ("  Large   Language Model ", "Large Language Model"),
        ("Large-Language_Model", "Large Language Model"),
        ("LargeLanguageModel", "Large Language Model"),
        ("Naive Bayes", "Naïve Bayes"),
        ("NAÏVE BAYES", "Naive Bayes"),
        ("Naïve Bayes", "Naïve Bayes"),  # decomposed input: i + combining diaeresis
        ("Ockham's Razor", "Ockham’s Razor"),
        ("Leave One Out Cross Validation", "Leave-One-Out Cross‑Validation"),  # U+2011
        ("ﬁne tuning", "Fine-Tuning"),
        ("ＬＬＭ", "LLM"),
        ("strasse", "Straße"),
        ("Claude", "Claude (model)"),
        ("Claude (model)", "Claude (model)"),
        ("langchain", "LangChain (python module)"),
        ("", ""),
    ],
    ids=[
        "case", "extra spaces", "hyphen underscore", "no spaces", "accent typed without",
        "accent typed, upper case", "decomposed accent", "curly quote", "non-breaking hyphen",
        "ligature", "full width", "sharp s", "kind hint left out", "kind hint typed",
        "two-word kind hint", "both empty",
    ],
)  # fmt: skip
def test_forgiven(typed: str, expected: str) -> None:
    """Case, accents, spacing, hyphens and the kind hint never make an answer wrong."""
    answer = check_typed(typed, expected)
    assert answer.correct
    assert all(segment.kind is SAME for segment in answer.diff)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "Large Language Model"),
        ("   ", "Large Language Model"),
        ("Lage Language Model", "Large Language Model"),
        ("Large Model", "Large Language Model"),
        ("C", "C++"),
        ("Large Language Model LLM", "Large Language Model (LLM)"),
        ("Claude model", "Claude (model)"),
        ("Ockhams Razor", "Ockham's Razor"),
    ],
    ids=[
        "empty", "only spaces", "a typo", "a missing word", "punctuation counts",
        "an acronym is no kind hint", "a hint typed without its brackets", "apostrophe",
    ],
)  # fmt: skip
def test_not_forgiven(typed: str, expected: str) -> None:
    """Typos, missing words and other punctuation make the answer wrong."""
    assert not check_typed(typed, expected).correct


def test_empty_input_shows_the_whole_answer_missing() -> None:
    """Nothing typed: the answer side shows all of the expected answer as missing."""
    assert diff(check_typed("", "Gradient Descent")) == [("missing", "Gradient Descent")]


def test_a_typo_is_marked_where_it_is() -> None:
    """One letter left out: the rest matches, in the expected spelling."""
    answer = check_typed("large langage model", "Large Language Model")
    assert diff(answer) == [("same", "Large Lang"), ("missing", "u"), ("same", "age Model")]


def test_a_wrong_letter_shows_what_was_typed_and_what_was_expected() -> None:
    """A substitution: the typed letter as wrong, followed by the expected one as missing."""
    assert diff(check_typed("Gradiant", "Gradient")) == [
        ("same", "Gradi"),
        ("wrong", "a"),
        ("missing", "e"),
        ("same", "nt"),
    ]


def test_a_missing_word_keeps_its_spacing() -> None:
    """A whole word left out is missing with the space that follows it."""
    answer = check_typed("Large Model", "Large Language Model")
    assert diff(answer) == [("same", "Large "), ("missing", "Language "), ("same", "Model")]


def test_extra_text_is_shown_as_typed() -> None:
    """Typed text the answer lacks is reported in the learner's spelling."""
    answer = check_typed("Deep Q Network", "Q Network")
    assert not answer.correct
    assert diff(answer) == [("extra", "Deep "), ("same", "Q Network")]


def test_the_forgiven_forms_are_shown_in_the_expected_spelling() -> None:
    """What matched is shown as the expected answer writes it (accents, capitals, hyphens)."""
    answer = check_typed("naive bayes", "Naïve-Bayes")
    assert answer.diff == (Segment(SAME, "Naïve-Bayes"),)


def test_the_kind_hint_left_out_is_not_shown_missing() -> None:
    """A wrong answer to ``Claude (model)`` is compared with ``Claude``, not the hint."""
    answer = check_typed("Claud", "Claude (model)")
    assert diff(answer) == [("same", "Claud"), ("missing", "e")]


def test_a_named_hint_is_optional_whatever_it_says() -> None:
    """The card's own hint, passed in, is optional even when it is no kind word."""
    assert check_typed("Adam", "Adam (optimizer)", hint="optimizer").correct
    assert not check_typed("Adam", "Adam (optimizer)").correct
    assert not check_typed("Adam", "Adam (LLM)", hint="model").correct


@given(st.text(max_size=20), st.text(max_size=20))
def test_wrong_answers_always_show_a_difference(typed: str, expected: str) -> None:
    """Whatever the texts (``ß``, ligatures, marks alone): right means nothing but matches."""
    answer = check_typed(typed, expected)
    assert answer.correct == all(segment.kind is SAME for segment in answer.diff)


SIMPLE = st.text(alphabet="abcABCéÉüÜ -_'’xyz", max_size=20)


@given(SIMPLE, SIMPLE.filter(lambda text: any(c.isalpha() for c in text)))
def test_the_diff_spells_out_both_answers(typed: str, expected: str) -> None:
    """Same and missing segments spell the expected answer exactly; same, wrong and extra
    ones what was typed, up to what is forgiven."""
    answer = check_typed(typed, expected)
    expected_side = "".join(s.text for s in answer.diff if s.kind in (SAME, MISSING))
    typed_side = "".join(s.text for s in answer.diff if s.kind in (SAME, WRONG, EXTRA))
    assert expected_side == expected
    assert check_typed(typed_side, typed).correct
