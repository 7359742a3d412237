"""The Markdown source form: front matter, alias headings, code blocks, links, Liquid tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import least_cpu_seconds, shared_file
from glosscards.errors import GlossaryError
from glosscards.glossary.entry import Entry, Link, ParseResult, SeeAlso
from glosscards.glossary.markdown_format import (
    markdown_to_text_line,
    parse_markdown,
    parse_markdown_files,
)

FRONT_MATTER = """---
title: L
permalink: /l/

#=== THEMES
# = minima
layout: page
# layout: archive
## layout: single

---

* toc
{:toc}

{% include links/all.md %}

"""


def only(result: ParseResult) -> Entry:
    """The single entry of a parse (fails when there is not exactly one)."""
    assert len(result.entries) == 1, result
    return result.entries[0]


def md(body: str) -> ParseResult:
    """Parse a letter file made of the usual front matter followed by ``body``."""
    return parse_markdown(FRONT_MATTER + body)


def test_front_matter_comments_are_not_headings_and_title_is_the_letter() -> None:
    """'# layout:' lines in the front matter are skipped; 'title: L' is the entries' letter."""
    e = only(md("# Label\n\n A label.\n"))
    assert (e.name, e.letter, e.line) == ("Label", "L", len(FRONT_MATTER.split("\n")))


@pytest.mark.parametrize(("title", "letter"), [('"#"', "0-9"), ("XYZ", "XYZ"), ("a", "A")])
def test_title_to_letter(title: str, letter: str) -> None:
    """The '#' title of the digits file is filed as 0-9, like the text form's '"#"#'."""
    text = f"---\ntitle: {title}\n---\n# Thing\n\n Def.\n"
    assert only(parse_markdown(text)).letter == letter


def test_commented_title_falls_back_to_the_letter_argument() -> None:
    """y.md has '# title: Y' (commented out): the caller's letter is used."""
    text = "---\n# title: Y\n---\n# Yann LeCun Person\n\n A person.\n"
    assert only(parse_markdown(text, letter="y")).letter == "Y"


def test_consecutive_headings_are_aliases() -> None:
    """'# Large Language Model' then '# LLM' is one entry, rendered like the text heading."""
    e = only(md("# Large Language Model\n# LLM\n\n Big models.\n"))
    assert (e.name, e.aliases, e.acronym) == ("Large Language Model", ("LLM",), "LLM")
    assert e.heading == "Large Language Model (LLM)"
    assert (e.term, e.category) == ("Large Language Model", "Model")


def test_headings_separated_by_blank_lines_only_are_still_aliases() -> None:
    """Blank lines between headings do not separate them; any other line does."""
    result = md(
        "# Convolutional Neural Network\n\n# ConvNet\n\n# CNN\n\n Def.\n\n"
        "# Other\n\n{% youtube x %}\n\n# Another\n\n Def.\n"
    )
    cnn = result.entries[0]
    assert (cnn.aliases, cnn.acronym) == (("ConvNet", "CNN"), "CNN")
    assert [s.name for s in result.skipped] == ["Other"]


def test_fenced_code_comments_are_not_headings() -> None:
    """'# comment' lines inside ``` and highlight blocks stay in the code block."""
    body = (
        "# LangChain Python Module\n\n A framework.\n\n ```\n# pip install openai\n"
        "from langchain.llms import OpenAI\n ```\n\n {% highlight python %}\n# main.py\n"
        "app.run()\n {% endhighlight %}\n"
    )
    e = only(md(body))
    assert e.code == (
        "# pip install openai\nfrom langchain.llms import OpenAI",
        "# main.py\napp.run()",
    )
    assert e.paragraphs == ("A framework.",)


def test_unclosed_fence_does_not_swallow_the_rest() -> None:
    """An opening ``` without a closing one is an ordinary line, so later headings survive."""
    result = md("# One\n\n Def.\n ```\n# Two\n\n Def two.\n")
    assert [e.name for e in result.entries] == ["One", "Two"]


def test_one_line_fence_is_not_an_opener() -> None:
    """'```x```' on one line is inline code, so the real block after it still pairs correctly."""
    result = md("# One\n\n Use ```pip``` here.\n\n ```\n# comment\n ```\n\n# Two\n\n Def.\n")
    assert [e.name for e in result.entries] == ["One", "Two"]
    assert result.entries[0].code == ("# comment",)


def test_code_only_entry_is_a_stub() -> None:
    """Code is not a definition: an entry with only a code block is skipped."""
    result = md("# Searching\n\n ```\nk = 4\n ```\n\n See also [S], ...\n")
    assert result.entries == ()
    assert [(s.name, s.reason) for s in result.skipped] == [("Searching", "stub: no definition")]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            "A type of [regularization] that penalizes [weights].",
            "A type of regularization that penalizes weights.",
        ),
        ("[large language models (LLMs)][LLM], such as", "large language models (LLMs), such as"),
        ("see [the docs](https://x.org/a_(b)) now", "see the docs now"),
        (":warning: A label is an enum", "A label is an enum"),
        ("**Our findings** reveal", "Our findings reveal"),
        ('![]( {{site.assets}}/l/x.png ){: width="100%"}', ""),
        ('<img src="a.png" width="50%"/> Figure', "Figure"),
        ('{% youtube "https://www.youtube.com/watch?v=x" %}', ""),
        ("  * Be data-aware: connect", "- Be data-aware: connect"),
        ("    * nested", "- nested"),
        ("  1. first", "1. first"),
        ("time 10:30:00 stays", "time 10:30:00 stays"),
        ("https://a.org/x:y:z stays", "https://a.org/x:y:z stays"),
    ],
)
def test_inline_markup(line: str, text: str) -> None:
    """Links keep their text; images, tags, emoji codes and emphasis go; bullets become '- '."""
    assert markdown_to_text_line(line) == text


def test_conventions_shared_with_the_text_form() -> None:
    """'~ ' glosses, 'More at:' link lists and 'See also' work as in the plain text."""
    body = (
        "# Labeling Service\n\n ~ people who label\n\n Mechanical turk.\n\n More at;\n"
        "  * site - [https://smith.langchain.com/hub](https://smith.langchain.com/hub)\n"
        "  * alternatives\n    * [https://docs.pezzo.ai/x](https://docs.pezzo.ai/x)\n\n"
        " See also [L], [Label], [Unlabelled Data Algorithm], ...\n\n"
        "# Label\n\n The answer.\n"
    )
    e = md(body).entries[0]
    assert e.glosses == ("people who label",)
    assert e.paragraphs == ("Mechanical turk.",)
    assert e.more_at == (
        Link("https://smith.langchain.com/hub", "site"),
        Link("https://docs.pezzo.ai/x", ""),
    )
    # Markdown brackets mark every link, so has_entry comes from the headings of the parse.
    assert e.see_also == (SeeAlso("Label"), SeeAlso("Unlabelled Data Algorithm", has_entry=False))


def test_redirect_adds_alias_across_files(tmp_path: Path) -> None:
    """A redirect in one letter file gives its name to the entry it names in another."""
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n# AI Ethics\n\n See [Ethical AI]\n")
    (tmp_path / "e.md").write_text("---\ntitle: E\n---\n# Ethical AI\n\n Be good.\n")
    result = parse_markdown_files(sorted(tmp_path.glob("*.md")))
    assert [(e.name, e.aliases, e.letter) for e in result.entries] == [
        ("Ethical AI", ("AI Ethics",), "E")
    ]
    assert [(s.name, s.reason) for s in result.skipped] == [("AI Ethics", "redirect to Ethical AI")]
    assert result.format == "markdown"


def test_folder_with_empty_letters_is_fine_but_no_headings_at_all_is_not(tmp_path: Path) -> None:
    """x.md without entries is fine in a folder; a folder without any heading is refused."""
    (tmp_path / "x.md").write_text("---\n# title: X\n---\n\n* toc\n{:toc}\n")
    with pytest.raises(GlossaryError, match="no glossary headings"):
        parse_markdown_files([tmp_path / "x.md"])
    (tmp_path / "y.md").write_text("# Yann LeCun Person\n\n A person.\n")
    result = parse_markdown_files([tmp_path / "x.md", tmp_path / "y.md"])
    assert [(e.name, e.letter) for e in result.entries] == [("Yann LeCun Person", "Y")]


def test_single_file_without_headings_is_an_error() -> None:
    """A Markdown text with no '# ' heading outside front matter and code is refused."""
    with pytest.raises(GlossaryError, match="no glossary headings"):
        parse_markdown(FRONT_MATTER + " ```\n# not a heading\n ```\n", source="x.md")


@settings(max_examples=150)
@given(st.text(alphabet=st.sampled_from("Ab #~[]()!{}%:*`-\n"), max_size=200))
def test_parse_never_crashes_and_entries_have_content(text: str) -> None:
    """Any text either parses into entries with content or is refused with GlossaryError."""
    try:
        result = parse_markdown(text)
    except GlossaryError:
        return
    assert all(e.has_content for e in result.entries)
    assert all(not e.name.startswith("#") for e in result.entries)


@pytest.mark.parametrize(
    ("unit", "times"),
    [("[a](", 100_000), ("![a](", 100_000), ("{%", 200_000), (":a", 200_000), ("[a][", 100_000)],
    ids=["links", "images", "liquid", "emoji", "refs"],
)
def test_pathological_lines_parse_in_linear_time(unit: str, times: int) -> None:
    """Lines built to make a backtracking regex explode: 8 times the input costs about 8 times."""

    def text(eighths: int) -> str:
        line = unit * (times * eighths // 8)
        return f"# Head\n\n Def.\n {line}\n# X " + "(a) " * (50_000 * eighths // 8) + "\n\n Def.\n"

    small, large = text(1), text(8)
    small_s = least_cpu_seconds(lambda: parse_markdown(small), repeats=3)
    large_s = least_cpu_seconds(lambda: parse_markdown(large), repeats=3)
    # Linear is 8x; quadratic would be 64x. 30x leaves room for a noisy shared machine.
    assert large_s < 30 * small_s, (small_s, large_s)


@pytest.fixture(scope="module")
def markdown_glossary() -> ParseResult:
    """The 2025-03-01 Markdown folder, parsed once."""
    folder = shared_file("ai-glossary-md-2025-03-01")
    return parse_markdown_files(sorted(folder.glob("*.md")))


def test_markdown_folder_parses(markdown_glossary: ParseResult) -> None:
    """The real folder: plausible counts, every entry has content, no markup left behind."""
    entries = markdown_glossary.entries
    assert 1500 <= len(entries) <= 1700
    assert all(e.has_content for e in entries)
    leftovers = ("{%", "{{", "](", "![", "<img", ":warning:", "**")
    texts = [t for e in entries for t in (*e.glosses, *e.paragraphs)]
    assert not [t for t in texts if any(mark in t for mark in leftovers)]
    assert {e.letter for e in entries} >= {"0-9", "A", "L", "XYZ"}


def test_markdown_folder_named_entries(markdown_glossary: ParseResult) -> None:
    """Alias headings, redirects and fenced comments in the real files come out right."""
    by_name = {e.name: e for e in markdown_glossary.entries}
    assert by_name["Large Language Model"].aliases[0] == "LLM"
    lamda = by_name["Language Model for Discussion Applications Model"]
    assert (lamda.aliases, lamda.acronym, lamda.term) == (
        ("LaMDA Model",),
        "LaMDA",
        "Language Model for Discussion Applications",
    )
    assert "Bin" in by_name["Bucket"].aliases
    assert "main.py" not in by_name and "size and color:" not in by_name
    flask = next(s for s in markdown_glossary.skipped if s.name == "Flask Python Module")
    assert flask.reason == "stub: no definition"
