"""Time a sync of 2,000 notes with 100 new answers on each side, against Anki's own sync.

Run: ``.venv/bin/python bench/bench_sync.py [--notes N] [--answers A] [--runs R]``. A real Anki
sync server (``python -m anki.syncserver`` on 127.0.0.1, started as tests/anki_sync_server.py
does) and a second Anki collection as the learner's phone. A synthetic glosscards collection of
``N`` one-card notes (``_synthetic``) makes its first sync — a full upload — timed once; the phone
downloads it. Then, ``R`` times: ``A`` answers in glosscards and ``A`` on the phone (other cards);
the phone syncs its answers (timed: the peer, Anki doing the same kind of work); glosscards syncs
(timed: its answers go, the phone's come home and reschedule their cards, the new due dates go
back); the phone syncs again untimed to pick those up; then glosscards syncs with nothing to do
(timed).

Prints the median of each, the median of the per-run ratios glosscards/phone (each pair ran back
to back, under the same machine load), the median time of logging in (Anki's ``sync_login``,
the call glosscards makes with a password) and of a sync that logs in and has nothing to do.
glosscards' sync does more than the phone's — its own collection, then its Anki mirror, then the
server, twice when answers came home — so the ratio says what that costs, not that the two are
the same work.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import genanki

from _synthetic import CardPlan, build_glosscards_collection
from glosscards import Collection, Grade
from glosscards.storage.sync_store import SyncStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the sync server and the phone the tests use

from anki_sync_server import PASSWORD, USER, Phone, sync_server  # noqa: E402

STEP = timedelta(seconds=2)
GRADES = (Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.GOOD, Grade.HARD, Grade.EASY)
EASES = (3, 3, 3, 1, 3, 2, 4)
"""The phone's buttons, the same pattern."""


def timed(action: Callable[[], object]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


class Bench:
    """The glosscards collection, the phone, and glosscards' clock."""

    def __init__(self, work: Path, notes: int, server: Any) -> None:
        # Anki stamps the phone's answers with the wall clock; glosscards' clock runs just
        # behind it, so both sides' answers are in the recent past.
        self.clock = datetime.now(UTC) - timedelta(hours=1)
        self.server = server
        path = work / "glosscards" / "collection.db"
        path.parent.mkdir()
        build_glosscards_collection(path, plan=CardPlan.scaled(notes), now=self.clock)
        self.col = Collection.open(path, tz=UTC)
        self.col.review_backup_interval = None
        by_key = SyncStore(self.col._db).cards_by_key()
        self.cards = sorted(by_key.values())
        self.guid = {cid: (str(genanki.guid_for(k)), o) for (k, o), cid in by_key.items()}
        self.phone: Phone | None = None
        self.work = work
        self.used = 0

    def tick(self) -> datetime:
        self.clock += STEP
        return self.clock

    def take(self, count: int) -> list[int]:
        """Cards no one has answered yet in this run."""
        chosen = self.cards[self.used : self.used + count]
        if len(chosen) < count:
            raise SystemExit("not enough cards for the answers asked: raise --notes")
        self.used += count
        return chosen

    def answer_here(self, count: int) -> None:
        for i, card_id in enumerate(self.take(count)):
            self.col.answer(card_id, GRADES[i % len(GRADES)], self.tick(), duration_ms=4000)

    def answer_on_phone(self, count: int) -> None:
        assert self.phone is not None
        for i, card_id in enumerate(self.take(count)):
            guid, ordinal = self.guid[card_id]
            self.phone.answer(guid, ordinal, EASES[i % len(EASES)])

    def sync(self, *, login: bool = False) -> Any:
        if login:
            return self.col.sync(self.server.url, USER, PASSWORD, now=self.tick())
        return self.col.sync(now=self.tick())

    def close(self) -> None:
        if self.phone is not None:
            self.phone.close()
        self.col.close()


def report(bench: Bench, *, answers: int, runs: int) -> None:
    first_s, first = timed(lambda: bench.sync(login=True))
    assert first.full_sync == "upload", first
    bench.phone = Phone(bench.work / "phone", bench.server)
    bench.phone.sync()  # the phone downloads what glosscards uploaded
    phone = bench.phone

    ours: list[float] = []
    peer: list[float] = []
    idle: list[float] = []
    for _ in range(runs):
        bench.answer_here(answers)
        bench.answer_on_phone(answers)
        peer_s, _ = timed(phone.sync)
        our_s, result = timed(bench.sync)
        if (result.answers_sent, result.answers_received) != (answers, answers):
            raise RuntimeError(f"the sync moved something else: {result.summary()}")
        phone.sync()  # the new due dates reach the phone (untimed)
        idle_s, nothing = timed(bench.sync)
        if nothing.answers_sent or nothing.answers_received:
            raise RuntimeError(f"a sync with nothing to do moved answers: {nothing.summary()}")
        ours.append(our_s)
        peer.append(peer_s)
        idle.append(idle_s)

    logins = [
        timed(lambda: phone.col.sync_login(USER, PASSWORD, bench.server.url))[0]
        for _ in range(runs)
    ]
    login_sync = [timed(lambda: bench.sync(login=True))[0] for _ in range(runs)]

    ratio = statistics.median(o / p for o, p in zip(ours, peer, strict=True))
    show("first sync (a full upload; login included)", "once", first_s)
    show(
        f"glosscards sync, {answers} + {answers} answers",
        "median",
        statistics.median(ours),
        f"({result.cards_rescheduled} cards rescheduled, {len(result.phases)} phases)",
    )
    show("glosscards sync, nothing to do", "median", statistics.median(idle))
    show(f"phone (Anki) sync of its {answers} answers", "median", statistics.median(peer))
    print(f"{'ratio glosscards/phone (paired runs)':<44} median {ratio:8.1f}")
    show("login (Anki's sync_login)", "median", statistics.median(logins))
    show("glosscards sync logging in, nothing to do", "median", statistics.median(login_sync))


def show(label: str, kind: str, seconds: float, note: str = "") -> None:
    print(f"{label:<44} {kind:<6} {seconds * 1000:8.1f} ms   {note}".rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000, help="synthetic notes (default 2000)")
    parser.add_argument("--answers", type=int, default=100, help="answers per side (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.answers < 1:
        parser.error("need --runs >= 1 and --answers >= 1")
    if 2 * args.answers * args.runs > args.notes:
        parser.error("each answer takes a card no one has answered: raise --notes")
    import anki.buildinfo

    print(
        f"notes: {args.notes} (synthetic), {args.answers} answers a side, runs: {args.runs},"
        f" python {sys.version.split()[0]}, anki {anki.buildinfo.version}, server on 127.0.0.1"
    )
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        work = Path(tmp)
        with sync_server(work / "server") as server:
            bench = Bench(work, args.notes, server)
            try:
                report(bench, answers=args.answers, runs=args.runs)
            finally:
                bench.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
