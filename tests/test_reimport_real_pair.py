"""The real update: study the 2024-06-27 glossary for days, import 2025-03-01, lose nothing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import peek, shared_file
from glosscards import Collection, Grade, Settings
from glosscards.cloze import has_something_to_learn as learnable
from glosscards.glossary.reader import read_glossary
from glosscards.identity import match_key

GRADES = [Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY, Grade.GOOD]


def test_update_keeps_every_history_and_counts_match(tmp_path: Path) -> None:
    """Every reviewed term that still exists keeps its history and schedule; counts add up."""
    old_file = shared_file("ai-glossary-2024-06-27.txt")
    new_file = shared_file("ai-glossary-2025-03-01.txt")
    start = datetime(2024, 7, 1, 9, tzinfo=UTC)
    with Collection.open(tmp_path / "col.db", tz=UTC) as col:
        col.import_glossary(old_file, now=start)
        col.update_settings(Settings(new_per_day=40))
        answered = 0
        for day in range(8):
            now = start + timedelta(days=day)
            while (card := col.next_card(now)) is not None:
                col.answer(card.id, GRADES[answered % len(GRADES)], now)
                answered += 1
                now += timedelta(seconds=20)
        assert answered >= 300
        reviewed = [
            r[0]
            for r in peek(col).execute("SELECT DISTINCT card_id FROM review_log ORDER BY card_id")
        ]
        before = {cid: col.history(cid) for cid in reviewed}
        state_sql = (
            "SELECT c.id, c.ease, c.interval_days, c.repetitions, c.lapses, c.due_day, t.name"
            " FROM card c JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
        )
        states = {r[0]: r[1:6] for r in peek(col).execute(state_sql)}
        names = {r[0]: r[6] for r in peek(col).execute(state_sql)}

        report = col.import_glossary(new_file, now=start + timedelta(days=9))

        removed = {match_key(n) for n in report.removed}
        kept = 0
        for cid in reviewed:
            assert col.history(cid) == before[cid], names[cid]
            retired = (
                peek(col).execute("SELECT retired FROM card WHERE id = ?", (cid,)).fetchone()[0]
            )
            if match_key(names[cid]) in removed:
                assert retired == 1
                continue
            kept += 1
            now_state = (
                peek(col)
                .execute(
                    "SELECT ease, interval_days, repetitions, lapses, due_day FROM card WHERE id = ?",
                    (cid,),
                )
                .fetchone()
            )
            assert tuple(now_state) == states[cid], names[cid]
        assert kept > 250

    # Independent count of the report's figures, from the two parses alone.
    # Entries with too little to learn ("This is ...") make no card in either version.
    old = {match_key(e.name): e for e in read_glossary(old_file).entries if learnable(e)}
    new = {match_key(e.name): e for e in read_glossary(new_file).entries if learnable(e)}
    same_name = old.keys() & new.keys()

    def content(e: object) -> object:
        return dataclasses.replace(e, line=0)  # type: ignore[type-var]

    differing = {k for k in same_name if content(old[k]) != content(new[k])}
    assert len(report.unchanged) + len(report.changed) == len(same_name)
    assert len(report.changed) == len(differing)
    assert len(report.added) + len(report.renamed) + len(same_name) == len(new)
    assert len(report.removed) + len(report.renamed) + len(same_name) == len(old)
    renames = {(r.old, r.new) for r in report.renames}
    assert ("StableDiffusion Model", "Stable Diffusion Model") in renames
    assert ("Attention", "Attention Mechanism") in renames
    print(f"report counts: {report.counts}; reviewed cards checked: {len(reviewed)}")
