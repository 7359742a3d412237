"""Importing the real glossaries makes exactly what it made before the import was made faster."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import shared_file
from import_digest import real_pair_steps

EXPECTED = Path(__file__).parent / "data" / "import_digest_real.json"


def test_real_pair_imports_make_the_same_rows_and_reports(tmp_path: Path) -> None:
    """Every note, card, term, stored report and returned report of the real 2024-06-27 and
    2025-03-01 glossaries' imports is what the code made before the speed work of issue 15.

    ``tests/data/import_digest_real.json`` was made with the code of commit 126cddc (before any
    change to the parser, the card maker or the import's storage for speed), by running
    ``cd tests && ../.venv/bin/python import_digest.py > data/import_digest_real.json``; the
    sequence (fresh, unchanged, a kept edit, dry run, update, a prerequisites-first deck, back
    and forth) is :func:`import_digest.real_pair_steps`. A change that means to change what an
    import makes regenerates the file the same way, and says why."""
    data = shared_file("ai-glossary-2025-03-01.txt").parent
    shared_file("ai-glossary-2024-06-27.txt")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = real_pair_steps(data, tmp_path)
    assert list(got) == list(expected)
    for step, digests in expected.items():
        assert got[step] == digests, step
