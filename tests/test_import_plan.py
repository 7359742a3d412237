"""The pure import diff: matching by name, alias and content; what is added, changed, removed."""

from __future__ import annotations

import pytest

from glosscards.glossary.entry import Entry
from glosscards.import_plan import (
    RENAME_THRESHOLD,
    Change,
    IncomingTerm,
    KnownTerm,
    definition_similarity,
    plan_import,
)

LONG = (
    "A framework for composing calls to language models into chains, with a declarative syntax "
    "that supports streaming, batching and asynchronous execution out of the box for every chain."
)


def known(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    h: str = "h",
    retired: bool = False,
    definition: str = "",
) -> KnownTerm:
    return KnownTerm(
        key=name.lower().replace(" ", "-"),
        name=name,
        aliases=aliases,
        content_hash=h,
        retired=retired,
        definition=definition or f"about {name}",
    )


def incoming(
    name: str, *, aliases: tuple[str, ...] = (), h: str = "h", definition: str = ""
) -> IncomingTerm:
    entry = Entry(
        heading=name,
        name=name,
        term=name,
        aliases=aliases,
        paragraphs=(definition or f"about {name}",),
    )
    return IncomingTerm(entry, h)


def kinds(plan: object) -> dict[str, str]:
    return {c.name: str(c.change) for c in plan.changes}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "new_name", ["large language model", "Large-Language Model", "Large  Language Model!"]
)
def test_heading_matches_up_to_case_spacing_and_punctuation(new_name: str) -> None:
    """Case, spacing and punctuation do not make a new term."""
    plan = plan_import([known("Large Language Model")], [incoming(new_name)])
    assert [c.change for c in plan.changes] == [Change.UNCHANGED]
    assert plan.changes[0].known is not None
    assert plan.changes[0].matched_by == "name"


def test_unchanged_and_changed() -> None:
    """Same hash: unchanged; different hash: changed."""
    plan = plan_import([known("A"), known("B")], [incoming("A"), incoming("B", h="other")])
    assert kinds(plan) == {"A": "unchanged", "B": "changed"}
    assert not plan.writes_nothing


def test_rename_through_alias() -> None:
    """A heading that changes but keeps an alias is the same term, reported as renamed."""
    old = known("LangChain Expression Language", aliases=("LCEL",))
    plan = plan_import([old], [incoming("LCEL")])
    (change,) = plan.changes
    assert change.change is Change.RENAMED and change.matched_by == "alias"
    assert change.known == old


def test_rename_through_new_alias_of_incoming() -> None:
    """An entry whose alias is an old heading claims that term."""
    plan = plan_import(
        [known("GPT")], [incoming("Generative Pre-trained Transformer", aliases=("GPT",))]
    )
    assert plan.changes[0].change is Change.RENAMED


def test_rename_by_nearly_identical_definition() -> None:
    """A removed and an added entry with nearly the same definition are one entry renamed."""
    old = known("LangChain Expression Model", definition=LONG)
    new = incoming("LC Expression Syntax", definition=LONG.replace("every chain", "each chain"))
    plan = plan_import([old], [new])
    (change,) = plan.changes
    assert change.change is Change.RENAMED and change.matched_by == "content"
    assert change.similarity is not None and change.similarity >= RENAME_THRESHOLD


def test_different_definitions_are_remove_plus_add() -> None:
    """Unrelated entries are not paired: one removed, one added."""
    plan = plan_import([known("Old Thing", definition=LONG)], [incoming("New Thing")])
    assert kinds(plan) == {"Old Thing": "removed", "New Thing": "added"}


def test_retired_term_that_returns_is_restored() -> None:
    """A term removed earlier and present again is restored (its history comes with it)."""
    plan = plan_import([known("A", retired=True)], [incoming("A")])
    assert plan.changes[0].change is Change.RESTORED


def test_retired_term_still_absent_is_not_removed_again() -> None:
    """Retired terms absent from the file are not reported as removed twice."""
    plan = plan_import([known("A", retired=True)], [incoming("B")])
    assert kinds(plan) == {"B": "added"}


def test_one_term_is_claimed_once() -> None:
    """Two entries can't both take the same stored term."""
    plan = plan_import([known("A", aliases=("X",))], [incoming("A"), incoming("Y", aliases=("X",))])
    assert kinds(plan) == {"A": "unchanged", "Y": "added"}


def test_similarity_bounds() -> None:
    """Similarity is 1 for equal texts, 0 for disjoint ones."""
    assert definition_similarity(LONG, LONG) == 1.0
    assert definition_similarity(LONG, "nothing in common here at all") == 0.0
    assert definition_similarity("", LONG) == 0.0
