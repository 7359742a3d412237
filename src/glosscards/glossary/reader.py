"""Reading a glossary from disk: checks, decoding, format detection, dispatch to a parser.

Everything a user can get wrong about the input file is refused here with a
:class:`~glosscards.errors.GlossaryError` naming the file and the reason, before any parsing.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from glosscards.errors import GlossaryError
from glosscards.gc_pause import paused_gc
from glosscards.glossary.assembly import Progress
from glosscards.glossary.entry import ParseResult
from glosscards.glossary.markdown_format import (
    letter_from_filename,
    parse_markdown,
    parse_markdown_files,
)
from glosscards.glossary.text_format import is_text_heading, parse_text

__all__ = [
    "DETECT_LINES",
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "decode_glossary_bytes",
    "detect_format",
    "load_text",
    "markdown_files",
    "read_glossary",
]

FORMATS = ("text", "markdown")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 10 * 1024 * 1024
DETECT_LINES = 2000
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def decode_glossary_bytes(data: bytes, path: str | Path | None) -> str:
    """Bytes → text with LF line ends: UTF-8 (BOM stripped) or UTF-16 with a BOM.

    Refused: empty input, NUL bytes outside UTF-16 (binary content), undecodable bytes.
    """
    if not data.strip():
        raise GlossaryError(path, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise GlossaryError(
                path, f"not valid UTF-16 text (at byte offset {error.start})"
            ) from error
    else:
        if b"\x00" in data:
            raise GlossaryError(path, "binary content (NUL bytes), not a text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            bad = data[error.start] if error.start < len(data) else 0
            raise GlossaryError(
                path, f"not valid UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
            ) from error
    if "\x00" in text:
        raise GlossaryError(path, "binary content (NUL characters), not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise GlossaryError(path, "empty file")
    _check_line_lengths(text, path)
    return text


def _check_line_lengths(text: str, path: str | Path | None) -> None:
    """Refuse a line over :data:`MAX_LINE_CHARS` without splitting the text into lines."""
    if len(text) <= MAX_LINE_CHARS:
        return
    start = 0
    line_number = 1
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if end - start > MAX_LINE_CHARS:
            raise GlossaryError(
                path,
                f"line too long ({end - start:,} characters; the limit is "
                f"{MAX_LINE_CHARS // (1024 * 1024)} MB)",
                line=line_number,
            )
        start = end + 1
        line_number += 1


def load_text(path: str | Path) -> str:
    """Read one glossary file: it must exist, be a file, be at most 50 MB and decode."""
    file = Path(path)
    if not file.exists():
        raise GlossaryError(file, "file not found")
    if not file.is_file():  # a folder, or a pipe or device that would block forever
        raise GlossaryError(file, "not a regular file")
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise GlossaryError(
            file, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES // 2**20} MB)"
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise GlossaryError(file, f"cannot read the file ({error.strerror})") from error
    return decode_glossary_bytes(data, file)


def detect_format(text: str) -> str:
    """``"markdown"`` or ``"text"``: front matter, or more ``# Term`` lines than ``Term#`` lines.

    Both forms can contain the other's heading shape (a ``# comment`` in flattened code, a code
    line ending in ``#``), so the majority decides; a tie goes to plain text. Only the first
    :data:`DETECT_LINES` lines are looked at: headings are dense in a glossary.
    """
    if text.startswith("---\n"):
        return "markdown"
    markdown = text_form = 0
    for line in text.split("\n", DETECT_LINES)[:DETECT_LINES]:
        if line.startswith("# ") and line[2:].strip():
            markdown += 1
        elif is_text_heading(line):
            text_form += 1
    return "markdown" if markdown > text_form else "text"


def markdown_files(folder: Path) -> list[Path]:
    """The letter files of a Markdown glossary folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())


def read_glossary(
    path: str | Path, *, format: str | None = None, progress: Progress | None = None
) -> ParseResult:
    """Read a ``.txt``/``.md`` glossary file, or a directory of ``.md`` letter files.

    ``format`` forces ``"text"`` or ``"markdown"``; otherwise a ``.md`` file is Markdown and any
    other file is detected with :func:`detect_format`. ``progress(done, total)`` is called
    as the entries are parsed.
    """
    with paused_gc():  # many small objects and no cycles: see glosscards.gc_pause
        return _read_glossary(path, format=format, progress=progress)


def _read_glossary(
    path: str | Path, *, format: str | None, progress: Progress | None
) -> ParseResult:
    target = Path(path)
    if format is not None and format not in FORMATS:
        raise GlossaryError(target, f"unknown format {format!r} (expected 'text' or 'markdown')")
    if not target.exists():
        raise GlossaryError(target, "file not found")
    if target.is_dir():
        if format == "text":
            raise GlossaryError(target, "a directory is read as Markdown letter files, not text")
        files = markdown_files(target)
        if not files:
            raise GlossaryError(target, "directory has no .md files")
        total = sum(f.stat().st_size for f in files)
        if total > MAX_FILE_BYTES:  # the cap is on the glossary, not on each of its files
            raise GlossaryError(
                target,
                f"glossary too large ({total:,} bytes in {len(files)} files; the limit is"
                f" {MAX_FILE_BYTES // 2**20} MB)",
            )
        return parse_markdown_files(files, progress=progress)
    text = load_text(target)
    chosen = format or (
        "markdown" if target.suffix.lower() in _MARKDOWN_SUFFIXES else detect_format(text)
    )
    if chosen == "markdown":
        return parse_markdown(
            text, source=target, letter=letter_from_filename(target), progress=progress
        )
    return parse_text(text, source=target, progress=progress)
