"""Each safety check of the fast YAML path decides exactly as its former one-scan form
(tests/fast_yaml_oracle.py) did: on both upstream documents, the spec, and random texts
built from YAML's indicators and the characters each check looks for, and on random data
for the walk over the loaded strings; and the whole `load` gives the same answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import fast_yaml
from tests import fast_yaml_oracle as oracle
from tests.test_fast_yaml import SPEC, UPSTREAM, same

# pieces of YAML syntax, and the characters the checks single out
_PIECES = st.sampled_from(
    [
        "a", "k", "0", "1.5", "1e3", "-1", "+.5", ".inf", ".nan", "0x1f", "1:30",
        "yes", "null", "<<", "=", "...", "---", "%YAML 1.1",
        ":", ": ", ":,", ":]", ":}", "[", "]", "{", "}", ",", " ", "  ", "\t",
        "\n", "\n  ", "\n- ", "- ", "-", "? ", "#", " #", "'", '"', "\\", "\\\n",
        "&", "&x", "&x ", "&y-1", "*x", "!", "!!str ", "!<t> ", "|", ">", "|-", ">+2",
        "\r", "\r\n", "\x00", "\x07", "\x7f", "\x85", "\x9f", "\xa0", "é", "—",
        "\u2028", "\u2029", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufeff",
        "\U0001f600",
    ]  # fmt: skip
)
TEXTS = st.one_of(
    st.lists(_PIECES, max_size=24).map("".join),
    st.text(max_size=40),
    st.text(alphabet=" \t\n:,[]{}&!%-?|>#'\"\\0123456789.+_ax\x85\u2028", max_size=40),
)
REAL = [p.read_text(encoding="utf-8-sig") for p in UPSTREAM + SPEC]


def decide_alike(text: str) -> None:
    assert fast_yaml._reader_safe(text) is not oracle.reader_refuses(text), text
    assert fast_yaml._has_tag_or_directive(text) == oracle.has_tag_or_directive(text)
    assert fast_yaml._syntax_12_only(text) == oracle.syntax_12_only(text), text
    assert fast_yaml._anchors(text) == oracle.anchors(text), text
    numbers = fast_yaml._number_tokens(text.encode("utf-8", "surrogatepass"))
    assert numbers == oracle.number_tokens(text), text
    ends = fast_yaml._ends_in_empty_block_scalar(text)
    assert ends == oracle.ends_in_empty_block_scalar(text), text


def _suspect_strings(data: Any, resolvers: Any) -> set[str] | None:
    """What `load` computes in two steps, as the oracle's one function gives it."""
    strings = fast_yaml._strings_of(data)
    return None if strings is None else fast_yaml._read_otherwise(strings, resolvers)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_each_check_decides_alike_on_the_real_documents(index: int) -> None:
    text = REAL[index]
    decide_alike(text)
    data = fast_yaml.load(text)
    assert data is not None
    resolvers = fast_yaml._resolvers()
    suspects = _suspect_strings(data, resolvers)
    assert suspects == oracle.suspect_strings(data, resolvers)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_each_check_decides_alike_on_every_line_of_the_real_documents(
    index: int,
) -> None:
    """Line by line and in windows, so that each form a real document holds is met
    at the start and end of a text too (where `^`, `$` and lookbehinds differ)."""
    lines = REAL[index].split("\n")
    for start in range(0, len(lines), 97):
        decide_alike("\n".join(lines[start : start + 3]))
        decide_alike(lines[start])


# where the forms' edges are: a text's first and last character, a blank line or an
# escaped line break before a `:` line, a `!` or `&` right after a flow indicator or `\r`
EDGES = [
    "\n: x", ": x", "a\n\n: b", "a\n\n:", "a\\\n: b", "a\n  :", "a\n:b",
    "!x", "\n!x", "a\r!x", "[!x]", "{a: !x}", ",!x", "- - !x", "--- !x", "&a !x",
    "a!x", "&a", "\n&a", "a\r&a", "[&a,&a]", "- &a-b\n- &a-b", "a: &a\tb", "&a:",
    "1", "\n1", "\r1", "a1", "[1,2]", "{.5: 1}", "1:30", "12: x", "1\r", "-", "- 1",
    "\x85", "\u2028", "\u2029", "\ud800", "\ufffe", "\x0b", "\x7f", "\x9f", "é\x00",
    "a:]", "[a:", "[ &x |", "{ :", ", >", "\t",
]  # fmt: skip


@pytest.mark.parametrize("text", EDGES)
def test_each_check_decides_alike_at_the_edges(text: str) -> None:
    decide_alike(text)
    decide_alike("k: " + text)
    assert same(fast_yaml.load(text), oracle.load(text))


@settings(max_examples=4000, deadline=None)
@given(TEXTS)
def test_each_check_decides_alike_on_random_texts(text: str) -> None:
    decide_alike(text)
    assert same(fast_yaml.load(text), oracle.load(text)), text


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_yaml_rs_reads_the_utf8_as_the_text(text: str) -> None:
    """The fast path gives yaml-rs the text's UTF-8 (`load`, not `loads`): the same
    data, or an error alike."""
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a surrogate: declined before yaml-rs
    try:
        from_text = yaml_rs.loads(text, parse_datetime=False)
    except Exception as exc:  # noqa: BLE001 - whatever yaml-rs raises, alike
        with pytest.raises(type(exc)):
            yaml_rs.load(utf8, parse_datetime=False)
        return
    assert same(yaml_rs.load(utf8, parse_datetime=False), from_text), text


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_load_answers_alike_on_random_documents(body: str) -> None:
    text = "k: " + body + "\n"
    assert same(fast_yaml.load(text), oracle.load(text)), text


class _Str(str):
    pass


class _Int(int):
    pass


class _Dict(dict):  # type: ignore[type-arg]
    pass


_WORDS = st.sampled_from(
    ["", "yes", "No", "on", "null", "~", "=", "<<", "0", "12", "1.5", ".inf", "1:30"]
    + ["type", "object", "n", "t", "-", "+1", "0x1f", "1e3", "x", "é"]
)
_SCALAR = st.one_of(
    _WORDS,
    _WORDS.map(_Str),
    st.integers(-3, 300),
    st.integers(0, 3).map(_Int),
    st.floats(),
    st.booleans(),
    st.none(),
)
_ODD = st.one_of(st.tuples(st.integers()), st.binary(max_size=2), st.frozensets(_WORDS))
_KEY = st.one_of(_WORDS, _WORDS.map(_Str), st.integers(0, 300), st.booleans())
DATA = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_KEY, inner, max_size=4),
        st.dictionaries(_KEY, inner, max_size=3).map(_Dict),
    ),
    max_leaves=30,
)


@settings(max_examples=3000, deadline=None)
@given(DATA, st.one_of(st.none(), _ODD, st.sampled_from([None, (1,)])), st.booleans())
def test_suspect_strings_alike_on_random_data(
    data: Any, odd: Any, as_key: bool
) -> None:
    """The same suspects, or None alike: also with a value or key of a type PyYAML's safe
    loader never gives, or a None key (an empty key)."""
    resolvers = fast_yaml._resolvers()
    if odd is not None or as_key:
        holder: dict[Any, Any] = {odd: 1} if as_key else {"k": odd}
        data = [data, holder]
    got = _suspect_strings(data, resolvers)
    assert got == oracle.suspect_strings(data, resolvers)


@settings(max_examples=3000, deadline=None)
@given(DATA, st.one_of(st.none(), _ODD, st.sampled_from([None, (1,)])), st.booleans())
def test_the_level_walk_gives_the_strings_the_value_walk_gives(
    data: Any, odd: Any, as_key: bool
) -> None:
    """`_strings_of` (by levels, C iterators) against `_strings_walked` (every value in
    Python, as `_strings_of` was): the same strings, or None alike."""
    if odd is not None or as_key:
        holder: dict[Any, Any] = {odd: 1} if as_key else {"k": odd}
        data = [data, holder]
    assert fast_yaml._strings_of(data) == fast_yaml._strings_walked(data)


# the regex `_colon_opens_a_line` stands for (one of the four-part former check's forms)
_COLON_OPENS = re.compile(r"\n(?<![\\\n]\n)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_COLON_PIECES = st.sampled_from(
    ["\n", " ", "  ", ":", ": ", ":x", "::", "\\", "\r", "a", "- ", "#", "\n:", " :"]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_COLON_PIECES, max_size=16).map("".join))
def test_a_colon_opening_a_line_is_found_as_the_regex_finds_it(text: str) -> None:
    expected = _COLON_OPENS.search(text) is not None
    assert fast_yaml._colon_opens_a_line(text) is expected, repr(text)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_no_colon_opens_a_line_of_the_real_documents(index: int) -> None:
    assert not fast_yaml._colon_opens_a_line(REAL[index])
    lines = REAL[index].split("\n")
    text = "\n".join(lines[:1] + ["  : x"] + lines[1:])  # after a line with content
    assert fast_yaml._colon_opens_a_line(text)


# what `_tag_may_start` reads from a line's end, as a regex tried at each character
_BEFORE_TAG = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+|&[^ \t]+[ \t]+)$",
    re.MULTILINE,
)
_BEFORE_PIECES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "-",
        "- ",
        "---",
        "--- ",
        ":",
        "? ",
        "[",
        "{",
        ",",
        "&",
        "&a",
        "&a ",
    ]
    + ["a", "a ", "&&", "\r", "!", "#", "'", "x&", "?", "]"]
)


@settings(max_examples=5000, deadline=None)
@given(st.lists(_BEFORE_PIECES, max_size=10).map("".join))
def test_where_a_tag_may_start_is_read_as_the_regex_finds_it(before: str) -> None:
    expected = _BEFORE_TAG.search(before) is not None
    assert fast_yaml._tag_may_start(before) is expected, repr(before)


_TAIL = st.sampled_from(
    ["", " ", "# c", "  # |", "a: |", "a: >-", "- |", "|", "x", "\r"]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_TAIL, max_size=60), st.lists(_TAIL, max_size=60))
def test_the_end_is_read_alike_past_fifty_lines(
    head: list[str], tail: list[str]
) -> None:
    """The last line with content is found as rsplit's 50 pieces found it, also when
    more than 50 blank or comment lines end the text (then the rest is one piece)."""
    for text in (
        "\n".join(head + tail),
        "\n".join(head + [t for t in tail if not t.strip() or "#" in t]),
        "\n".join(head + ["# c"] * 50),
        "\n".join(head + ["# c"] * 51),
    ):
        got = fast_yaml._ends_in_empty_block_scalar(text)
        assert got == oracle.ends_in_empty_block_scalar(text), text


def test_the_real_documents_are_there() -> None:
    assert len(UPSTREAM) >= 2 and all(Path(p).exists() for p in UPSTREAM)


def _laughs(levels: int, width: int) -> str:
    lines = ['l0: &l0 "lol"']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_nested_aliases_are_left_to_pyyaml_which_shares_them() -> None:
    """yaml-rs would copy 10**5 strings here before any bound is checked; PyYAML
    shares the aliased nodes (and the loader's bounds check counts them once)."""
    text = _laughs(5, 10)
    assert not fast_yaml._aliases_bounded(text)
    assert fast_yaml.load(text) is None
    assert fast_yaml.load(_laughs(1, 10)) == {"l0": "lol", "l1": ["lol"] * 10}


def test_aliases_are_taken_up_to_a_bound_and_only_unnested() -> None:
    flat = "a: &a {x: 1}\nb: *a\nc: [*a, *a]\nd: '*a'\n"
    assert fast_yaml.load(flat) == {
        "a": {"x": 1},
        "b": {"x": 1},
        "c": [{"x": 1}, {"x": 1}],
        "d": "*a",
    }
    bound = fast_yaml._MAX_ALIASES
    many = "a: &a 1\nb: [" + ", ".join(["*a"] * bound) + "]\n"
    assert fast_yaml.load(many) == {"a": 1, "b": [1] * bound}
    assert fast_yaml.load(many.replace("b: [", "b: [*a, ")) is None
    # an anchor after an alias, even unnested, is declined (no nesting can be ruled out)
    assert fast_yaml.load("a: &a 1\nb: *a\nc: &c 2\n") is None
