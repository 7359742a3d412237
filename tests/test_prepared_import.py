"""Apply writes the preview's plan (issue 15): no second matching, unless the collection changed.

The matching is counted through ``glosscards.import_run.plan_import``, wrapped by a counter that
calls the real one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import glosscards.import_run as import_run
from glosscards import Collection, Grade
from glosscards.errors import GlossaryError
from test_ui_helpers import DEMO, START


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the import matched a file against the collection (one item a call)."""
    calls: list[int] = []
    real: Callable[..., Any] = import_run.plan_import

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_run, "plan_import", counting)
    return calls


def _update(tmp_path: Path) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    update = tmp_path / "demo-glossary-v2.txt"
    update.write_text(
        text.replace("Larger batches give", "Larger batches usually give").replace(
            "Epoch#", "Training Epoch#"
        ),
        encoding="utf-8",
    )
    return update


def _same(a: Any, b: Any) -> None:
    left, right = a.to_json_dict(), b.to_json_dict()
    for varying in ("backup", "dry_run"):
        left.pop(varying, None)
        right.pop(varying, None)
    assert left == right


def test_apply_of_a_preview_matches_once_and_writes_what_import_glossary_writes(
    tmp_path: Path, plans: list[int]
) -> None:
    update = _update(tmp_path)
    with Collection.open(tmp_path / "a.db") as col:
        col.import_glossary(DEMO, now=START, backup=False)
        plans.clear()
        prepared = col.preview_import(update)
        assert len(plans) == 1 and prepared.report.dry_run
        _same(prepared.report, col.import_glossary(update, dry_run=True, now=START))
        plans.clear()
        applied = col.import_glossary(update, now=START, backup=False, prepared=prepared)
        assert plans == [] and not applied.dry_run
        assert applied.renamed == ["Training Epoch"] and applied.changed == ["Batch Size"]
        after = col.export_notes()
    with Collection.open(tmp_path / "b.db") as col:  # the same import, planned as it runs
        col.import_glossary(DEMO, now=START, backup=False)
        plain = col.import_glossary(update, now=START, backup=False)
        assert col.export_notes() == after
    _same(applied, plain)


def test_a_collection_changed_since_the_preview_is_planned_again(
    tmp_path: Path, plans: list[int]
) -> None:
    update = _update(tmp_path)
    with Collection.open(tmp_path / "c.db") as col:
        col.import_glossary(DEMO, now=START, backup=False)
        prepared = col.preview_import(update)
        card = col.next_card(START)
        assert card is not None
        col.answer(card.id, Grade.GOOD, START)  # a write since the preview
        plans.clear()
        applied = col.import_glossary(update, now=START, backup=False, prepared=prepared)
        assert plans == [1]
        assert applied.renamed == ["Training Epoch"]


def test_a_file_changed_since_the_preview_is_refused(tmp_path: Path) -> None:
    update = _update(tmp_path)
    with Collection.open(tmp_path / "d.db") as col:
        col.import_glossary(DEMO, now=START, backup=False)
        prepared = col.preview_import(update)
        update.write_text(DEMO.read_text(encoding="utf-8") + "\nNew Thing#\nA new thing.\n")
        with pytest.raises(GlossaryError, match="changed since it was previewed"):
            col.import_glossary(update, now=START, backup=False, prepared=prepared)
        assert len(col.import_runs()) == 1  # only the first import was applied


def test_progress_moves_through_every_phase_and_ends_full(tmp_path: Path) -> None:
    update = _update(tmp_path)
    seen: list[tuple[int, int]] = []
    with Collection.open(tmp_path / "e.db") as col:
        col.import_glossary(DEMO, now=START, backup=False)
        col.import_glossary(
            update, now=START, backup=False, progress=lambda d, t: seen.append((d, t))
        )
    values = [d for d, _ in seen]
    assert values == sorted(values)  # one bar, never going back
    assert len(set(values)) > 10 and seen[-1] == (1000, 1000)


def test_the_bar_moves_while_the_file_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing a long glossary is a phase of its own: the bar moves before matching begins."""
    glossary = tmp_path / "long.txt"
    glossary.write_text(
        "".join(f"Term Number {n}#\nA definition of term {n} in words.\n" for n in range(700)),
        encoding="utf-8",
    )
    seen: list[int] = []
    matched_at: list[int] = []
    original = import_run.plan_import

    def plan_import(*args: Any, **kwargs: Any) -> Any:
        matched_at.append(len(seen))
        return original(*args, **kwargs)

    monkeypatch.setattr(import_run, "plan_import", plan_import)
    with Collection.open(tmp_path / "p.db") as col:
        col.preview_import(glossary, progress=lambda d, _t: seen.append(d))
    before_matching = set(seen[: matched_at[0]])
    assert len(before_matching) > 10  # parse and judging moved it in many steps
    assert seen == sorted(seen) and seen[-1] == 1000


def test_read_glossary_reports_its_progress(tmp_path: Path) -> None:
    """read_glossary calls progress(done, total) as it goes, ending at total."""
    from glosscards.glossary.reader import read_glossary

    glossary = tmp_path / "g.txt"
    glossary.write_text(
        "".join(f"Word {n}#\nWhat word {n} means.\n" for n in range(300)), encoding="utf-8"
    )
    calls: list[tuple[int, int]] = []
    plain = read_glossary(glossary)
    tracked = read_glossary(glossary, progress=lambda d, t: calls.append((d, t)))
    assert tracked == plain
    assert len(calls) > 5 and calls[-1][0] == calls[-1][1] and calls == sorted(calls)


def test_a_preview_made_before_a_reopen_is_planned_again(tmp_path: Path) -> None:
    """SQLite's counters start again with each opening: a preview from an earlier opening is
    not taken for current (the same entry added twice, the bug this guards)."""
    update = _update(tmp_path)
    path = tmp_path / "r.db"
    with Collection.open(path) as col:
        col.import_glossary(DEMO, now=START, backup=False)
        prepared = col.preview_import(update)
    with Collection.open(path) as col:
        col.import_glossary(update, now=START, backup=False)  # another session applied it
    with Collection.open(path) as col:
        with pytest.raises(GlossaryError, match="differently than previewed"):
            col.import_glossary(update, now=START, backup=False, prepared=prepared)
        assert len(col.import_runs()) == 2


def test_a_preview_is_refused_for_another_file_or_deck(tmp_path: Path) -> None:
    """Apply writes what was previewed, so other arguments than the preview's are refused."""
    update = _update(tmp_path)
    other = tmp_path / "other.txt"
    other.write_bytes(update.read_bytes())
    with Collection.open(tmp_path / "d.db") as col:
        col.import_glossary(DEMO, now=START, backup=False)
        prepared = col.preview_import(update)
        with pytest.raises(ValueError, match="preview"):
            col.import_glossary(
                update, now=START, deck="Somewhere Else", new_deck=True, prepared=prepared
            )
        with pytest.raises(ValueError, match="preview"):
            col.import_glossary(other, now=START, prepared=prepared)
        assert len(col.import_runs()) == 1
        report = col.import_glossary(
            update, now=START, backup=False, deck=prepared.report.deck, prepared=prepared
        )
        assert not report.dry_run and len(col.import_runs()) == 2
