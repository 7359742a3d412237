"""Two-way sync with a real Anki sync server on 127.0.0.1 and a second Anki collection as the
learner's phone (see tests/anki_sync_server.py). Nothing leaves the machine."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import genanki
import pytest

from anki_sync_server import PASSWORD, USER, Phone, SyncServer, free_port, sync_server
from four_terms import FOUR_TERMS, UPDATED
from glosscards import Collection, SyncFailedError
from glosscards.anki_mirror import Mirror, mirror_path
from glosscards.browse import BrowseRow
from glosscards.cli import main
from glosscards.scheduler.day import day_number_of
from glosscards.scheduler.grade import Grade

GLOSSARY = FOUR_TERMS


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    with sync_server(tmp_path / "server") as running:
        yield running


@pytest.fixture
def now() -> datetime:
    # The phone (Anki) stamps its answers with the wall clock: glosscards' answers come just before.
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


@pytest.fixture
def col(tmp_path: Path, now: datetime) -> Iterator[Collection]:
    glossary = tmp_path / "glossary.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    with Collection.open(tmp_path / "odd #folder" / "col.db") as opened:
        opened.import_glossary(glossary, deck="AI", now=now, backup=False)
        yield opened


@pytest.fixture
def phone(tmp_path: Path, server: SyncServer) -> Iterator[Phone]:
    device = Phone(tmp_path / "phone", server)
    try:
        yield device
    finally:
        device.close()


def _guid_of_card(col: Collection, card_id: int) -> str:
    term = col.card_details(card_id)
    key = next(n.key for n in col.export_notes(include_retired=True) if term.term in n.text)
    return str(genanki.guid_for(key))


def _card_of(col: Collection, term: str) -> int:
    return int(next(r.card_id for r in col.find_cards(f'"{term}"') if r.ordinal == 1))


def _study(col: Collection, now: datetime, grades: list[Grade]) -> list[int]:
    studied = []
    for i, grade in enumerate(grades):
        card = col.next_card(now + timedelta(seconds=i))
        assert card is not None
        col.answer(card.id, grade, now + timedelta(seconds=i, milliseconds=500))
        studied.append(int(card.id))
    return studied


def _phone_card(phone: Phone, guid: str, ordinal: int = 1) -> tuple[int, int, int, int]:
    """The phone's (type, queue, due, ivl) of one card."""
    row = phone.col.db.first(
        "SELECT c.type, c.queue, c.due, c.ivl FROM cards c JOIN notes n ON n.id = c.nid"
        " WHERE n.guid = ? AND c.ord = ?",
        guid,
        ordinal - 1,
    )
    return tuple(int(v) for v in row)  # type: ignore[return-value]


def _phone_due_in_days(phone: Phone, guid: str) -> int:
    kind, _queue, due, _ivl = _phone_card(phone, guid)
    assert kind == 2, "a review card"
    return due - int(phone.col.sched.today)


def _row(col: Collection, card_id: int) -> BrowseRow:
    return next(r for r in col.find_cards("") if r.card_id == card_id)


def _due_in_days(col: Collection, card_id: int) -> int:
    """Days from today until the card is due, in glosscards."""
    due_day = _row(col, card_id).due_day
    assert due_day is not None
    return due_day - col.scheduling_day(datetime.now(UTC)).number


def test_first_sync_sends_notes_schedules_and_answers(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    studied = _study(col, now, [Grade.GOOD, Grade.AGAIN])
    result = col.sync(server.url, USER, PASSWORD, now=now + timedelta(minutes=1))
    assert (result.notes_added, result.answers_sent, result.answers_received) == (4, 2, 0)
    assert result.full_sync == "upload"
    assert col.sync_login() == {"endpoint": server.url, "username": USER}
    assert PASSWORD.encode() not in col.path.read_bytes(), "the password is never kept"

    phone.sync()
    assert phone.col.note_count() == 4
    guids = set(phone.col.db.list("SELECT guid FROM notes"))
    assert guids == {genanki.guid_for(n.key) for n in col.export_notes()}
    assert phone.col.db.scalar("SELECT count() FROM revlog") == 2
    for card_id in studied:  # due on the phone on the same date as in glosscards
        assert _phone_due_in_days(phone, _guid_of_card(col, card_id)) == _due_in_days(col, card_id)

    again = col.sync(now=now + timedelta(minutes=2))  # the kept login: no password
    assert (again.notes_added, again.notes_updated, again.answers_sent) == (0, 0, 0)
    assert (again.answers_received, again.full_sync) == (0, None)


def test_answers_made_on_the_phone_come_home_and_reschedule(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    [mine] = _study(col, now, [Grade.GOOD])
    col.sync(server.url, USER, PASSWORD, now=now)
    phone.sync()
    theirs = _card_of(col, "Gamma Search")
    guid = _guid_of_card(col, theirs)
    phone.answer(guid, 1, 3)  # Good on a new card: Anki's learning step
    phone.sync()

    result = col.sync(now=datetime.now(UTC))
    assert (result.answers_received, result.cards_rescheduled, result.conflicts) == (1, 1, 0)
    [answer] = col.history(theirs)
    assert (answer.grade, answer.quality) == (3, 4), "Anki's Good is glosscards' Good"
    # the state is SM-2's for that answer: a new card answered Good is due in one day
    assert _due_in_days(col, theirs) == 1
    assert len(col.history(mine)) == 1, "nothing doubled"

    phone.sync()  # the phone now shows glosscards' schedule for the card
    assert _phone_due_in_days(phone, guid) == 1
    assert phone.col.db.scalar("SELECT count() FROM revlog") == 2

    quiet = col.sync(now=datetime.now(UTC))
    assert (quiet.answers_sent, quiet.answers_received, quiet.cards_rescheduled) == (0, 0, 0)


def test_a_card_answered_on_both_sides_keeps_both_answers_in_time_order(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    card_id = _card_of(col, "Alpha Model")
    yesterday = now - timedelta(days=1)  # another scheduling day than the phone's answer
    col.sync(server.url, USER, PASSWORD, now=yesterday)
    phone.sync()
    guid = _guid_of_card(col, card_id)
    col.answer(card_id, Grade.GOOD, yesterday + timedelta(minutes=5))  # first, here
    phone.answer(guid, 1, 1)  # later, on the phone: Again
    phone.sync()

    result = col.sync(now=datetime.now(UTC))
    assert (result.answers_sent, result.answers_received, result.conflicts) == (1, 1, 1)
    history = col.history(card_id)
    assert [h.grade for h in history] == [3, 1]
    assert history[0].reviewed_at < history[1].reviewed_at
    assert _row(col, card_id).lapses == 1, "Good then Again: SM-2 counts a lapse"
    phone.sync()
    assert phone.col.db.scalar("SELECT count() FROM revlog") == 2


def test_a_glossary_update_reaches_the_phone_in_place(
    tmp_path: Path, col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    col.sync(server.url, USER, PASSWORD, now=now)
    phone.sync()
    dropped = _guid_of_card(col, _card_of(col, "Delta Layer"))
    phone.answer(dropped, 1, 3)
    phone.sync()
    col.sync(now=now + timedelta(minutes=1))

    update = tmp_path / "glossary (1).txt"  # the browser's name for the re-download
    update.write_text(UPDATED, encoding="utf-8")
    report = col.import_glossary(update, now=now + timedelta(minutes=2), backup=False)
    assert (report.changed, report.added, report.removed) == (
        ["Alpha Model", "Beta Function"],
        ["Epsilon Rate"],
        ["Delta Layer"],
    )
    result = col.sync(now=now + timedelta(minutes=3))
    assert (result.notes_added, result.notes_retired) == (1, 1)
    phone.sync()
    notes = {
        g: (flds, tags) for g, flds, tags in phone.col.db.all("SELECT guid, flds, tags FROM notes")
    }
    assert len(notes) == 5, "updated in place: no duplicates"
    alpha = _guid_of_card(col, _card_of(col, "Alpha Model"))
    assert "reference baseline" in notes[alpha][0]
    assert "glosscards::retired" in notes[dropped][1].split()
    beta = _guid_of_card(col, _card_of(col, "Beta Function"))
    assert _phone_card(phone, beta, 2)[0] == 0, "the acronym's card is there, new"
    assert _phone_card(phone, dropped)[1] == -1, "retired: suspended on the phone"
    assert (
        phone.col.db.scalar(
            "SELECT count() FROM revlog r JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid"
            " WHERE n.guid = ?",
            dropped,
        )
        == 1
    ), "the phone's history of the retired card is kept"


def test_undo_does_not_reach_across_a_sync(
    col: Collection, server: SyncServer, now: datetime
) -> None:
    [card_id] = _study(col, now, [Grade.GOOD])
    col.sync(server.url, USER, PASSWORD, now=now + timedelta(minutes=1))
    assert col.undo(now + timedelta(minutes=1)) is None
    assert len(col.history(card_id)) == 1
    [later] = _study(col, now + timedelta(minutes=2), [Grade.GOOD])
    undone = col.undo(now + timedelta(minutes=2))
    assert undone is not None and undone.card_id == later


def test_a_wrong_password_is_refused_in_one_line_and_nothing_is_kept(
    col: Collection, server: SyncServer, now: datetime
) -> None:
    with pytest.raises(SyncFailedError, match="refused the user name or password") as caught:
        col.sync(server.url, USER, "wrong", now=now)
    assert "\n" not in str(caught.value) and server.url in str(caught.value)
    assert col.sync_login() == {}
    assert not mirror_path(col.path).parent.exists(), "nothing made for a sync that failed"
    with pytest.raises(SyncFailedError, match="not logged in"):
        col.sync(now=now)
    assert not mirror_path(col.path).parent.exists()


def test_no_server_there_says_so_and_the_next_sync_completes(
    col: Collection, tmp_path: Path, now: datetime
) -> None:
    _study(col, now, [Grade.GOOD])
    nobody = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(SyncFailedError, match="could not reach the sync server"):
        col.sync(nobody, USER, PASSWORD, now=now)
    with sync_server(tmp_path / "later") as running:
        result = col.sync(running.url, USER, PASSWORD, now=now)
        assert (result.notes_added, result.answers_sent) == (4, 1)


class _Broken(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"internal error")

    def log_message(self, *_args: object) -> None:
        pass


def test_a_server_answering_an_error_is_reported(col: Collection, now: datetime) -> None:
    broken = http.server.HTTPServer(("127.0.0.1", 0), _Broken)
    thread = threading.Thread(target=broken.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{broken.server_address[1]}/"
        with pytest.raises(SyncFailedError) as caught:
            col.sync(url, USER, PASSWORD, now=now)
        assert url in str(caught.value) and "\n" not in str(caught.value)
    finally:
        broken.shutdown()
        broken.server_close()


def test_joining_a_phone_that_already_has_decks_keeps_them_and_doubles_nothing(
    tmp_path: Path, col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    """The learner's Anki already holds other decks and an earlier export with progress."""
    studied = _study(col, now, [Grade.GOOD, Grade.HARD])
    exported = col.export_apkg(tmp_path / "AI Glossary.apkg", with_progress=True)
    from conftest import anki_import

    anki_import(phone.col, exported.path, with_scheduling=True)
    basic = phone.col.models.by_name("Basic")
    own = phone.col.new_note(basic)
    own["Front"], own["Back"] = "die Katze", "the cat"
    phone.col.add_note(own, phone.col.decks.id("German"))
    phone.sync()  # the phone's collection is on the server first
    assert phone.col.note_count() == 5

    result = col.sync(server.url, USER, PASSWORD, now=now + timedelta(minutes=1))
    assert result.full_sync == "download", "the server's collection is kept, not overwritten"
    assert (result.notes_added, result.answers_sent, result.answers_received) == (0, 0, 0)
    for card_id in studied:
        assert len(col.history(card_id)) == 1, "the exported answers are recognised, not doubled"

    phone.sync()
    assert phone.col.note_count() == 5
    assert phone.col.find_notes('"deck:German"') == [own.id]
    assert phone.col.db.scalar("SELECT count() FROM revlog") == 2
    col.answer(_card_of(col, "Gamma Search"), Grade.GOOD, now + timedelta(minutes=2))
    later = col.sync(now=now + timedelta(minutes=3))
    assert (later.answers_sent, later.full_sync) == (1, None)
    phone.sync()
    assert phone.col.db.scalar("SELECT count() FROM revlog") == 3


def test_a_renamed_deck_moves_its_cards_on_the_phone(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    col.sync(server.url, USER, PASSWORD, now=now)
    col.rename_deck("AI", "Machine Learning")
    col.sync(now=now + timedelta(minutes=1))
    phone.sync()
    moved = phone.col.find_cards('"deck:Machine Learning"')
    assert len(moved) == phone.col.card_count() == 4


def test_the_sync_command_logs_in_with_the_environment_password(
    col: Collection, server: SyncServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = col.path
    col.close()
    missing = path.with_name("nothing here.db")
    assert main(["--collection", str(missing), "sync", "--server", server.url]) == 2
    assert "import a glossary first" in capsys.readouterr().err
    assert not missing.exists() and not mirror_path(missing).parent.exists()
    base = ["--collection", str(path), "sync"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    assert main([*base, "--server", server.url, "--username", USER]) == 2
    err = capsys.readouterr().err.strip()
    assert "GLOSSCARDS_SYNC_PASSWORD" in err and "\n" not in err

    monkeypatch.setenv("GLOSSCARDS_SYNC_PASSWORD", "wrong")
    assert main([*base, "--server", server.url, "--username", USER]) == 2
    assert "refused the user name or password" in capsys.readouterr().err

    monkeypatch.setenv("GLOSSCARDS_SYNC_PASSWORD", PASSWORD)
    assert main([*base, "--server", server.url, "--username", USER]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Synced with {server.url}: 4 new notes; 0 answers sent, 0 received")

    monkeypatch.delenv("GLOSSCARDS_SYNC_PASSWORD")
    assert main([*base, "--json"]) == 0, "the kept login needs no password"
    moved = json.loads(capsys.readouterr().out)
    assert (moved["notes_added"], moved["answers_received"]) == (0, 0)


def test_an_edit_made_on_the_phone_gets_the_glossarys_text_back_and_says_so(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    col.sync(server.url, USER, PASSWORD, now=now)
    phone.sync()
    guid = _guid_of_card(col, _card_of(col, "Gamma Search"))
    note = phone.col.get_note(phone.col.db.scalar("SELECT id FROM notes WHERE guid = ?", guid))
    ours = note["Text"]
    note["Text"] = ours + " (my phone's note)"
    phone.col.update_note(note)
    phone.sync()

    result = col.sync(now=now + timedelta(minutes=1))
    assert result.edits_replaced == 1
    assert "1 note edited in Anki got the glossary's text back" in result.summary()
    phone.sync()
    assert phone.col.get_note(note.id)["Text"] == ours


def test_anki_learning_steps_on_the_phone_are_one_sm2_repetition(
    col: Collection, server: SyncServer, phone: Phone, now: datetime
) -> None:
    col.sync(server.url, USER, PASSWORD, now=now)
    phone.sync()
    card_id = _card_of(col, "Beta Function")
    guid = _guid_of_card(col, card_id)
    phone.answer(guid, 1, 3)
    phone.answer(guid, 1, 3)  # Good, Good: Anki graduates the card at one day
    phone.sync()
    result = col.sync(now=datetime.now(UTC))
    assert result.answers_received == 2
    assert _due_in_days(col, card_id) == 1, "SM-2's first interval, not its second (6 days)"
    assert [h.redrill for h in col.history(card_id)] == [False, True]


def test_deleting_a_synced_deck_works_and_new_answers_stay_undoable(
    tmp_path: Path, col: Collection, server: SyncServer, now: datetime
) -> None:
    _study(col, now, [Grade.GOOD])
    col.sync(server.url, USER, PASSWORD, now=now)
    other = tmp_path / "other.txt"
    other.write_text("Zeta Term#\nZeta is the last letter here.\n", encoding="utf-8")
    col.import_glossary(other, new_deck=True, now=now, backup=False)
    deletion = col.delete_deck("AI", now=now + timedelta(minutes=1))
    assert deletion.answers == 1
    [card_id] = _study(col, now + timedelta(minutes=2), [Grade.GOOD])
    undone = col.undo(now + timedelta(minutes=2))
    assert undone is not None and undone.card_id == card_id


def test_undo_after_a_failed_sync_does_not_take_back_what_the_mirror_holds(
    col: Collection, tmp_path: Path, now: datetime
) -> None:
    with sync_server(tmp_path / "first") as running:
        col.sync(running.url, USER, PASSWORD, now=now)
    [card_id] = _study(col, now + timedelta(minutes=1), [Grade.GOOD])
    with pytest.raises(SyncFailedError, match="could not reach"):
        col.sync(now=now + timedelta(minutes=2))  # the server is gone
    assert col.undo(now + timedelta(minutes=2)) is None
    assert len(col.history(card_id)) == 1


def test_anki_counts_days_from_its_creation_date_where_it_was_made(tmp_path: Path) -> None:
    """A phone's collection made in Auckland: day 0 is that date there, not in glosscards' zone."""
    mirror = Mirror(tmp_path / "m" / "collection.anki2")
    try:
        made = datetime(2025, 3, 1, 4, tzinfo=ZoneInfo("Pacific/Auckland"))  # 2025-02-28 15:00 UTC
        mirror.col.crt = int(made.timestamp())
        mirror.col.set_config("creationOffset", -13 * 60)  # minutes west of UTC, as JavaScript
        assert mirror.day_zero(UTC) == day_number_of(date(2025, 3, 1))
        mirror.col.remove_config("creationOffset")
        assert mirror.day_zero(UTC) == day_number_of(date(2025, 2, 28)), "else glosscards' zone"
    finally:
        mirror.close()
