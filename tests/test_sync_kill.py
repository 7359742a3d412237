"""A sync killed with SIGKILL — at each phase, just after each step that writes, or from outside
at a moment of the parent's choosing — is completed by the next sync: every answer from both
sides ends up exactly once in glosscards' history and exactly once in the phone's ``revlog``,
the collection passes ``glosscards check``, and a sync after that moves nothing.

The sync runs in a child process (tests/sync_child.py) against a real Anki sync server and a
phone (tests/anki_sync_server.py). Nothing here reads a timer for an assertion: a kill from the
parent lands wherever it lands, and what is checked holds for every landing place.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import genanki
import pytest

from anki_sync_server import PASSWORD, USER, Phone, SyncServer, sync_server
from four_terms import FOUR_TERMS
from glosscards import Collection
from glosscards.anki_mirror import mirror_path
from glosscards.cli import main as glosscards_main
from glosscards.errors import SyncFailedError
from glosscards.scheduler.grade import Grade
from glosscards.storage.sync_store import SyncStore

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("sync_child.py")

GLOSSARY = (
    FOUR_TERMS
    + "Epsilon Rate#\nEpsilon Rate is how much each step changes the weights.\n"
    + "Zeta Token#\nZeta Token is the smallest piece of text a model reads.\n"
)

STEADY_PHASES = [
    "bringing answers home",
    "updating the Anki mirror",
    "syncing with the server",
    "bringing answers home",
    "updating the Anki mirror",
    "syncing with the server",
]
"""A sync that brings the phone's answers home and sends glosscards' own: it pushes and syncs
again after the pull rescheduled cards. The kill tests count on these (the first test checks)."""

FIRST_PHASES = [
    "bringing answers home",
    "syncing with the server",
    "updating the Anki mirror",
    "syncing with the server",
    "uploading to the server",
]
"""The first sync of a collection, to an empty server: a full upload (which brings nothing
back, so there is nothing more to pull or push)."""

REMIRROR_PHASES = [
    "bringing answers home",
    "syncing with the server",
    "downloading from the server",
    "bringing answers home",
    "updating the Anki mirror",
    "syncing with the server",
]
"""A sync that makes a new mirror while the server has a collection: it downloads that first."""

MS_SLACK = 1
"""A revlog id is an answer's time in ms, bumped by one when two answers share a millisecond."""


@dataclass
class World:
    """The collection, the server, the phone, and every answer either side has made."""

    tmp: Path
    server: SyncServer
    path: Path
    clock: datetime
    phone: Phone | None = None
    cards: dict[int, tuple[str, int]] = field(default_factory=dict)
    """glosscards card id → (note GUID, cloze ordinal)."""
    answers: dict[int, list[int]] = field(default_factory=dict)
    """glosscards card id → the times (ms) of its answers, both sides'."""

    def tick(self, minutes: int = 1) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    def answer_here(self, col: Collection, index: int, grade: Grade) -> None:
        """Answer the ``index``-th card (by id) in glosscards."""
        card_id = sorted(self.cards)[index]
        moment = self.tick()
        col.answer(card_id, grade, moment, duration_ms=3000)
        self.answers[card_id].append(int(moment.timestamp() * 1000))

    def answer_on_phone(self, index: int, ease: int) -> None:
        assert self.phone is not None
        card_id = sorted(self.cards)[index]
        guid, ordinal = self.cards[card_id]
        anki_card = self.phone.answer(guid, ordinal, ease)
        revlog_id = self.phone.col.db.scalar("SELECT max(id) FROM revlog WHERE cid = ?", anki_card)
        self.answers[card_id].append(int(revlog_id))

    def join_phone(self) -> Phone:
        self.phone = Phone(self.tmp / "phone", self.server)
        self.phone.sync()
        return self.phone

    def sync_here(self, col: Collection, *, login: bool = False) -> Any:
        if login:
            return col.sync(self.server.url, USER, PASSWORD, now=self.tick())
        return col.sync(now=self.tick())


@contextmanager
def world(tmp_path: Path) -> Iterator[World]:
    with sync_server(tmp_path / "server") as server:
        glossary = tmp_path / "glossary.txt"
        glossary.write_text(GLOSSARY, encoding="utf-8")
        path = tmp_path / "glosscards" / "col.db"
        # Anki stamps the phone's answers with the wall clock; glosscards' sit an hour before.
        w = World(tmp_path, server, path, datetime.now(UTC) - timedelta(hours=1))
        with Collection.open(path) as col:
            col.review_backup_interval = None
            col.import_glossary(glossary, deck="AI", now=w.clock, backup=False)
            for (key, ordinal), card_id in SyncStore(col._db).cards_by_key().items():
                w.cards[card_id] = (str(genanki.guid_for(key)), ordinal)
                w.answers[card_id] = []
        assert len(w.cards) == 6
        try:
            yield w
        finally:
            if w.phone is not None:
                w.phone.close()


@contextmanager
def opened(w: World) -> Iterator[Collection]:
    with Collection.open(w.path) as col:
        col.review_backup_interval = None
        yield col


def steady_world(w: World) -> None:
    """glosscards synced once; the phone downloaded, answered and synced; glosscards answered
    more. The next sync brings the phone's answers home and sends glosscards' new ones."""
    with opened(w) as col:
        w.answer_here(col, 0, Grade.GOOD)
        w.answer_here(col, 1, Grade.AGAIN)
        w.sync_here(col, login=True)
    w.join_phone()
    w.answer_on_phone(1, 3)  # answered on both sides, synced in between
    w.answer_on_phone(2, 3)  # answered on both sides since they last met
    w.answer_on_phone(3, 2)
    assert w.phone is not None
    w.phone.sync()
    with opened(w) as col:
        w.answer_here(col, 2, Grade.HARD)
        w.answer_here(col, 4, Grade.GOOD)


def remirror_world(w: World) -> None:
    """The steady world synced to the end, then more answers on both sides, and the mirror
    gone (set aside as damaged, or the collection copied to another computer without it): the
    next sync makes a mirror, downloads the server's collection into it and goes on from there."""
    steady_world(w)
    assert w.phone is not None
    with opened(w) as col:
        w.sync_here(col)
    w.phone.sync()
    w.answer_on_phone(4, 3)
    w.phone.sync()
    with opened(w) as col:
        w.answer_here(col, 3, Grade.GOOD)
    shutil.rmtree(mirror_path(w.path).parent)


def first_world(w: World) -> None:
    """glosscards has studied but never synced; the server is empty."""
    with opened(w) as col:
        w.answer_here(col, 0, Grade.GOOD)
        w.answer_here(col, 1, Grade.AGAIN)


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    phases: list[str]
    result: dict[str, Any] | None
    output: str


def child_command(
    w: World, *extra: str, login: bool = False, server_url: str | None = None
) -> list[str]:
    """The child's command line; ``login`` (or a ``server_url``) logs in with the password."""
    command = [sys.executable, str(CHILD), str(w.path), "--now", w.tick().isoformat()]
    if login or server_url:
        url = server_url or w.server.url
        command += ["--server", url, "--username", USER, "--password", PASSWORD]
    return [*command, *extra]


def finished(process: subprocess.Popen[str], lines: list[str]) -> ChildRun:
    rest, errors = process.communicate()
    lines.extend(rest.splitlines())
    returncode = process.returncode
    phases = [line.removeprefix("phase ") for line in lines if line.startswith("phase ")]
    results = [json.loads(line.removeprefix("result ")) for line in lines if line.startswith("result ")]  # fmt: skip
    output = "\n".join(lines) + "\n" + errors
    assert returncode in (0, -signal.SIGKILL), f"the sync failed:\n{output}"
    return ChildRun(returncode, phases, results[0] if results else None, output)


def start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_child(w: World, *extra: str, login: bool = False) -> ChildRun:
    with start(child_command(w, *extra, login=login)) as process:
        return finished(process, [])


class SyncProxy:
    """Anki's sync requests, passed on to the server — except the ``nth`` request to
    ``/sync/<method>``: ``"kill"`` lets the server answer it (whatever the server commits, it
    has committed) and then SIGKILLs the syncing child before the answer reaches it; ``"cut"``
    drops the connection before the server sees it (the client gets a network error). Every
    request after that is passed on, so the next sync can go through the same address."""

    def __init__(self, server: SyncServer, method: str, nth: int, action: str) -> None:
        self.server = server
        self.target = f"/sync/{method}"
        self.nth = nth
        self.action = action
        self.seen = 0
        self.fired = threading.Event()
        self.victim: int | None = None
        self.armed = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                proxy.handle(self)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def aim_at(self, pid: int) -> None:
        self.victim = pid
        self.armed.set()

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        body = _request_body(request)
        hit = False
        if request.path == self.target and not self.fired.is_set():
            self.seen += 1
            hit = self.seen == self.nth
        if hit and self.action == "cut":
            self.fired.set()
            request.close_connection = True
            return
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("host", "transfer-encoding", "content-length", "connection")
        }
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.port)
        try:
            upstream.request("POST", request.path, body, headers)
            response = upstream.getresponse()
            data = response.read()
        finally:
            upstream.close()
        if hit:  # the server has answered: the client never hears it
            self.armed.wait()
            assert self.victim is not None
            os.kill(self.victim, signal.SIGKILL)
            self.fired.set()
            request.close_connection = True
            return
        request.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "content-length", "connection", "date"):
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


def _request_body(request: http.server.BaseHTTPRequestHandler) -> bytes:
    """The request's body; Anki's client sends it in chunks."""
    if request.headers.get("Transfer-Encoding", "").lower() != "chunked":
        return request.rfile.read(int(request.headers.get("Content-Length", 0)))
    parts: list[bytes] = []
    while True:
        size = int(request.rfile.readline().split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while request.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        parts.append(request.rfile.read(size))
        request.rfile.readline()


@contextmanager
def sync_proxy(server: SyncServer, method: str, nth: int, action: str) -> Iterator[SyncProxy]:
    proxy = SyncProxy(server, method, nth, action)
    proxy.thread.start()
    try:
        yield proxy
    finally:
        proxy.armed.set()
        proxy.httpd.shutdown()
        proxy.httpd.server_close()


def kill_in_exchange(w: World, proxy: SyncProxy) -> ChildRun:
    """Run the sync through ``proxy``, which kills it at its request (see :class:`SyncProxy`)."""
    with start(child_command(w, server_url=proxy.url)) as process:
        proxy.aim_at(process.pid)
        return finished(process, [])


def kill_from_outside(w: World, phase: int, delay_s: float, *, login: bool = False) -> ChildRun:
    """Start the sync and SIGKILL it ``delay_s`` after it announces its ``phase``-th phase (0:
    after it starts). Where that lands depends on the machine: every landing place must do."""
    with start(child_command(w, login=login)) as process:
        assert process.stdout is not None
        lines: list[str] = []
        seen = 0
        while seen < phase:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            seen += line.startswith("phase ")
        time.sleep(delay_s)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        return finished(process, lines)


def history_times(col: Collection, card_id: int) -> list[int]:
    return sorted(int(r.reviewed_at.timestamp() * 1000) for r in col.history(card_id))


def phone_times(phone: Phone, guid: str, ordinal: int) -> list[int]:
    return sorted(
        int(v)
        for v in phone.col.db.list(
            "SELECT r.id FROM revlog r JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid"
            " WHERE n.guid = ? AND c.ord = ?",
            guid,
            ordinal - 1,
        )
    )


def same_answers(found: list[int], wanted: list[int]) -> bool:
    """The same answers, each once: equal counts and times within :data:`MS_SLACK`."""
    ordered = sorted(wanted)
    return len(found) == len(ordered) and all(
        abs(a - b) <= MS_SLACK for a, b in zip(found, ordered, strict=True)
    )


def assert_everything_once(w: World, col: Collection) -> None:
    assert w.phone is not None
    for card_id, (guid, ordinal) in sorted(w.cards.items()):
        wanted = w.answers[card_id]
        here = history_times(col, card_id)
        there = phone_times(w.phone, guid, ordinal)
        assert same_answers(here, wanted), f"card {card_id} in glosscards: {here} != {wanted}"
        assert same_answers(there, wanted), f"card {card_id} on the phone: {there} != {wanted}"
    total = sum(len(times) for times in w.answers.values())
    assert w.phone.col.db.scalar("SELECT count() FROM revlog") == total
    assert col._db.value("SELECT count() FROM review_log") == total


def assert_collection_checks(w: World, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert glosscards_main(["--collection", str(w.path), "check"]) == 0
    assert ": ok" in capsys.readouterr().out


def assert_settled(w: World, capsys: pytest.CaptureFixture[str]) -> None:
    """What every test ends with: both sides hold every answer once, and nothing moves."""
    assert w.phone is not None
    with opened(w) as col:
        assert_everything_once(w, col)
        assert col._db.integrity_problem() is None
        again = w.sync_here(col)
        assert (again.answers_sent, again.answers_received) == (0, 0), again
    w.phone.sync()
    with opened(w) as col:
        assert_everything_once(w, col)
    assert_collection_checks(w, capsys)


def undo_last(w: World, col: Collection) -> None:
    """Press undo once; whatever it takes back leaves the ledger too. Undo must only take back
    an answer no other device has: one that does would come back with the next sync."""
    before = {card_id: history_times(col, card_id) for card_id in w.cards}
    undone = col.undo(w.clock)
    if undone is None:
        return
    after = history_times(col, undone.card_id)
    (gone,) = [t for t in before[undone.card_id] if t not in after]
    w.answers[undone.card_id].remove(gone)


def recover_steady(w: World, capsys: pytest.CaptureFixture[str], *, undo: bool = False) -> None:
    """After the killed sync: (undo,) study on, sync to completion, let the phone sync, check."""
    assert w.phone is not None
    with opened(w) as col:
        if undo:
            undo_last(w, col)
        w.answer_here(col, 5, Grade.GOOD)  # studied on after the crash
        w.sync_here(col)
    w.phone.sync()
    assert_settled(w, capsys)


def recover_first(w: World, capsys: pytest.CaptureFixture[str]) -> None:
    """After the killed first sync: sync to completion, then the phone joins, studies and
    syncs, and glosscards syncs again."""
    with opened(w) as col:
        w.answer_here(col, 2, Grade.GOOD)
        w.sync_here(col, login=True)
    phone = w.join_phone()
    w.answer_on_phone(1, 3)
    w.answer_on_phone(3, 4)
    phone.sync()
    with opened(w) as col:
        w.answer_here(col, 1, Grade.GOOD)
        w.sync_here(col)
    phone.sync()
    assert_settled(w, capsys)


def test_an_uninterrupted_sync_goes_through_the_phases_the_kills_count_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with world(tmp_path / "first") as w:
        first_world(w)
        run = run_child(w, login=True)
        assert run.returncode == 0, run.output
        assert run.phases == FIRST_PHASES, f"the sync changed: update FIRST_PHASES\n{run.output}"
        assert run.result is not None and run.result["full_sync"] == "upload"
    with world(tmp_path / "remirror") as w:
        remirror_world(w)
        run = run_child(w)
        assert run.returncode == 0, run.output
        assert run.phases == REMIRROR_PHASES, (
            f"the sync changed: update REMIRROR_PHASES\n{run.output}"
        )
        assert run.result is not None and run.result["full_sync"] == "download"
        assert w.phone is not None
        w.phone.sync()
        assert_settled(w, capsys)
    with world(tmp_path / "steady") as w:
        steady_world(w)
        run = run_child(w)
        assert run.returncode == 0, run.output
        assert run.phases == STEADY_PHASES, f"the sync changed: update STEADY_PHASES\n{run.output}"
        assert run.result is not None
        assert (run.result["answers_sent"], run.result["answers_received"]) == (2, 3)
        assert w.phone is not None
        w.phone.sync()
        assert_settled(w, capsys)


@pytest.mark.parametrize("phase", range(1, len(REMIRROR_PHASES) + 1))
def test_a_sync_making_a_new_mirror_killed_at_a_phase_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int
) -> None:
    with world(tmp_path) as w:
        remirror_world(w)
        run = run_child(w, "--kill-at-phase", str(phase))
        assert run.returncode == -signal.SIGKILL, run.output
        assert run.phases == REMIRROR_PHASES[:phase], run.output
        recover_steady(w, capsys)


@pytest.mark.parametrize("phase", range(1, len(STEADY_PHASES) + 1))
def test_a_sync_killed_at_a_phase_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int
) -> None:
    with world(tmp_path) as w:
        steady_world(w)
        run = run_child(w, "--kill-at-phase", str(phase))
        assert run.returncode == -signal.SIGKILL, run.output
        assert run.phases == STEADY_PHASES[:phase], run.output
        recover_steady(w, capsys)


@pytest.mark.parametrize("phase", range(1, len(FIRST_PHASES) + 1))
def test_a_first_sync_killed_at_a_phase_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int
) -> None:
    with world(tmp_path) as w:
        first_world(w)
        run = run_child(w, "--kill-at-phase", str(phase), login=True)
        assert run.returncode == -signal.SIGKILL, run.output
        assert run.phases == FIRST_PHASES[:phase], run.output
        recover_first(w, capsys)


STEADY_STEPS = [
    ("receive", 1),  # the phone's answers are home; the mirror has glosscards' new answers
    ("pair", 1),  # glosscards' new answers have revlog ids; the mirror has not the rows
    ("set_schedules", 1),
    ("add_answers", 1),  # the mirror has glosscards' answers; the server has not
    ("sync_collection", 1),  # server and mirror have exchanged: nothing is home yet
    ("set_schedules", 2),  # the second push: new due dates, not on the server yet
]
FIRST_STEPS = [
    ("sync_collection", 1),  # the fresh mirror asked the empty server
    ("pair", 1),
    ("add_answers", 1),
    ("sync_collection", 2),  # the server asked for a full upload
    ("full_upload_or_download", 1),  # uploaded: the mirror is not reopened yet
]


@pytest.mark.parametrize(("step", "nth"), STEADY_STEPS)
def test_a_sync_killed_just_after_a_step_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], step: str, nth: int
) -> None:
    with world(tmp_path) as w:
        steady_world(w)
        run = run_child(w, "--kill-after", step, "--nth", str(nth))
        assert run.returncode == -signal.SIGKILL, run.output
        assert f"killed after {step} #{nth}" in run.output
        recover_steady(w, capsys)


@pytest.mark.parametrize(("step", "nth"), FIRST_STEPS)
def test_a_first_sync_killed_just_after_a_step_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], step: str, nth: int
) -> None:
    with world(tmp_path) as w:
        first_world(w)
        run = run_child(w, "--kill-after", step, "--nth", str(nth), login=True)
        assert run.returncode == -signal.SIGKILL, run.output
        assert f"killed after {step} #{nth}" in run.output
        recover_first(w, capsys)


OUTSIDE_KILLS = [(0, 0.3), (3, 0.0), (3, 0.01), (3, 0.03), (6, 0.01)]
"""(phase announced, then seconds): mostly inside Anki's exchange with the server."""


@pytest.mark.parametrize(("phase", "delay_s"), OUTSIDE_KILLS)
def test_a_sync_killed_from_outside_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int, delay_s: float
) -> None:
    with world(tmp_path) as w:
        steady_world(w)
        kill_from_outside(w, phase, delay_s)
        recover_steady(w, capsys)


@pytest.mark.parametrize(("phase", "delay_s"), [(2, 0.01), (5, 0.0), (5, 0.01)])
def test_a_first_sync_killed_from_outside_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int, delay_s: float
) -> None:
    with world(tmp_path) as w:
        first_world(w)
        kill_from_outside(w, phase, delay_s, login=True)
        recover_first(w, capsys)


STEADY_EXCHANGE = [
    ("meta", 1),
    ("applyChanges", 1),
    ("chunk", 1),  # the server's changes (the phone's answers) are on their way to the mirror
    ("sanityCheck2", 1),
    ("finish", 1),  # the server has committed glosscards' answers; the mirror has not committed
    ("finish", 2),  # the same for the second exchange (the new due dates)
]
FIRST_EXCHANGE = [("meta", 2), ("upload", 1)]  # the server has the upload; the mirror has not heard


@pytest.mark.parametrize(("method", "nth"), STEADY_EXCHANGE)
def test_a_sync_killed_inside_the_exchange_with_the_server_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, nth: int
) -> None:
    with world(tmp_path) as w:
        steady_world(w)
        with sync_proxy(w.server, method, nth, "kill") as proxy:
            run = kill_in_exchange(w, proxy)
            assert run.returncode == -signal.SIGKILL, run.output
            assert proxy.fired.is_set()
            recover_steady(w, capsys)  # through the proxy: the login the child made is kept


@pytest.mark.parametrize(("method", "nth"), FIRST_EXCHANGE)
def test_a_first_sync_killed_inside_the_exchange_is_completed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, nth: int
) -> None:
    with world(tmp_path) as w:
        first_world(w)
        with sync_proxy(w.server, method, nth, "kill") as proxy:
            run = kill_in_exchange(w, proxy)
            assert run.returncode == -signal.SIGKILL, run.output
            assert proxy.fired.is_set()
        recover_first(w, capsys)


@pytest.mark.parametrize("phase", range(1, len(STEADY_PHASES) + 1))
def test_undo_after_a_killed_sync_takes_back_only_an_answer_that_never_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: int
) -> None:
    """Once the push has paired glosscards' new answers with revlog ids they are in the mirror,
    and soon on the server: undo must stop before them even though the sync never ended."""
    with world(tmp_path) as w:
        steady_world(w)
        run = run_child(w, "--kill-at-phase", str(phase))
        assert run.returncode == -signal.SIGKILL, run.output
        recover_steady(w, capsys, undo=True)


def test_undo_after_a_failed_sync_takes_back_only_an_answer_that_never_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same without a kill: the network fails after the push (the server never hears)."""
    with world(tmp_path) as w:
        steady_world(w)
        with sync_proxy(w.server, "meta", 1, "cut") as proxy:
            with opened(w) as col:
                with pytest.raises(SyncFailedError):
                    col.sync(proxy.url, USER, PASSWORD, now=w.tick())
                assert proxy.fired.is_set()
                assert col._db.value("SELECT count() FROM anki_answer") == 4  # all are paired
                undo_last(w, col)
                w.sync_here(col)  # the network is back
            assert w.phone is not None
            w.phone.sync()
            assert_settled(w, capsys)
