"""Shared fixtures: a fixed clock, the ../shared data (skipped with a reason when absent)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

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
