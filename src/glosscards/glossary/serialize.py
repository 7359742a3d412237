"""Entry ⇄ JSON, for storing the parsed entry beside its note, and the entry's content hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import json.encoder
import json.scanner
from collections.abc import Callable
from typing import Any

from glosscards.glossary.entry import Entry, Link, SeeAlso

__all__ = [
    "decode_json",
    "entries_from_json",
    "entry_content_hash",
    "entry_from_json",
    "entry_to_json",
    "json_encoder",
    "remember_content_hash",
    "see_also_and_links",
]

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


def json_encoder(
    *, sort_keys: bool = False, separators: tuple[str, str] = (",", ":")
) -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, separators=separators, sort_keys=sort_keys)``
    as one reusable function: the same text, without building an encoder per call (which cost
    as much as encoding an entry). For values of JSON's own types (no ``default``)."""
    base = json.JSONEncoder(ensure_ascii=False, separators=separators, sort_keys=sort_keys)
    make: Any = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return base.encode
    item_separator, key_separator = separators
    run = make(
        {}, base.default, json.encoder.encode_basestring, None,
        key_separator, item_separator, sort_keys, False, True,
    )  # fmt: skip

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return base.encode(value)
        return "".join(run(value, 0))

    return encode


_TO_JSON = json_encoder()
_HASH_JSON = json_encoder(sort_keys=True)


def entry_to_json(entry: Entry) -> str:
    return _TO_JSON(_as_dict(entry))


_KNOWN = frozenset(_FIELDS)


def entry_from_json(text: str, *, line: int | None = None) -> Entry:
    """The entry back from :func:`entry_to_json`; at ``line`` when given (a term's stored entry
    keeps the line it was last changed at; the term's ``line`` column says where it is now)."""
    data = json.loads(text)
    if line is not None:
        data["line"] = line
    return _slow_entry(data)


def entries_from_json(texts: list[str], lines: list[int | None]) -> list[Entry]:
    """:func:`entry_from_json` of each of ``texts`` at each of ``lines``, equal entry for entry,
    faster: an unchanged re-import rebuilds every entry of the file from its term's JSON."""
    out: list[Entry] = []
    append = out.append
    shared: dict[Any, Any] = {}  # one object per distinct reference or link list: fewer to track
    for text, line in zip(texts, lines, strict=True):
        data = decode_json(text)
        if line is not None:
            data["line"] = line
        if data.keys() <= _KNOWN:
            append(_fast_entry(data, shared))
        else:
            append(_slow_entry(data))
    return out


_MAKE_SCANNER: Any = getattr(json.scanner, "c_make_scanner", None)
_SCAN = _MAKE_SCANNER(json.JSONDecoder()) if _MAKE_SCANNER is not None else None


def decode_json(text: str) -> Any:
    """``json.loads(text)`` of JSON this program wrote, without its per-call checks (which
    cost as much as decoding a small value); any other text takes ``json.loads``."""
    if _SCAN is None or text[:1] not in ("{", "["):
        return json.loads(text)
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return json.loads(text)  # raises the usual error
    return value if end == len(text) else json.loads(text)


def _tuple(value: Any) -> Any:
    return tuple(value) if type(value) is list else value


def _shared_refs(items: list[dict[str, Any]], kind: type, shared: dict[Any, Any]) -> Any:
    """``tuple(kind(**item) for item in items)``, the same tuple for the same items."""
    key = (kind, *(tuple(item.items()) for item in items))
    found = shared.get(key)
    if found is None:
        found = shared[key] = tuple([kind(**item) for item in items])
    return found


def _fast_entry(data: dict[str, Any], shared: dict[Any, Any]) -> Entry:
    """:func:`_slow_entry` of ``data`` whose keys are all fields, positionally; equal
    reference and link tuples are one object (``shared``: they are immutable)."""
    get = data.get
    see_also = get("see_also", ())
    more_at = get("more_at", ())
    return Entry(
        data["heading"],
        data["name"],
        data["term"],
        _tuple(get("aliases", ())),
        get("acronym"),
        get("category"),
        _tuple(get("glosses", ())),
        _tuple(get("paragraphs", ())),
        _tuple(get("code", ())),
        _tuple(get("code_after", ())),
        _shared_refs(see_also, SeeAlso, shared) if see_also else (),
        _shared_refs(more_at, Link, shared) if more_at else (),
        get("letter", ""),
        get("line", 0),
        get("redirect_to"),
    )


def _slow_entry(data: dict[str, Any]) -> Entry:
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _KNOWN:
            continue
        if name == "see_also":
            value = tuple(SeeAlso(**item) for item in value)
        elif name == "more_at":
            value = tuple(Link(**item) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return Entry(**values)


# By id() of the entry, which the value keeps alive (so the id is not reused): hashing an
# entry walks all its fields, and the one asked about is the very object remembered.
_KNOWN_HASHES: dict[int, tuple[Entry, str]] = {}
_KNOWN_HASHES_LIMIT = 1 << 15


def remember_content_hash(entry: Entry, digest: str) -> None:
    """Note that ``entry``'s content hash is ``digest`` (it was computed for an equal entry
    before: an entry rebuilt from its stored JSON), so that :func:`entry_content_hash` need not
    compute it again. Holds at most one large glossary's entries."""
    if len(_KNOWN_HASHES) >= _KNOWN_HASHES_LIMIT:
        _KNOWN_HASHES.clear()
    _KNOWN_HASHES[id(entry)] = (entry, digest)


def entry_content_hash(entry: Entry) -> str:
    """A hash of everything the entry says (not where it stands): equal hashes, no change."""
    known = _KNOWN_HASHES.get(id(entry))
    if known is not None and known[0] is entry:
        return known[1]
    data = {k: v for k, v in _as_dict(entry).items() if k not in _NOT_CONTENT}
    if not data["code_after"]:  # recorded since 2026-12: an entry without code hashes as before
        del data["code_after"]
    blob = _HASH_JSON(data)
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
