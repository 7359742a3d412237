"""A real glossary made N times larger, and an update of it with a share of its headings renamed.

The import benchmarks need glossaries of 1×, 4× and 16× the real one (1,588 notes → about 25,000)
that read like the real one: the same definitions, lists, code and cross-references, so the
parser, the card maker and the matcher meet the same text they meet in practice. Copy ``k`` of an
entry gets a place word in its name (``Large Language Model Karst (LLMK)``: the acronym gains the
word's initial, so it stays an acronym of its name) and the word at the start of its first line,
so no two copies share a name, an alias or a definition. Letter headings (``A#``) are kept once.

:func:`renamed_update` renames a seeded share of the entries the way the real 2024 → 2025 update
renamed some: a new heading with no alias left in common, so only the definition can tell the
importer that it is the same term (the slow path of the matching).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

__all__ = ["renamed_update", "scaled_glossary", "write_scaled"]

# One word per extra copy, each with its own initial (up to 26 copies).
_PLACES = [
    "Alpine",
    "Boreal",
    "Coastal",
    "Desert",
    "Equatorial",
    "Fluvial",
    "Glacial",
    "Highland",
    "Insular",
    "Jungle",
    "Karst",
    "Lunar",
    "Montane",
    "Nordic",
    "Oceanic",
    "Polar",
    "Quarry",
    "Riverine",
    "Steppe",
    "Tundra",
    "Upland",
    "Volcanic",
    "Wetland",
    "Xeric",
    "Yardang",
    "Zonal",
]
_HEADING = re.compile(r"^(?P<name>[^()\n]*?)\s*(?:\((?P<alias>[^()\n]*)\))?\s*#$")


def _blocks(text: str) -> list[list[str]]:
    """The text as blocks: a heading line and the lines up to the next heading."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.endswith("#") or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _is_letter_heading(line: str) -> bool:
    return len(line.rstrip("#").strip()) <= 3


def _copy(block: list[str], place: str) -> list[str]:
    heading, *body = block
    match = _HEADING.match(heading)
    if match is None:
        new_heading = f"{heading.rstrip('#').rstrip()} {place}#"
    else:
        name = f"{match['name']} {place}"
        alias = match["alias"]
        new_heading = f"{name} ({alias}{place[0]})#" if alias else f"{name}#"
    if body and body[0].strip() and not body[0].startswith(("See ", "More at", "~", "-")):
        body = [f"{place}: {body[0]}", *body[1:]]
    return [new_heading, *body]


def scaled_glossary(text: str, times: int) -> str:
    """``text`` (the plain-text form) with ``times - 1`` renamed copies of every entry after it."""
    if not 1 <= times <= len(_PLACES) + 1:
        raise ValueError(f"times must be 1..{len(_PLACES) + 1}")
    blocks = _blocks(text)
    out = list(blocks)
    for place in _PLACES[: times - 1]:
        out.extend(_copy(b, place) for b in blocks if not _is_letter_heading(b[0]))
    return "\n".join("\n".join(b) for b in out)


def renamed_update(text: str, *, share: float = 0.10, seed: int = 15) -> tuple[str, int]:
    """``text`` with ``share`` of its entries given a new heading (no alias); and how many."""
    rng = random.Random(seed)
    blocks = _blocks(text)
    renamed = 0
    for block in blocks:
        has_text = any(line.strip() and not line.startswith("See ") for line in block[1:])
        if _is_letter_heading(block[0]) or not has_text or rng.random() >= share:
            continue
        match = _HEADING.match(block[0])
        name = match["name"] if match else block[0].rstrip("#").rstrip()
        block[0] = f"Revised {name}#"
        renamed += 1
    return "\n".join("\n".join(b) for b in blocks), renamed


def write_scaled(source: Path, times: int, target: Path, *, rename: float = 0.0) -> int:
    """Write ``source`` scaled ``times`` (then renamed by ``rename``) to ``target``; renames made."""
    text = scaled_glossary(source.read_text(encoding="utf-8"), times)
    renamed = 0
    if rename:
        text, renamed = renamed_update(text, share=rename)
    target.write_text(text, encoding="utf-8")
    return renamed
