"""The parse of the file an import last wrote, kept so that the same bytes are not parsed again.

Re-importing an unchanged glossary is mostly parsing it (two thirds of the time at every size),
only to find what the collection already holds. Each import that writes records, in its
transaction, how to rebuild its parse from the collection: per entry, the term it became (its
key, its content hash and its line) or, for the few entries that made no term, the entry itself;
and the parse's skipped entries and format. A later import of a file with the same SHA-256, the
same name and format choice, read by the same parser (a digest of the ``glossary`` package's
source), rebuilds the :class:`~glosscards.glossary.entry.ParseResult` from the term rows instead
of parsing: the same entries, equal value for value, so the diff, the deck choice and the report
are the ones a parse would give.

A rebuilt entry comes from its term's stored entry JSON with the recorded line; the term must
still be one of the deck's glossary's (wherever the learner moved it) with the recorded content
hash (a deleted note, a deleted deck, any other change of the row — and the file is parsed as
before). One record per deck (by
glossary source id), under the ``meta`` key ``import_parses``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

import glosscards.glossary as glossary_package
from glosscards.gc_pause import paused_gc
from glosscards.glossary.entry import ParseResult, Skipped
from glosscards.glossary.serialize import entries_from_json, entry_to_json, remember_content_hash
from glosscards.import_plan import definition_text
from glosscards.importing import file_digest
from glosscards.storage.database import Database
from glosscards.storage.importer import remember_definition
from glosscards.storage.models import GlossarySourceRow, MetaRow, TermRow

__all__ = ["record_parse", "stored_parse"]

_META = MetaRow.__table__  # type: ignore[attr-defined]
_TERM = TermRow.__table__  # type: ignore[attr-defined]
_SOURCE = GlossarySourceRow.__table__  # type: ignore[attr-defined]
_KEY = "import_parses"


@lru_cache(maxsize=1)
def _parser_id() -> str | None:
    """A digest of the parser's source; None when it cannot be read (then nothing is kept)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        folder = Path(glossary_package.__file__).parent
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    except (OSError, TypeError):
        return None
    return digest.hexdigest()


def _file_key(path: Path, format: str | None, digest: str) -> dict[str, Any] | None:
    parser = _parser_id()
    if parser is None:
        return None
    return {"sha256": digest, "name": path.name, "format_arg": format, "parser": parser}


def _records(conn: Connection) -> dict[str, Any]:
    row = conn.execute(select(_META.c.value).where(_META.c.key == _KEY)).first()
    return dict(json.loads(row[0])) if row else {}


def stored_parse(
    db: Database, path: Path, format: str | None
) -> tuple[ParseResult | None, str | None]:
    """The recorded parse of ``path`` as it is now (None: parse it), and the file's digest
    taken before (None for a Markdown folder, which is always parsed): pass it to
    :func:`record_parse`, which keeps a parse only of the bytes it was looked up by."""
    if not path.is_file():
        return None, None
    digest = file_digest(path)
    key = _file_key(path, format, digest)
    if key is None:
        return None, digest
    # The records, and an entry, are a dozen objects each and none in a cycle: no collector.
    with db.core() as conn, paused_gc():
        for source_id, record in _records(conn).items():
            if all(record.get(name) == value for name, value in key.items()):
                return _rebuild(conn, int(source_id), record), digest
    return None, digest


def _rebuild(conn: Connection, source_id: int, record: Mapping[str, Any]) -> ParseResult | None:
    rows: dict[str, tuple[str, str]] = {
        key: (chash, entry_json)
        for key, chash, entry_json in conn.exec_driver_sql(
            "SELECT key, content_hash, entry_json FROM term"
            " WHERE coalesce(origin_id, source_id) = ?",
            (source_id,),
        )
    }
    texts: list[str] = []
    lines: list[int | None] = []
    hashes: list[str | None] = []
    for item in record["entries"]:
        if item[0] == "entry":
            texts.append(item[1])
            lines.append(None)
            hashes.append(None)
            continue
        _, key, chash, line = item
        found = rows.get(key)
        if found is None or found[0] != chash:
            return None  # the term changed since: parse the file
        texts.append(found[1])
        lines.append(line)
        hashes.append(chash)
    entries = entries_from_json(texts, lines)
    for entry, chash in zip(entries, hashes, strict=True):
        if chash is not None:
            remember_content_hash(entry, chash)  # what the import asks next, known already
            remember_definition(chash, definition_text(entry.glosses, entry.paragraphs))
    skipped = tuple(Skipped(name, reason, line) for name, reason, line in record["skipped"])
    return ParseResult(tuple(entries), skipped, record["format"])


def record_parse(
    conn: Connection,
    deck_name: str,
    *,
    path: Path,
    format: str | None,
    digest: str,
    parsed: ParseResult,
    terms: Mapping[int, tuple[str, str]],
) -> None:
    """Keep how to rebuild ``parsed`` (of ``path``, whose bytes had SHA-256 ``digest``) for the
    next import, in the caller's transaction: ``terms`` holds, by ``id()`` of each entry that
    became a term of deck ``deck_name``, its key and content hash."""
    key = _file_key(path, format, digest)
    source_id = conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.name == deck_name)).scalar()
    if key is None or source_id is None:
        return
    with paused_gc():
        _write(conn, source_id, key, parsed, terms)


def _write(
    conn: Connection,
    source_id: int,
    key: Mapping[str, Any],
    parsed: ParseResult,
    terms: Mapping[int, tuple[str, str]],
) -> None:
    entries: list[list[Any]] = []
    for entry in parsed.entries:
        term = terms.get(id(entry))
        if term is None:
            entries.append(["entry", entry_to_json(entry)])
        else:
            entries.append(["term", term[0], term[1], entry.line])
    records = _records(conn)
    records[str(source_id)] = {
        **key,
        "format": parsed.format,
        "skipped": [[s.name, s.reason, s.line] for s in parsed.skipped],
        "entries": entries,
    }
    value = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    conn.execute(insert(_META).prefix_with("OR REPLACE").values(key=_KEY, value=value))
