"""Shared fixtures: a fixed clock, the ../shared data (skipped with a reason when absent)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

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


def anki_import(col: Any, apkg: Path) -> Any:
    """Import with Anki's defaults (update notes if newer), without scheduling; return the log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    response = col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=ImportAnkiPackageOptions(with_scheduling=False),
        )
    )
    return response.log
