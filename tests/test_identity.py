"""Term identity: names that differ in case, spacing, dashes or quotes match; others do not."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import shared_file
from glosscards import Collection
from glosscards.glossary.reader import read_glossary
from glosscards.identity import identity_key, match_key, unique_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Large Language Model", "large language model"),
        ("Large-Language  Model", "Large Language Model"),
        ("Action–Value", "Action-Value"),
        ("Ockham’s Razor", "Ockham's Razor"),
        ("“Strong” AI", '"Strong" AI'),
        ("Naïve Bayes", "Naive Bayes"),
        ("Zero_shot", "Zero shot"),
        ("Apple Inc.", "Apple Inc"),
        ("Actor/Critic", "Actor-Critic"),
        ("Q&A", "Q & A"),
        ("Node.js", "Node js"),
    ],
)
def test_spellings_of_one_name_match(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_programming_names_stay_distinct() -> None:
    """C, C++, C#, F# and .NET are five terms (they were one, then four duplicates)."""
    names = ["C", "C++", "C#", "F#", ".NET", "NET", "F"]
    assert len({match_key(n) for n in names}) == len(names)
    assert len({identity_key(n) for n in names}) == len(names)
    assert [identity_key(n) for n in ("C++", "C#", ".NET")] == ["c-plus-plus", "c-sharp", "dot-net"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Large Language Model", "large-language-model"),
        ("Bayes' Theorem", "bayes-theorem"),
        ("Software 2.0", "software-2-0"),
        ("LFAI&Data", "lfai-data"),
        ("I, Robot Movie", "i-robot-movie"),
    ],
)
def test_identity_keys_of_ordinary_names_are_unchanged(name: str, key: str) -> None:
    """The slugs (Anki GUID sources) of names without +, # or a leading dot are what they were."""
    assert identity_key(name) == key


def test_scripts_other_than_latin_keep_their_letters() -> None:
    assert match_key("Трансформер") == "трансформер" != match_key("Внимание")
    assert unique_key("Трансформер", set()) == "term"
    assert unique_key("Трансформер", {"term"}) == "term-2"


def test_a_glossary_with_c_cpp_and_csharp_imports_three_terms(tmp_path: Path) -> None:
    """Each heading becomes its own term; none is reported as a duplicate."""
    glossary = tmp_path / "languages.txt"
    glossary.write_text(
        "C#\nA general-purpose language from Bell Labs, close to the machine.\n\n"
        "C++#\nC with classes, templates and RAII, by Bjarne Stroustrup.\n\n"
        "C##\nA managed language by Microsoft that runs on the .NET runtime.\n\n"
        "F##\nA functional-first language on .NET, descended from OCaml.\n\n"
        ".NET#\nMicrosoft's runtime and libraries for C#, F# and Visual Basic.\n",
        encoding="utf-8",
    )
    with Collection.open(tmp_path / "c.db") as col:
        report = col.import_glossary(glossary)
        assert sorted(report.added) == sorted(["C", "C++", "C#", "F#", ".NET"])
        assert report.skipped == []
        again = col.import_glossary(glossary, dry_run=True)
        assert len(again.unchanged) == 5 and not again.added


def _previous_match_key(name: str) -> str:
    """The match key of the previous version (letters and digits only, ASCII only)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


@pytest.mark.shared
def test_real_glossary_names_match_exactly_as_before() -> None:
    """Over every name and alias of the real glossaries, the new key groups names exactly as
    the previous one did: re-imports of them match the same terms."""
    names: set[str] = set()
    for file in ("ai-glossary-2024-06-27.txt", "ai-glossary-2025-03-01.txt", "glossary-l.txt"):
        for entry in read_glossary(shared_file(file)).entries:
            names.update((entry.name, *entry.aliases))
    old_to_new: dict[str, set[str]] = defaultdict(set)
    new_to_old: dict[str, set[str]] = defaultdict(set)
    for name in names:
        old_to_new[_previous_match_key(name)].add(match_key(name))
        new_to_old[match_key(name)].add(_previous_match_key(name))
    assert len(names) > 2000
    assert all(len(v) == 1 for v in old_to_new.values())
    assert all(len(v) == 1 for v in new_to_old.values())
