"""Term identity: names that differ in case, spacing, dashes or quotes match; others do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from glosscards import Collection
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
