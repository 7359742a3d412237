"""The card check, and the card maker's targets over the whole real 2025-03-01 glossary — in
glosscards and, imported, in real Anki."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import anki_import, shared_file
from glosscards import Collection
from glosscards.card_check import check_note, check_notes
from glosscards.cli import main
from glosscards.cloze import make_note
from glosscards.glossary.entry import Entry
from glosscards.glossary.naming import acronym_items
from glosscards.glossary.reader import read_glossary
from glosscards.render import cloze_answers


def _leaky_note() -> tuple[Entry, str, str]:
    """A note made the old way: the term card shows the acronym, the acronym is cut."""
    entry = Entry(
        heading="Deep Reinforcement Learning (Deep RL)",
        name="Deep Reinforcement Learning",
        term="Deep Reinforcement Learning",
        acronym="Deep RL",
        aliases=("Deep RL",),
        glosses=("learning with `deep` networks",),
        paragraphs=("- Deep RL uses deep neural networks for the policy.",),
    )
    text = "{{c1::Deep Reinforcement Learning}} ({{c2::RL}})<br>~ learning<br>- Deep RL is x"
    return entry, text, ""


def test_the_check_names_each_broken_rule() -> None:
    """Old-style cards break the rules; the check says which, card by card."""
    entry, text, back = _leaky_note()
    reasons = {(p.ordinal, p.reason) for p in check_note(entry, text, back)}
    assert (1, "shows the acronym") in reasons
    assert (2, "acronym cut") in reasons
    assert (1, "tilde shown") in reasons
    assert (1, "list lost") in reasons
    assert (1, "too little to answer from") not in reasons


def test_a_good_note_passes_the_check() -> None:
    entry = _leaky_note()[0]
    note = make_note(entry)
    assert note is not None
    assert check_note(entry, note.text, note.back_extra) == []


@pytest.fixture(scope="module")
def real_entries() -> tuple[Entry, ...]:
    return read_glossary(shared_file("ai-glossary-2025-03-01.txt")).entries


@pytest.mark.shared
def test_the_whole_real_glossary_meets_the_card_targets(real_entries: tuple[Entry, ...]) -> None:
    """No card shows its own answer or a sibling's; every acronym parenthetical is asked
    whole; at most 0.5% of questions under 15 characters besides the gap; 95% of questions
    at most 600 characters."""
    rows = []
    for entry in real_entries:
        note = make_note(entry)
        if note is not None:
            rows.append(("ai-glossary", entry, note.text, note.back_extra, 0))
    result = check_notes(rows)
    print(f"\n{result.notes} notes, {result.questions} cards, {dict(result.counts)}")
    assert result.notes > 1500
    leaks = {"shows its answer", "shows the acronym", "shows an alias", "acronym cut"}
    assert [p for p in result.problems if p.reason in leaks] == []
    for markup in ("tilde shown", "backticks shown", "list lost", "kind word in answer"):
        assert result.counts[markup] == 0, markup
    assert result.short <= 0.005 * result.questions
    assert result.counts["long question"] <= 0.05 * result.questions


@pytest.mark.shared
def test_every_acronym_parenthetical_is_an_acronym_card(real_entries: tuple[Entry, ...]) -> None:
    """Every heading whose parenthetical holds an acronym gets an acronym card asking for one
    of its items whole."""
    asked = 0
    for entry in real_entries:
        items = acronym_items(entry.heading)
        note = make_note(entry)
        if not items or note is None:
            continue
        answers = cloze_answers(note.text)
        assert 2 in answers, entry.heading
        kind = f" {entry.category}" if entry.category else ""
        assert any(answers[2] in (item, item.removesuffix(kind)) for item in items), entry.heading
        asked += 1
    assert asked > 300


@pytest.mark.shared
def test_cards_check_on_a_collection(
    tmp_path: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    """``glosscards cards --check`` reads the collection and prints the figures and problems."""
    path = tmp_path / "odd ñame folder" / "col.db"
    path.parent.mkdir()
    with Collection.open(path) as col:
        col.import_glossary(shared_file("ai-glossary-2025-03-01.txt"), now=fixed_now)
    assert main(["--collection", str(path), "cards", "--check", "--deck", "ai-glossary"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    match = re.match(r"(\d+) notes, (\d+) cards; (\d+) questions", first)
    assert match is not None, first
    assert int(match.group(1)) > 1500 and int(match.group(3)) <= int(match.group(2)) // 200
    assert "shows the acronym" not in out and "acronym cut" not in out


def test_cards_check_of_an_unknown_deck_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "col.db"
    with Collection.open(path):
        pass
    assert main(["--collection", str(path), "cards", "--check", "--deck", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nope" in err and str(path) in err


@pytest.mark.shared
def test_real_anki_builds_both_cards_of_every_acronym_note(
    tmp_path: Path, anki_col: Any, fixed_now: datetime
) -> None:
    """Imported into real Anki, each acronym note has its two cards; the term card hides the
    term and the acronym, the acronym card shows the term and hides the acronym."""
    entries = {e.term: e for e in read_glossary(shared_file("ai-glossary-2025-03-01.txt")).entries}
    with Collection.open(tmp_path / "col.db") as col:
        col.import_glossary(shared_file("ai-glossary-2025-03-01.txt"), now=fixed_now)
        result = col.export_apkg(tmp_path / "g.apkg")
    anki_import(anki_col, result.path)
    assert anki_col.card_count() == result.cards
    acronym_notes = 0
    for nid in anki_col.find_notes(""):
        note = anki_col.get_note(nid)
        cards = sorted(note.cards(), key=lambda c: c.ord)
        answers = cloze_answers(note["Text"])
        if 2 not in answers:
            assert [c.ord for c in cards] == [0]
            continue
        acronym_notes += 1
        assert [c.ord for c in cards] == [0, 1]
        term, acronym = answers[1].removesuffix(f" ({answers[2]})"), answers[2]
        entry = entries[term]
        term_q, acronym_q = (_visible(c.question()) for c in cards)
        for hidden in (term, acronym):
            assert not _shows(hidden, term_q), (term, term_q[:200])
        assert not _shows(acronym, acronym_q), (acronym, acronym_q[:200])
        assert _shows(term, acronym_q), (term, acronym_q[:200])
        assert entry.acronym == acronym
    assert acronym_notes > 300


def _visible(card_html: str) -> str:
    """What Anki's rendered question shows: no style, no tags, entities decoded."""
    without_style = re.sub(r"<style>.*?</style>", "", card_html, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", without_style))


def _shows(needle: str, haystack: str) -> bool:
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    return re.search(rf"(?<!\w){pattern}(?!\w)", haystack, re.IGNORECASE) is not None


@pytest.mark.shared
def test_no_glossary_text_is_lost(real_entries: tuple[Entry, ...]) -> None:
    """Every word of every gloss and paragraph is on the card, front or back, as often as the
    glossary has it: cut glosses, glosses that did not fit and passed-over fragments too."""
    from collections import Counter

    from glosscards.render import plain_text, render_answer

    lost: list[str] = []
    for entry in real_entries:
        note = make_note(entry)
        if note is None:
            continue
        shown = Counter(
            re.findall(r"\w+", plain_text(render_answer(note.text, note.back_extra, 1)))
        )
        wanted = Counter(re.findall(r"\w+", " ".join((*entry.glosses, *entry.paragraphs))))
        if wanted - shown:
            lost.append(f"{entry.name}: {sorted((wanted - shown).elements())[:5]}")
    assert lost == []
