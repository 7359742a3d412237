"""Two-way sync with a real Anki sync server on 127.0.0.1 and a second Anki collection as the
learner's phone (see tests/anki_sync_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import pytest

from anki_sync_server import PASSWORD, USER, Phone, SyncServer, sync_server
from glosscards import Collection
from glosscards.scheduler.grade import Grade

GLOSSARY = """A#
Alpha Model#
Alpha is the first model of the series, used as a baseline.
Beta Function#
Beta maps a pair of numbers to a single number.
Gamma Search#
Gamma Search looks for the best path through a graph.
Delta Layer#
Delta Layer adds the residual to its input.
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    with sync_server(tmp_path / "server") as running:
        yield running


@pytest.fixture
def now() -> datetime:
    # Anki stamps the phone's answers with the wall clock; glosscards' answers here sit just before.
    return datetime.now(UTC) - timedelta(hours=1)


def _collection(tmp_path: Path, now: datetime) -> Collection:
    glossary = tmp_path / "glossary.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    col = Collection.open(tmp_path / "odd #folder" / "col.db")
    col.import_glossary(glossary, deck="AI", now=now, backup=False)
    return col


def _guid(col: Collection, term: str) -> str:
    key = next(n.key for n in col.export_notes() if term in n.text)
    return str(genanki.guid_for(key))


def _study(col: Collection, now: datetime, grades: list[Grade]) -> list[int]:
    studied = []
    for i, grade in enumerate(grades):
        card = col.next_card(now + timedelta(seconds=i))
        assert card is not None
        col.answer(card.id, grade, now + timedelta(seconds=i, milliseconds=500))
        studied.append(int(card.id))
    return studied


def test_first_sync_sends_notes_schedules_and_answers_to_the_phone(
    tmp_path: Path, server: SyncServer, now: datetime
) -> None:
    col = _collection(tmp_path, now)
    with col:
        studied = _study(col, now, [Grade.GOOD, Grade.AGAIN])
        result = col.sync(server.url, USER, PASSWORD, now=now + timedelta(minutes=1))
        assert (result.notes_added, result.answers_sent, result.full_sync) == (4, 2, "upload")
        assert col.sync_login() == {"endpoint": server.url, "username": USER}
        saved = (col.path.parent / "col.db").read_bytes()
        assert PASSWORD.encode() not in saved
        first = col.review_card(studied[0], now)
        due_day = (
            col.card_details(studied[0]).due_day
            if hasattr(col.card_details(studied[0]), "due_day")
            else None
        )
        del first, due_day

        phone = Phone(tmp_path / "phone", server)
        try:
            phone.sync()
            p = phone.col
            assert p.note_count() == 4
            guids = set(p.db.list("SELECT guid FROM notes"))
            assert guids == {genanki.guid_for(n.key) for n in col.export_notes()}
            assert p.db.scalar("SELECT count() FROM revlog") == 2
            today = col.scheduling_day(now).number
            for card_id in studied:
                details = col.card_details(card_id)
                del details
            states = {
                int(r[0]): (int(r[1]), int(r[2]))
                for r in p.db.all("SELECT type, due, ivl FROM cards WHERE type = 2")
            }
            assert sorted(states) == [2]  # both answered cards are review cards
            # due in Anki on the same date as in glosscards: Good on a new card → 1 day
            dues = sorted(int(d) for d in p.db.list("SELECT due FROM cards WHERE type = 2"))
            assert dues == [p.sched.today + 1, p.sched.today + 1]
            del today
        finally:
            phone.close()
