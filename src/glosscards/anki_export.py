"""Write glosscards notes to an Anki ``.apkg`` package that Anki can import again and again.

Re-importing a newer export into the same Anki collection must update the changed notes, add the
new ones and leave the rest (and all review history) alone. Anki's importer ("update if newer",
its default) matches notes by GUID and replaces a note only when the package's note ``mod`` is
greater than its own, compared in whole seconds. So:

* the GUID is ``genanki.guid_for(key)`` with the term's stable identity key, never its text, so an
  edited definition updates the same Anki note instead of adding a second one;
* each note carries the ``mod`` of its last change in glosscards (``ExportNote.modified``), not
  the time of the export, so an unchanged note is reported by Anki as already present.

**Contract for** ``modified``: it must strictly increase, at one-second resolution, with every
edit of a note. Anki compares integer seconds: if a note was exported at ``mod=T`` and edited again
within second ``T``, a re-export would carry ``T`` again and Anki would silently keep the old text.
The storage layer therefore stamps an edit with ``max(now, previous + 1 s)``; this module only
truncates to whole seconds and never reads the clock.

genanki 0.13.1 is used for the model and the rows, but not its ``Package.write_to_file``: that
leaves its SQLite file in the system temp folder, stores the zip uncompressed and stamps every note
with the current time. Here the SQLite database is built in memory, each note is written with its
own time, and the zip is deflated into a temporary file beside the target, then moved over it with
``os.replace``. On any failure the target is untouched and the temporary file removed.

The output depends only on the arguments (ids and zip dates derive from the newest ``modified``),
so the same notes give byte-identical packages.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import secrets
import sqlite3
import stat
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import genanki

from glosscards.anki_progress import AnkiCard
from glosscards.errors import ExportError
from glosscards.render import cloze_ordinals
from glosscards.scheduler.day import day_number_of

__all__ = [
    "CLOZE_CSS",
    "DEFAULT_DECK_NAME",
    "MODEL_ID",
    "MODEL_NAME",
    "ExportNote",
    "ExportResult",
    "cloze_model",
    "deck_id_for",
    "write_apkg",
]

#: The glosscards cloze note type. Hard-coded: Anki identifies note types by this id, so it must
#: never change, or every re-export would bring a new note type and duplicate the notes.
MODEL_ID: Final = 1_739_210_457
MODEL_NAME: Final = "glosscards Cloze"
DEFAULT_DECK_NAME: Final = "AI Glossary"

#: Anki's own cloze styling (bold blue gap, light blue at night) on a readable font, and the
#: same look for glosses, code and formulas as the glosscards reviewer gives them.
CLOZE_CSS: Final = """\
.card {
  font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  max-width: 42em;
  margin: 0 auto;
  color: black;
  background-color: white;
}
.cloze {
  font-weight: bold;
  color: blue;
}
.nightMode .cloze {
  color: lightblue;
}
.term { font-size: 1.15em; font-weight: bold; margin-bottom: 0.4em; }
.gloss { font-style: italic; opacity: 0.8; }
.math { font-family: "Cambria Math", "STIX Two Math", serif; font-style: italic; }
code, pre { font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; }
"""

# genanki's valid id range for decks and models (its README draws them from this range).
_ID_LOW: Final = 1 << 30
_ID_HIGH: Final = 1 << 31
# A cloze deletion Anki (and genanki) makes a card for: ``{{cN::...}}`` with N >= 1.
_CLOZE_RE: Final = re.compile(r"{{c0*[1-9]\d*::.+?}}", re.DOTALL)
_WHITESPACE_RE: Final = re.compile(r"\s")
# zlib level 1: deflates a package about 4.7x (level 6: 5.9x) at a quarter of the cost, which
# keeps an export within 1.3x of a bare genanki build (see bench/bench_export.py).
_COMPRESS_LEVEL: Final = 1
# Zip cannot store dates before 1980.
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class ExportNote:
    """One note as exported: plain values, already HTML-escaped by the caller.

    ``text`` holds the cloze deletions; their numbers never change meaning (``c1`` is the term,
    ``c2`` the acronym), since in Anki the card *is* the cloze number. ``modified`` is tz-aware
    and must strictly increase, in whole seconds, with every edit (see the module docstring).
    """

    key: str
    text: str
    back_extra: str
    tags: tuple[str, ...]
    modified: datetime
    deck: str = DEFAULT_DECK_NAME
    """The Anki deck the note's cards go into (``Parent::Child`` for a sub-deck)."""
    progress: tuple[AnkiCard, ...] = ()
    """Each card's schedule and answers, for an export with progress (empty: new cards)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written: the final path, the note and card counts and the file size in bytes."""

    path: Path
    notes: int
    cards: int
    bytes: int


def deck_id_for(deck_name: str) -> int:
    """A deck id derived from the name alone, so every export of a deck carries the same id."""
    digest = hashlib.sha256(deck_name.encode("utf-8")).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % (_ID_HIGH - _ID_LOW)


def cloze_model() -> genanki.Model:
    """The glosscards cloze note type: fields Text and Back Extra, Anki's cloze templates."""
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Back Extra}}",
            }
        ],
        css=CLOZE_CSS,
        model_type=genanki.Model.CLOZE,
    )


def write_apkg(
    notes: Sequence[ExportNote],
    path: str | Path,
    *,
    deck_name: str | None = DEFAULT_DECK_NAME,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write ``notes`` into a new ``.apkg`` at ``path``, atomically: all into the Anki deck
    ``deck_name``, or, with ``deck_name=None``, each into the deck its ``ExportNote.deck`` names.

    ``progress(done, total)`` is called after each note is written (the zip follows). Raises
    ``ExportError`` for an empty list, notes Anki would mangle (a tag with whitespace, no cloze
    deletion, two notes with one key) or an unwritable path; the target is then untouched.
    Raises ``ValueError`` for a naive ``modified`` (a programming error, not a user's).
    """
    target = Path(path)
    _validate(notes, target, deck_name)
    database, cards = _build_database(notes, deck_name=deck_name, progress=progress)
    newest = max(note.modified for note in notes)
    _write_zip_atomically(database, target, date_time=_zip_date_time(newest))
    return ExportResult(path=target, notes=len(notes), cards=cards, bytes=target.stat().st_size)


def check_export_target(target: Path) -> None:
    """Refuse a target that would destroy something: a folder, a special file, or an existing
    file that is not an Anki package (a collection, a backup, a document). An existing ``.apkg``
    is replaced atomically."""
    if not target.name or target.is_dir():
        raise ExportError(target, "is a folder: give the name of the .apkg file to write")
    try:
        info = target.stat()
    except OSError:  # nothing there (or no such folder): writing it will say what is wrong
        return
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(target, "is not a regular file; choose a new .apkg file name")
    if info.st_size == 0:
        return
    if target.suffix.lower() != ".apkg" or not zipfile.is_zipfile(target):
        raise ExportError(
            target, "exists and is not an Anki package; it was left alone (choose a new name)"
        )


def _validate(notes: Sequence[ExportNote], target: Path, deck_name: str | None) -> None:
    check_export_target(target)
    if deck_name is not None and not deck_name.strip():
        raise ExportError(target, "the Anki deck needs a name")
    if any(not note.deck.strip() for note in notes):
        raise ExportError(target, "every Anki deck needs a name")
    if not notes:
        raise ExportError(target, "nothing to export: the note list is empty")
    naive = [note.key for note in notes if note.modified.utcoffset() is None]
    if naive:
        raise ValueError(f"ExportNote.modified must be timezone-aware: {naive[:5]}")
    problems: list[str] = []
    duplicates = sorted(key for key, count in Counter(n.key for n in notes).items() if count > 1)
    if duplicates:
        problems.append(f"keys used by more than one note: {', '.join(duplicates[:5])}")
    for note in notes:
        bad_tags = [tag for tag in note.tags if not tag or _WHITESPACE_RE.search(tag)]
        if bad_tags:
            problems.append(f"note {note.key!r}: empty tag or tag with whitespace {bad_tags}")
        if not _CLOZE_RE.search(note.text):
            problems.append(f"note {note.key!r}: Text has no cloze deletion, Anki makes no card")
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise ExportError(target, f"cannot export: {shown}{more}")


def _build_database(
    notes: Sequence[ExportNote],
    *,
    deck_name: str | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[bytes, int]:
    """The package's ``collection.anki2`` as bytes, built in memory, and the number of cards."""
    model = cloze_model()
    decks: dict[str, genanki.Deck] = {}
    for name in [deck_name] if deck_name is not None else [n.deck for n in notes]:
        if name not in decks:
            decks[name] = genanki.Deck(deck_id_for(name), name)
            decks[name].add_model(model)
    newest = int(max(note.modified for note in notes).timestamp())
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        # Collection, deck and note type rows; the deck holds no genanki notes, ours follow.
        genanki.Package(list(decks.values())).write_to_db(cursor, newest, itertools.repeat(0))
        _declare_v2_scheduler(cursor)
        id_gen = itertools.count(newest * 1000)
        revlog_ids: set[int] = set()
        # Review cards' due days count from the package's creation day (col.crt).
        created = day_number_of(
            datetime.fromtimestamp(cursor.execute("SELECT crt FROM col").fetchone()[0], UTC).date()
        )
        cards = 0
        total = len(notes)
        for done, note in enumerate(notes, start=1):
            anki_note = genanki.Note(
                model=model,
                fields=[note.text, note.back_extra],
                tags=list(note.tags),
                guid=genanki.guid_for(note.key),
                due=done - 1,
            )
            # One card per cloze number, nested ones too: genanki's own count stops at the first
            # "}}", so {{c1::{{c2::LLM}}}} would give Anki no acronym card.
            anki_note.cards = [genanki.Card(ordinal - 1) for ordinal in cloze_ordinals(note.text)]
            # genanki stamps the note's (and its cards') ``mod`` with this timestamp.
            deck = decks[deck_name if deck_name is not None else note.deck]
            anki_note.write_to_db(cursor, int(note.modified.timestamp()), deck.deck_id, id_gen)
            cards += len(anki_note.cards)
            if note.progress:
                _write_progress(cursor, anki_note.guid, note.progress, created, revlog_ids)
            if progress is not None:
                progress(done, total)
        conn.commit()
        return conn.serialize(), cards
    finally:
        conn.close()


def _declare_v2_scheduler(cursor: sqlite3.Cursor) -> None:
    """Say the package's answers are in the v2 scheduler's terms (as glosscards writes them:
    four buttons everywhere). genanki's collection names no scheduler, which Anki reads as v1,
    whose learning cards had three buttons: its importer then moves a new card's Good (3) to
    Easy (4) and Hard (2) to Good (3)."""
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    settings = json.loads(conf)
    settings["schedVer"] = 2
    cursor.execute("UPDATE col SET conf = ?", (json.dumps(settings),))


def _write_progress(
    cursor: sqlite3.Cursor,
    guid: str,
    progress: tuple[AnkiCard, ...],
    created: int,
    revlog_ids: set[int],
) -> None:
    """Give a written note's cards their schedule and answers (see :mod:`glosscards.anki_progress`).

    A review card's due is a day number counted from the package's creation day (``col.crt``);
    Anki moves it into the importing collection's days, so it is due on the same date.
    """
    note_id = int(cursor.execute("SELECT id FROM notes WHERE guid = ?", (guid,)).fetchone()[0])
    for card in progress:
        found = cursor.execute(
            "SELECT id, due FROM cards WHERE nid = ? AND ord = ?", (note_id, card.ord)
        ).fetchone()
        if found is None:  # a cloze the note no longer has (a retired acronym card)
            continue
        card_id, position = found
        due = position if card.due_day is None else card.due_day - created
        cursor.execute(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?,"
            " lapses = ? WHERE id = ?",
            (card.type, card.queue, due, card.ivl, card.factor, card.reps, card.lapses, card_id),
        )
        for review in card.revlog:
            review_id = review.at_ms
            while review_id in revlog_ids:  # revlog ids are unique milliseconds
                review_id += 1
            revlog_ids.add(review_id)
            cursor.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                (review_id, card_id, review.ease, review.ivl, review.last_ivl, review.factor,
                 review.time_ms, review.kind),
            )  # fmt: skip


def _zip_date_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """The zip entries' date, in UTC so the bytes do not depend on the machine's time zone."""
    t = moment.astimezone(UTC)
    return max(_ZIP_EPOCH, (t.year, t.month, t.day, t.hour, t.minute, t.second))


def _write_zip_atomically(
    database: bytes, target: Path, *, date_time: tuple[int, int, int, int, int, int]
) -> None:
    """Deflate the package into a temporary file beside ``target``, then move it over ``target``.

    The temporary file is created with mode 0o666 so the umask applies, as for any new file
    (``tempfile.mkstemp`` would leave the package readable by its owner only).
    """
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise ExportError(target, _reason(error, target)) from error
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as package:
                # "media" is the media manifest: JSON, empty as there are no media files.
                for name, data in (("collection.anki2", database), ("media", b"{}")):
                    info = zipfile.ZipInfo(name, date_time=date_time)
                    info.external_attr = 0o644 << 16
                    package.writestr(
                        info,
                        data,
                        compress_type=zipfile.ZIP_DEFLATED,
                        compresslevel=_COMPRESS_LEVEL,
                    )
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ExportError(target, _reason(error, target)) from error
        raise


def _reason(error: OSError, target: Path) -> str:
    if isinstance(error, FileNotFoundError):
        return f"the folder {target.parent} does not exist"
    if isinstance(error, NotADirectoryError):
        return f"{target.parent} is not a folder"
    if isinstance(error, IsADirectoryError):
        return "the path is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot write the file: {error.strerror or error}"
