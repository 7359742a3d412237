"""The reviewer driven by keys: answer, fail, re-drill, undo, bury, suspend, six grades, links."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from conftest import peek
from glosscards import Collection, GradeMode, Settings
from glosscards.ui.card_view import CardView
from test_ui_helpers import START, Env, make_window


def _study(qtbot: QtBot, tmp_path: Path, **settings: object) -> Env:
    env = make_window(qtbot, tmp_path, demo=True)
    if settings:
        env.col.update_settings(Settings(**settings))  # type: ignore[arg-type]
    env.window.study(None)
    return env


def _reviews(col: Collection) -> int:
    return int(peek(col).execute("SELECT count(*) FROM review_log").fetchone()[0])


def test_space_three_space_one_then_the_failed_card_returns_and_ctrl_z_undoes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Space shows, 3 answers Good; a card failed with 1 comes back later; Ctrl+Z takes back."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    first = reviewer.current
    assert first is not None and reviewer.state == "question"
    assert "[...]" in reviewer.view.toPlainText() or "[…]" in reviewer.view.toPlainText()
    assert first.term not in reviewer.view.toPlainText()

    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert reviewer.state == "answer"
    assert first.term in reviewer.view.toPlainText()
    assert reviewer.answer_buttons[3].text() == "Good (3)\n1d"
    assert reviewer.answer_buttons[1].text() == "Again (1)\n↻ today · 1d"  # SM-2 step 7 re-drill
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert env.col.history(first.id)[-1].grade == 3

    failed = reviewer.current
    assert failed is not None and failed.id != first.id
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_1)
    assert env.col.history(failed.id)[-1].grade == 1

    seen = []
    while reviewer.current is not None and reviewer.current.id != failed.id:
        seen.append(reviewer.current.id)
        qtbot.keyClick(reviewer, Qt.Key.Key_Space)
        qtbot.keyClick(reviewer, Qt.Key.Key_Space)  # Space on the answer side is Good
        assert len(seen) < 10, "the failed card never came back"
    assert reviewer.current is not None and reviewer.current.redrill
    assert failed.id not in seen and len(seen) >= 1

    answered = _reviews(env.col)
    last = seen[-1]
    qtbot.keyClick(reviewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _reviews(env.col) == answered - 1
    assert reviewer.current is not None and reviewer.current.id == last
    assert reviewer.state == "question"
    assert env.col.history(last) == []


def test_answer_time_is_measured_from_the_question(qtbot: QtBot, tmp_path: Path) -> None:
    """duration_ms is the time from the question being shown to the grade key."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    card = reviewer.current
    assert card is not None
    env.ticker.seconds += 3.0
    qtbot.keyClick(reviewer, Qt.Key.Key_Return)
    env.ticker.seconds += 1.5
    qtbot.keyClick(reviewer, Qt.Key.Key_4)
    assert env.col.history(card.id)[-1].duration_ms == 4500
    assert env.col.history(card.id)[-1].grade == 4


def test_session_ends_with_a_summary(qtbot: QtBot, tmp_path: Path) -> None:
    """After the last card: cards studied, the time spent, and when the next cards are due."""
    env = _study(qtbot, tmp_path, new_per_day=3)
    reviewer = env.window.reviewer
    reviewer.start(None)
    for _ in range(3):
        env.ticker.seconds += 10
        qtbot.keyClick(reviewer, Qt.Key.Key_Space)
        qtbot.keyClick(reviewer, Qt.Key.Key_4)
    assert reviewer.state == "done"
    text = reviewer.summary_label.text()
    assert "Cards studied: 3" in text
    assert "Time: 30s" in text
    assert "next review is due tomorrow" in text
    assert "new cards wait" in text
    qtbot.keyClick(reviewer, Qt.Key.Key_Return)
    assert env.window.pages.currentWidget() is env.window.deck_page
    assert env.window.deck_page.table.item(0, 1).text() == "0"


def test_counts_are_visible_and_follow_the_answers(qtbot: QtBot, tmp_path: Path) -> None:
    """The remaining counts are shown above the card and drop as cards are answered."""
    env = _study(qtbot, tmp_path, new_per_day=5)
    reviewer = env.window.reviewer
    reviewer.start(None)
    assert reviewer.counts_label.text().startswith("New 5")
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert reviewer.counts_label.text().startswith("New 4")


def test_minus_buries_and_at_suspends(qtbot: QtBot, tmp_path: Path) -> None:
    """``-`` hides the card until tomorrow, ``@`` suspends it; both move on to the next card."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    buried = reviewer.current
    assert buried is not None
    qtbot.keyClick(reviewer, "-")
    suspended = reviewer.current
    assert suspended is not None and suspended.id != buried.id
    qtbot.keyClick(reviewer, "@")
    assert reviewer.current is not None and reviewer.current.id not in (buried.id, suspended.id)
    now = env.clock.now
    assert [r.card_id for r in env.col.find_cards("is:buried", now=now)] == [buried.id]
    assert [r.card_id for r in env.col.find_cards("is:suspended", now=now)] == [suspended.id]


def test_six_grade_mode_shows_qualities_zero_to_five(qtbot: QtBot, tmp_path: Path) -> None:
    """In SM-2 six-grade mode the buttons are 0-5 with intervals and key 5 answers quality 5."""
    env = _study(qtbot, tmp_path, grade_mode=GradeMode.SM2_SIX)
    reviewer = env.window.reviewer
    card = reviewer.current
    assert card is not None
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    assert sorted(reviewer.answer_buttons) == [0, 1, 2, 3, 4, 5]
    assert reviewer.answer_buttons[0].text().startswith("Blackout (0)\n")
    assert reviewer.answer_buttons[5].text() == "Perfect (5)\n1d"
    qtbot.keyClick(reviewer, Qt.Key.Key_5)
    record = env.col.history(card.id)[-1]
    assert (record.quality, record.grade) == (5, None)


def test_escape_returns_to_the_decks(qtbot: QtBot, tmp_path: Path) -> None:
    """Escape leaves the reviewer without answering."""
    env = _study(qtbot, tmp_path)
    qtbot.keyClick(env.window.reviewer, Qt.Key.Key_Escape)
    assert env.window.pages.currentWidget() is env.window.deck_page
    assert _reviews(env.col) == 0


def _click_text(qtbot: QtBot, view: CardView, text: str) -> None:
    cursor = view.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not cursor.isNull(), f"{text!r} is not on the card"
    cursor.setPosition(cursor.selectionStart() + 1)
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_see_also_link_opens_that_term_in_the_browser(qtbot: QtBot, tmp_path: Path) -> None:
    """Clicking a see-also term on the answer side shows that term's cards in the browser."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    card = reviewer.current
    assert card is not None and card.see_also
    target = card.see_also[0]
    _click_text(qtbot, reviewer.view, target)
    browser = env.window.browser
    assert browser is not None
    assert browser.search_box.text() == f'term:"{target}"'
    assert browser.details is not None and browser.details.term == target
    assert env.opened == []


def test_card_view_opens_web_links_and_refuses_everything_else(qtbot: QtBot) -> None:
    """http(s) links go to the system browser; javascript:, file: and others are refused."""
    opened: list[str] = []
    view = CardView(open_url=lambda url: opened.append(url.toString()))
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    refused: list[str] = []
    view.linkRefused.connect(refused.append)
    view.show_html(
        '<p><a href="https://example.org/x">WEB</a></p><p><a href="javascript:alert(1)">JS</a></p>'
        '<p><a href="file:///etc/passwd">FILE</a></p>'
    )
    _click_text(qtbot, view, "WEB")
    _click_text(qtbot, view, "JS")
    _click_text(qtbot, view, "FILE")
    assert opened == ["https://example.org/x"]
    assert refused == ["javascript:alert(1)", "file:///etc/passwd"]
    assert view.source() == QUrl()


def test_glossary_markup_is_shown_as_text_never_run(qtbot: QtBot, tmp_path: Path) -> None:
    """Tags written in a glossary appear literally on the card; no image or script is loaded."""
    glossary = tmp_path / "g.txt"
    glossary.write_text(
        "M#\nMarkup Term#\nA definition with <b>bold</b> and <img src='http://x/y.png'> "
        "and <script>alert(1)</script> in it, long enough to be a card.\n",
        encoding="utf-8",
    )
    env = make_window(qtbot, tmp_path)
    env.col.import_glossary(glossary, now=START)
    env.window.study(None)
    reviewer = env.window.reviewer
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    shown = reviewer.view.toPlainText()
    assert "<b>bold</b>" in shown
    assert "<script>alert(1)</script>" in shown
    assert "<img src='http://x/y.png'>" in shown


def test_suspending_the_shown_card_in_the_browser_moves_the_session_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Suspend in the browser the card being studied: the reviewer moves on, answers still work."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    shown = reviewer.current
    assert shown is not None
    browser = env.window.open_browser(term=shown.term)
    browser.select_card(shown.id)
    browser.toggle_suspended()
    assert reviewer.current is not None and reviewer.current.id != shown.id
    before = _reviews(env.col)
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    assert _reviews(env.col) == before + 1


def test_ctrl_z_on_the_deck_list_shows_the_card_again(qtbot: QtBot, tmp_path: Path) -> None:
    """After leaving the reviewer, Undo takes back the last answer and shows that card."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer
    first = reviewer.current
    assert first is not None
    qtbot.keyClick(reviewer, Qt.Key.Key_Space)
    qtbot.keyClick(reviewer, Qt.Key.Key_3)
    qtbot.keyClick(reviewer, Qt.Key.Key_Escape)
    assert env.window.pages.currentWidget() is env.window.deck_page
    env.window.undo_action.trigger()
    assert env.window.pages.currentWidget() is reviewer
    assert reviewer.current is not None and reviewer.current.id == first.id
    assert env.col.history(first.id) == []


def test_ctrl_z_takes_back_a_bury_or_a_suspend(qtbot: QtBot, tmp_path: Path) -> None:
    """- buries and @ suspends the shown card; Ctrl+Z brings it back to the screen and the queue."""
    env = _study(qtbot, tmp_path)
    reviewer = env.window.reviewer

    def hidden(card_id: int) -> bool:
        row = (
            peek(env.col)
            .execute("SELECT buried_until_day > 0 OR suspended FROM card WHERE id = ?", (card_id,))
            .fetchone()
        )
        return bool(row[0])

    for key in ("-", "@"):
        shown = reviewer.current
        assert shown is not None and not hidden(shown.id)
        qtbot.keyClick(reviewer, key)
        assert reviewer.current is not None and reviewer.current.id != shown.id
        assert hidden(shown.id)
        qtbot.keyClick(reviewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert reviewer.current is not None and reviewer.current.id == shown.id
        assert not hidden(shown.id)
