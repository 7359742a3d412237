"""The card maker's ``str.find`` search for the term's spellings finds what its regex finds."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from glosscards.cloze import _FOLDS_TO_ASCII, _find_matches, _matcher, _Pattern


def test_the_characters_that_fold_to_ascii_are_all_known() -> None:
    """Every code point outside ASCII that Python's case-insensitive regex matches to an ASCII
    letter or digit is in ``_FOLDS_TO_ASCII`` (the fast search leaves such lines to the
    regex), and so is every one ``str.lower`` makes ASCII or longer."""
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    found: set[str] = set()
    for char in string.ascii_letters + string.digits:
        found |= set(re.findall(re.escape(char), every, re.IGNORECASE))
    assert found == set(_FOLDS_TO_ASCII)
    lower_odd = {c for c in every if len(c.lower()) != 1 or c.lower().isascii()}
    assert lower_odd <= set(_FOLDS_TO_ASCII)


_WORDS = ["model", "Model", "LLM", "llms", "nets", "net", "es", "s", "a", "GAN", "kit", "is"]
_ODD = ["’", "“", "”", "—", "é", "ε", "𝐴", "×", "İs", "ıs", "modelſ", "\u212ait", "\xa0", "_", "-"]
_GAPS = [" ", " ", " ", "  ", "\t", ", ", "(", ")", ""]


@st.composite
def _lines(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_WORDS + _ODD), max_size=12))
    gaps = draw(st.lists(st.sampled_from(_GAPS), min_size=len(parts), max_size=len(parts)))
    return "".join(part + gap for part, gap in zip(parts, gaps, strict=True))


@st.composite
def _patterns(draw: st.DrawFn) -> tuple[_Pattern, ...]:
    texts = draw(
        st.lists(
            st.lists(st.sampled_from(_WORDS), min_size=1, max_size=2).map(" ".join),
            min_size=1,
            max_size=3,
            unique_by=str.casefold,
        )
    )
    patterns = [_Pattern(text, 2 if text.isupper() else 1) for text in texts]
    return tuple(sorted(patterns, key=lambda p: (-len(p.text), p.text)))


@settings(deadline=None, max_examples=400)
@given(_lines(), _patterns())
def test_the_fast_search_agrees_with_the_regex(line: str, patterns: tuple[_Pattern, ...]) -> None:
    """Wherever the fast search answers (ASCII lines, and lines whose other characters cannot
    meet an ASCII pattern), it finds exactly the regex's matches."""
    fast = _find_matches(line, patterns)
    if fast is None:
        return
    regex = [(m.start(), m.end()) for m in _matcher(patterns).finditer(line)]
    assert [(start, end) for start, end, _ in fast] == regex


def test_typographic_punctuation_no_longer_needs_the_regex() -> None:
    """Curly quotes and dashes, the real glossary's usual characters outside ASCII, are
    searched without compiling a regex; a dotless i or a no-break space still is not."""
    patterns = (_Pattern("language model", 1),)
    assert _find_matches("the “language models” — again", patterns) == [(5, 20, 1)]
    assert _find_matches("a language model\xa0here", patterns) is None
    assert _find_matches("a language model ı", patterns) is None
