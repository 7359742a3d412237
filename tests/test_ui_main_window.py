"""The main window's menus: backups, restoring one, statistics, and the pure card-HTML helpers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from glosscards import Grade
from glosscards.paths import backups_dir
from glosscards.ui.card_html import link_see_also, term_from_url, term_url
from glosscards.ui.formatting import describe_error, format_duration, format_when
from test_ui_helpers import make_window


def test_back_up_now_writes_a_backup_beside_the_collection(qtbot: QtBot, tmp_path: Path) -> None:
    """File → Back up now copies the collection into backups/ and says where."""
    env = make_window(qtbot, tmp_path, demo=True)
    before = set(backups_dir(env.col.path).glob("*.db"))  # the import made one already
    env.window.backup_action.trigger()
    made = set(backups_dir(env.col.path).glob("*.db")) - before
    assert len(made) == 1
    assert str(made.pop()) in env.window.statusBar().currentMessage()


def test_open_backup_restores_the_chosen_state(qtbot: QtBot, tmp_path: Path) -> None:
    """Open backup… asks for a file in backups/, confirms, and the collection returns to it."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.clock.advance(minutes=1)
    backup = env.window.back_up()
    assert backup is not None
    card = env.col.next_card(env.clock.now)
    assert card is not None
    env.col.answer(card.id, Grade.GOOD, env.clock.now)
    env.dialogs.open_paths.append(backup)
    env.clock.advance(minutes=1)
    assert env.window.open_backup()
    assert env.dialogs.asked[0] == f"open:{backups_dir(env.col.path)}"
    assert env.col.history(card.id) == []
    assert env.window.pages.currentWidget() is env.window.deck_page
    env.window.study(None)
    assert env.window.reviewer.current is not None


def test_open_backup_cancelled_or_refused_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    """Cancelling the file dialog or the confirmation keeps the collection as it is."""
    env = make_window(qtbot, tmp_path, demo=True)
    assert not env.window.open_backup()
    env.dialogs.open_paths.append(tmp_path / "whatever.db")
    env.dialogs.confirm_answer = False
    assert not env.window.open_backup()
    assert env.col.decks()


def test_a_bad_backup_is_reported_and_the_collection_reopens(qtbot: QtBot, tmp_path: Path) -> None:
    """A file that is not a backup is named in an error; the collection stays usable."""
    env = make_window(qtbot, tmp_path, demo=True)
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database", encoding="utf-8")
    env.dialogs.open_paths.append(bogus)
    assert not env.window.open_backup()
    assert env.dialogs.errors and "bogus.db" in env.dialogs.errors[0][1]
    assert env.col.decks()


def test_statistics_opens_and_a_hardest_term_opens_the_browser(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Tools → Statistics shows the window; activating a term there browses it."""
    env = make_window(qtbot, tmp_path, demo=True)
    env.window.stats_action.trigger()
    stats = env.window.stats
    assert stats is not None and stats.isVisible()
    stats.term_activated.emit("Epoch")
    browser = env.window.browser
    assert browser is not None and browser.isVisible()
    assert browser.search_box.text() == 'term:"Epoch"'
    assert browser.model.rowCount() >= 1


def test_link_see_also_links_known_names_only() -> None:
    """Names with an entry become term: links; others stay text; missing ones are appended."""
    html = (
        'x<hr id=answer>\n<div class="see-also">See also:<ul><li>Epoch</li>'
        '<li class="no-entry">Mini-Batch</li><li>A &amp; B</li></ul></div>'
    )
    linked = link_see_also(html, ["Epoch", "A & B", "Loss Function"])
    assert '<a href="term:Epoch">Epoch</a>' in linked
    assert '<li class="no-entry">Mini-Batch</li>' in linked
    assert '<a href="term:A%20%26%20B">A &amp; B</a>' in linked
    assert linked.count('class="see-also"') == 2 and "Loss%20Function" in linked
    assert link_see_also(html, []) == html


@pytest.mark.parametrize("name", ["Epoch", "A & B", "50% off", "C++/CLI", "Ünïcode"])
def test_term_urls_round_trip(name: str) -> None:
    """A term survives the trip through its link."""
    assert term_from_url(term_url(name)) == name
    assert term_from_url("https://example.org") is None


@pytest.mark.parametrize(
    ("ms", "text"), [(0, "0s"), (59_999, "59s"), (65_000, "1m 05s"), (3_720_000, "1h 02m")]
)
def test_format_duration(ms: int, text: str) -> None:
    """Study time reads as seconds, minutes or hours."""
    assert format_duration(ms) == text


def test_format_when_and_errors() -> None:
    """Relative times for the summary, and error text that names the file."""
    from datetime import UTC, datetime

    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert format_when(now, now, UTC) == "now"
    assert format_when(now + timedelta(hours=2), now, UTC).startswith("in 2h")
    assert format_when(now + timedelta(hours=16), now, UTC) == "tomorrow at 04:00"
    assert "in 10 days" in format_when(now + timedelta(days=10), now, UTC)
    error = FileNotFoundError(2, "No such file or directory", "/x/y.txt")
    assert describe_error(error) == "/x/y.txt: No such file or directory"


def test_the_title_names_the_collection_once_and_the_app_once(qtbot: QtBot, tmp_path: Path) -> None:
    """Qt appends the display name ("— glosscards") on X11 and Windows; the title itself is the
    collection's name, so the window reads "collection.db — glosscards" (seen under Xvfb)."""
    env = make_window(qtbot, tmp_path)
    assert env.window.windowTitle() == env.col.path.name
