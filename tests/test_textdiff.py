"""The word diff the import preview shows for a changed definition."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glosscards.textdiff import word_diff_html


def test_unchanged_text_is_just_escaped() -> None:
    """No change: the text, escaped, with no markers."""
    assert word_diff_html("a < b", "a < b") == "a &lt; b"


def test_changed_words_are_marked() -> None:
    """A replaced word shows as deleted then inserted; the rest stays as it was."""
    assert word_diff_html("used as a baseline", "used as the reference baseline") == (
        "used as <del>a</del><ins>the reference</ins> baseline"
    )


def test_additions_and_removals_at_the_ends() -> None:
    """Words added at the end and removed at the start are marked."""
    assert word_diff_html("Old start of it", "start of it, now longer") == (
        "<del>Old </del>start of <del>it</del><ins>it, now longer</ins>"
    )


def test_markup_in_definitions_never_becomes_html() -> None:
    """Glossary text is escaped inside the markers too."""
    out = word_diff_html("x", "<script>alert(1)</script>")
    assert "<script>" not in out and "&lt;script&gt;" in out


def _side(diff: str, keep: str, drop: str) -> str:
    """One side of a diff: the ``keep`` markers unwrapped, the ``drop`` ones removed.

    The old side is read word by word: spacing is the new text's, and an insertion may have
    held the only space between two old words, so it leaves a space behind.
    """
    kept = re.sub(rf"<{drop}>.*?</{drop}>", " " if drop == "ins" else "", diff, flags=re.S)
    return html.unescape(kept.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))


_WORDS = st.sampled_from(["model", "the", "a", "loss", "<b>", "&", "of", "gradient", "é"])
_TEXT = st.lists(st.tuples(_WORDS, st.sampled_from([" ", "  ", "\n"])), max_size=60).map(
    lambda items: "".join(w + s for w, s in items).strip()
)


@settings(deadline=None, max_examples=300)
@given(old=_TEXT, new=_TEXT)
def test_the_diff_holds_both_texts(old: str, new: str) -> None:
    """Dropping the insertions gives the old words, dropping the deletions the new text."""
    diff = word_diff_html(old, new)
    assert _side(diff, "ins", "del") == new
    assert _side(diff, "del", "ins").split() == old.split()


def test_a_rewritten_passage_is_marked_as_small_as_difflib_marks_it() -> None:
    """A moved sentence and a changed word: only what changed is marked, as difflib would."""
    old = "Alpha beta gamma. The model learns weights. Delta epsilon zeta."
    new = "Alpha beta gamma. Delta epsilon zeta. The model learns biases."
    diff = word_diff_html(old, new)
    marked = " ".join(re.findall(r"<(?:del|ins)>(.*?)</(?:del|ins)>", diff))
    assert "Alpha" not in marked and "Delta" not in marked
    assert "biases" in marked


def test_repeated_words_without_anchors_still_diff() -> None:
    """A text of only repeated words (nothing unique to anchor on) still gives a right diff."""
    old = "a b " * 50
    new = "a b " * 20 + "c " + "a b " * 30
    diff = word_diff_html(old.strip(), new.strip())
    assert re.search(r"<ins>\s*c\s*</ins>", diff) and "<del>" not in diff
