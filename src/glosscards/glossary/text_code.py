"""Code detection for the plain-text form, where flattening lost the code fences.

:func:`looks_like_code` is the rule; :func:`is_code_line` is the same rule behind a cheap
pre-test, for the parser's inner loop.
"""

from __future__ import annotations

import re

from glosscards.glossary.text_heading import is_text_heading

__all__ = ["is_code_line", "looks_like_code"]

# Each alternative is anchored at the start of a stripped line and linear in its length.
_CODE_LINE = re.compile(
    r"""
    (?:\#|import\s|def\s|return\b|elif\s|else:|try:|except\b|finally:|if\s__name__
      |print\(|@\w|\$\s|>>>\s|!?pip3?\s+install|conda\s|npm\s|git\sclone|curl\s|docker\s
      |python3?\s)
    | from\s+[\w.]+\s+import\s
    | class\s+\w+\s*[(:]
    | [^\w\s]*$
    """,
    re.VERBOSE,
)
# "x = …", "D, I = …", "x[0] += …": an assignment; code unless the right side reads as prose.
_ASSIGNMENT = re.compile(
    r"[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*(?:\[[^\[\]\n]*\])?\s*[-+*/%|&]?=(?!=)"
)
# Five plain words in a row. Starting only at a word start, with possessive word matches, keeps
# the search linear even on one enormous "word".
_PROSE_RUN = re.compile(r"(?<![A-Za-z'])(?:[A-Za-z']++,? ){4}[A-Za-z']")
_KEYWORD_ARG = re.compile(r"\w=[\w\"']")
_DICT_ITEM = re.compile(r"""['"]?\w+['"]?\s*:\s*['"\[{(\d-]""")  # "0: 'setosa',", '"k": [1]'
_DICT_ITEM_LAST = frozenset(",'\"]})")
_CODE_MARKS = ("  #", ", #", ") #", "    ")  # trailing comments, column alignment
_BLOCK_OPENER = re.compile(r"(?:for|while|with|if|elif)\s")
_IDENT_CALL = re.compile(r"[A-Za-z_][\w.]*\(")
_CODE_ENDINGS = (")", "):", ");", "),", "]", "},", "{", "(", "[")
_CODE_LAST = frozenset(")]},;:{([")
_MAYBE_CODE_LAST = frozenset(")]},;{([#'\"")


def looks_like_code(line: str) -> bool:
    """A deliberately simple guess at a flattened code line (indentation is lost in the text).

    Code: comment lines (``# …``, and ``comment#``: the renderer turned comments in some code
    blocks into would-be headings), Python statements starting with a keyword (``import``,
    ``from x import``, ``def``, ``class X(``, ``return``…), shell commands (``pip install``,
    ``conda``, ``$ ``), lines with a trailing comment or column alignment (4+ spaces), assignments
    whose value does not read as prose (``llm = OpenAI(…)`` but not ``Input = mean + variance,
    i.e a distribution of …``), keyword arguments (``model=model,``), dict items
    (``0: 'setosa',``), calls (``app.run()``),
    block openers (``for x in y:``) and lines without letters or digits (``+-----+``, ``}``).
    Everything else, including ``- bullets``, is prose.
    """
    return _is_code(line.strip())


def is_code_line(s: str, first: str) -> bool:
    """:func:`looks_like_code` for a stripped, non-empty line ``s`` whose first character is
    ``first``; the usual prose line is turned away by a cheap pre-test before the regexes."""
    return _may_be_code(s, first) and _is_code(s)


def _may_be_code(s: str, first: str) -> bool:
    """A cheap pre-test that is False for the usual prose line or bullet: capitalised or
    ``- ``, no ``=``, no aligned spacing, no code-like last character. Such lines skip
    :func:`_is_code` (which would say False for them as well)."""
    if "=" in s or "  " in s or " #" in s:
        return True
    if first.isupper() or (first == "-" and s[1:2] == " "):
        return s[-1] in _MAYBE_CODE_LAST or s.endswith("):")
    return True


def _is_code(s: str) -> bool:
    """:func:`looks_like_code` for a stripped line (cheap substring tests gate each regex)."""
    if not s:
        return False
    if _CODE_LINE.match(s):
        return True
    last = s[-1]
    if last == "#" and not is_text_heading(s):  # a "# comment" the renderer turned around
        return True
    if ("  " in s or " #" in s) and any(mark in s for mark in _CODE_MARKS):
        return True
    if last == ":" and _BLOCK_OPENER.match(s):  # "for x in y:", "if a == b:"
        return not s.startswith("for ") or " in " in s
    if "=" in s:
        assignment = _ASSIGNMENT.match(s)
        if assignment:
            value = s[assignment.end() :].strip()
            return not value or value[0] in "\"'([{0123456789-" or not _PROSE_RUN.search(value)
        if last in ",)" and "://" not in s and _KEYWORD_ARG.search(s) and not _PROSE_RUN.search(s):
            return True
    if last in _DICT_ITEM_LAST and _DICT_ITEM.match(s):
        return True
    return last in _CODE_LAST and s.endswith(_CODE_ENDINGS) and bool(_IDENT_CALL.match(s))
