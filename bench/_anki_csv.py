"""The peer of the import benchmarks: Anki's own CSV import of the same notes.

glosscards turns a glossary into cloze notes; the nearest thing Anki does is import those notes
from a CSV file into its Cloze note type. :func:`write_notes_csv` writes the notes glosscards
made (``Collection.export_notes``: the cloze text, the Back Extra, the tags, the stable key as
the GUID) in the CSV form Anki reads with file headers (``#guid column`` lets a second import
update the notes it made, as a re-import does). :func:`import_csv` runs Anki's importer with
"update" for duplicates, which is what a learner re-importing an updated CSV would choose.

Anki parses no glossary, makes no clozes and matches no renamed entries, so the ratio is an
upper bound on the work the two share: note and card rows, the fields, and Anki's duplicate
check by GUID.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

# anki.collection first: importing anki.cards before it fails (a circular import in anki).
from anki.collection import Collection, ImportCsvRequest

# isort: split
from anki.import_export_pb2 import CsvMetadata

__all__ = ["import_csv", "new_anki_collection", "write_notes_csv"]


class _Note(Protocol):
    key: str
    text: str
    back_extra: str
    tags: tuple[str, ...]


def write_notes_csv(notes: Sequence[_Note], path: Path) -> None:
    """``notes`` as a tab-separated file with Anki's headers: GUID, Text, Back Extra, tags."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("#separator:Tab\n#html:true\n#notetype:Cloze\n#deck:Glossary\n")
        out.write("#guid column:1\n#tags column:4\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        for note in notes:
            writer.writerow([note.key, note.text, note.back_extra, " ".join(note.tags)])


def new_anki_collection(path: Path) -> Any:
    """An empty Anki collection at ``path`` (its Cloze note type comes with it)."""
    return Collection(str(path))


def import_csv(col: Any, path: Path) -> Any:
    """Import ``path`` into ``col`` the way Anki's Import dialog does, duplicates updated."""
    metadata = col.get_csv_metadata(str(path), None)
    metadata.dupe_resolution = CsvMetadata.DupeResolution.UPDATE
    metadata.match_scope = CsvMetadata.MatchScope.NOTETYPE
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
