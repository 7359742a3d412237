"""The faster pieces of an import give what the plain ones gave: batch entry decoding, the
reusable JSON encoder and decoder, shared reference tuples, the prompt cache, the paused
cycle collector (issue 15). Byte-for-byte results over whole imports are
tests/test_import_digest_real.py's; these pin each piece on its own."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from glosscards.cloze import _answers_and_prompt, has_something_to_learn, make_note
from glosscards.gc_pause import paused_gc
from glosscards.glossary.entry import Entry, Link, SeeAlso
from glosscards.glossary.reader import read_glossary
from glosscards.glossary.serialize import (
    decode_json,
    entries_from_json,
    entry_from_json,
    entry_to_json,
    json_encoder,
)

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo-glossary.txt"
ODD = Entry(
    heading='Odd "Entry" {x}',
    name="Odd\u2028Entry",
    term="Odd é",
    aliases=("a", "b\n"),
    code=("x = 1",),
    code_after=(0,),
    see_also=(SeeAlso("A"), SeeAlso("B", has_entry=False)),
    more_at=(Link("https://example.org", "ex"),),
    redirect_to=None,
    line=7,
)


def _entries() -> list[Entry]:
    return [*read_glossary(DEMO).entries, ODD]


def test_entries_from_json_equals_one_by_one() -> None:
    entries = _entries()
    texts = [entry_to_json(entry) for entry in entries]
    lines: list[int | None] = [None if n % 2 else n for n in range(len(texts))]
    rebuilt = entries_from_json(texts, lines)
    expected = [entry_from_json(text, line=line) for text, line in zip(texts, lines, strict=True)]
    assert rebuilt == expected
    assert [type(value) for e in rebuilt for value in (e.aliases, e.see_also)] == [
        type(value) for e in expected for value in (e.aliases, e.see_also)
    ]


def test_entries_from_json_old_and_foreign_shapes() -> None:
    # an entry stored before code_after was recorded, and one with a key this version lacks
    data = json.loads(entry_to_json(ODD))
    del data["code_after"]
    old = json.dumps(data)
    data["future_field"] = 1
    foreign = json.dumps(data)
    assert entries_from_json([old, foreign], [None, 3]) == [
        entry_from_json(old),
        entry_from_json(foreign, line=3),
    ]


def test_equal_references_are_shared_after_decoding() -> None:
    texts = [entry_to_json(ODD), entry_to_json(ODD)]
    first, second = entries_from_json(texts, [None, None])
    assert first == second
    assert first.see_also is second.see_also and first.more_at is second.more_at


def test_equal_references_are_shared_in_a_parse(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text(
        "A#\nAlpha Term#\nA first thing that is defined here at length.\nSee also Beta\n\n"
        "Another Term#\nA second thing that is defined here at length.\nSee also Beta\n",
        encoding="utf-8",
    )
    one, two = read_glossary(path).entries
    assert one.see_also == two.see_also == (SeeAlso("Beta"),)
    assert one.see_also is two.see_also


@pytest.mark.parametrize("separators", [(",", ":"), (", ", ": ")])
@pytest.mark.parametrize("sort_keys", [False, True])
def test_json_encoder_is_json_dumps(separators: tuple[str, str], sort_keys: bool) -> None:
    encode = json_encoder(sort_keys=sort_keys, separators=separators)
    values = [
        {"b": [1, None, True, 'é\u2028"\\'], "a": {"y": (), "x": 1.5}},
        ["x", "y"],
        [],
        "just a string",
        *(json.loads(entry_to_json(entry)) for entry in _entries()),
    ]
    for value in values:
        expected = json.dumps(value, ensure_ascii=False, separators=separators, sort_keys=sort_keys)
        assert encode(value) == expected


@pytest.mark.parametrize("text", ['{"a": [1, 2]}', "[]", '["x"] ', ' {"a": 1}', '"s"', "3", "null"])
def test_decode_json_is_json_loads(text: str) -> None:
    assert decode_json(text) == json.loads(text)


@pytest.mark.parametrize("text", ['{"a": 1} x', "{", "[1,]", ""])
def test_decode_json_refuses_what_json_loads_refuses(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        decode_json(text)


def test_prompt_cache_agrees_and_is_not_walked_by_the_collector() -> None:
    entries = _entries()
    made = [make_note(entry) for entry in entries]
    assert [has_something_to_learn(entry) for entry in entries] == [m is not None for m in made]
    assert [make_note(entry) for entry in entries] == made  # from the cache: the same notes
    for _ in range(3):  # a tuple is let go once its items are: one level of nesting a pass
        gc.collect()
    cached = [_answers_and_prompt(entry) for entry in entries]
    assert all(not gc.is_tracked(value) for value in cached if value is not None)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_paused_gc_resumes_and_still_collects_cycles() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: a no-op
            assert not gc.isenabled()
        assert not gc.isenabled()
        cycle = _Cycle()
        tracked = id(cycle)
        del cycle
    assert gc.isenabled()
    gc.collect()
    assert all(id(obj) != tracked or not isinstance(obj, _Cycle) for obj in gc.get_objects())
