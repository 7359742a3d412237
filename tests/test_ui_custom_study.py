"""Custom study driven as a person would: ``/`` (Tools → Custom study…) on the deck list, a
choice clicked, its number typed, OK, and the session studied with Space and the grade keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from glosscards.custom_study import CustomSession, CustomStudy
from glosscards.ui.custom_study_dialog import CustomStudyDialog
from test_ui_helpers import Env, make_window


def study_with_keys(qtbot: QtBot, env: Env, key: Qt.Key = Qt.Key.Key_3) -> list[int]:
    """Space, then ``key``, for every card the reviewer shows; the ids answered."""
    reviewer = env.window.reviewer
    seen = []
    while reviewer.state == "question" and reviewer.current is not None:
        seen.append(reviewer.current.id)
        qtbot.keyClick(reviewer, Qt.Key.Key_Space)
        qtbot.keyClick(reviewer, key)
        assert len(seen) < 60
    assert reviewer.state == "done"
    return seen


def back_to_decks(qtbot: QtBot, env: Env) -> None:
    qtbot.keyClick(env.window.reviewer, Qt.Key.Key_Escape)
    assert env.window.pages.currentWidget() is env.window.deck_page


def open_with_slash(qtbot: QtBot, env: Env) -> CustomStudyDialog:
    env.window.deck_page.table.setFocus()
    qtbot.keyClick(env.window.deck_page.table, "/")
    dialog = env.window.dialog
    assert isinstance(dialog, CustomStudyDialog) and dialog.isVisible()
    return dialog


def click(qtbot: QtBot, radio: QRadioButton) -> None:
    """A click on the radio button's circle (its left end: the label may not fill the row)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def type_amount(qtbot: QtBot, dialog: CustomStudyDialog, text: str) -> None:
    box = dialog.amount_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)


def finish_dialog(qtbot: QtBot, env: Env, dialog: CustomStudyDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: env.window.dialog is None)


def test_more_new_cards_through_the_menu_key_then_studied_with_keys(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """After the day's 20 new cards, / offers 20 more by default (as many as wait unburied);
    2 typed and Enter: exactly 2 more new cards today, studied with keys; tomorrow as usual."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.mouseClick(env.window.deck_page.study_button, Qt.MouseButton.LeftButton)
    first = study_with_keys(qtbot, env)
    back_to_decks(qtbot, env)
    dialog = open_with_slash(qtbot, env)
    assert dialog.deck_label.text() == "All decks"
    assert dialog.radios[CustomStudy.MORE_NEW].isChecked()
    assert dialog.amount_box.value() == 20
    shown = len(env.col.find_cards("is:new -is:buried", now=env.clock()))
    assert 2 < shown < 20  # the siblings of today's cards wait until tomorrow
    assert dialog.count_label.text() == f"This gives {shown} more new today."
    type_amount(qtbot, dialog, "2")
    assert dialog.count_label.text() == "This gives 2 more new today."
    qtbot.keyClick(dialog.amount_box, Qt.Key.Key_Return)  # Enter: OK
    qtbot.waitUntil(lambda: env.window.dialog is None)
    reviewer = env.window.reviewer
    assert env.window.pages.currentWidget() is reviewer and reviewer.session is None
    assert reviewer.counts_label.text().startswith("New 2")
    more = study_with_keys(qtbot, env)
    assert len(more) == 2 and not set(more) & set(first)
    assert env.col.counts(env.clock()).new == 0
    waiting = env.col.card_counts()["new"]
    env.clock.advance(days=1)
    assert env.col.counts(env.clock()).new == waiting  # under 20: the day's own limit


def test_review_forgotten_cards_chosen_with_a_click(qtbot: QtBot, tmp_path: Path) -> None:
    """The card failed with 1 today (re-drilled since) comes once more; answered Good, it
    leaves, and the session ends on the summary."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    reviewer = env.window.reviewer
    failed = reviewer.current
    assert failed is not None
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_1)
    study_with_keys(qtbot, env)
    back_to_decks(qtbot, env)
    dialog = open_with_slash(qtbot, env)
    click(qtbot, dialog.radios[CustomStudy.FORGOTTEN])
    assert dialog.amount_box.value() == 1
    assert dialog.count_label.text() == "This gives 1 card."
    answers = len(env.col.history(failed.id))
    finish_dialog(qtbot, env, dialog)
    assert reviewer.session == CustomSession(CustomStudy.FORGOTTEN, None, 1)
    assert reviewer.current is not None and reviewer.current.id == failed.id
    assert reviewer.counts_label.text() == "Custom study: forgotten today  ·  1 left"
    assert study_with_keys(qtbot, env) == [failed.id]
    assert len(env.col.history(failed.id)) == answers + 1


def test_review_ahead_of_the_selected_deck_with_a_typed_number(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Nothing is ahead on the day the cards were learned (OK is off); the next day, review
    ahead 1 day takes the cards due then, each answered through SM-2 (Good: 6 days)."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    learned = study_with_keys(qtbot, env)
    back_to_decks(qtbot, env)
    table = env.window.deck_page.table
    table.selectRow(1)  # the demo deck, under "All decks"
    dialog = open_with_slash(qtbot, env)
    assert dialog.deck_label.text() == "Deck: demo-glossary"
    click(qtbot, dialog.radios[CustomStudy.REVIEW_AHEAD])
    assert dialog.count_label.text() == "No cards for this choice: choose another."
    assert not dialog.ok_button.isEnabled()
    assert dialog.radios[CustomStudy.REVIEW_AHEAD].text().endswith("— 0 cards")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)

    env.clock.advance(days=1, hours=-1)  # 11:00 the next day: due today, not yet studied
    env.window.refresh()
    dialog = open_with_slash(qtbot, env)
    click(qtbot, dialog.radios[CustomStudy.REVIEW_AHEAD])
    type_amount(qtbot, dialog, "2")
    assert dialog.count_label.text() == f"This gives {len(learned)} cards."
    finish_dialog(qtbot, env, dialog)
    reviewer = env.window.reviewer
    assert reviewer.counts_label.text() == (
        f"Custom study: review ahead 2 days  ·  {len(learned)} left"
    )
    first = reviewer.current
    assert first is not None and first.id in learned
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert reviewer.answer_buttons[3].text() == "Good (3)\n6d"
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert env.col.history(first.id)[-1].interval_after == 6
    assert reviewer.counts_label.text().endswith(f"{len(learned) - 1} left")


def test_one_tag_from_the_chooser_and_weak_cards(qtbot: QtBot, tmp_path: Path) -> None:
    """The tag chooser lists the collection's tags; the studied cards of the tag chosen are the
    session. A weak card (its prompt edited to show its answer) makes a weak session."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    study_with_keys(qtbot, env)
    back_to_decks(qtbot, env)
    env.clock.advance(days=1)
    tagged = [r.card_id for r in env.col.find_cards("tag:Model") if r.due_day is not None]
    assert tagged
    [weak] = env.col.find_cards('term:"Active Recall"')  # studied yesterday; tag A only
    assert weak.due_day is not None and weak.card_id not in tagged
    env.col.edit_note(
        weak.card_id, text="{{c1::Active Recall}}<br>Active Recall is recalling.", back_extra=""
    )
    dialog = open_with_slash(qtbot, env)
    assert dialog.radios[CustomStudy.WEAK].text().endswith("— 1 card")
    click(qtbot, dialog.radios[CustomStudy.TAG])
    assert dialog.tag_box.isEnabled() and dialog.amount_box.value() == 100
    tags = [dialog.tag_box.itemText(i) for i in range(dialog.tag_box.count())]
    assert tags == env.col.tags() and "Model" in tags
    dialog.tag_box.setFocus()
    qtbot.keyClicks(dialog.tag_box, "Model")  # a combo box finds an item by typing
    assert dialog.tag_box.currentText() == "Model"
    assert dialog.count_label.text() == f"This gives {len(tagged)} card{'s' * (len(tagged) > 1)}."
    finish_dialog(qtbot, env, dialog)
    assert env.window.reviewer.counts_label.text().startswith("Custom study: tag Model")
    assert sorted(study_with_keys(qtbot, env)) == sorted(tagged)
    back_to_decks(qtbot, env)
    dialog = open_with_slash(qtbot, env)
    click(qtbot, dialog.radios[CustomStudy.WEAK])
    assert dialog.count_label.text() == "This gives 1 card."
    finish_dialog(qtbot, env, dialog)
    assert env.window.reviewer.counts_label.text() == "Custom study: weak cards  ·  1 left"
    assert study_with_keys(qtbot, env) == [weak.card_id]


def test_slash_while_studying_does_not_open_custom_study(qtbot: QtBot, tmp_path: Path) -> None:
    """Custom study is the deck list's: / on a card changes nothing, and the menu entry is off."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.study(None)
    reviewer = env.window.reviewer
    assert not env.window.custom_study_action.isEnabled()
    qtbot.keyClick(reviewer, "/")
    assert env.window.dialog is None and reviewer.state == "question"
    back_to_decks(qtbot, env)
    assert env.window.custom_study_action.isEnabled()


def test_open_custom_study_for_a_deck_is_what_the_summary_calls(
    qtbot: QtBot, tmp_path: Path
) -> None:
    env = make_window(qtbot, tmp_path, demo=True)
    deck = env.col.decks()[0]
    dialog = env.window.open_custom_study(deck.id)
    assert isinstance(dialog, CustomStudyDialog)
    assert dialog.deck_label.text() == f"Deck: {deck.name}"
    assert dialog.session() == CustomSession(CustomStudy.MORE_NEW, deck.id, 20)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: env.window.dialog is None)
    assert env.window.pages.currentWidget() is env.window.deck_page
