"""The browser: search by typing, sort by the header, details with history, suspend."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from glosscards import Grade
from glosscards.browse import BrowseRow
from glosscards.ui.browser_model import COLUMN_TITLES, BrowserModel, display_cell
from test_ui_helpers import START, make_window


def _row(card_id: int, term: str, **kw: object) -> BrowseRow:
    values: dict[str, object] = {
        "card_id": card_id,
        "term": term,
        "ordinal": 1,
        "phase": "review",
        "due_day": 20_149,  # 2025-03-02
        "interval_days": 6,
        "ease": 2.5,
        "reviews": 2,
        "lapses": 0,
        "suspended": False,
        "retired": False,
        "new_position": 0,
    }
    values.update(kw)
    return BrowseRow(**values)  # type: ignore[arg-type]


def test_model_formats_plain_rows_without_a_window(qtbot: QtBot) -> None:
    """The table model shows term, due date, interval label, ease %, reviews, lapses."""
    model = BrowserModel(UTC)
    model.set_rows(
        [_row(1, "Epoch"), _row(2, "Embedding", phase="new", due_day=None, new_position=7)]
    )
    assert model.rowCount() == 2 and model.columnCount() == len(COLUMN_TITLES)
    cells = [model.data(model.index(0, c)) for c in range(6)]
    assert cells == ["Epoch", "2025-03-02", "6d", "250%", "2", "0"]
    assert model.data(model.index(1, 1)) == "new #7"
    assert model.data(model.index(1, 2)) == ""
    assert model.rowCount(model.index(0, 0)) == 0


def test_model_sorts_tuples_and_keeps_new_cards_last_by_due(qtbot: QtBot) -> None:
    """Sorting by due puts scheduled cards first (earliest first), then new cards by position."""
    model = BrowserModel(UTC)
    model.set_rows(
        [
            _row(1, "b", phase="new", due_day=None, new_position=2),
            _row(2, "a", due_day=200),
            _row(3, "c", phase="new", due_day=None, new_position=1),
            _row(4, "d", due_day=100),
        ]
    )
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.card_ids() == [4, 2, 3, 1]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.card_ids() == [4, 3, 1, 2]


def test_display_marks_second_cloze_and_suspended(qtbot: QtBot) -> None:
    """A c2 card names its cloze; a suspended card says so in the due column."""
    row = _row(1, "Large Language Model", ordinal=2, suspended=True)
    assert display_cell(row, 0, UTC) == "Large Language Model (c2)"
    assert display_cell(row, 1, UTC).startswith("(suspended) ")


def test_typing_a_search_and_enter_filters_the_table(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing in the search box and pressing Enter shows only the matching cards."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_B)  # Tools → Browse
    browser = env.window.browser
    assert browser is not None
    total = browser.model.rowCount()
    assert total > 20
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "gradient")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    terms = {browser.model.row_at(r).term for r in range(browser.model.rowCount())}
    assert "Gradient Descent Algorithm" in terms
    assert "Epoch" not in terms
    assert browser.status.text() == f"{browser.model.rowCount()} cards"
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "-gradient -tag:L")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    terms = {browser.model.row_at(r).term for r in range(browser.model.rowCount())}
    assert "Gradient Descent Algorithm" not in terms and "Learning Rate" not in terms
    assert "Epoch" in terms


def test_a_bad_query_is_reported_and_keeps_the_rows(qtbot: QtBot, tmp_path: Path) -> None:
    """``is:nonsense`` shows what is wrong and leaves the table as it was."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    before = browser.model.rowCount()
    browser.search_box.setText("is:nonsense")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert "is:nonsense" in browser.status.text()
    assert browser.model.rowCount() == before


def test_an_invalid_search_says_what_is_wrong(qtbot: QtBot, tmp_path: Path) -> None:
    """``deck:nosuchdeck ((`` does not silently show "0 cards": the parentheses are named, and
    a deck that is not there is said to be missing, with the decks there are."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    before = browser.model.rowCount()
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "deck:nosuchdeck ((")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert browser.status.text().startswith("((: parentheses do not group words here")
    assert browser.model.rowCount() == before
    browser.search_box.setText("deck:nosuchdeck")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    deck = env.col.decks()[0].name
    assert browser.status.text() == f"0 cards — there is no deck 'nosuchdeck' (decks: '{deck}')"


def test_clicking_a_header_sorts(qtbot: QtBot, tmp_path: Path) -> None:
    """A click on the Reviews header sorts by the number of reviews."""
    env = make_window(qtbot, tmp_path, demo=True)
    card = env.col.next_card(START)
    assert card is not None
    env.col.answer(card.id, Grade.GOOD, START)
    browser = env.window.open_browser()
    header = browser.table.horizontalHeader()
    x = header.sectionViewportPosition(4) + header.sectionSize(4) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = browser.model.row_at(0)
    ordered = [browser.model.row_at(r).reviews for r in range(browser.model.rowCount())]
    assert ordered in (sorted(ordered), sorted(ordered, reverse=True))
    assert first is not None and max(ordered) == 1


def test_details_show_text_and_history_and_suspend_toggles(qtbot: QtBot, tmp_path: Path) -> None:
    """Selecting a card shows its text and review history; Suspend and Unsuspend work."""
    env = make_window(qtbot, tmp_path, demo=True)
    card = env.col.next_card(START)
    assert card is not None
    env.col.answer(card.id, Grade.HARD, START, duration_ms=2500)
    browser = env.window.open_browser()
    assert browser.select_card(card.id)
    assert browser.details is not None and browser.details.card_id == card.id
    assert card.term in browser.card_view.toPlainText()
    assert browser.history.rowCount() == 1
    assert browser.history.item(0, 1).text() == "Hard"
    assert browser.history.item(0, 4).text() == "2s"
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    row = browser.model.row_of(card.id)
    assert browser.model.row_at(row).suspended
    assert browser.suspend_button.text().replace("&", "") == "Unsuspend"
    assert env.col.next_card(START) is None or env.col.next_card(START).id != card.id
    browser.run_search("is:suspended")
    assert browser.model.card_ids() == [card.id]
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    browser.run_search("is:suspended")
    assert browser.model.card_ids() == []


def test_keyboard_reaches_search_and_table(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+F focuses the search box; arrow keys move the selection and the details follow."""
    env = make_window(qtbot, tmp_path, demo=True)
    browser = env.window.open_browser()
    qtbot.waitExposed(browser)
    browser.table.setFocus()
    first = browser.details
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    assert browser.details is not None and first is not None
    assert browser.details.card_id != first.card_id


def test_is_weak_lists_the_cards_the_card_check_flags(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing ``is:weak`` shows the cards that break a card rule: none of the demo's, then the
    one whose edited prompt gives its own answer away."""
    env = make_window(qtbot, tmp_path, demo=True)
    qtbot.keyClick(env.window, Qt.Key.Key_B)  # Tools → Browse
    browser = env.window.browser
    assert browser is not None
    browser.search_box.clear()
    qtbot.keyClicks(browser.search_box, "is:weak")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert browser.model.rowCount() == 0 and browser.status.text() == "0 cards"
    card = next(r for r in env.col.find_cards('term:"Epoch"') if r.ordinal == 1)
    env.col.edit_note(
        card.card_id,
        text="{{c1::Epoch}}<br>An Epoch is one pass over the whole training set.",
        back_extra="",
    )
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    assert [browser.model.row_at(r).term for r in range(browser.model.rowCount())] == ["Epoch"]
