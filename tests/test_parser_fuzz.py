"""Hostile and mangled glossary files: entries or a GlossaryError, never anything else, in linear time."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RESOURCES, least_cpu_seconds
from glosscards.errors import GlossaryError
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.markdown_format import parse_markdown
from glosscards.glossary.reader import decode_glossary_bytes, detect_format
from glosscards.glossary.text_format import parse_text

DEMO_LINES = (RESOURCES / "demo-glossary.txt").read_text(encoding="utf-8").splitlines()


def parse_bytes(data: bytes) -> ParseResult | None:
    """What reading a file does: decode, detect the form, parse. None for a GlossaryError."""
    try:
        text = decode_glossary_bytes(data, Path("fuzz.txt"))
        if detect_format(text) == "markdown":
            return parse_markdown(text, source="fuzz.md")
        return parse_text(text, source="fuzz.txt")
    except GlossaryError as error:
        assert "fuzz" in str(error)  # the message names the file
        return None


def check(result: ParseResult | None) -> None:
    if result is None:
        return
    for entry in result.entries:
        assert entry.has_content and entry.name.strip()
        assert entry.line >= 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    """Any bytes at all: entries with content, or the project's own error."""
    check(parse_bytes(data))


@settings(max_examples=300)
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    """Any Unicode text, in UTF-8: entries with content, or the project's own error."""
    check(parse_bytes(text.encode("utf-8")))


mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.text(max_size=60)),
    st.tuples(st.just("heading"), st.integers(0, 10_000)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.integers(0, 200)),
)


def mutate(lines: list[str], steps: list[tuple[object, ...]]) -> list[str]:
    out = list(lines)
    for step in steps:
        if not out:
            break
        kind, at = step[0], int(step[1]) % len(out)  # type: ignore[call-overload]
        if kind == "delete":
            del out[at]
        elif kind == "duplicate":
            out.insert(at, out[at])
        elif kind == "swap":
            other = int(step[2]) % len(out)  # type: ignore[call-overload]
            out[at], out[other] = out[other], out[at]
        elif kind == "insert":
            out.insert(at, str(step[2]))
        elif kind == "heading":
            out[at] = out[at] + "#"
        else:
            out[at] = out[at][: int(step[2])]  # type: ignore[call-overload]
    return out


@settings(max_examples=300)
@given(st.lists(mutation, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_glossary_like_mutations(steps: list[tuple[object, ...]], newline: str, bom: bool) -> None:
    """The demo glossary with lines deleted, duplicated, swapped, cut or turned into headings."""
    text = newline.join(mutate(DEMO_LINES, steps))
    data = text.encode("utf-8")
    check(parse_bytes(b"\xef\xbb\xbf" + data if bom else data))
    check(parse_bytes(text.encode("utf-16")))


@settings(max_examples=8)
@given(st.lists(mutation, max_size=6))
def test_parse_time_grows_linearly_with_the_input(steps: list[tuple[object, ...]]) -> None:
    """Eight times the input (distinct headings, mangled the same way) costs about eight times."""
    block = mutate(DEMO_LINES, steps)

    def copies(n: int) -> str:
        return "\n".join(
            line.replace("#", f" {i}#") if line.endswith("#") else line
            for i in range(n)
            for line in block
        )

    small_text, large_text = copies(20), copies(160)
    small = least_cpu_seconds(lambda: parse_text(small_text))
    large = least_cpu_seconds(lambda: parse_text(large_text))
    # Linear is 8x; quadratic would be 64x. Measured here: 11-16x on a quiet machine (the small
    # input runs from warm caches), up to 30x while other jobs thrash them; 45x still refuses
    # quadratic growth.
    assert large < 45 * small, (small, large)
