"""A real Anki sync server (``python -m anki.syncserver``, from the ``anki`` package) on
127.0.0.1 and a free port, and a second Anki collection standing in for the learner's phone.
Nothing leaves the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USER = "learner"
PASSWORD = "correct horse"


@dataclass(frozen=True)
class SyncServer:
    url: str
    port: int
    base: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def sync_server(base: Path) -> Iterator[SyncServer]:
    """Start the server with one user (USER, PASSWORD) and wait until it accepts connections."""
    port = free_port()
    base.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SYNC_USER1": f"{USER}:{PASSWORD}",
        "SYNC_HOST": "127.0.0.1",
        "SYNC_PORT": str(port),
        "SYNC_BASE": str(base),
        "RUST_LOG": "error",
    }
    log = (base / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "anki.syncserver"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(600):  # up to a minute on a loaded machine; not a timing bound
            if process.poll() is not None:
                raise RuntimeError(f"the sync server exited: {(base / 'server.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the sync server did not start")
        yield SyncServer(f"http://127.0.0.1:{port}/", port, base, process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class Phone:
    """The learner's phone: an Anki collection that syncs with the same server."""

    def __init__(self, folder: Path, server: SyncServer) -> None:
        from anki.collection import Collection as AnkiCollection

        folder.mkdir(parents=True, exist_ok=True)
        self.col: Any = AnkiCollection(str(folder / "collection.anki2"))
        self.auth = self.col.sync_login(USER, PASSWORD, server.url)

    def sync(self) -> None:
        """Sync as AnkiDroid does: normal sync, and a download when the phone is new."""
        from anki.sync import SyncOutput

        out = self.col.sync_collection(self.auth, sync_media=False)
        if out.required in (SyncOutput.FULL_SYNC, SyncOutput.FULL_DOWNLOAD):
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(auth=self.auth, server_usn=None, upload=False)
            self.col.reopen(after_full_sync=True)
        elif out.required == SyncOutput.FULL_UPLOAD:
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(auth=self.auth, server_usn=None, upload=True)
            self.col.reopen(after_full_sync=True)

    def answer(self, guid: str, ordinal: int, ease: int) -> int:
        """Answer one card (by note GUID and cloze number) with Anki's scheduler; returns its
        Anki card id."""
        card_id = self.col.db.scalar(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?",
            guid,
            ordinal - 1,
        )
        card = self.col.get_card(card_id)
        card.start_timer()
        self.col.sched.answerCard(card, ease)
        return int(card_id)

    def close(self) -> None:
        self.col.close()
