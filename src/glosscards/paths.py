"""Where things live on disk: the default collection, its backups folder, the local time zone."""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

__all__ = ["backups_dir", "default_collection_path", "local_timezone"]

APP_NAME = "glosscards"
ENV_COLLECTION = "GLOSSCARDS_COLLECTION"


def default_collection_path() -> Path:
    """``$GLOSSCARDS_COLLECTION``, else ``collection.db`` in the user data dir (platformdirs)."""
    env = os.environ.get(ENV_COLLECTION)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "collection.db"


def backups_dir(collection: Path) -> Path:
    """Backups sit in a ``backups/`` folder beside the collection file."""
    return collection.parent / "backups"


def local_timezone() -> tzinfo:
    """The user's time zone with its DST rules (``$TZ``, else ``/etc/localtime``), for day rollover."""
    name = os.environ.get("TZ")
    if name:
        try:
            return ZoneInfo(name.lstrip(":"))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    if localtime.exists():
        try:
            with localtime.open("rb") as handle:
                return ZoneInfo.from_file(handle)
        except (OSError, ValueError):
            pass
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone
