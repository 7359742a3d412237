"""The plain-text glossary form: headings, bodies, references, redirects, stubs, naming."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import least_cpu_seconds, shared_file
from glosscards.errors import GlossaryError
from glosscards.glossary.entry import Entry, Link, ParseResult, SeeAlso
from glosscards.glossary.naming import find_acronym, split_category, split_heading
from glosscards.glossary.text_format import (
    _is_code,
    _may_be_code,
    is_text_heading,
    looks_like_code,
    parse_text,
)


def only(result: ParseResult) -> Entry:
    """The single entry of a parse (fails when there is not exactly one)."""
    assert len(result.entries) == 1, result
    return result.entries[0]


def entry(text: str, name: str) -> Entry:
    """The entry called ``name`` in ``text``."""
    found = [e for e in parse_text(text).entries if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in parse_text(text).entries]}"
    return found[0]


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Large Language Model (LLM)#", True),
        ("Label#   ", True),
        ("xAI Company#", True),
        ("L#", True),
        ('"#"#', True),
        ("XYZ#", True),
        ("# pip install openai #", False),
        ("#", False),
        ("np.nonzero(arr3)                 #", False),
        ("plot#", False),
        ("main.py#", False),
        ("%%#", False),
        ("size and color:#", False),
        ("Result = f(a)#", False),
        ("Plain text line", False),
    ],
)
def test_heading_lines(line: str, expected: bool) -> None:
    """A heading ends in '#', never starts with '#', and is not a code comment turned around."""
    assert is_text_heading(line) is expected


def test_heading_line_is_one_based_and_letter_sections_are_not_entries() -> None:
    """`L#` with an empty body sets the letter; `line` is the heading's 1-based line."""
    result = parse_text("L#\nLabel#\nThe answer.\nM#\n\nModel#\nA thing.")
    assert [(e.name, e.letter, e.line) for e in result.entries] == [
        ("Label", "L", 2),
        ("Model", "M", 6),
    ]


def test_zero_to_nine_section_written_as_quoted_hash() -> None:
    """The whole-glossary files open the 0-9 section with '"#"#'; it is filed as 0-9."""
    result = parse_text('"#"#\n0-1 Loss Function#\nA loss.\nA#\nAccuracy#\nA metric.')
    assert [(e.name, e.letter) for e in result.entries] == [
        ("0-1 Loss Function", "0-9"),
        ("Accuracy", "A"),
    ]


def test_single_letter_heading_with_a_body_is_a_term() -> None:
    """A one-letter heading that has a definition stays a term (only empty ones are sections)."""
    assert only(parse_text("R#\nA programming language for statistics.")).name == "R"


def test_code_comment_ending_in_hash_does_not_split_an_entry() -> None:
    """'# comment' lines and 'code   #' lines stay inside the entry's body as code."""
    text = "Flask Python Module#\nA web framework.\n# pip install flask #\napp.run()    #\n"
    e = only(parse_text(text))
    assert e.paragraphs == ("A web framework.",)
    assert e.code == ("# pip install flask #\napp.run()    #",)


@pytest.mark.parametrize("text", ["", "no headings here\n# just a comment #", "   \n"])
def test_no_headings_is_an_error(text: str) -> None:
    """Text without a single heading is refused with a reason saying what a heading is."""
    with pytest.raises(GlossaryError, match="no glossary headings found"):
        parse_text(text, source="x.txt")


def test_crlf_input_parses_like_lf() -> None:
    """Windows line ends do not leak into names or bodies."""
    assert parse_text("Label#\r\n~ teacher\r\nBody.\r\n") == parse_text("Label#\n~ teacher\nBody.")


# --- bodies -----------------------------------------------------------------------------------


def test_glosses_paragraphs_and_wiki_brackets() -> None:
    """'~ ' lines are glosses; other lines paragraphs with [wiki] brackets stripped."""
    e = only(parse_text("Label#\n~ the  answer\nIn [supervised machine learning], the result."))
    assert e.glosses == ("the answer",)
    assert e.paragraphs == ("In supervised machine learning, the result.",)
    assert e.has_content


@pytest.mark.parametrize("header", ["More at:", "More at;", "More at :", "More at", "More:"])
def test_more_at_variants_start_a_link_list(header: str) -> None:
    """All the spellings of 'More at:' in the data start a link list."""
    text = f"X Model#\nDef.\n{header}\n- paper - https://arxiv.org/abs/1\n- https://x.org/a\n"
    assert only(parse_text(text)).more_at == (
        Link("https://arxiv.org/abs/1", "paper"),
        Link("https://x.org/a", ""),
    )


@pytest.mark.parametrize(
    ("item", "link"),
    [
        (
            "- 2024/03/04 - GenAI and NYC - https://m.com/a",
            Link("https://m.com/a", "2024/03/04 - GenAI and NYC"),
        ),
        (
            "- paper https://arxiv.org/abs/2302.13971",
            Link("https://arxiv.org/abs/2302.13971", "paper"),
        ),
        (
            "- https://en.wikipedia.org/wiki/X_(film))",
            Link("https://en.wikipedia.org/wiki/X_(film)", ""),
        ),
        ("- Ahttps://e.org/F](https://e.org/F)", Link("https://e.org/F", "A")),
    ],
)
def test_link_items(item: str, link: Link) -> None:
    """Labels before the URL are kept; half-rendered Markdown and stray ')' are cleaned off."""
    assert only(parse_text(f"X#\nDef.\nMore at:\n{item}")).more_at == (link,)


def test_link_list_items_without_url_are_dropped_and_list_ends_at_prose() -> None:
    """'- tutorials' (a group label) makes no link; a line not starting with '-' ends the list."""
    text = "X#\nDef.\nMore at:\n- tutorials\n- t - https://t.org\nAfter the list.\n- a bullet"
    e = only(parse_text(text))
    assert e.more_at == (Link("https://t.org", "t"),)
    assert e.paragraphs == ("Def.", "After the list.", "- a bullet")


def test_bare_link_bullet_outside_a_list_is_a_link_not_a_definition() -> None:
    """A body that is only a bullet holding a URL is a stub (the link is not a definition)."""
    result = parse_text("Ablation#\n- https://developers.google.com/x#ablation\nB#\nDef.")
    assert [s.name for s in result.skipped] == ["Ablation"]


def test_see_also_letters_ellipsis_and_bracketed_names() -> None:
    """Letters and '...' are not references; '[B]' is a reference to a missing entry."""
    text = "Label#\nDef.\nSee also L, Data Point, [Unlabelled Data Algorithm], ..."
    assert only(parse_text(text)).see_also == (
        SeeAlso("Data Point"),
        SeeAlso("Unlabelled Data Algorithm", has_entry=False),
    )


@pytest.mark.parametrize(
    "line",
    ["See also [A}, ...", "See also [0], ...", "See alsop D, ...", "See alse M, ...", "See also"],
)
def test_see_also_typos_in_the_data(line: str) -> None:
    """Typos of the data ('See alsop', '[A}') still read as a reference line without names."""
    e = only(parse_text(f"X#\nDef.\n{line}"))
    assert e.see_also == ()
    assert e.paragraphs == ("Def.",)


def test_see_with_letter_after_content_is_see_also() -> None:
    """'See A, AI Research' at the end of a body with content is a cross-reference."""
    e = only(parse_text("AI Paper#\nTypes of papers.\nSee A, AI Research"))
    assert e.see_also == (SeeAlso("AI Research"),)
    assert e.redirect_to is None


def test_see_followed_by_lowercase_is_prose() -> None:
    """'See the paper …' is a sentence, not a reference line."""
    assert only(parse_text("X#\nSee the paper for details.")).paragraphs == (
        "See the paper for details.",
    )


# --- redirects, stubs, duplicates ------------------------------------------------------------


def test_redirect_is_skipped_and_becomes_an_alias_of_its_target() -> None:
    """'See X' alone makes a redirect; X gains the redirect's name (and its aliases)."""
    text = (
        "Good Old-Fashioned AI (GOFAI)#\nSee Symbolic AI\n"
        "Symbolic AI#\nAI with symbols.\n"
        "Bin#\nSee Bucket\n"
    )
    result = parse_text(text)
    assert [(s.name, s.reason) for s in result.skipped] == [
        ("Good Old-Fashioned AI", "redirect to Symbolic AI"),
        ("Bin", "redirect to Bucket"),
    ]
    assert only(result).aliases == ("Good Old-Fashioned AI", "GOFAI")


def test_redirect_target_found_by_alias_and_through_a_chain() -> None:
    """A target is matched by alias, case-insensitively, and through another redirect."""
    text = (
        "Q-Network#\nSee Deep Q-network\n"
        "Deep Q-Network#\nSee DQN\n"
        "Deep Q Learning (DQN)#\nLearning Q values with a network.\n"
        "Hashtag Redirect#\nSee [#Deep Q Learning]\n"
    )
    e = only(parse_text(text))
    assert e.aliases == ("DQN", "Q-Network", "Deep Q-Network", "Hashtag Redirect")


def test_redirect_cycle_terminates() -> None:
    """Two entries redirecting to each other are both reported; nothing loops."""
    result = parse_text("A Thing#\nSee B Thing\nB Thing#\nSee A Thing\nC#\nDef.")
    assert [s.reason for s in result.skipped] == ["redirect to B Thing", "redirect to A Thing"]


@pytest.mark.parametrize(
    "body",
    ["", "See also L, ...", "More at:\n- https://x.org\nSee also L, ...", "import torch\nx = 1"],
)
def test_stubs_are_skipped(body: str) -> None:
    """No gloss and no paragraph (only references, links or code) is a stub."""
    result = parse_text(f"L2 Loss#\n{body}\nLabel#\nDef.")
    assert [e.name for e in result.entries] == ["Label"]
    assert [(s.name, s.reason, s.line) for s in result.skipped] == [
        ("L2 Loss", "stub: no definition", 1)
    ]


def test_duplicate_headings_merge_into_the_first() -> None:
    """A repeated heading merges its new content into the first and is reported as skipped."""
    text = (
        "N-Gram#\n~ predicts the next word\nSee also N, Bigram\n"
        "Other#\nDef.\n"
        "N-gram#\nA model using n-grams.\n~ predicts the next word\nSee also N, Bigram, Trigram\n"
    )
    result = parse_text(text)
    gram = result.entries[0]
    assert gram.glosses == ("predicts the next word",)
    assert gram.paragraphs == ("A model using n-grams.",)
    assert gram.see_also == (SeeAlso("Bigram"), SeeAlso("Trigram"))
    assert [(s.name, s.reason) for s in result.skipped] == [
        ("N-gram", "duplicate heading (merged into the entry at line 1)")
    ]


def test_duplicate_of_a_stub_keeps_the_one_with_content() -> None:
    """When the first heading is a stub and a later one has content, the later one is kept."""
    result = parse_text("Dup#\nSee also D, ...\nDup#\nReal definition.")
    assert [(e.name, e.line) for e in result.entries] == [("Dup", 3)]
    assert [s.reason for s in result.skipped] == [
        "duplicate heading (the one with content is at line 3)"
    ]


# --- code heuristic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "# pip install openai",
        "import torch",
        "from langchain.llms import OpenAI",
        'llm = OpenAI(model_name="text-davinci-003")',
        'prompt = "Alice has a parrot. What animal is Alice\'s pet?"',
        "chain = prompt | model | output_parser",
        "D, I = index.search(xq, k)     # actual search",
        "completion = llm(prompt)",
        "app.run()",
        "def forward(self, x):",
        "class MultiClassNet(nn.Module):",
        "for i in range(10):",
        "return x",
        "model=model,",
        "0: 'setosa',",
        '"key": [1, 2]',
        "+-------------------------+",
        "}",
        "pip install langchain",
        "load the resnet18 entrypoint from the pytorch/vision repo.#",
    ],
)
def test_code_lines(line: str) -> None:
    """Lines that are obviously code go to ``code``."""
    assert looks_like_code(line)


@pytest.mark.parametrize(
    "line",
    [
        "Built by Google",
        "- nodes = chains or runnables/tools",
        "Input = mean + variance, i.e a distribution, but output = a sample of that distribution.",
        "stream = stream back chuncks of the response",
        "Examples include * GPT-3, [GPT-2] * BERT * and [T5], among others.",
        "In 2023, after the release of ChatGPT (a chatbot), LLMs had a huge impact.",
        "See https://example.org/?a=b for the details",
        "Note: 'quoted' words are prose here.",
        "An attacker places <img src=x onerror=alert(1)> or {{c1::fake}} and a::b in a page.",
    ],
)
def test_prose_lines(line: str) -> None:
    """Prose, bullets and prose-valued 'X = …' explanations stay paragraphs."""
    assert not looks_like_code(line)


def test_consecutive_code_lines_form_one_block() -> None:
    """Flattened code is kept line by line, consecutive lines joined into one block."""
    text = "LangChain Python Module#\nA framework.\nimport x\nx.run()\nProse again.\n# comment"
    e = only(parse_text(text))
    assert e.code == ("import x\nx.run()", "# comment")
    assert e.paragraphs == ("A framework.", "Prose again.")


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("aZ -=#:()[]{},'\"._~@0"), min_size=1, max_size=40))
def test_cheap_code_pretest_never_hides_code(line: str) -> None:
    """The pre-test that lets prose skip the code rules never says no to a code line."""
    s = line.strip()
    if s and _is_code(s):
        assert _may_be_code(s, s[0])


@pytest.mark.parametrize(
    ("prefix", "unit", "times", "suffix"),
    [
        ("", "[", 300_000, ""),
        ("", "[a](", 100_000, ""),
        ("x = ", "a", 300_000, ""),
        ("a=", "b", 300_000, ""),
        ("", "'a': ", 100_000, ","),
        ("See also ", "A, ", 100_000, ""),
        ("- ", "https://", 100_000, ""),
        ("a", " ", 300_000, "b"),
        ("- https://x.org/", ")", 300_000, ""),
    ],
    ids=["brackets", "links", "assign", "kwarg", "dict", "refs", "urls", "spaces", "parens"],
)
def test_pathological_lines_parse_in_linear_time(
    prefix: str, unit: str, times: int, suffix: str
) -> None:
    """Lines built to make a backtracking regex explode: 8 times the input costs about 8 times."""

    def text(eighths: int) -> str:
        line = prefix + unit * (times * eighths // 8) + suffix
        return f"Head#\nDef.\n{line}\nX (" + "(a) " * (50_000 * eighths // 8) + ")#\nDef."

    small, large = text(1), text(8)
    small_s = least_cpu_seconds(lambda: parse_text(small), repeats=3)
    large_s = least_cpu_seconds(lambda: parse_text(large), repeats=3)
    # Linear is 8x; quadratic would be 64x. 30x leaves room for a noisy shared machine.
    assert large_s < 30 * small_s, (small_s, large_s)


# --- naming -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "name", "aliases", "acronym"),
    [
        ("Large Language Model (LLM)", "Large Language Model", ("LLM",), "LLM"),
        (
            "Language Model for Discussion Applications (LaMDA) Model",
            "Language Model for Discussion Applications Model",
            ("LaMDA Model",),
            "LaMDA",
        ),
        (
            "Language Model for Discussion Applications Model (LaMDA Model)",
            "Language Model for Discussion Applications Model",
            ("LaMDA Model",),
            "LaMDA Model",
        ),
        (
            "Linux Foundation AI And Data (LFAI&Data)",
            "Linux Foundation AI And Data",
            ("LFAI&Data",),
            "LFAI&Data",
        ),
        (
            "Convolutional Neural Network (ConvNet, CNN)",
            "Convolutional Neural Network",
            ("ConvNet", "CNN"),
            "CNN",
        ),
        ("Cybernetic Organism (Cyborg)", "Cybernetic Organism", ("Cyborg",), None),
        (
            "3D Generative Adversarial Network (3D GAN)",
            "3D Generative Adversarial Network",
            ("3D GAN",),
            "3D GAN",
        ),
        ("GPT-4 (2023)", "GPT-4 (2023)", (), None),
        ("Foo Bar (see the other one)", "Foo Bar (see the other one)", (), None),
        ("(LLM) First", "(LLM) First", (), None),
        ("Spaced   Out  (SO)", "Spaced Out", ("SO",), "SO"),
        (
            "Deep Reinforcement Learning (Deep RL)",
            "Deep Reinforcement Learning",
            ("Deep RL",),
            "Deep RL",
        ),
        (
            "TensorRT Software Development Kit (TensorRT SDK)",
            "TensorRT Software Development Kit",
            ("TensorRT SDK",),
            "TensorRT SDK",
        ),
        (
            "AlphaGeometry Model (AlphaGeometry 2)",
            "AlphaGeometry Model",
            ("AlphaGeometry 2",),
            None,
        ),
        ("Colossal Clean Crawled Corpus (C4)", "Colossal Clean Crawled Corpus", ("C4",), "C4"),
        ("Caffe (Caffe2)", "Caffe", ("Caffe2",), None),
        ("Unbalanced (Paren", "Unbalanced (Paren", (), None),
    ],
)
def test_split_heading(
    heading: str, name: str, aliases: tuple[str, ...], acronym: str | None
) -> None:
    """Acronym parentheticals become aliases, and the acronym is the parenthetical whole (not
    its last word); years, phrases and odd brackets stay in the name."""
    parts = split_heading(heading)
    assert (parts.name, parts.aliases, parts.acronym) == (name, aliases, acronym)


@pytest.mark.parametrize(
    ("name", "term", "category"),
    [
        ("Leopold Aschenbrenner Person", "Leopold Aschenbrenner", "Person"),
        (
            "Large Language Model Meta AI Model Family",
            "Large Language Model Meta AI",
            "Model Family",
        ),
        ("LangChain Python Module", "LangChain", "Python Module"),
        ("Loss Function", "Loss Function", "Function"),
        ("ChatGPT Model", "ChatGPT", "Model"),
        ("Large Language Model", "Large Language Model", "Model"),
        ("LeakyReLU Activation Function", "LeakyReLU Activation Function", "Function"),
        ("Liquid AI Company", "Liquid AI", "Company"),
        ("Model", "Model", None),
        ("Dense Layer", "Dense Layer", None),
        ("Reinforcement Learning Agent", "Reinforcement Learning Agent", None),
        ("LangChain Expression Language", "LangChain Expression Language", None),
    ],
)
def test_split_category(name: str, term: str, category: str | None) -> None:
    """Only kind words from the fixed list are categories, and only when a term remains."""
    assert split_category(name) == (term, category)


def test_acronym_prefers_one_word_aliases() -> None:
    """'BRNN' is the acronym of Bidirectional Recurrent Neural Network, not 'RNN'."""
    aliases = ("Bidirectional RNN", "BRNN")
    assert find_acronym("Bidirectional Recurrent Neural Network", aliases) == "BRNN"


def test_entry_carries_name_term_category_and_heading() -> None:
    """The heading is kept as written; name, term and category are derived from it."""
    e = only(parse_text("Language Model for Discussion Applications (LaMDA) Model#\nBy Google."))
    assert e.heading == "Language Model for Discussion Applications (LaMDA) Model"
    assert (e.name, e.term, e.category) == (
        "Language Model for Discussion Applications Model",
        "Language Model for Discussion Applications",
        "Model",
    )


@settings(max_examples=150)
@given(st.text(alphabet=st.sampled_from("Ab #~[]()-:=\n.xL"), max_size=200))
def test_parse_never_crashes_and_entries_have_content(text: str) -> None:
    """Any text either parses into entries with content or is refused with GlossaryError."""
    try:
        result = parse_text(text)
    except GlossaryError:
        return
    assert all(e.has_content and not e.is_redirect for e in result.entries)
    assert all(e.line >= 1 for e in result.entries)


# --- the real data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_l() -> ParseResult:
    """glossary-l.txt, parsed once for the tests below."""
    return parse_text(shared_file("glossary-l.txt").read_text(encoding="utf-8"))


def test_glossary_l_counts(letter_l: ParseResult) -> None:
    """95 heading lines: the letter section, 77 entries, 14 stubs and 3 redirects."""
    reasons = [s.reason.split(" to ")[0] for s in letter_l.skipped]
    assert len(letter_l.entries) == 77
    assert reasons.count("stub: no definition") == 14
    assert reasons.count("redirect") == 3
    assert 1 + len(letter_l.entries) + len(letter_l.skipped) == 95
    assert {e.letter for e in letter_l.entries} == {"L"}


def test_glossary_l_stubs_and_redirects(letter_l: ParseResult) -> None:
    """L2 Loss is a stub; Language AI redirects to Natural Language Processing."""
    skipped = {s.name: s.reason for s in letter_l.skipped}
    assert skipped["L2 Loss"] == "stub: no definition"
    assert skipped["Language AI"] == "redirect to Natural Language Processing"
    assert "L2 Loss" not in {e.name for e in letter_l.entries}


def test_glossary_l_named_entries(letter_l: ParseResult) -> None:
    """LLM, LCEL and Leopold Aschenbrenner come out as the naming rules say."""
    by_name = {e.name: e for e in letter_l.entries}
    llm = by_name["Large Language Model"]
    assert (llm.aliases, llm.acronym, llm.heading) == (
        ("LLM",),
        "LLM",
        "Large Language Model (LLM)",
    )
    lcel = by_name["LangChain Expression Language"]
    assert (lcel.aliases, lcel.acronym, lcel.category) == (("LCEL",), "LCEL", None)
    assert "chain = prompt | model | output_parser" in lcel.code[0]
    person = by_name["Leopold Aschenbrenner Person"]
    assert (person.term, person.category) == ("Leopold Aschenbrenner", "Person")
    label = by_name["Label"]
    assert label.glosses[0] == "think of your label as your model teacher!"
    assert (
        SeeAlso("Unlabelled Data Algorithm", has_entry=False)
        in by_name["Labeling Service"].see_also
    )


def test_glossary_l_langchain_code_and_links(letter_l: ParseResult) -> None:
    """Flattened code stays together; labelled links are kept, label-only items dropped."""
    lc = next(e for e in letter_l.entries if e.name == "LangChain Python Module")
    assert lc.code[0].startswith("# Proprietary LLM from e.g. OpenAI\n# pip install openai")
    assert lc.code[0].endswith("completion = llm(prompt)")
    assert Link("https://python.langchain.com/en/latest/index.html", "docs") in lc.more_at
    assert all(link.url.startswith("http") for link in lc.more_at)
    assert lc.see_also == (SeeAlso("LangFlow Python Module"), SeeAlso("Vector Database"))


@pytest.mark.parametrize(
    ("name", "headings", "entries_at_least"),
    [("ai-glossary-2024-06-27.txt", 1847, 1450), ("ai-glossary-2025-03-01.txt", 1975, 1550)],
)
def test_whole_versions_parse(name: str, headings: int, entries_at_least: int) -> None:
    """Both versions parse; every line ending in "#" is accounted for; entries have content."""
    text = shared_file(name).read_text(encoding="utf-8")
    result = parse_text(text)
    lines = [line.rstrip() for line in text.split("\n")]
    raw_heading_lines = sum(1 for line in lines if line.endswith("#"))
    letters = sum(1 for line in lines if re.fullmatch(r'(?:[A-Z]|"#"|XYZ)#', line))
    assert raw_heading_lines == headings
    assert len(result.entries) >= entries_at_least
    fake = raw_heading_lines - letters - len(result.entries) - len(result.skipped)
    assert 0 <= fake <= 12, "code lines ending in '#' that were not taken as headings"
    assert all(e.has_content for e in result.entries)
    assert {e.letter for e in result.entries} >= {"0-9", "A", "L", "XYZ"}
