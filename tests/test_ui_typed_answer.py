"""Typed answers in the reviewer (issue 16, item 4): a deck that types answers asks for the
term in a text box, Enter shows the comparison and chooses the grade, which can be changed
before it is confirmed; what is recorded is the grade confirmed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from glosscards.scheduler.grade import Grade
from glosscards.ui.palettes import use_palette
from glosscards.ui.reviewer import Reviewer
from glosscards.ui.typed_answer_box import typed_colours
from test_ui_helpers import Env, make_window

DECK = "demo-glossary"


def typing_env(qtbot: QtBot, tmp_path: Path, term: str, ordinal: int = 1) -> Env:
    """The demo deck typing answers, every card suspended but ``term``'s card ``ordinal``,
    studied from the deck list: that card's question is shown."""
    env = make_window(qtbot, tmp_path, demo=True)
    col = env.col
    col.set_deck_study(DECK, dataclasses.replace(col.deck_study(DECK), type_answer=True))
    others = [r.card_id for r in col.find_cards() if (r.term, r.ordinal) != (term, ordinal)]
    col.suspend_cards(others, now=env.clock.now)
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Return)
    reviewer = env.window.reviewer
    assert reviewer.state == "question"
    assert reviewer.current is not None and reviewer.current.term == term
    return env


def key_in(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key: qtbot's key clicks for ASCII, and for a letter QTest has no
    key for (Ź) the key events a keyboard layout with it sends."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def reviewer_of(env: Env) -> Reviewer:
    return env.window.reviewer


def type_and_enter(qtbot: QtBot, env: Env, text: str) -> Reviewer:
    reviewer = reviewer_of(env)
    box = reviewer.typing
    assert box.isVisible() and box.edit.hasFocus()
    key_in(qtbot, box.edit, text)
    assert reviewer.state == "question"  # nothing typed answered or showed anything
    assert box.edit.text() == text
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert reviewer.state == "answer"
    return reviewer


def recorded(env: Env) -> list[int | None]:
    card = next(r for r in env.col.find_cards() if not r.suspended)
    return [record.grade for record in env.col.history(card.card_id)]


def test_a_right_answer_is_shown_right_and_good_is_confirmed_with_space(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """'active recall' for Active Recall: every character matches, Good is the default
    button, and Space records Good."""
    env = typing_env(qtbot, tmp_path, "Active Recall")
    reviewer = type_and_enter(qtbot, env, "active recall")
    box = reviewer.typing
    assert box.answer is not None and box.answer.correct
    assert "✓ Right" in box.result.text() and box.result.isVisible()
    assert not box.edit.isVisible()
    assert reviewer.preselected == int(Grade.GOOD)
    assert reviewer.answer_buttons[int(Grade.GOOD)].isDefault()
    assert not reviewer.answer_buttons[int(Grade.AGAIN)].isDefault()
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert recorded(env) == [int(Grade.GOOD)]


def test_a_typo_chooses_again_and_a_key_changes_it_before_enter_confirms(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """'Activ Recal': the diff shows the missing letters, Again is chosen; 3 makes Good the
    choice without answering, and Enter records Good."""
    env = typing_env(qtbot, tmp_path, "Active Recall")
    reviewer = type_and_enter(qtbot, env, "Activ Recal")
    box = reviewer.typing
    assert box.answer is not None and not box.answer.correct
    missing = [s.text for s in box.answer.diff if s.kind == "missing"]
    assert missing == ["e ", "l"]  # the space folded away goes with the letter before it
    shown = box.result.text()
    assert "✗ Not quite" in shown and "Expected: <b>Active Recall</b>" in shown
    assert "<u><b>e </b></u>" in shown
    assert reviewer.preselected == int(Grade.AGAIN)
    assert reviewer.answer_buttons[int(Grade.AGAIN)].isDefault()
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert reviewer.state == "answer" and recorded(env) == []  # chosen, not answered
    assert reviewer.preselected == int(Grade.GOOD)
    assert reviewer.answer_buttons[int(Grade.GOOD)].isDefault()
    assert not reviewer.answer_buttons[int(Grade.AGAIN)].isDefault()
    qtbot.keyClick(reviewer, Qt.Key.Key_Return)
    assert recorded(env) == [int(Grade.GOOD)]


def test_accents_case_and_the_kind_hint_are_forgiven(qtbot: QtBot, tmp_path: Path) -> None:
    """'PIOTR WOŹNIAK' for Piotr Wozniak, whose gap shows the hint [person]: right, with the
    hint left out and an accent the glossary does not write."""
    env = typing_env(qtbot, tmp_path, "Piotr Wozniak")
    reviewer = type_and_enter(qtbot, env, "PIOTR WOŹNIAK")
    assert reviewer.typing.answer is not None and reviewer.typing.answer.correct
    assert reviewer.preselected == int(Grade.GOOD)


def test_the_term_card_does_not_ask_for_the_acronym_and_the_acronym_card_does(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The term card of Large Language Model (LLM) is right without the acronym; its acronym
    card asks for 'LLM' and counts 'LMM' wrong."""
    env = typing_env(qtbot, tmp_path, "Large Language Model")
    reviewer = type_and_enter(qtbot, env, "large language model")
    assert reviewer.typing.answer is not None and reviewer.typing.answer.correct
    acronym = next(
        r for r in env.col.find_cards() if r.term == "Large Language Model" and r.ordinal == 2
    )
    question = env.col.review_card(acronym.card_id, env.clock()).typed
    assert question is not None and question.answer == "LLM"
    assert question.check("llm").correct and not question.check("LMM").correct


def test_digits_spaces_and_shortcut_letters_type_into_the_box(qtbot: QtBot, tmp_path: Path) -> None:
    """'SuperMemo 2' has a space and a digit, 'Be' the letters of the browser and edit keys:
    all of it is typed, nothing is answered, no browser or editor opens."""
    env = typing_env(qtbot, tmp_path, "SuperMemo 2")
    reviewer = reviewer_of(env)
    qtbot.keyClicks(reviewer.typing.edit, "Be ")
    assert env.window.browser is None
    assert reviewer.typing.edit.text() == "Be "
    reviewer.typing.edit.clear()
    reviewer = type_and_enter(qtbot, env, "supermemo 2")
    assert reviewer.typing.answer is not None and reviewer.typing.answer.correct


def test_clicking_another_grade_chooses_it_and_clicking_it_again_answers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Right, so Good is chosen; a click on Hard makes Hard the choice, a second click on it
    records Hard."""
    env = typing_env(qtbot, tmp_path, "Epoch")
    reviewer = type_and_enter(qtbot, env, "epoch")
    hard = reviewer.answer_buttons[int(Grade.HARD)]
    qtbot.mouseClick(hard, Qt.MouseButton.LeftButton)
    assert reviewer.preselected == int(Grade.HARD) and recorded(env) == []
    qtbot.mouseClick(hard, Qt.MouseButton.LeftButton)
    assert recorded(env) == [int(Grade.HARD)]


def test_show_answer_with_nothing_typed_shows_the_whole_answer_missing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Show Answer clicked with an empty box: wrong, the answer shown as missing, Again."""
    env = typing_env(qtbot, tmp_path, "Epoch")
    reviewer = reviewer_of(env)
    qtbot.mouseClick(reviewer.show_answer_button, Qt.MouseButton.LeftButton)
    assert reviewer.typing.answer is not None
    assert [(s.kind, s.text) for s in reviewer.typing.answer.diff] == [("missing", "Epoch")]
    assert reviewer.preselected == int(Grade.AGAIN)


def test_a_deck_that_does_not_type_shows_no_box_and_keys_answer_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Without the option the reviewer is as before: no box, 1 answers Again at once."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window.deck_page.table, Qt.Key.Key_Return)
    reviewer = reviewer_of(env)
    assert not reviewer.typing.isVisible() and reviewer.preselected is None
    card = reviewer.current
    assert card is not None
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_1)
    assert [r.grade for r in env.col.history(card.id)] == [int(Grade.AGAIN)]


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_comparison_colours_follow_the_palette(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, palette: str
) -> None:
    """The green and red of the comparison are shaded for the palette's ground (light on
    dark, deep on light) and the text uses them, not a fixed colour."""
    style, before = qapp.style().name(), qapp.palette()
    try:
        use_palette(qapp, palette)
        env = typing_env(qtbot, tmp_path, "Epoch")
        reviewer = type_and_enter(qtbot, env, "epok")
        right, wrong = typed_colours(reviewer.typing.palette())
        ground = reviewer.typing.palette().color(reviewer.typing.backgroundRole())
        for colour in (right, wrong):
            assert abs(colour.lightness() - ground.lightness()) > 60
            assert colour.name() in reviewer.typing.result.text()
    finally:
        qapp.setStyle(style)
        qapp.setPalette(before)


def test_esc_in_the_box_goes_back_to_the_decks(qtbot: QtBot, tmp_path: Path) -> None:
    """The box types; Esc is not typing: it leaves the study screen as everywhere."""
    env = typing_env(qtbot, tmp_path, "Epoch")
    reviewer = reviewer_of(env)
    with qtbot.waitSignal(reviewer.closed):
        qtbot.keyClick(reviewer.typing.edit, Qt.Key.Key_Escape)
