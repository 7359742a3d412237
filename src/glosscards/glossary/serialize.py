"""Entry ⇄ JSON, for storing the parsed entry beside its note, and the entry's content hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from glosscards.glossary.entry import Entry, Link, SeeAlso

__all__ = ["entry_content_hash", "entry_from_json", "entry_to_json", "see_also_and_links"]

# Where an entry sits in the file is not part of what it says: moving it is not a change.
_NOT_CONTENT = frozenset({"line"})


_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


def _as_dict(entry: Entry) -> dict[str, Any]:
    # Written out rather than dataclasses.asdict: this runs for every entry of every import,
    # and the generic walk was a third of an unchanged re-import. Tuples serialise as lists.
    data = {name: getattr(entry, name) for name in _FIELDS}
    data["see_also"] = [{"name": s.name, "has_entry": s.has_entry} for s in entry.see_also]
    data["more_at"] = [{"url": link.url, "label": link.label} for link in entry.more_at]
    return data


def entry_to_json(entry: Entry) -> str:
    return json.dumps(_as_dict(entry), ensure_ascii=False, separators=(",", ":"))


def entry_from_json(text: str) -> Entry:
    data = json.loads(text)
    known = {f.name for f in dataclasses.fields(Entry)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known:
            continue
        if name == "see_also":
            value = tuple(SeeAlso(**item) for item in value)
        elif name == "more_at":
            value = tuple(Link(**item) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return Entry(**values)


def entry_content_hash(entry: Entry) -> str:
    """A hash of everything the entry says (not where it stands): equal hashes, no change."""
    data = {k: v for k, v in _as_dict(entry).items() if k not in _NOT_CONTENT}
    if not data["code_after"]:  # recorded since 2026-12: an entry without code hashes as before
        del data["code_after"]
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


def see_also_and_links(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """From a stored entry: the see-also names that have an entry, and (label, url) links.

    The reviewer needs only these two fields of each card's entry; reading them from the JSON
    directly skips building the whole :class:`Entry` on the review hot path.
    """
    data = json.loads(text)
    see_also = tuple(item["name"] for item in data.get("see_also", ()) if item.get("has_entry"))
    links = tuple(
        (item.get("label") or item["url"], item["url"]) for item in data.get("more_at", ())
    )
    return see_also, links
