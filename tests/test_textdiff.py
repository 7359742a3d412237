"""The word diff the import preview shows for a changed definition."""

from __future__ import annotations

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
