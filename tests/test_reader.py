"""Reading glossary files: decoding, refusals with a reason, format detection and forcing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from conftest import shared_file
from glosscards.errors import GlossaryError
from glosscards.glossary.reader import (
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    decode_glossary_bytes,
    detect_format,
    read_glossary,
)

TEXT = "L#\nLabel#\n~ your model's teacher\nThe answer part of an example.\nSee also L, Feature\n"
MARKDOWN = "---\ntitle: L\n---\n\n# Label\n\n ~ your model's teacher\n\n The answer part.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``tmp_path/name`` and return the path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def names(path: Path, **kwargs: str) -> list[str]:
    """Entry names read from ``path``."""
    return [e.name for e in read_glossary(path, **kwargs).entries]


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # native order, with a BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "crlf", "cr"],
)
def test_encodings_and_line_ends_decode_to_the_same_text(data: bytes) -> None:
    """UTF-8 (with or without BOM) and UTF-16 with a BOM, any line ends: the same text."""
    assert decode_glossary_bytes(data, "g.txt") == TEXT


def test_bom_file_parses_with_a_clean_first_heading(tmp_path: Path) -> None:
    """A BOM does not end up in the first heading's name."""
    path = write(tmp_path, "g.txt", codecs.BOM_UTF8 + b"Label#\nThe answer.")
    assert names(path) == ["Label"]


def test_invalid_utf8_names_the_byte_and_offset(tmp_path: Path) -> None:
    """Latin-1 bytes are refused, saying which byte and where."""
    path = write(tmp_path, "g.txt", "Label#\nR\u00e9sum\u00e9".encode("latin-1"))
    with pytest.raises(GlossaryError) as info:
        read_glossary(path)
    assert info.value.path == path
    assert info.value.reason == "not valid UTF-8 text (byte 0xe9 at offset 8)"
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\r\n\t", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        (b"Label#\n\x00\x01\x02binary", "binary content"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (b"just some notes\nwithout any heading\n", "no glossary headings found"),
    ],
    ids=["empty", "blank", "bom-only", "nul", "png", "no-headings"],
)
def test_refusals(tmp_path: Path, data: bytes, reason: str) -> None:
    """Empty, binary and heading-less files are refused with the file and the reason."""
    path = write(tmp_path, "g.txt", data)
    with pytest.raises(GlossaryError, match=reason) as info:
        read_glossary(path)
    assert info.value.path == path


def test_no_headings_message_explains_what_a_heading_is(tmp_path: Path) -> None:
    """The message tells the user how a heading looks."""
    path = write(tmp_path, "g.txt", b"notes\n")
    with pytest.raises(GlossaryError) as info:
        read_glossary(path)
    assert info.value.reason == "no glossary headings found (a heading is a line ending in '#')"


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is refused, not a traceback."""
    with pytest.raises(GlossaryError, match="file not found"):
        read_glossary(tmp_path / "nope.txt")


def test_file_over_50_mb_is_refused_before_reading(tmp_path: Path) -> None:
    """A file one byte over the limit is refused by size."""
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        out.write(b"Label#\nThe answer.\n")
        out.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(GlossaryError, match="file too large"):
        read_glossary(path)


def test_file_of_exactly_50_mb_is_read(tmp_path: Path) -> None:
    """The limit is inclusive: 50 MB of many short lines parse."""
    block = b"Label#\nThe answer.\n"
    path = tmp_path / "big.txt"
    body = b"x" * 1000 + b"\n"
    with path.open("wb") as out:
        out.write(block)
        out.write(body * ((MAX_FILE_BYTES - len(block)) // len(body)))
        out.write(b"y" * ((MAX_FILE_BYTES - len(block)) % len(body)))
    assert path.stat().st_size == MAX_FILE_BYTES
    assert names(path) == ["Label"]


def test_single_line_over_10_mb_is_refused(tmp_path: Path) -> None:
    """One line over the limit is refused, naming its line number."""
    path = write(tmp_path, "g.txt", b"Label#\n" + b"a" * (MAX_LINE_CHARS + 1) + b"\nEnd#\n")
    with pytest.raises(GlossaryError, match="line too long") as info:
        read_glossary(path)
    assert info.value.line == 2


def test_line_of_exactly_10_mb_is_accepted() -> None:
    """The line limit is inclusive."""
    text = decode_glossary_bytes(b"Label#\n" + b"a" * MAX_LINE_CHARS, "g.txt")
    assert len(text) == MAX_LINE_CHARS + len("Label#\n")


# --- formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXT, "text"),
        (MARKDOWN, "markdown"),
        ("# Label\n\n Def.\n\n# Feature\n\n Def.\n", "markdown"),
        ("Label#\n# pip install x\n# comment\nOther#\nThing#\nDef.\n", "text"),
    ],
)
def test_detect_format(text: str, expected: str) -> None:
    """Front matter or a majority of '# ' headings means Markdown; otherwise plain text."""
    assert detect_format(text) == expected


def test_markdown_content_in_a_txt_file_is_detected(tmp_path: Path) -> None:
    """Format is detected from the content when the suffix is not .md."""
    path = write(tmp_path, "g.txt", MARKDOWN.encode())
    assert read_glossary(path).format == "markdown"


@pytest.mark.parametrize(
    ("name", "data", "format", "expected"),
    [
        ("g.md", MARKDOWN, None, ("markdown", ["Label"])),
        ("g.txt", TEXT, None, ("text", ["Label"])),
        ("g.md", TEXT, "text", ("text", ["Label"])),
        ("g.txt", MARKDOWN, "markdown", ("markdown", ["Label"])),
    ],
)
def test_format_from_suffix_or_forced(
    tmp_path: Path, name: str, data: str, format: str | None, expected: tuple[str, list[str]]
) -> None:
    """.md is Markdown; ``format`` overrides the suffix."""
    path = write(tmp_path, name, data.encode())
    result = read_glossary(path, format=format) if format else read_glossary(path)
    assert (result.format, [e.name for e in result.entries]) == expected


def test_forcing_the_wrong_format_fails_with_a_reason(tmp_path: Path) -> None:
    """A Markdown file forced to text has no 'Term#' headings: refused, not misparsed."""
    path = write(tmp_path, "g.md", b"# Label\n\n Def.\n")
    with pytest.raises(GlossaryError, match="no glossary headings"):
        read_glossary(path, format="text")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    """A format that is neither 'text' nor 'markdown' is a user error, not a crash."""
    path = write(tmp_path, "g.txt", TEXT.encode())
    with pytest.raises(GlossaryError, match="unknown format 'csv'"):
        read_glossary(path, format="csv")


# --- directories ------------------------------------------------------------------------------


def test_directory_of_markdown_letter_files(tmp_path: Path) -> None:
    """A folder's .md files are read in name order; other files are ignored."""
    (tmp_path / "b.md").write_text("---\ntitle: B\n---\n# Bucket\n\n A bin.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n# Accuracy\n\n A metric.\n")
    (tmp_path / "notes.txt").write_text("Ignored#\nNot read.\n")
    result = read_glossary(tmp_path)
    assert [(e.name, e.letter) for e in result.entries] == [("Accuracy", "A"), ("Bucket", "B")]
    assert result.format == "markdown"


def test_directory_without_markdown_files(tmp_path: Path) -> None:
    """A folder with no .md file is refused."""
    (tmp_path / "notes.txt").write_text("Label#\nDef.\n")
    with pytest.raises(GlossaryError, match=r"no \.md files"):
        read_glossary(tmp_path)


def test_directory_with_a_bad_file_names_that_file(tmp_path: Path) -> None:
    """An undecodable letter file is reported by its own path."""
    (tmp_path / "a.md").write_text("# Accuracy\n\n A metric.\n")
    bad = write(tmp_path, "b.md", b"# Bucket\n\n \xff\n")
    with pytest.raises(GlossaryError, match="not valid UTF-8") as info:
        read_glossary(tmp_path)
    assert info.value.path == bad


def test_directory_forced_to_text_is_refused(tmp_path: Path) -> None:
    """A folder holds Markdown letter files; forcing text on it is a user error."""
    (tmp_path / "a.md").write_text("# Accuracy\n\n A metric.\n")
    with pytest.raises(GlossaryError, match="directory"):
        read_glossary(tmp_path, format="text")


# --- the real data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("glossary-l.txt", "text"),
        ("ai-glossary-2025-03-01.txt", "text"),
        ("ai-glossary-md-2025-03-01", "markdown"),
    ],
)
def test_real_files_are_detected(name: str, format: str) -> None:
    """The shared data reads without options, in the right format."""
    assert read_glossary(shared_file(name)).format == format


def test_real_markdown_letter_file_alone(tmp_path: Path) -> None:
    """One letter file of the source reads as Markdown, its letter from the front matter."""
    result = read_glossary(shared_file("ai-glossary-md-2025-03-01") / "l.md")
    assert result.format == "markdown"
    assert {e.letter for e in result.entries} == {"L"}
    assert len(result.entries) > 70
