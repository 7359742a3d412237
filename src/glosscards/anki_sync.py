"""Two-way sync through Anki's sync protocol: AnkiWeb, or a self-hosted Anki sync server
(``python -m anki.syncserver``). glosscards speaks no protocol of its own: it keeps its Anki mirror
(:mod:`glosscards.anki_mirror`) up to date and lets Anki's library sync that.

One sync, in order:

1. **pull** what the mirror already holds and glosscards does not (a sync stopped earlier);
2. a mirror made just now first **downloads** the server's collection, if it has one, and pulls;
3. **push** glosscards' notes, schedules and answers into the mirror;
4. **sync** the mirror with the server (Anki merges: answers from both sides, the newer side of
   each card). When Anki asks for a one-way full sync: an empty server is uploaded to; otherwise
   the server's collection is downloaded (it may hold the learner's other decks) and glosscards'
   part pushed onto it again — uploading only if Anki still insists after that;
5. when the server brought anything, **pull** its answers (:mod:`glosscards.mirror_pull`): each
   card's state is recomputed from its history, so glosscards' scheduler decides what is due;
6. and **push** again, and when that changed anything (a card rescheduled by those answers, a note
   edited on the phone given the glossary's text back) **sync** once more, so the phone has it.

Undo stops at the answers that exist when the sync ends: it never takes back an answer that is
already on another device. The password is used to log in and forgotten: the collection keeps the
server's address, the user name and the host key the server returned.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from glosscards.anki_export import ExportNote
from glosscards.anki_mirror import Mirror, mirror_path
from glosscards.anki_progress import StoredCard
from glosscards.errors import SyncFailedError, first_line
from glosscards.mirror_pull import Pulled, pull
from glosscards.mirror_push import Pushed, push
from glosscards.storage.sync_store import SyncStore

if TYPE_CHECKING:
    from glosscards.collection_base import CollectionBase

__all__ = ["ANKIWEB", "SYNC_META_KEY", "SyncParts", "SyncResult", "server_url", "sync_collection"]

ANKIWEB = "AnkiWeb"
SYNC_META_KEY = "sync"

SyncProgress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class SyncParts:
    """What a sync needs of the collection besides its public methods (the façade hands them
    over: :meth:`glosscards.collection_sync.CollectionSync._sync_parts`)."""

    store: SyncStore
    kept_login: Callable[[], dict[str, Any]]
    keep_login: Callable[[dict[str, Any]], None]
    notes: Callable[[], Sequence[ExportNote]]
    """Every deck's notes as exported, retired ones too."""
    progress_of: Callable[[Sequence[str]], Mapping[str, Sequence[StoredCard]]]


@dataclass(slots=True)
class SyncResult:
    """What moved in one sync."""

    server: str
    notes_added: int = 0
    notes_updated: int = 0
    notes_retired: int = 0
    edits_replaced: int = 0
    """Notes edited in Anki on another device, given the glossary's text back."""
    answers_sent: int = 0
    answers_received: int = 0
    cards_rescheduled: int = 0
    conflicts: int = 0
    full_sync: str | None = None
    """``"upload"`` or ``"download"`` when Anki asked for a one-way full sync."""
    server_message: str = ""
    phases: list[str] = field(default_factory=list)

    def add_push(self, pushed: Pushed) -> None:
        self.notes_added += pushed.notes_added
        self.notes_updated += pushed.notes_updated
        self.notes_retired += pushed.notes_retired
        self.edits_replaced += pushed.edits_replaced
        self.answers_sent += pushed.answers_sent

    def add_pull(self, pulled: Pulled) -> None:
        self.answers_received += pulled.received
        self.cards_rescheduled += pulled.cards

    def summary(self) -> str:
        """One line for the CLI and the dialog: what moved, and what the learner should know."""
        notes = [
            _counted(count, what)
            for count, what in (
                (self.notes_added, "new note"),
                (self.notes_updated, "note updated"),
                (self.notes_retired, "retired"),
            )
            if count
        ]
        parts = [", ".join(notes) or "no note changes"]
        parts.append(
            f"{_counted(self.answers_sent, 'answer')} sent, {self.answers_received} received"
        )
        if self.cards_rescheduled:
            parts.append(
                f"{_counted(self.cards_rescheduled, 'card')} rescheduled by the answers received"
            )
        if self.edits_replaced:
            parts.append(
                f"{_counted(self.edits_replaced, 'note')} edited in Anki got the glossary's text"
                " back (edit cards here, with E)"
            )
        if self.conflicts:
            parts.append(
                f"{_counted(self.conflicts, 'card')} answered on both sides (both answers kept)"
            )
        if self.full_sync:
            parts.append(f"full {self.full_sync}")
        return f"Synced with {self.server}: " + "; ".join(parts)


def _counted(count: int, what: str) -> str:
    """ "1 new note", "2 new notes", "2 notes updated": the noun (the first word ending a
    plural, or the last) takes the number."""
    if count == 1 or what == "retired":
        return f"{count} {what}"
    words = what.split()
    noun = next((i for i, w in enumerate(words) if w in ("note", "card", "answer")), -1)
    words[noun] += "s"
    return f"{count} {' '.join(words)}"


def server_url(server: str) -> str:
    """A server as the login keeps it: ``""`` for AnkiWeb (also spelled "AnkiWeb"), else its URL
    ending in ``/`` (so ``http://host:8080`` and ``http://host:8080/`` are one server)."""
    text = server.strip()
    if text.casefold() in ("", ANKIWEB.casefold()):
        return ""
    return text if text.endswith("/") else text + "/"


def _server_name(endpoint: str | None) -> str:
    return endpoint or ANKIWEB


def _failure(error: BaseException, server: str) -> SyncFailedError:
    """One line saying what went wrong, for the CLI and the dialog."""
    from anki.errors import Interrupted, NetworkError, SyncError, SyncErrorKind

    first = first_line(error)
    if isinstance(error, SyncError):
        if error.kind == SyncErrorKind.AUTH:
            return SyncFailedError(server, "the server refused the user name or password")
        return SyncFailedError(server, f"the server answered with an error: {first}")
    if isinstance(error, NetworkError):
        return SyncFailedError(server, f"could not reach the sync server ({first})")
    if isinstance(error, Interrupted):
        return SyncFailedError(server, "the sync was stopped; the next sync completes it")
    return SyncFailedError(server, first)


class _Session:
    """One sync's state: the mirror, the login and the running totals."""

    def __init__(self, col: CollectionBase, parts: SyncParts, mirror: Mirror, auth: Any,
                 result: SyncResult, progress: SyncProgress | None, now: datetime) -> None:  # fmt: skip
        self.col = col
        self.parts = parts
        self.mirror = mirror
        self.auth = auth
        self.result = result
        self.store = parts.store
        self.progress = progress
        self.now = now
        self.downloaded = False
        self.backed_up = False
        self.sent: set[int] = set()
        self.conflicted: set[int] = set()
        last = parts.kept_login().get("last_sync")
        self.last_sync: int | None = None if last is None else int(last)

    def backup_once(self) -> None:
        """A backup of the collection before the first answers from elsewhere are written."""
        if not self.backed_up:
            self.col.backup(self.now)
            self.backed_up = True

    def say(self, phase: str) -> None:
        self.result.phases.append(phase)
        if self.progress is not None:
            self.progress(phase)

    def pull(self) -> Pulled:
        self.say("bringing answers home")
        pulled = pull(
            self.mirror.answers(),
            self.store,
            scheduler_of=self.col.scheduler_of,
            day_of=self.col.scheduling_day,
            before_write=self.backup_once,
        )
        self.result.add_pull(pulled)
        # answered on both sides since they last met: elsewhere, and here (sent in this sync,
        # or not yet in the mirror)
        self.conflicted |= pulled.conflicted | (pulled.card_ids & self.sent)
        self.result.conflicts = len(self.conflicted)
        return pulled

    def push(self) -> Pushed:
        self.say("updating the Anki mirror")
        notes = self.parts.notes()
        pushed = push(
            self.mirror,
            self.store,
            notes=notes,
            cards=self.parts.progress_of([n.key for n in notes]),
            tz=self.col.tz,
            now_s=int(self.now.timestamp()),
            since=self.last_sync,
        )
        self.result.add_push(pushed)
        self.sent |= pushed.cards_answered
        return pushed

    def sync(self) -> int:
        """One exchange with the server: what Anki says is still required afterwards."""
        from anki.sync import SyncOutput

        self.say("syncing with the server")
        out = self.mirror.col.sync_collection(self.auth, sync_media=False)
        if out.new_endpoint:
            self.auth.endpoint = out.new_endpoint
        if out.server_message:
            self.result.server_message = out.server_message
        required = int(out.required)
        full = {SyncOutput.FULL_SYNC, SyncOutput.FULL_DOWNLOAD, SyncOutput.FULL_UPLOAD}
        return required if required in full else SyncOutput.NO_CHANGES

    def full(self, *, upload: bool) -> None:
        self.say("uploading to the server" if upload else "downloading from the server")
        col = self.mirror.col
        col.close_for_full_sync()
        try:
            col.full_upload_or_download(auth=self.auth, server_usn=None, upload=upload)
        finally:
            col.reopen(after_full_sync=True)
        self.result.full_sync = "upload" if upload else "download"
        self.downloaded = self.downloaded or not upload

    def settle(self, required: int) -> None:
        """Do the full sync Anki asked for (see the module docstring, step 4)."""
        from anki.sync import SyncOutput

        if required == SyncOutput.NO_CHANGES:
            return
        if required == SyncOutput.FULL_UPLOAD or self.downloaded:
            self.full(upload=True)
            return
        self.full(upload=False)
        self.pull()
        self.push()
        self.settle(self.sync())


def _login(parts: SyncParts, mirror: Mirror | None, server: str | None, username: str | None,
           password: str | None) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The login to use: a new one with ``password``, else the host key kept from the last."""
    from anki.sync import SyncAuth

    saved = parts.kept_login()
    if server is not None:
        server = server_url(server)
    endpoint = server if server is not None else saved.get("endpoint")
    user = username if username is not None else saved.get("username")
    name = _server_name(endpoint)
    if password is None:
        same = (
            saved.get("hkey")
            and saved.get("endpoint") == endpoint
            and saved.get("username") == user
        )
        if not same:
            who = f" as {user}" if user else ""
            raise SyncFailedError(name, f"not logged in{who}: give the password to log in")
        # the address the server last sent us to (AnkiWeb moves accounts between hosts)
        address = saved.get("address") or endpoint or None
        return SyncAuth(hkey=saved["hkey"], endpoint=address), saved
    if not user:
        raise SyncFailedError(name, "give the user name to log in with")
    assert mirror is not None, "a login with a password needs the mirror"
    auth = mirror.col.sync_login(user, password, endpoint or None)
    return auth, {
        "endpoint": endpoint,
        "username": user,
        "hkey": auth.hkey,
        "address": auth.endpoint or "",
    }


def _open_mirror(col: CollectionBase) -> Mirror:
    path = mirror_path(col.path)
    try:
        return Mirror(path)
    except Exception as error:  # a damaged mirror: set it aside, the server has its content
        from anki.errors import AnkiException

        if not isinstance(error, AnkiException) or not path.exists():
            raise SyncFailedError(str(path), f"cannot open the Anki mirror ({error})") from None
        aside = path.parent.with_name(path.parent.name + ".damaged")
        if aside.exists():
            shutil.rmtree(aside)
        path.parent.rename(aside)
        return Mirror(path)


def sync_collection(
    col: CollectionBase,
    parts: SyncParts,
    *,
    server: str | None = None,
    username: str | None = None,
    password: str | None = None,
    now: datetime,
    progress: SyncProgress | None = None,
) -> SyncResult:
    """Sync ``col`` with the Anki sync server (see the module docstring)."""
    from anki.errors import AnkiException
    from anki.sync import SyncOutput

    name = _server_name(server)
    if password is None:  # a sync that cannot log in makes nothing, not even the mirror
        auth, login = _login(parts, None, server, username, None)
    made = not mirror_path(col.path).exists()
    mirror = _open_mirror(col)
    try:
        if password is not None:  # keep the login (never the password) even if the sync fails
            auth, login = _login(parts, mirror, server, username, password)
            parts.keep_login({**parts.kept_login(), **login})
        name = _server_name(login.get("endpoint"))
        result = SyncResult(server=name)
        session = _Session(col, parts, mirror, auth, result, progress, now)
        fresh = mirror.never_synced
        session.pull()
        if fresh:  # what the server already has comes first (a phone's history)
            required = session.sync()
            if required in (SyncOutput.FULL_DOWNLOAD, SyncOutput.FULL_SYNC):
                session.full(upload=False)
                session.pull()
        session.push()
        before = mirror.change_mark()
        session.settle(session.sync())
        if mirror.change_mark() != before:  # the server brought something
            session.pull()
            again = session.push()  # rescheduled cards, and notes edited on the phone
            if (
                again.notes_added
                or again.notes_updated
                or again.schedules_set
                or again.answers_sent
            ):
                session.settle(session.sync())
        if auth.endpoint:
            login["address"] = auth.endpoint
        parts.keep_login({**login, "last_sync": int(now.timestamp())})
        session.store.set_undo_floor()
        return result
    except BaseException as error:
        forget = made and mirror.never_synced
        mirror.close()
        if forget:  # a mirror made for a sync that never happened (a wrong password)
            shutil.rmtree(mirror.path.parent, ignore_errors=True)
        if isinstance(error, AnkiException):
            raise _failure(error, name) from None
        raise
    finally:
        mirror.close()
