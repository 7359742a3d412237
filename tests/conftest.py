"""Shared fixtures: a fixed clock, the ../shared data (skipped with a reason when absent); a
CPU-time helper for growth checks; the Hypothesis settings profiles."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("GLOSSCARDS_SHARED", ROOT.parent / "shared")) / "data"
RESOURCES = ROOT / "resources"


def shared_file(name: str) -> Path:
    """Path to a file under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"needs {path} (the shared glossary data is absent on this clone)")
    return path


@pytest.fixture(autouse=True)
def own_ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test has its own, empty app settings (window places, text size, columns): none
    leaks into the next test, and none is read from or written to the user's own."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        yield
        return
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def fixed_now() -> datetime:
    """A fixed, timezone-aware moment: tests never read the wall clock."""
    return datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def anki_col(tmp_path: Path) -> Iterator[Any]:
    """A fresh, real Anki collection on disk (the `anki` package from PyPI), closed after."""
    from anki.collection import Collection  # imported before anki.cards, as Anki requires

    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def anki_import(col: Any, apkg: Path, *, with_scheduling: bool = False) -> Any:
    """Import with Anki's defaults (update notes if newer), without scheduling unless asked
    ("Import any learning progress"); return the log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    response = col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=ImportAnkiPackageOptions(with_scheduling=with_scheduling),
        )
    )
    return response.log


def least_cpu_seconds(action: Callable[[], object], *, repeats: int = 5) -> float:
    """The least CPU time (``time.process_time``) of ``repeats`` runs of ``action``.

    Only for growth checks, which compare two input sizes measured in the same run
    (``large < 30 * small``); tests never assert an absolute time (see ``bench/`` for speed).
    """
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


# Hypothesis: no per-example deadline (a loaded machine must not fail a correct test), and the
# blob to reproduce a failure printed. CI also derandomizes, so a failing run can be repeated.
# "CI is set" as Hypothesis and pytest read it: present, whatever its value. In CI, Hypothesis
# has already loaded its own "ci" profile (no example database, no too_slow health check); a new
# profile is built on the active one, so ours keep those.
settings.register_profile("glosscards", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("glosscards"), derandomize=True)
settings.load_profile("ci" if "CI" in os.environ else "glosscards")


def peek(col: Any) -> sqlite3.Connection:
    """A read-only connection of the test's own to a collection's file, for checking what was
    written (the Collection hands out no connection: only its storage layer speaks SQL)."""
    return sqlite3.connect(Path(col.path).absolute().as_uri() + "?mode=ro", uri=True)
