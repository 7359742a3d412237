"""The .apkg writer: package contents, atomic writing, errors, and imports into a real Anki."""

from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import anki_import, shared_file
from glosscards.anki_export import (
    MODEL_ID,
    ExportNote,
    ExportResult,
    deck_id_for,
    write_apkg,
)
from glosscards.errors import ExportError

# ---------------------------------------------------------------- helpers


def _note(
    key: str,
    text: str | None = None,
    *,
    back_extra: str = "",
    tags: tuple[str, ...] = ("ai-glossary",),
    modified: datetime,
) -> ExportNote:
    return ExportNote(
        key=key,
        text=text if text is not None else f"{{{{c1::{key} term}}}} is defined here",
        back_extra=back_extra,
        tags=tags,
        modified=modified,
    )


def _package_rows(apkg: Path) -> dict[str, tuple[Any, ...]]:
    """guid -> (mod, flds, tags, card count, card mods) as stored in the package's database."""
    with zipfile.ZipFile(apkg) as package:
        data = package.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        rows = conn.execute("SELECT id, guid, mod, flds, tags FROM notes").fetchall()
        result = {}
        for note_id, guid, mod, flds, tags in rows:
            card_mods = [
                m for (m,) in conn.execute("SELECT mod FROM cards WHERE nid=?", (note_id,))
            ]
            result[guid] = (mod, flds, tags, len(card_mods), card_mods)
        return result
    finally:
        conn.close()


class _VisibleText(HTMLParser):
    """What a person sees on a card: text outside <style>/<script>, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def anki_notes_by_guid(col: Any) -> dict[str, Any]:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


# ---------------------------------------------------------------- ids and package contents


def test_deck_id_is_stable_in_range_and_name_derived() -> None:
    """The deck id depends only on the name and lies in genanki's id range."""
    assert deck_id_for("AI Glossary") == deck_id_for("AI Glossary")
    assert deck_id_for("AI Glossary") != deck_id_for("AI Glossary 2")
    assert (1 << 30) <= deck_id_for("AI Glossary") < (1 << 31)


@given(st.text(max_size=40))
def test_deck_id_always_in_genanki_range(name: str) -> None:
    """Any deck name maps to a valid id (never Anki's default deck 1)."""
    assert (1 << 30) <= deck_id_for(name) < (1 << 31)


def test_result_counts_notes_cards_and_bytes(tmp_path: Path, fixed_now: datetime) -> None:
    """ExportResult reports notes, cards (one per cloze number) and the file size."""
    notes = [
        _note(
            "llm", "{{c1::Large Language Model}} ({{c2::LLM}}) predicts text", modified=fixed_now
        ),
        _note("agent", modified=fixed_now),
    ]
    result = write_apkg(notes, tmp_path / "deck.apkg")
    target = tmp_path / "deck.apkg"
    assert result == ExportResult(path=target, notes=2, cards=3, bytes=target.stat().st_size)


def test_package_rows_carry_guid_fields_tags_and_modified(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """Each row has GUID guid_for(key), the fields and tags as given, and mod = modified."""
    later = fixed_now + timedelta(days=3, seconds=7)
    notes = [
        _note(
            "k1",
            "{{c1::One}} &amp; more",
            back_extra="<b>why</b>",
            tags=("a", "b::c"),
            modified=fixed_now,
        ),
        _note("k2", modified=later),
    ]
    apkg = write_apkg(notes, tmp_path / "d.apkg").path
    rows = _package_rows(apkg)
    assert set(rows) == {genanki.guid_for("k1"), genanki.guid_for("k2")}
    mod, flds, tags, cards, card_mods = rows[genanki.guid_for("k1")]
    assert (mod, flds, tags, cards) == (
        int(fixed_now.timestamp()),
        "{{c1::One}} &amp; more\x1f<b>why</b>",
        " a b::c ",
        1,
    )
    assert card_mods == [int(fixed_now.timestamp())]
    assert rows[genanki.guid_for("k2")][0] == int(later.timestamp())


def test_every_zip_member_is_deflated(tmp_path: Path, fixed_now: datetime) -> None:
    """The package is compressed (genanki alone stores it uncompressed)."""
    notes = [_note(f"k{i}", modified=fixed_now) for i in range(50)]
    apkg = write_apkg(notes, tmp_path / "d.apkg").path
    with zipfile.ZipFile(apkg) as package:
        infos = package.infolist()
        assert {info.filename for info in infos} == {"collection.anki2", "media"}
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
        assert package.read("media") == b"{}"
        assert package.testzip() is None


def test_same_notes_give_identical_bytes(tmp_path: Path, fixed_now: datetime) -> None:
    """The output depends only on the arguments, never on the wall clock."""
    notes = [_note(f"k{i}", modified=fixed_now + timedelta(seconds=i)) for i in range(5)]
    first = write_apkg(notes, tmp_path / "a.apkg").path.read_bytes()
    second = write_apkg(notes, tmp_path / "b.apkg").path.read_bytes()
    assert first == second


def test_progress_reports_each_note(tmp_path: Path, fixed_now: datetime) -> None:
    """progress(done, total) is called once per note, in order, ending at (total, total)."""
    calls: list[tuple[int, int]] = []
    notes = [_note(f"k{i}", modified=fixed_now) for i in range(4)]
    write_apkg(notes, tmp_path / "d.apkg", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


_key = st.text(min_size=1, max_size=20)
_plain = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x1f{}<>&"),
    max_size=30,
)
_tag = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_:0123456789", min_size=1, max_size=12)


@st.composite
def _notes(draw: st.DrawFn) -> list[ExportNote]:
    keys = draw(st.lists(_key, min_size=1, max_size=8, unique=True))
    notes = []
    for key in keys:
        ords = draw(st.sets(st.integers(1, 3), min_size=1))
        text = " ".join(f"{{{{c{n}::{draw(_plain)}x}}}}" for n in sorted(ords)) + draw(_plain)
        seconds = draw(st.integers(0, 10**9))
        notes.append(
            ExportNote(
                key=key,
                text=text,
                back_extra=draw(_plain),
                tags=tuple(draw(st.lists(_tag, max_size=3, unique=True))),
                modified=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds),
            )
        )
    return notes


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=_notes())
def test_package_round_trips_every_note(tmp_path: Path, notes: list[ExportNote]) -> None:
    """Whatever the notes, the package holds each once with its fields, tags, mod and cards."""
    result = write_apkg(notes, tmp_path / "rt.apkg")
    rows = _package_rows(result.path)
    assert len(rows) == result.notes == len(notes)
    total_cards = 0
    for note in notes:
        mod, flds, tags, cards, _ = rows[genanki.guid_for(note.key)]
        assert mod == int(note.modified.timestamp())
        assert flds == f"{note.text}\x1f{note.back_extra}"
        assert tags.split() == list(note.tags)
        assert cards == len(set(re.findall(r"{{c(\d)::", note.text)))
        total_cards += cards
    assert result.cards == total_cards


# ---------------------------------------------------------------- atomic writing and errors


def test_no_temporary_files_left_anywhere(
    tmp_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an export the system temp folder is as before and the target folder holds only it."""
    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    out = tmp_path / "out"
    out.mkdir()
    write_apkg([_note("k", modified=fixed_now)], out / "deck.apkg")
    write_apkg([_note("k", modified=fixed_now)], out / "deck.apkg")  # over an existing file
    assert list(system_tmp.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["deck.apkg"]


def test_genanki_alone_would_leak_its_temp_file(
    tmp_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control for the test above: genanki's write_to_file leaves a file in the temp folder."""
    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    deck = genanki.Deck(deck_id_for("x"), "x")
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=["{{c1::a}}", ""]))
    genanki.Package(deck).write_to_file(str(tmp_path / "bare.apkg"), timestamp=0)
    assert len(list(system_tmp.iterdir())) == 1


def test_empty_note_list_is_an_export_error(tmp_path: Path) -> None:
    """Nothing to export is reported, and no file is created."""
    with pytest.raises(ExportError, match="empty") as caught:
        write_apkg([], tmp_path / "deck.apkg")
    assert caught.value.path == tmp_path / "deck.apkg"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make_path", "reason"),
    [
        (lambda base: base / "missing" / "deck.apkg", "does not exist"),
        (lambda base: base / "a-file" / "deck.apkg", "not a folder"),
        (lambda base: base / "a-folder", "is a folder"),
    ],
    ids=["missing-folder", "parent-is-a-file", "target-is-a-folder"],
)
def test_unwritable_path_is_an_export_error(
    tmp_path: Path, fixed_now: datetime, make_path: Any, reason: str
) -> None:
    """An unwritable path raises ExportError naming it, and leaves no file behind."""
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    path = make_path(tmp_path)
    with pytest.raises(ExportError, match=reason) as caught:
        write_apkg([_note("k", modified=fixed_now)], path)
    assert caught.value.path == path
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list((tmp_path / "a-folder").iterdir()) == []


def test_failure_midway_leaves_existing_target_untouched(
    tmp_path: Path, fixed_now: datetime
) -> None:
    """If writing fails part way, the previous package is intact and no temp file remains."""
    target = tmp_path / "deck.apkg"
    with zipfile.ZipFile(target, "w") as previous:
        previous.writestr("collection.anki2", b"previous export")
    before = target.read_bytes()

    def explode(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    notes = [_note(f"k{i}", modified=fixed_now) for i in range(3)]
    with pytest.raises(KeyboardInterrupt):
        write_apkg(notes, target, progress=explode)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"tags": ("two words",)}, "whitespace"),
        ({"tags": ("",)}, "empty tag"),
        ({"text": "no cloze at all"}, "no cloze"),
        ({"text": "{{c0::zero is not a cloze}}"}, "no cloze"),
        ({"key": "k0"}, "more than one note: k0"),
    ],
)
def test_notes_anki_would_mangle_are_refused(
    tmp_path: Path, fixed_now: datetime, bad: dict[str, Any], reason: str
) -> None:
    """Bad tags, a note without a cloze or a repeated key raise ExportError before writing."""
    notes = [_note("k0", modified=fixed_now), replace(_note("k1", modified=fixed_now), **bad)]
    with pytest.raises(ExportError, match=reason):
        write_apkg(notes, tmp_path / "deck.apkg")
    assert list(tmp_path.iterdir()) == []


def test_naive_modified_is_a_programming_error(tmp_path: Path) -> None:
    """A modified time without a zone is refused: its seconds would depend on the machine."""
    with pytest.raises(ValueError, match="timezone-aware"):
        write_apkg([_note("k", modified=datetime(2025, 3, 1, 12))], tmp_path / "d.apkg")


# ---------------------------------------------------------------- proof against real Anki

LLM = "{{c1::Large Language Model}} ({{c2::LLM}}) is a model trained to predict text"


def _version_one(t0: datetime) -> list[ExportNote]:
    return [
        _note(
            "llm", LLM, back_extra="See also: <i>Transformer</i>", tags=("ai", "model"), modified=t0
        ),
        _note("agent", "An {{c1::Agent}} acts on its environment", modified=t0),
        _note("token", "A {{c1::Token}} is a piece of text", modified=t0 + timedelta(hours=1)),
        _note(
            "rag", "{{c1::Retrieval-Augmented Generation}} ({{c2::RAG}}) adds search", modified=t0
        ),
    ]


@pytest.mark.slow
def test_anki_imports_notes_cards_fields_tags_and_deck(
    tmp_path: Path, fixed_now: datetime, anki_col: Any
) -> None:
    """Anki imports every note and card (c2 too) into the named deck, fields and tags intact."""
    notes = _version_one(fixed_now)
    result = write_apkg(notes, tmp_path / "v1.apkg")  # default deck name
    log = anki_import(anki_col, result.path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (4, 0, 0)
    assert anki_col.note_count() == result.notes == 4
    assert anki_col.card_count() == result.cards == 6
    assert "AI Glossary" in {d.name for d in anki_col.decks.all_names_and_ids()}
    deck_id = anki_col.decks.id_for_name("AI Glossary")
    assert all(anki_col.get_card(c).did == deck_id for c in anki_col.find_cards(""))
    by_guid = anki_notes_by_guid(anki_col)
    for note in notes:
        anki_note = by_guid[genanki.guid_for(note.key)]
        assert anki_note.note_type()["name"] == "glosscards Cloze"
        assert anki_note.mid == MODEL_ID
        assert anki_note["Text"] == note.text
        assert anki_note["Back Extra"] == note.back_extra
        assert anki_note.tags == list(note.tags)
        assert anki_note.mod == int(note.modified.timestamp())
    llm_cards = by_guid[genanki.guid_for("llm")].cards()
    assert sorted(card.ord for card in llm_cards) == [0, 1]


@pytest.mark.slow
def test_anki_questions_show_the_gap_never_the_answer(
    tmp_path: Path, fixed_now: datetime, anki_col: Any
) -> None:
    """Each card's question hides its own cloze behind [...], the answer reveals it."""
    anki_import(
        anki_col,
        write_apkg(
            [_note("llm", LLM, back_extra="Extra!", modified=fixed_now)], tmp_path / "d.apkg"
        ).path,
    )
    cards = {card.ord: card for card in anki_col.get_note(anki_col.find_notes("")[0]).cards()}
    term_q, term_a = visible(cards[0].question()), visible(cards[0].answer())
    acro_q, acro_a = visible(cards[1].question()), visible(cards[1].answer())
    assert "[...]" in term_q and "Large Language Model" not in term_q and "(LLM)" in term_q
    assert "[...]" in acro_q and "LLM" not in acro_q and "Large Language Model" in acro_q
    for answer in (term_a, acro_a):
        assert "[...]" not in answer
        assert "Large Language Model (LLM) is a model" in answer
        assert answer.endswith("Extra!")
    assert "font-weight: bold" in cards[0].question() and "color: blue" in cards[0].question()


@pytest.mark.slow
def test_anki_shows_hostile_text_literally(
    tmp_path: Path, fixed_now: datetime, anki_col: Any
) -> None:
    """Escaped markup and template-like braces reach the learner as text, never as code."""
    note = _note(
        "hostile",
        "{{c1::&lt;script&gt;alert(1)&lt;/script&gt;}} uses {{Back Extra}} and {{ not a cloze }}",
        back_extra="&lt;img src=x onerror=alert(2)&gt; {{Text}} {{c1::not here}}",
        modified=fixed_now,
    )
    anki_import(anki_col, write_apkg([note], tmp_path / "d.apkg", deck_name="Tests::Hostile").path)
    card = anki_col.get_card(anki_col.find_cards("")[0])
    assert anki_col.decks.name(card.did) == "Tests::Hostile"
    question, answer = card.question(), card.answer()
    for html in (question, answer):
        assert "<script" not in html and "<img" not in html
    assert visible(question).endswith("[...] uses {{Back Extra}} and {{ not a cloze }}")
    assert "alert" not in visible(question)
    assert "<script>alert(1)</script> uses {{Back Extra}} and {{ not a cloze }}" in visible(answer)
    assert visible(answer).endswith("<img src=x onerror=alert(2)> {{Text}} {{c1::not here}}")


@pytest.mark.slow
def test_anki_reexport_updates_exactly_the_changed_notes(
    tmp_path: Path, fixed_now: datetime, anki_col: Any
) -> None:
    """A later export updates changed notes, adds new ones, skips unchanged, keeps scheduling."""
    from anki.consts import CARD_TYPE_REV

    v1 = _version_one(fixed_now)
    anki_import(anki_col, write_apkg(v1, tmp_path / "v1.apkg").path)
    anki_col.decks.select(anki_col.decks.id_for_name("AI Glossary"))
    reviewed = {}
    for _ in range(2):  # study two cards in Anki: answer "Easy" so they become review cards
        card = anki_col.sched.getCard()
        anki_col.sched.answerCard(card, 4)
        card.load()
        reviewed[card.id] = (card.type, card.queue, card.ivl, card.due, card.factor, card.reps)
    assert all(state[0] == CARD_TYPE_REV and state[2] > 0 for state in reviewed.values())

    later = fixed_now + timedelta(days=2)
    changed = {"llm": LLM + " and more", "agent": "An {{c1::Agent}} acts, and plans"}
    v2 = [
        replace(n, text=changed[n.key], modified=later) if n.key in changed else n for n in v1
    ] + [_note("moe", "{{c1::Mixture of Experts}} ({{c2::MoE}})", modified=later)]
    log = anki_import(anki_col, write_apkg(v2, tmp_path / "v2.apkg").path)

    guid_key = {genanki.guid_for(n.key): n.key for n in v2}

    def keys(entries: Any) -> list[str]:
        return sorted(guid_key[anki_col.get_note(entry.id.nid).guid] for entry in entries)

    assert keys(log.updated) == ["agent", "llm"]
    assert keys(log.new) == ["moe"]
    assert keys(log.duplicate) == ["rag", "token"]  # Anki's word for "already up to date"
    assert not log.conflicting
    assert anki_col.note_count() == 5
    assert anki_col.card_count() == 8
    by_guid = anki_notes_by_guid(anki_col)
    for n in v2:
        assert by_guid[genanki.guid_for(n.key)]["Text"] == n.text
    for card_id, state in reviewed.items():
        card = anki_col.get_card(card_id)
        assert (card.type, card.queue, card.ivl, card.due, card.factor, card.reps) == state

    again = anki_import(anki_col, write_apkg(v2, tmp_path / "v3.apkg").path)
    assert (len(again.new), len(again.updated), len(again.duplicate)) == (0, 0, 5)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("delta", "applied"),
    [(timedelta(seconds=1), True), (timedelta(milliseconds=999), False), (timedelta(0), False)],
    ids=["next-second", "same-second", "same-time"],
)
def test_anki_applies_an_edit_only_with_a_later_second(
    tmp_path: Path, fixed_now: datetime, anki_col: Any, delta: timedelta, applied: bool
) -> None:
    """The modified contract: Anki applies an edit stamped T+1s, but drops one in second T."""
    first = _note("llm", LLM, modified=fixed_now)
    anki_import(anki_col, write_apkg([first], tmp_path / "a.apkg").path)
    edited = replace(first, text=LLM + " (edited)", modified=fixed_now + delta)
    log = anki_import(anki_col, write_apkg([edited], tmp_path / "b.apkg").path)
    assert len(log.updated) == int(applied)
    text = anki_col.get_note(anki_col.find_notes("")[0])["Text"]
    assert text == (edited.text if applied else first.text)


@pytest.mark.slow
def test_anki_adds_a_new_note_whose_package_id_it_already_uses(
    tmp_path: Path, fixed_now: datetime, anki_col: Any
) -> None:
    """Package note ids restart at the newest time; Anki renumbers a clash instead of merging."""
    a, b = _note("a", modified=fixed_now), _note("b", modified=fixed_now)
    older = _note("older", modified=fixed_now - timedelta(days=1))
    anki_import(anki_col, write_apkg([a, b], tmp_path / "1.apkg").path)
    log = anki_import(anki_col, write_apkg([older, a, b], tmp_path / "2.apkg").path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (1, 0, 2)
    texts = sorted(anki_col.get_note(nid)["Text"] for nid in anki_col.find_notes(""))
    assert texts == sorted(n.text for n in (a, b, older))


@pytest.mark.slow
@pytest.mark.shared
def test_anki_imports_the_whole_shared_glossary(tmp_path: Path, anki_col: Any) -> None:
    """Every note made from the real glossary reaches Anki with one card per cloze it claims."""
    from glosscards.cloze import make_note
    from glosscards.glossary.reader import read_glossary
    from glosscards.identity import unique_key

    path = shared_file("ai-glossary-2025-03-01.txt")
    start = datetime(2025, 3, 1, tzinfo=UTC)
    notes, expected_cards, taken = [], 0, set[str]()
    for i, entry in enumerate(read_glossary(path).entries):
        fields = make_note(entry)
        if fields is None:
            continue
        key = unique_key(entry.name, taken)
        taken.add(key)
        expected_cards += len(fields.ordinals)
        notes.append(
            ExportNote(key, fields.text, fields.back_extra, fields.tags, start + timedelta(i))
        )
    result = write_apkg(notes, tmp_path / "glossary.apkg")
    log = anki_import(anki_col, result.path)
    assert len(notes) > 1000
    assert len(log.new) == anki_col.note_count() == result.notes == len(notes)
    assert anki_col.card_count() == result.cards == expected_cards
    for card_id in anki_col.find_cards(""):
        question = anki_col.get_card(card_id).question()
        assert '<span class="cloze"' in question and "[" in visible(question)
