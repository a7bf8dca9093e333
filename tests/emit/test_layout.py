"""The line-splitting engine (`pysource.layout`) reads a line's tokens once and measures
any run of them by subtraction; its output is black's own for the shapes the emitters
write: nested calls, lists and dicts of string literals, wide characters and `{name}`
path parameters included."""

from __future__ import annotations

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.pysource import display_width, layout, q

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
WORDS = st.sampled_from(
    [
        "赤い色の長い名前です",  # wide: two columns a character
        "e\u0301",  # a combining mark
        "😀",
        "{id}",
        "/threads/{thread_id}/runs/{run_id}",
        'say "hi"',
        "(a, b]",  # brackets and a comma inside a string split nothing
        "x for y",  # no comprehension: a string
        "plain",
    ]
)
NAMES = st.sampled_from(["f", "_prop", "x.y", "Literal", "a_rather_long_function_name"])
ATOMS = st.one_of(WORDS.map(q), NAMES, st.just("None"))
EXPRS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(NAMES, st.lists(inner, min_size=1, max_size=5)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.lists(inner, min_size=1, max_size=5).map(lambda xs: f"[{', '.join(xs)}]"),
        st.lists(st.tuples(WORDS.map(q), inner), min_size=1, max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
    ),
    max_leaves=25,
)


def in_blocks(line: str, depth: int) -> str:
    """`line` at `depth` levels of `if` blocks: a module black can format."""
    return "".join("    " * i + "if x:\n" for i in range(depth)) + line + "\n"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4), st.sampled_from(["", "x = ", 'TYPES["k"] = ']), EXPRS)
def test_layout_is_blacks(depth: int, target: str, expr: str) -> None:
    source = in_blocks(layout("    " * depth + target + expr), depth)
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_display_width_adds_up(a: str, b: str) -> None:
    """What measuring a run by subtracting running widths relies on."""
    assert display_width(a + b) == display_width(a) + display_width(b)


def test_a_line_that_fits_is_returned_as_it_is() -> None:
    rest = f" = f({q('赤い色')}, [g(1), {{'k': 2}}])"
    line = "    " + "y" * (84 - display_width(rest)) + rest
    assert display_width(line) == 88
    assert layout(line) is line


def test_wide_elements_split_one_per_line_although_their_length_fits() -> None:
    wide = q("赤い色の長い名前です")
    line = f"x = f({wide}, {wide}, {wide}, {wide}, {wide})"
    assert len(line) <= 88 < display_width(line)
    assert layout(line) == "\n".join(
        ["x = f(", f"    {wide},", *[f"    {wide},"] * 4, ")"]
    )
    assert black.format_str(layout(line) + "\n", mode=MODE) == layout(line) + "\n"


def test_a_path_parameter_in_braces_is_no_bracket() -> None:
    path = q("/threads/{thread_id}/runs/{run_id}/steps/{step_id}")
    line = (
        "        return self._get(f"
        + path
        + ", options=make_request_options(extra_headers=extra_headers), cast_to=Step)"
    )
    expected = "\n".join(
        [
            "        return self._get(",
            f"            f{path},",
            "            options=make_request_options(extra_headers=extra_headers),",
            "            cast_to=Step,",
            "        )",
        ]
    )
    assert layout(line) == expected
    source = "def g():\n    if x:\n" + expected + "\n"
    assert black.format_str(source, mode=MODE) == source


def test_nested_brackets_split_from_the_outside_in() -> None:
    inner = ", ".join(f'"key_{i}": _strings(None, None)' for i in range(4))
    line = f'TYPES["Thing"] = _hook("Thing", _object({{{inner}}}, {{}}))'
    out = layout(line)
    assert out.split("\n")[:3] == [
        'TYPES["Thing"] = _hook(',
        '    "Thing",',
        "    _object(",
    ]
    assert '        {\n            "key_0": _strings(None, None),' in out
    assert black.format_str(out + "\n", mode=MODE) == out + "\n"


def test_for_in_a_string_makes_no_comprehension() -> None:
    """A lone element is kept whole when it is a generator, never because a string in it
    says "for"."""
    wide = q("赤い色の長い名前です")
    line = f"x = {{{wide}: {{{wide}: None, {wide}: {q('made for you')}}}}}"
    out = layout(line)
    assert out.count("\n") == 5
    assert black.format_str(out + "\n", mode=MODE) == out + "\n"
    generator = (
        "total = sum(len(a_rather_long_name) for a_rather_long_name in names_of_things)"
    )
    out = layout("        " + generator.replace("total", "total_of_all_the_names"))
    assert out.split("\n")[1].lstrip().startswith("len(a_rather_long_name) for")
    source = in_blocks(out, 2)
    assert black.format_str(source, mode=MODE) == source
