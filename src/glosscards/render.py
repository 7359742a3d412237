"""Render a cloze card's question and answer as HTML, the way Anki's cloze note type does.

The cloze syntax is Anki's, ``{{c<n>::text}}`` or ``{{c<n>::text::hint}}``, nested clozes
included (Anki 2.1.56 and later): ``{{c1::Large Language Model ({{c2::LLM}})::model}}``. The
text is parsed as Anki's Rust parser does: ``{{c<n>::`` opens a cloze, ``}}`` closes the
innermost open one (a stray ``}}`` is text), and the hint is what follows the first ``::``
among the cloze's own text. ``{{C1::...}}`` is not a cloze, ``{{c0::...}}`` is no card, and
``{{c1,2::...}}`` is not supported. An opener never closed stays text here, where Anki drops it
(the edit dialog refuses such text; the card maker never writes it). On the card for ordinal ``n`` each cloze numbered ``n`` becomes a gap — ``[...]``,
or ``[hint]`` — with everything inside it, nested clozes too; every other cloze shows its
content, in which clozes numbered ``n`` are gaps again. The answer side reveals the asked
clozes highlighted, then a ``<hr id=answer>`` and the Back Extra field. The markup follows
current Anki (``<span class="cloze" data-ordinal="1">`` for the asked cloze,
``class="cloze-inactive"`` for the others) except that the gap carries no ``data-cloze``
attribute: Anki puts the answer there for type-in cards, and our reviewer has no use for an
answer hidden in the question's markup.

Field text is HTML already (see :mod:`glosscards.cloze`): nothing here escapes or unescapes it,
so entities such as ``&#58;`` written to protect the cloze syntax display as literal characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CLOZE_RE",
    "cloze_answers",
    "cloze_hints",
    "cloze_ordinals",
    "cloze_texts",
    "plain_text",
    "render_answer",
    "render_question",
]

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(::(.*?))?\}\}", re.DOTALL)
"""Anki's classic (pre-nesting) cloze pattern: group 1 the ordinal, group 2 the text, group 4
the hint. Right for clozes without nested ones; :func:`render_question` parses nesting."""

_TOKEN_RE = re.compile(r"\{\{c(\d+)::|\}\}")


@dataclass(frozen=True, slots=True)
class _Cloze:
    ordinal: int
    content: tuple[_Node, ...]
    hint: str | None


_Node = str | _Cloze


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[_Node, ...]:
    """``text`` as text and (nested) clozes; unbalanced openers and closers are text (Anki
    drops an opener that is never closed; the edit dialog refuses such text)."""
    stack: list[tuple[int, list[_Node], str]] = []  # (ordinal, children, opener text)
    top: list[_Node] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        children = stack[-1][1] if stack else top
        if match.start() > position:
            children.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            stack.append((int(match.group(1)), [], match.group(0)))
        elif stack:
            ordinal, content, _ = stack.pop()
            (stack[-1][1] if stack else top).append(_make_cloze(ordinal, content))
        else:
            children.append(match.group(0))
    if position < len(text):
        (stack[-1][1] if stack else top).append(text[position:])
    while stack:  # never closed: its opener and content stay text
        _, content, opener = stack.pop()
        (stack[-1][1] if stack else top).extend([opener, *content])
    return tuple(top)


def _make_cloze(ordinal: int, content: list[_Node]) -> _Cloze:
    """A cloze whose hint is what follows the first ``::`` in its own text."""
    for index, node in enumerate(content):
        if isinstance(node, str) and "::" in node:
            before, hint = node.split("::", 1)
            # as in Anki, a cloze after the hint text is still a cloze (and a card)
            kept = [*content[:index], *([before] if before else []), *content[index + 1 :]]
            return _Cloze(ordinal, tuple(kept), hint)
    return _Cloze(ordinal, tuple(content), None)


def _flat(node: _Node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_flat(n) for n in node.content)


def _ordinals(nodes: tuple[_Node, ...], into: set[int]) -> set[int]:
    for node in nodes:
        if isinstance(node, _Cloze):
            if node.ordinal > 0:  # c0 is no card (Anki shows its text on every card)
                into.add(node.ordinal)
            _ordinals(node.content, into)
    return into


def cloze_ordinals(text: str) -> tuple[int, ...]:
    """The distinct cloze numbers in ``text``, nested ones too, ascending: one card per number,
    as in Anki."""
    if "{{c" not in text:
        return ()
    return tuple(sorted(_ordinals(_parse(text), set())))


def cloze_answers(text: str) -> dict[int, str]:
    """Each ordinal's answer as plain text: the content of its first cloze, nested clozes
    revealed (``Large Language Model (LLM)`` for c1, ``LLM`` for c2)."""
    found: dict[int, str] = {}

    def walk(nodes: tuple[_Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                if node.ordinal > 0:
                    found.setdefault(node.ordinal, plain_text("".join(map(_flat, node.content))))
                walk(node.content)

    walk(_parse(text))
    return found


def cloze_hints(text: str) -> dict[int, str]:
    """Each ordinal's hint as plain text, from its first cloze that has one (``model`` of
    ``{{c1::Claude::model}}``); an ordinal whose clozes have none is left out."""
    found: dict[int, str] = {}

    def walk(nodes: tuple[_Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                if node.ordinal > 0 and node.hint and node.ordinal not in found:
                    hint = plain_text(node.hint).strip()
                    if hint:
                        found[node.ordinal] = hint
                walk(node.content)

    walk(_parse(text))
    return found


def cloze_texts(text: str) -> list[tuple[int, str]]:
    """Every cloze of ``text`` (nested ones too), in order: its number and plain text."""
    found: list[tuple[int, str]] = []

    def walk(nodes: tuple[_Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                if node.ordinal > 0:
                    found.append((node.ordinal, plain_text("".join(map(_flat, node.content)))))
                walk(node.content)

    walk(_parse(text))
    return found


def _render(nodes: tuple[_Node, ...], ordinal: int, *, answer: bool) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.ordinal != ordinal:
            inner = _render(node.content, ordinal, answer=answer)
            out.append(f'<span class="cloze-inactive" data-ordinal="{node.ordinal}">{inner}</span>')
        elif answer:
            inner = _render(node.content, ordinal, answer=answer)
            out.append(f'<span class="cloze" data-ordinal="{ordinal}">{inner}</span>')
        else:
            gap = "[...]" if node.hint is None else f"[{node.hint}]"  # "::" alone: "[]"
            out.append(f'<span class="cloze" data-ordinal="{ordinal}">{gap}</span>')
    return "".join(out)


def render_question(text: str, ordinal: int) -> str:
    """The question side of card ``ordinal``: its clozes as gaps, the others as their text.

    Raises ``ValueError`` when ``text`` has no cloze with that number (Anki has no such card).
    """
    _require_ordinal(text, ordinal)
    return _render(_parse(text), ordinal, answer=False)


def render_answer(text: str, back_extra: str, ordinal: int) -> str:
    """The answer side of card ``ordinal``: its clozes revealed and highlighted, then Back Extra."""
    _require_ordinal(text, ordinal)
    return f"{_render(_parse(text), ordinal, answer=True)}\n<hr id=answer>\n{back_extra}"


_BREAK_TAG_RE = re.compile(r"<\s*(br|hr)\b[^>]*>|<\s*/\s*(p|div|li|pre|ul|ol|h\d)\s*>", re.I)
_INVISIBLE_RE = re.compile(r"<\s*(style|script)\b[^>]*>.*?<\s*/\s*\1\s*>", re.I | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")


def plain_text(html_text: str) -> str:
    """What a reader sees: tags removed (line breaks kept as newlines), entities decoded.

    ``<style>`` and ``<script>`` elements are dropped with their content. Tags are stripped
    before entities are decoded, so escaped markup such as ``&lt;b&gt;`` stays visible text.
    """
    without_code = _INVISIBLE_RE.sub("", html_text)
    with_breaks = _BREAK_TAG_RE.sub("\n", without_code)
    return html.unescape(_TAG_RE.sub("", with_breaks))


def _require_ordinal(text: str, ordinal: int) -> None:
    if ordinal not in cloze_ordinals(text):  # parsed once: the parse is cached
        raise ValueError(f"no cloze c{ordinal} in this text, so there is no such card")
