"""The Anki collection glosscards keeps beside its own — its *mirror* — read and written with
Anki's own library (the ``anki`` package), so that Anki's sync can carry it to a server and on to
the learner's phone.

The mirror holds what an ``.apkg`` export holds (the same note type, GUIDs, fields, tags and deck
names; see :mod:`glosscards.anki_export`) and each card's schedule and answers as glosscards has
them. It lives in a folder beside the collection (``<collection>.anki/collection.anki2``) and is
never the learner's only copy of anything: glosscards' collection and the sync server hold it all,
so a damaged mirror is set aside and made again from them.

New notes enter through Anki's package importer — the one way to give a note type a fixed id —
and everything else through the library's API, except two things the API cannot do: a card's
schedule is set with a modification time newer than the phone's (so Anki's merge, which keeps
the newer side of a card, keeps glosscards' schedule), and answers are added to ``revlog``.
Those statements run on Anki's own connection (``col.db``), each batch in one transaction.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from glosscards.anki_export import MODEL_ID, ExportNote, write_apkg
from glosscards.anki_history import AnkiAnswer
from glosscards.anki_progress import AnkiReview
from glosscards.scheduler.day import day_number_of

__all__ = ["MIRROR_FOLDER_SUFFIX", "Mirror", "MirrorCard", "MirrorNote", "Schedule", "mirror_path"]

MIRROR_FOLDER_SUFFIX = ".anki"
_FIELD_SEPARATOR = "\x1f"


def mirror_path(collection_path: Path) -> Path:
    """Where the mirror of the collection at ``collection_path`` lives."""
    folder = collection_path.with_name(collection_path.name + MIRROR_FOLDER_SUFFIX)
    return folder / "collection.anki2"


@dataclass(frozen=True, slots=True)
class MirrorNote:
    id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


Schedule = tuple[int, int, int, int, int, int, int]
"""A card's ``type, queue, due, ivl, factor, reps, lapses`` in Anki's ``cards`` table."""


@dataclass(frozen=True, slots=True)
class MirrorCard:
    """A card of the mirror with the columns of its schedule."""

    id: int
    guid: str
    ordinal: int
    """The cloze number (Anki's ``ord`` + 1), as glosscards numbers cards."""
    schedule: Schedule
    deck_id: int = 0
    """The card's own deck (its home deck while the phone has it in a filtered deck)."""


class Mirror:
    """One open mirror collection (close it, or use it as a context manager)."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection as AnkiCollection

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.col: Any = AnkiCollection(str(path))

    def close(self) -> None:
        if self.col.db is not None:
            self.col.close()

    def __enter__(self) -> Mirror:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def never_synced(self) -> bool:
        """True for a mirror that has not completed a sync yet (Anki's last-sync time is 0)."""
        return int(self.col.db.scalar("SELECT ls FROM col") or 0) == 0

    def change_mark(self) -> tuple[int, ...]:
        """A mark that changes whenever a note, a card or an answer is added, changed or
        removed: taken before and after Anki's sync, it says whether the server brought
        anything (a sync changes ``usn``, never ``mod``, of what it only sent)."""
        notes = self.col.db.first("SELECT count(), total(mod) FROM notes")
        cards = self.col.db.first("SELECT count(), total(mod) FROM cards")
        answers = self.col.db.first("SELECT count(), total(id) FROM revlog")
        return tuple(int(v) for v in (*notes, *cards, *answers))

    def day_zero(self, tz: tzinfo) -> int:
        """glosscards' number of the day Anki counts its days from: a review card due on
        glosscards' day ``d`` has Anki ``due`` ``d - day_zero``. Anki's day 0 is the date of
        ``col.crt`` (the collection's creation, at its day's rollover) in the time zone it was made
        in (``creationOffset``, minutes west of UTC, as JavaScript counts them), which every device
        syncing the collection shares; ``tz`` (glosscards') stands in for a collection that does
        not record it. Counting from it rather than from "today" keeps due dates right whatever
        clock the caller passes."""
        offset = self.col.get_config("creationOffset", None)
        zone = tz if offset is None else timezone(timedelta(minutes=-int(offset)))
        return day_number_of(datetime.fromtimestamp(int(self.col.crt), zone).date())

    def notes(self) -> dict[str, MirrorNote]:
        """The glosscards notes of the mirror, by GUID."""
        return {
            guid: MirrorNote(int(nid), tuple(flds.split(_FIELD_SEPARATOR)), tuple(tags.split()))
            for nid, guid, flds, tags in self.col.db.all(
                "SELECT id, guid, flds, tags FROM notes WHERE mid = ?", MODEL_ID
            )
        }

    def add_notes(self, notes: Sequence[ExportNote]) -> None:
        """Add new notes, each into the deck it names (a package import: see the module)."""
        if not notes:
            return
        from anki.import_export_pb2 import (
            ImportAnkiPackageOptions,
            ImportAnkiPackageRequest,
            ImportAnkiPackageUpdateCondition,
        )

        never = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_NEVER
        with tempfile.TemporaryDirectory(prefix="glosscards-mirror-") as folder:
            package = Path(folder) / "new-notes.apkg"
            write_apkg(notes, package, deck_name=None)
            self.col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(package),
                    options=ImportAnkiPackageOptions(
                        with_scheduling=False, update_notes=never, update_notetypes=never
                    ),
                )
            )

    def update_notes(self, changes: Iterable[tuple[int, Sequence[str], Sequence[str]]]) -> int:
        """Give notes (by id) new fields and tags; returns how many."""
        notes = []
        for note_id, fields, tags in changes:
            note = self.col.get_note(note_id)
            for index, value in enumerate(fields[: len(note.fields)]):
                note.fields[index] = value
            note.tags = list(tags)
            notes.append(note)
        if notes:
            self.col.update_notes(notes)
        return len(notes)

    def cards(self) -> list[MirrorCard]:
        return [
            MirrorCard(
                int(cid),
                guid,
                int(ord_) + 1,
                (int(kind), int(queue), int(due), int(ivl), int(factor), int(reps), int(lapses)),
                int(deck),
            )
            for cid, guid, ord_, deck, kind, queue, due, ivl, factor, reps, lapses in self.col.db.all(
                "SELECT c.id, n.guid, c.ord, CASE WHEN c.odid != 0 THEN c.odid ELSE c.did END,"
                " c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses"
                " FROM cards c JOIN notes n ON n.id = c.nid WHERE n.mid = ?",
                MODEL_ID,
            )
        ]

    def deck_id(self, name: str) -> int:
        """The id of the deck ``name`` (``Parent::Child`` for a sub-deck), made if missing."""
        return int(self.col.decks.id(name, create=True))

    def move_cards(self, moves: Iterable[tuple[int, int]]) -> int:
        """Put cards (card id, deck id) into their decks; returns how many moved."""
        by_deck: dict[int, list[int]] = {}
        for card_id, deck in moves:
            by_deck.setdefault(deck, []).append(card_id)
        for deck, card_ids in by_deck.items():
            self.col.set_deck(card_ids, deck)
        return sum(len(ids) for ids in by_deck.values())

    def set_schedules(
        self,
        schedules: Sequence[tuple[int, Schedule]],
        *,
        now_s: int,
    ) -> None:
        """Set cards' schedules (card id, ``type, queue, due, ivl, factor, reps, lapses``): one
        transaction. Each card's ``mod`` becomes newer than it was, so Anki's merge keeps it; a
        card the phone put in a filtered deck goes home to its deck."""
        if not schedules:
            return
        db = self.col.db

        def write() -> None:
            for card_id, (kind, queue, due, ivl, factor, reps, lapses) in schedules:
                db.execute(
                    "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?,"
                    " lapses = ?, left = 0, odue = 0,"
                    " did = CASE WHEN odid != 0 THEN odid ELSE did END, odid = 0,"
                    " mod = max(?, mod + 1), usn = -1 WHERE id = ?",
                    kind, queue, due, ivl, factor, reps, lapses, now_s, card_id,
                )  # fmt: skip
            db.execute("UPDATE col SET mod = max(?, mod + 1)", now_s * 1000)

        db.transact(write)

    def revlog_ids(self) -> set[int]:
        return {int(v) for v in self.col.db.list("SELECT id FROM revlog")}

    def answers(self) -> list[AnkiAnswer]:
        """Every ``revlog`` row of the glosscards notes' cards."""
        return [
            AnkiAnswer(guid, int(ord_) + 1, int(rid), int(ease), int(time), int(kind))
            for guid, ord_, rid, ease, time, kind in self.col.db.all(
                "SELECT n.guid, c.ord, r.id, r.ease, r.time, r.type FROM revlog r"
                " JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid WHERE n.mid = ?",
                MODEL_ID,
            )
        ]

    def add_answers(self, rows: Sequence[tuple[int, int, AnkiReview]], *, now_s: int) -> None:
        """Add ``revlog`` rows (revlog id, card id, the answer): one transaction; an id that is
        already there is left as it is."""
        if not rows:
            return
        db = self.col.db

        def write() -> None:
            for revlog_id, card_id, r in rows:
                db.execute(
                    "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time,"
                    " type) VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                    revlog_id, card_id, r.ease, r.ivl, r.last_ivl, r.factor, r.time_ms, r.kind,
                )  # fmt: skip
            db.execute("UPDATE col SET mod = max(?, mod + 1)", now_s * 1000)

        db.transact(write)
