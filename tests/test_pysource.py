"""The Python-source layer (`generator/emit/pysource.py`) lays code out as black does, and
docstrings are reflowed by paragraph as the SDK's are."""

from __future__ import annotations

import black
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.emit.docstrings import _WORD, doc_lines
from generator.emit.pysource import (
    Expr,
    call,
    display_width,
    flat,
    layout,
    layout_annotation,
    layout_optional,
    q,
)

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
# ASCII, accented Latin, CJK, kana, Hangul and emoji: narrow, combining and wide characters
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("éüñçø\u0301"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0x3041, max_codepoint=0x3096),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xAC50),
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F),
)
TEXT = st.text(ALPHABET, max_size=40)
NAMES = st.sampled_from(["str", "int", "Omit", "MyType", "RealtimeAudioFormats"])


def literal(values: list[str]) -> Expr:
    return ("Literal", [q(v) for v in values])


EXPRS: st.SearchStrategy[Expr] = st.recursive(
    st.one_of(NAMES, st.lists(TEXT, min_size=1, max_size=6).map(literal)),
    lambda inner: st.tuples(
        st.sampled_from(["Union", "List", "Optional", "Dict"]),
        st.lists(inner, min_size=1, max_size=4),
    ).map(lambda t: (t[0], list(t[1]))),
    max_leaves=8,
)
FIELDS = st.sampled_from(["x", "colour", "a_rather_long_property_name_for_splitting"])


def black_keeps(source: str) -> None:
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=150, deadline=None)
@given(FIELDS, EXPRS)
def test_annotation_layout_is_blacks(field: str, expr: Expr) -> None:
    lines = layout_annotation("    ", f"{field}: ", expr, "")
    black_keeps("class A(TypedDict):\n" + "\n".join(lines) + "\n")


@settings(max_examples=150, deadline=None)
@given(FIELDS, EXPRS)
def test_optional_parameter_layout_is_blacks(field: str, expr: Expr) -> None:
    lines = layout_optional("    ", f"{field}: ", expr)
    black_keeps(
        "def f(\n    self,\n    *,\n" + "\n".join(lines) + "\n) -> None:\n    pass\n"
    )


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["id", "call_id", "x" * 30]), TEXT)
def test_statement_layout_is_blacks(name: str, text: str) -> None:
    message = f"Expected a non-empty value for `{name}` {text}"
    line = layout(f"            raise ValueError({q(message)})")
    black_keeps(
        f"class C:\n    def f(self, {name}: str) -> None:\n"
        f"        if not {name}:\n{line}\n"
    )


def test_wide_characters_count_double() -> None:
    assert display_width("赤い") == 4 and display_width("😀") == 2
    assert display_width("abc") == 3
    values = ["赤い色の長い名前です", "青い色の長い名前です", "緑の色の長い名前です"]
    expr = literal(values + ["黄色の色の長い名前です"])
    assert len("    colour: " + flat(expr)) <= 88  # fits by len, not by width
    assert layout_annotation("    ", "colour: ", expr, "")[0] == "    colour: Literal["


def test_docstrings_reflow_by_paragraph_and_keep_links_whole() -> None:
    text = (
        "How the model chooses tools. Provide one of the string modes or force a\n"
        "specific\nfunction/MCP tool.\n\nReference to a prompt template. [Learn\n"
        "more](https://platform.openai.com/docs/guides/text?api-mode=responses).\n\n"
        "- first item that is long enough to need a hanging indent when wrapped at\n"
        "  eighty columns of text\n- second\n\n    code stays as written\n"
    )
    assert doc_lines(text) == [
        "How the model chooses tools. Provide one of the string modes or force a specific",
        "function/MCP tool.",
        "",
        "Reference to a prompt template.",
        "[Learn more](https://platform.openai.com/docs/guides/text?api-mode=responses).",
        "",
        "- first item that is long enough to need a hanging indent when wrapped at eighty",
        "  columns of text",
        "- second",
        "",
        "    code stays as written",
    ]


@pytest.mark.parametrize(
    "value",
    ['("a.long.event.type.value",)', '("a.long.event.type.value", "b")', '["a"]'],
)
def test_a_long_target_keeps_a_literal_in_its_own_brackets(value: str) -> None:
    """black's stable layout (its first pass wraps `(("a",))`, its second drops the
    inner brackets): the generated validator's constants of long event names."""
    import black

    line = (
        "_A_VERY_LONG_CONSTANT_NAME_OF_A_REALTIME_SERVER_EVENT_TYPE_VALUES_AND_MORE = "
        + value
    )
    text = layout(line) + "\n"
    assert black.format_str(text, mode=black.Mode()) == text
    assert not text.split("\n")[1].lstrip().startswith(("((", "(["))


def test_a_long_membership_operand_is_split_before_in_as_black_does() -> None:
    inner = "    " * 9
    body = "isinstance(x124, str) and x124 in _A_LONG_CONSTANT_NAME_OF_SOME_ENUMERATION_SET"
    line = f"{inner}if not ({body}):"
    text = "\n".join(
        ["def f():"]
        + ["    " * (i + 1) + "if x:" for i in range(8)]
        + [layout(line), inner + "    pass", ""]
    )
    assert black.format_str(text, mode=black.Mode()) == text
    assert "\n" + inner + "    in _A_LONG" in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab'\"\\\n\t\x00é😀 "), max_size=8))
def test_string_literals_are_the_value_as_black_writes_it(text: str) -> None:
    literal = q(text)
    assert eval(literal) == text  # noqa: S307 - a literal we just wrote
    source = f"x = {literal}\n"
    assert black.format_str(source, mode=black.Mode()) == source


def test_docstrings_wrap_by_display_width() -> None:
    """A wide word takes two columns a character: two 25-character words of CJK make
    100 columns, so they wrap, though 51 characters would fit."""
    word = "赤" * 25
    assert doc_lines(f"{word} {word} a") == [word, f"{word} a"]
    assert doc_lines(f"- {word} {word}") == [f"- {word}", f"  {word}"]


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(ALPHABET, st.sampled_from("\t\u3000\u2028\x1c\x85\xa0 ]()"))))
def test_link_free_text_splits_into_the_words_the_link_pattern_finds(text: str) -> None:
    """`_reflow` splits text without a `[` with `str.split`, the pattern's words
    without its pattern: the same words for every kind of blank."""
    assume("[" not in text)
    assert _WORD.findall(text) == text.split()


def test_doc_lines_hands_out_a_new_list_each_time() -> None:
    """Reflowed once per text: a caller changing its lines changes no other caller's."""
    first = doc_lines("Some text\u3000with an ideographic space.")
    assert first == ["Some text with an ideographic space."]
    first.append("changed")
    assert doc_lines("Some text\u3000with an ideographic space.") == [
        "Some text with an ideographic space."
    ]


# what the validator's checks pass to `call`: names, short tuples, string literals
ARGS = st.one_of(
    st.sampled_from(["out", "p", "value", "_A_LONG_CONSTANT_NAME_VALUES"]),
    st.sampled_from(["(p, key)", "((p, key), index)", "(((p, key), index), key)"]),
    TEXT.map(q),
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["_type", "_missing_tag", "_t_RealtimeSessionCreateRequest"]),
    st.lists(ARGS, min_size=1, max_size=7),
)
def test_a_call_is_laid_out_as_black_does_and_again_shallower(
    depth: int, function: str, args: list[str]
) -> None:
    indent = "    " * depth
    made = call(indent, function, args)
    # the general layout's result, without tokenising
    assert made == layout(f"{indent}{function}({', '.join(args)})")
    blocks = "".join(f"{'    ' * i}if x:\n" for i in range(depth))
    black_keeps(blocks + made + "\n")
    if depth:  # moved out of its block: laid out for its new place
        shallower = made.at(indent[4:])
        assert shallower == call(indent[4:], function, args)
        black_keeps(blocks.rpartition("if x:\n")[0].rstrip(" ") + shallower + "\n")
