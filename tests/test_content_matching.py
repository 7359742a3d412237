"""Rename matching by content finds the same pairs as comparing every pair did (issue 15).

``all_pairs`` below is the matcher as it was before candidate generation: every unmatched entry
against every unmatched stored term, the same length bound, the same Jaccard. The prefix-filtered
:func:`glosscards.import_plan.content_pairs` must give exactly its pairs and scores, on the real
2024 → 2025 pair and on random inputs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_file
from glosscards.glossary.reader import read_glossary
from glosscards.import_plan import (
    RENAME_THRESHOLD,
    IncomingTerm,
    KnownTerm,
    Shingles,
    _jaccard,
    _shingles,
    content_pairs,
    definition_text,
    plan_import,
)

Pairs = list[tuple[float, int, int]]


def all_pairs(left: Sequence[Shingles], right: Sequence[tuple[int, Shingles]]) -> Pairs:
    """The reference: the all-pairs loop of ``_match_by_content`` before issue 15."""
    pairs: Pairs = []
    for i, sb in right:
        if not sb:
            continue
        for j, sa in enumerate(left):
            if not sa:
                continue
            if min(len(sa), len(sb)) / max(len(sa), len(sb)) < RENAME_THRESHOLD:
                continue
            score = _jaccard(sa, sb)
            if score >= RENAME_THRESHOLD:
                pairs.append((score, i, j))
    return pairs


def ordered(pairs: Pairs) -> Pairs:
    return sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))


def _definitions(name: str) -> list[str]:
    parsed = read_glossary(shared_file(name))
    return [definition_text(e.glosses, e.paragraphs) for e in parsed.entries]


def test_real_pair_every_definition_against_every_other() -> None:
    """Not only the 13 terms left unmatched: all 2024 definitions against all 2025 ones."""
    old = [_shingles(d) for d in _definitions("ai-glossary-2024-06-27.txt")]
    new = [(i, _shingles(d)) for i, d in enumerate(_definitions("ai-glossary-2025-03-01.txt"))]
    expected = all_pairs(old, new)
    assert len(expected) > 1000  # most entries kept their definition: a real test
    assert ordered(content_pairs(old, new)) == ordered(expected)


def test_real_pair_plan_is_the_all_pairs_plan() -> None:
    old = read_glossary(shared_file("ai-glossary-2024-06-27.txt")).entries
    new = read_glossary(shared_file("ai-glossary-2025-03-01.txt")).entries
    known = [
        KnownTerm(
            key=f"k{n}",
            name=e.name,
            aliases=e.aliases,
            content_hash=str(n),
            retired=False,
            definition=definition_text(e.glosses, e.paragraphs),
        )
        for n, e in enumerate(old)
    ]
    plan = plan_import(known, [IncomingTerm(e, "x") for e in new])
    by_content = {
        c.name: (c.known.name, c.similarity)
        for c in plan.changes
        if c.matched_by == "content" and c.known
    }
    assert len(by_content) == 10  # the ten renames RENAME_THRESHOLD was chosen from
    assert all(score is not None and score >= RENAME_THRESHOLD for _, score in by_content.values())


WORDS = [f"w{n}" for n in range(12)]
definitions = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(definitions, min_size=0, max_size=25),
    st.lists(definitions, min_size=0, max_size=25),
)
def test_random_definitions_give_the_all_pairs_pairs(left: list[str], right: list[str]) -> None:
    """A small vocabulary: many pairs sit near the threshold, where a filter would slip."""
    sl = [_shingles(d) for d in left]
    sr = [(i * 3 + 1, _shingles(d)) for i, d in enumerate(right)]
    assert ordered(content_pairs(sl, sr)) == ordered(all_pairs(sl, sr))


@settings(deadline=None, max_examples=100)
@given(st.integers(0, 2**32), st.integers(1, 60))
def test_seeded_edits_of_definitions_give_the_all_pairs_pairs(seed: int, n: int) -> None:
    """Definitions and lightly edited copies of them (words dropped, swapped, added)."""
    rng = random.Random(seed)
    base = [" ".join(rng.choices(WORDS * 3 + ["the", "a"], k=rng.randint(1, 30))) for _ in range(n)]

    def touched(text: str) -> str:
        words = text.split()
        for _ in range(rng.randint(0, 4)):
            k = rng.randrange(len(words) + 1)
            if rng.random() < 0.5 and words:
                del words[min(k, len(words) - 1)]
            else:
                words.insert(k, rng.choice(WORDS))
        return " ".join(words)

    sl = [_shingles(d) for d in base]
    sr = [(i, _shingles(touched(d))) for i, d in enumerate(rng.sample(base, len(base)))]
    assert ordered(content_pairs(sl, sr)) == ordered(all_pairs(sl, sr))
