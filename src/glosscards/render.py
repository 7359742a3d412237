"""Render a cloze card's question and answer as HTML, the way Anki's cloze note type does.

The cloze syntax is Anki's classic one, ``{{c<n>::text}}`` or ``{{c<n>::text::hint}}``, matched
with the regular expression Anki used before its Rust parser (non-greedy, spanning newlines;
nested clozes and ``{{c1,2::...}}`` are not supported). Like current Anki, and unlike the old
regex, ``{{C1::...}}`` is not a cloze. On the card for ordinal ``n`` the clozes
numbered ``n`` become a gap — ``[...]``, or ``[hint]`` when a hint is given — and every other
cloze shows its text, exactly as in Anki. The answer side reveals the asked clozes highlighted,
then a ``<hr id=answer>`` and the Back Extra field. The markup follows current Anki
(``<span class="cloze" data-ordinal="1">`` for the asked cloze, ``class="cloze-inactive"`` for the
others) except that the gap carries no ``data-cloze`` attribute: Anki puts the answer there for
type-in cards, and our reviewer has no use for an answer hidden in the question's markup.

Field text is HTML already (see :mod:`glosscards.cloze`): nothing here escapes or unescapes it,
so entities such as ``&#58;`` written to protect the cloze syntax display as literal characters.
"""

from __future__ import annotations

import html
import re

__all__ = ["CLOZE_RE", "cloze_ordinals", "plain_text", "render_answer", "render_question"]

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(::(.*?))?\}\}", re.DOTALL)
"""Anki's cloze pattern: group 1 the ordinal, group 2 the text, group 4 the hint (or None)."""

_BREAK_TAG_RE = re.compile(r"<\s*(br|hr)\b[^>]*>|<\s*/\s*(p|div|li|pre|ul|ol|h\d)\s*>", re.I)
_INVISIBLE_RE = re.compile(r"<\s*(style|script)\b[^>]*>.*?<\s*/\s*\1\s*>", re.I | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")


def cloze_ordinals(text: str) -> tuple[int, ...]:
    """The distinct cloze numbers in ``text``, ascending: one card per number, as in Anki."""
    return tuple(sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)}))


def render_question(text: str, ordinal: int) -> str:
    """The question side of card ``ordinal``: its clozes as gaps, the others as plain text.

    Raises ``ValueError`` when ``text`` has no cloze with that number (Anki has no such card).
    """
    _require_ordinal(text, ordinal)

    def replace(match: re.Match[str]) -> str:
        if int(match.group(1)) != ordinal:
            return _inactive(match)
        hint = match.group(4)
        gap = f"[{hint}]" if hint else "[...]"
        return f'<span class="cloze" data-ordinal="{ordinal}">{gap}</span>'

    return CLOZE_RE.sub(replace, text)


def render_answer(text: str, back_extra: str, ordinal: int) -> str:
    """The answer side of card ``ordinal``: its clozes revealed and highlighted, then Back Extra."""
    _require_ordinal(text, ordinal)

    def replace(match: re.Match[str]) -> str:
        if int(match.group(1)) != ordinal:
            return _inactive(match)
        return f'<span class="cloze" data-ordinal="{ordinal}">{match.group(2)}</span>'

    return f"{CLOZE_RE.sub(replace, text)}\n<hr id=answer>\n{back_extra}"


def plain_text(html_text: str) -> str:
    """What a reader sees: tags removed (line breaks kept as newlines), entities decoded.

    ``<style>`` and ``<script>`` elements are dropped with their content. Tags are stripped
    before entities are decoded, so escaped markup such as ``&lt;b&gt;`` stays visible text.
    """
    without_code = _INVISIBLE_RE.sub("", html_text)
    with_breaks = _BREAK_TAG_RE.sub("\n", without_code)
    return html.unescape(_TAG_RE.sub("", with_breaks))


def _inactive(match: re.Match[str]) -> str:
    """Another card's cloze: its text, marked up as Anki marks it (no highlight by default)."""
    return f'<span class="cloze-inactive" data-ordinal="{match.group(1)}">{match.group(2)}</span>'


def _require_ordinal(text: str, ordinal: int) -> None:
    if f"{{{{c{ordinal}::" in text:  # the usual case, without scanning every cloze
        return
    if ordinal not in cloze_ordinals(text):
        raise ValueError(f"no cloze c{ordinal} in this text, so there is no such card")
