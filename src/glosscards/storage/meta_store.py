"""Settings, the time of the last backup, the decks and the import runs: the collection's
small tables."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from glosscards.deck_study import DEFAULT_DECK_STUDY, DeckStudy
from glosscards.scheduler.grade import GradeMode
from glosscards.storage.database import Database
from glosscards.values import DeckOptions, Settings

__all__ = ["MetaStore", "write_deck_study"]


def write_deck_study(conn: sqlite3.Connection, deck_id: int, study: DeckStudy) -> None:
    """Store a deck's study choices inside the caller's transaction (the defaults are not
    stored): what :meth:`MetaStore.set_deck_study` does, for a write that must go with it."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'deck_study'").fetchone()
    stored: dict[str, Any] = {} if row is None else dict(json.loads(row[0]))
    stored.pop(str(deck_id), None)
    if study != DEFAULT_DECK_STUDY:
        stored[str(deck_id)] = study.to_json()
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('deck_study', ?)", (json.dumps(stored),)
    )


class MetaStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get_json(self, key: str) -> dict[str, Any]:
        value = self._db.value("SELECT value FROM meta WHERE key = ?", (key,))
        return {} if value is None else dict(json.loads(value))

    def put_json(self, key: str, value: dict[str, Any]) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
            )

    def settings(self) -> Settings:
        data = self.get_json("settings")
        if "grade_mode" in data:
            data["grade_mode"] = GradeMode(data["grade_mode"])
        return Settings(**data)

    def save_settings(self, settings: Settings) -> None:
        self.put_json(
            "settings",
            {
                "new_per_day": settings.new_per_day,
                "reviews_per_day": settings.reviews_per_day,
                "rollover_hour": settings.rollover_hour,
                "grade_mode": str(settings.grade_mode),
            },
        )

    def deck_options(self) -> dict[int, DeckOptions]:
        """Every deck's own limits, by deck id."""
        return {int(k): DeckOptions(**v) for k, v in self.get_json("deck_options").items()}

    def set_deck_options(self, deck_id: int, options: DeckOptions | None) -> None:
        """Give a deck limits of its own, or (None) let it follow the collection's."""
        stored = self.get_json("deck_options")
        stored.pop(str(deck_id), None)
        if options is not None:
            stored[str(deck_id)] = {
                "new_per_day": options.new_per_day,
                "reviews_per_day": options.reviews_per_day,
            }
        self.put_json("deck_options", stored)

    def deck_study(self) -> dict[int, DeckStudy]:
        """Every deck's study choices that differ from the defaults, by deck id."""
        return {int(k): DeckStudy.from_json(v) for k, v in self.get_json("deck_study").items()}

    def set_deck_study(self, deck_id: int, study: DeckStudy) -> None:
        """Store a deck's study choices (the defaults are not stored)."""
        with self._db.write() as conn:
            write_deck_study(conn, deck_id, study)

    def last_backup(self) -> datetime | None:
        value = self._db.value("SELECT value FROM meta WHERE key = 'last_backup'")
        return None if value is None else datetime.fromtimestamp(float(value), UTC)

    def set_last_backup(self, moment: datetime) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_backup', ?)",
                (str(moment.timestamp()),),
            )

    def decks(self) -> list[tuple[int, str]]:
        """(id, name) of every glossary source, in the order they came."""
        return [
            (r[0], r[1]) for r in self._db.rows("SELECT id, name FROM glossary_source ORDER BY id")
        ]

    def import_runs(self) -> list[dict[str, object]]:
        """Every applied import, oldest first: when, which file, its hash and counts."""
        rows = self._db.rows(
            "SELECT at, file, sha256, format, counts_json FROM import_run ORDER BY id"
        )
        return [
            {
                "at": datetime.fromtimestamp(at, UTC),
                "file": file,
                "sha256": sha,
                "format": fmt,
                "counts": json.loads(counts),
            }
            for at, file, sha, fmt, counts in rows
        ]
