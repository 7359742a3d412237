"""Decks follow their glossary: a file finds its deck by content, whatever its name; export
and every command's --deck mean glosscards decks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import anki_import, shared_file
from glosscards import Collection, Grade
from glosscards.cli import main
from glosscards.deck_match import DeckTerms, choose_deck, free_deck_name
from glosscards.errors import CollectionError
from glosscards.glossary.entry import Entry
from glosscards.import_plan import IncomingTerm
from glosscards.scheduler.day import date_of_day

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo-glossary.txt"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def _incoming(*names: str) -> list[IncomingTerm]:
    return [IncomingTerm(Entry(name=n, heading=n, term=n), "") for n in names]


def _deck(name: str, *terms: str) -> DeckTerms:
    return DeckTerms(name, tuple((t,) for t in terms))


@pytest.mark.parametrize(
    ("incoming", "expected", "existing"),
    [
        (("A", "B", "C", "D"), "letters", True),  # all four are in the deck
        (("A", "B", "X", "Y"), "letters", True),  # half of the file's terms
        (("A", "X", "Y", "Z", "W"), "file", False),  # one in five: a new deck
        (("a", "b", "c-", "Q", "R", "S", "T", "U"), "letters", True),  # half of the deck's
    ],
)
def test_the_deck_sharing_enough_terms_is_chosen(
    incoming: tuple[str, ...], expected: str, existing: bool
) -> None:
    decks = [_deck("letters", "A", "B", "C", "D", "E", "F"), _deck("other", "X")]
    choice = choose_deck(decks, _incoming(*incoming), file_deck_name="file")
    assert (choice.name, choice.existing) == (expected, existing)
    assert choice.reason


def test_a_new_deck_never_takes_an_existing_name() -> None:
    decks = [_deck("file", "Q")]
    choice = choose_deck(decks, _incoming("A", "B"), file_deck_name="file")
    assert (choice.name, choice.existing) == ("file (2)", False)
    assert free_deck_name("file", ["file", "File (2)"]) == "file (3)"


def test_a_named_deck_or_a_new_one_overrides_the_content() -> None:
    decks = [_deck("letters", "A", "B")]
    incoming = _incoming("A", "B")
    assert choose_deck(decks, incoming, file_deck_name="f", deck="mine").name == "mine"
    assert not choose_deck(decks, incoming, file_deck_name="f", deck="mine").existing
    assert choose_deck(decks, incoming, file_deck_name="f", new_deck=True).name == "f"


def test_aliases_count_as_shared_terms() -> None:
    """A term renamed to one of its aliases still ties the file to its deck."""
    decks = [DeckTerms("d", (("Large Language Model", "LLM Model"),))]
    choice = choose_deck(decks, _incoming("LLM Model"), file_deck_name="f")
    assert choice.existing and choice.name == "d"


def _renamed_copy(tmp_path: Path, name: str, *, crlf_bom: bool = False) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    copy = tmp_path / name
    if crlf_bom:
        copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    else:
        copy.write_text(text.replace(" the ", " a ", 1), encoding="utf-8")  # one edit
    return copy


@pytest.mark.parametrize(
    ("name", "crlf_bom"),
    [("glossary-update.txt", False), ("demo (1).txt", True), ("hand-edited.txt", False)],
)
def test_a_renamed_copy_updates_its_deck_and_keeps_history(
    tmp_path: Path, name: str, crlf_bom: bool
) -> None:
    """Saved under another name (re-downloaded, CRLF + BOM, edited), the glossary updates the
    studied deck: no second deck, the same cards, the history kept."""
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(DEMO, now=NOW)
        card = col.next_card(NOW)
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW)
        cards = col.card_counts()["cards"]
        report = col.import_glossary(_renamed_copy(tmp_path, name, crlf_bom=crlf_bom), now=NOW)
        assert report.deck == "demo-glossary" and not report.deck_is_new
        assert "terms are already in 'demo-glossary'" in report.deck_reason
        assert [d.name for d in col.decks()] == ["demo-glossary"]
        assert col.card_counts()["cards"] == cards
        assert len(col.history(card.id)) == 1


@pytest.mark.shared
@pytest.mark.parametrize("saved_as", ["glossary-update.txt", "ai-glossary (1).txt"])
def test_the_real_update_under_another_name_finds_the_studied_deck(
    tmp_path: Path, saved_as: str
) -> None:
    """The 2025 glossary saved as a browser names it updates the 2024 deck: 1,351+ of its
    terms are already there, so no term is added twice."""
    old, new = shared_file("ai-glossary-2024-06-27.txt"), shared_file("ai-glossary-2025-03-01.txt")
    renamed = tmp_path / saved_as
    renamed.write_bytes(new.read_bytes())
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        col.import_glossary(old, now=NOW)
        report = col.import_glossary(renamed, now=NOW, dry_run=True)
    assert report.deck == "ai-glossary" and not report.deck_is_new
    assert len(report.added) < 200 and len(report.unchanged) > 1000
    assert report.deck_reason.startswith("1,") and "'ai-glossary'" in report.deck_reason


def test_the_cli_report_names_the_deck_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text report's first line says which deck and why; --new-deck makes another one."""
    col = str(tmp_path / "c.db")
    assert main(["--collection", col, "import", str(DEMO)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("new deck 'demo-glossary'")
    copy = _renamed_copy(tmp_path, "copy.txt")
    assert main(["--collection", col, "import", "--json", str(copy)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["deck"] == "demo-glossary" and data["new_deck"] is False
    assert main(["--collection", col, "import", "--new-deck", str(copy)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("new deck 'copy'")


def _two_decks(tmp_path: Path) -> Path:
    other = tmp_path / "other-glossary.txt"
    other.write_text(
        "Alpha Term#\nThe first letter of another glossary, to fill a second deck.\n\n"
        "Beta Term#\nThe second letter of another glossary, to fill a second deck.\n",
        encoding="utf-8",
    )
    path = tmp_path / "c.db"
    with Collection.open(path, tz=UTC) as col:
        col.import_glossary(DEMO, now=NOW)
        col.import_glossary(other, now=NOW)
        assert [d.name for d in col.decks()] == ["demo-glossary", "other-glossary"]
    return path


def _anki_decks(anki_col: Any) -> dict[str, int]:
    return {
        d.name: len(anki_col.find_cards(f'deck:"{d.name}"'))
        for d in anki_col.decks.all_names_and_ids()
        if d.name != "Default"
    }


def test_export_puts_each_deck_into_its_own_anki_deck(
    tmp_path: Path, anki_col: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """In real Anki: one Anki deck per glosscards deck, under --anki-parent when given."""
    col = _two_decks(tmp_path)
    apkg = tmp_path / "all.apkg"
    assert main(["--collection", str(col), "export", str(apkg), "--anki-parent", "Study"]) == 0
    anki_import(anki_col, apkg)
    decks = _anki_decks(anki_col)
    assert decks["Study::other-glossary"] == 2
    assert decks["Study::demo-glossary"] >= 23


def test_export_of_one_deck_holds_only_its_notes(
    tmp_path: Path, anki_col: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    col = _two_decks(tmp_path)
    apkg = tmp_path / "one.apkg"
    assert main(["--collection", str(col), "export", str(apkg), "--deck", "other-glossary"]) == 0
    anki_import(anki_col, apkg)
    assert anki_col.note_count() == 2
    assert _anki_decks(anki_col) == {"other-glossary": 2}


@pytest.mark.parametrize("command", [["stats"], ["export", "x.apkg"]])
def test_an_unknown_deck_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    col = _two_decks(tmp_path)
    argv = ["--collection", str(col), *command, "--deck", "no-such-deck"]
    argv = [a if a != "x.apkg" else str(tmp_path / "x.apkg") for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "no-such-deck" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.apkg").exists()


def test_decks_are_renamed_and_a_taken_name_is_refused(tmp_path: Path) -> None:
    path = _two_decks(tmp_path)
    with Collection.open(path, tz=UTC) as col:
        col.rename_deck("other-glossary", "Greek letters")
        assert [d.name for d in col.decks()] == ["demo-glossary", "Greek letters"]
        with pytest.raises(CollectionError, match="already has a deck"):
            col.rename_deck("Greek letters", "DEMO-glossary")
        with pytest.raises(CollectionError, match="no deck 'nope'"):
            col.rename_deck("nope", "x")


def test_deleting_a_deck_needs_yes_backs_up_and_can_be_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --yes: exit 2 saying what would go, nothing written. With it: a backup, then the
    deck, its cards and answers are gone; restoring the backup brings them back."""
    path = _two_decks(tmp_path)
    with Collection.open(path, tz=UTC) as col:
        card = col.next_card(NOW, deck=col.deck_id("other-glossary"))
        assert card is not None
        col.answer(card.id, Grade.GOOD, NOW)
    before = path.read_bytes()
    assert main(["--collection", str(path), "deck", "delete", "other-glossary"]) == 2
    assert "removes 2 cards and 1 answers" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["--collection", str(path), "deck", "delete", "other-glossary", "--yes"]) == 0
    out = capsys.readouterr().out
    backup = Path(out.split("glosscards restore ")[1].split("`")[0])
    with Collection.open(path, tz=UTC) as col:
        assert [d.name for d in col.decks()] == ["demo-glossary"]
        assert col.find_cards('deck:"other-glossary"', now=NOW) == []
    assert main(["--collection", str(path), "restore", str(backup)]) == 0
    with Collection.open(path, tz=UTC) as col:
        assert [d.name for d in col.decks()] == ["demo-glossary", "other-glossary"]
        assert len(col.history(card.id)) == 1


def test_each_deck_has_its_own_daily_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 new cards studied in one deck leave the other's 20 untouched; a deck's own limit
    caps its session; "All decks" offers the sum of the decks' limits."""
    path = _two_decks(tmp_path)
    assert main(["--collection", str(path), "deck", "options", "demo-glossary", "--new", "3"]) == 0
    assert "3 new cards" in capsys.readouterr().out
    with Collection.open(path, tz=UTC) as col:
        col.review_backup_interval = None
        demo, other = col.deck_id("demo-glossary"), col.deck_id("other-glossary")
        assert col.counts(NOW, deck=demo).new == 3
        assert col.counts(NOW, deck=other).new == 2
        assert col.counts(NOW).new == 5  # each deck within its own limit: 3 + 2
        for _ in range(3):
            card = col.next_card(NOW, deck=demo)
            assert card is not None
            col.answer(card.id, Grade.GOOD, NOW)
        assert col.next_card(NOW, deck=demo) is None
        assert col.counts(NOW, deck=other).new == 2
        seen = set()
        while (card := col.next_card(NOW)) is not None:  # all decks: only the other's are left
            seen.add(card.term)
            col.answer(card.id, Grade.GOOD, NOW)
        assert seen == {"Alpha Term", "Beta Term"}
        col.set_deck_options("demo-glossary", None)
        assert col.counts(NOW, deck=demo).new == 17  # the default 20, less the 3 done
    assert main(["--collection", str(path), "deck", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["deck"], d["own_limits"]) for d in listed] == [
        ("demo-glossary", False),
        ("other-glossary", False),
    ]


def test_export_with_progress_continues_in_anki_where_glosscards_stands(
    tmp_path: Path, anki_col: Any
) -> None:
    """Studied over a few days, one card suspended, one term dropped by the glossary: in real
    Anki each reviewed card has the interval, ease and days-until-due it has here and as many
    revlog rows as answers; the suspended card stays suspended; the dropped term comes
    suspended and tagged glosscards::retired."""
    other = tmp_path / "other-glossary.txt"
    entries = {
        "Alpha Term": "The first letter of another glossary.",
        "Beta Term": "The second letter of another glossary.",
        "Gamma Term": "The third letter of another glossary.",
    }
    other.write_text("".join(f"{k}#\n{v}\n\n" for k, v in entries.items()), encoding="utf-8")
    day = timedelta(days=1)
    with Collection.open(tmp_path / "c.db", tz=UTC) as col:
        col.review_backup_interval = None
        col.import_glossary(other, now=NOW)
        for n, grade in enumerate([Grade.GOOD, Grade.AGAIN, Grade.GOOD]):
            card = col.next_card(NOW)
            assert card is not None
            col.answer(card.id, grade, NOW + timedelta(seconds=n))
        later = NOW + day
        while (card := col.next_card(later)) is not None:
            col.answer(card.id, Grade.GOOD, later)
            later += timedelta(seconds=1)
        rows = {r.term: r for r in col.find_cards("", now=later)}
        col.suspend(rows["Beta Term"].card_id)
        del entries["Gamma Term"]
        other.write_text("".join(f"{k}#\n{v}\n\n" for k, v in entries.items()), encoding="utf-8")
        assert col.import_glossary(other, now=later).removed == ["Gamma Term"]
        expected = {
            r.term: (r.interval_days, round(r.ease * 1000), date_of_day(r.due_day), r.reviews)
            for r in [*col.find_cards("", now=later), *col.find_cards("is:retired", now=later)]
            if r.due_day is not None
        }
        apkg = tmp_path / "progress.apkg"
        col.export_apkg(apkg, with_progress=True)
    anki_import(anki_col, apkg, with_scheduling=True)
    found = {}
    for cid in anki_col.find_cards(""):
        card = anki_col.get_card(cid)
        term = next(t for t in ("Alpha", "Beta", "Gamma") if t in card.note()["Text"])
        revlog = anki_col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", cid)
        found[f"{term} Term"] = (card, revlog)
    alpha, alpha_log = found["Alpha Term"]
    ivl, factor, left, reviews = expected["Alpha Term"]
    # Anki counts from its own today, the day before its next cutoff (in local time).
    cutoff = datetime.fromtimestamp(anki_col.sched.day_cutoff).astimezone()
    anki_today = (cutoff - timedelta(days=1)).date()
    due_date = anki_today + timedelta(days=alpha.due - anki_col.sched.today)
    assert (alpha.ivl, alpha.factor, due_date) == (ivl, factor, left)
    assert alpha_log == reviews and alpha.reps == reviews
    # the buttons as pressed: Good on a new card stays Good (Anki reads a package without a
    # scheduler version as v1, whose three learning buttons would turn Good into Easy)
    eases = anki_col.db.list("SELECT ease FROM revlog WHERE cid = ? ORDER BY id", alpha.id)
    assert eases == [Grade.GOOD, Grade.GOOD]
    beta, _ = found["Beta Term"]
    assert beta.queue == -1
    gamma, _ = found["Gamma Term"]
    assert gamma.queue == -1 and "glosscards::retired" in gamma.note().tags


def test_one_shared_term_does_not_tie_a_big_file_to_a_tiny_deck() -> None:
    """A 200-term file sharing one term with a 2-term deck makes a new deck; a named deck is
    found whatever the case of its name."""
    decks = [_deck("chess", "Check", "Castling")]
    poker = _incoming("Check", *(f"Poker {i}" for i in range(199)))
    assert not choose_deck(decks, poker, file_deck_name="poker").existing
    assert choose_deck(decks, _incoming("Check", "Castling", "X"), file_deck_name="f").existing
    named = choose_deck(decks, poker, file_deck_name="poker", deck="CHESS")
    assert (named.name, named.existing) == ("chess", True)
