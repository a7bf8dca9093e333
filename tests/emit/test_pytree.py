"""`pytree.layout_node` lays an expression out from its structure, where `pysource.layout`
tokenises its text: the two give the same lines (the tokenising one is the reference),
and black leaves them as they are: on every `TYPES[...]` line of the whole upstream
document's strategies module, and on generated trees of calls, lists and dicts, the
shapes `layout_node` hands to `layout` (parenthesised expressions, ` for `, subscripts,
a first line too long) included."""

from __future__ import annotations

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import GenerateConfig
from generator.emit.pysource import layout, q
from generator.emit.pytree import Group, Node, flat, layout_node, prefixed
from generator.emit.render import Renderer
from generator.emit.strategies import StrategiesEmitter, py_node, py_value
from generator.pipeline import load_api

from ..conftest import SHARED

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
UPSTREAM = SHARED / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"

WORDS = st.sampled_from(
    [
        "赤い色の長い名前です",  # wide: two columns a character
        "😀",
        "(a, b]",  # brackets and a comma inside a string split nothing
        "x for y",  # a string saying "for": `layout_node` hands it to `layout`
        'say "hi"',
        "plain",
        "a_somewhat_longer_property_name_here",
    ]
)
ATOMS = st.one_of(WORDS.map(q), st.sampled_from(["None", "12", "-1.5", "st.none()"]))
CALLEES = st.sampled_from(["f", "_prop", "st.one_of", "a_rather_long_function_name"])


def _entries(pairs: list[tuple[str, Node]]) -> Group:
    return Group("{", [prefixed(f"{q(k)}: ", v) for k, v in pairs], "}")


def _trees(
    heads: st.SearchStrategy[str], atoms: st.SearchStrategy[str] = ATOMS
) -> st.SearchStrategy[Node]:
    """Trees whose groups open with one of `heads` or are lists and dicts."""
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.builds(Group, heads, st.lists(inner, max_size=5), st.just(")")),
            st.builds(Group, st.just("["), st.lists(inner, max_size=5), st.just("]")),
            st.lists(st.tuples(WORDS, inner), max_size=4).map(_entries),
        ),
        max_leaves=30,
    )


CALLS = _trees(CALLEES.map(lambda name: name + "("))
# shapes `layout_node` hands to `layout` or that take another branch there: a
# parenthesised expression (`(`, `not (`), a subscript (`x[`), a call after a call
# (`f()(`), a lone generator (its ` for ` outside a string)
ODD = _trees(
    st.one_of(
        CALLEES.map(lambda n: n + "("), st.sampled_from(["(", "not (", "x[", "f()("])
    ),
    st.one_of(ATOMS, st.just("name_of_an_item for name_of_an_item in some_items")),
)
TARGETS = st.sampled_from(
    ["", "x = ", 'TYPES["k"] = ', 'TYPES["A_Longer_Type_Name"] = ']
)
# a target so long the first line cannot fit: `layout` wraps the value in parentheses
# (black does more than `layout` there; no emitter writes such a line)
LONG = "y" * 70 + " = "


def joined(node: Node) -> str:
    """A node's text put together from its parts (what `Group.text` holds)."""
    if isinstance(node, str):
        return node
    return node.head + ", ".join(map(joined, node.items)) + node.close


def in_blocks(line: str, depth: int) -> str:
    """`line` at `depth` levels of `if` blocks: a module black can format."""
    return "".join("    " * i + "if x:\n" for i in range(depth)) + line + "\n"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6), TARGETS, CALLS)
def test_a_tree_is_laid_out_as_layout_and_black_lay_out_its_text(
    depth: int, target: str, tree: Node
) -> None:
    indent = "    " * depth
    laid = layout_node(indent, prefixed(target, tree))
    assert flat(tree) == joined(tree)
    assert laid == layout(indent + target + flat(tree))
    if isinstance(tree, Group) and tree.items:  # a statement the emitters write
        source = in_blocks(laid, depth)
        assert black.format_str(source, mode=MODE) == source


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6), st.one_of(TARGETS, st.just(LONG)), st.one_of(ODD, CALLS))
def test_shapes_it_does_not_lay_out_itself_are_laid_out_by_layout(
    depth: int, target: str, tree: Node
) -> None:
    indent = "    " * depth
    assert layout_node(indent, prefixed(target, tree)) == layout(
        indent + target + flat(tree)
    )


LONG_CALL = Group("f(", [q("a_somewhat_longer_property_name_here")] * 3, ")")


@pytest.mark.parametrize(
    "node",
    [
        Group("x = (", [LONG_CALL], ")"),  # parenthesised: kept on a line inside
        Group("x = not (", [LONG_CALL], ")"),
        Group("x = [", [Group("(", [LONG_CALL], ")")], "]"),
        Group("x = [", ["name_of_an_item for name_of_an_item in " + "y" * 60], "]"),
        Group("x = f(", [LONG_CALL, Group("x[", [LONG_CALL], "]")], ")"),  # subscript
    ],
    ids=["parenthesised", "not", "nested", "generator", "subscript"],
)
def test_what_layout_node_hands_on_is_laid_out_as_layout_does(node: Group) -> None:
    assert layout_node("    ", node) == layout("    " + flat(node))


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1.5, float("nan"), float("-inf")], "赤い": None, "x for y": True},
        [{"k": "v" * 80}, [], {}, [[["deep"] * 9]]],
        ["a_somewhat_longer_enum_value_" + str(i) for i in range(9)],
    ],
)
def test_spec_values_as_trees_are_the_literals_layout_splits(value: object) -> None:
    node = prefixed("VALUE = ", py_node(value))
    assert flat(node) == "VALUE = " + py_value(value) == joined(node)
    laid = layout_node("        ", node)
    assert laid == layout("        " + flat(node))
    source = in_blocks(laid, 2)
    assert black.format_str(source, mode=MODE) == source


def test_a_spec_value_is_written_as_python() -> None:
    value = {"a": [1.5, float("nan"), float("-inf")], "b": None, "c": {"d": True}}
    expected = '{"a": [1.5, float("nan"), float("-inf")], "b": None, "c": {"d": True}}'
    assert py_value(value) == expected


def test_every_upstream_strategy_line_is_layouts_and_blacks() -> None:
    api = load_api(GenerateConfig(spec=UPSTREAM, out="unused"))
    emitter = StrategiesEmitter(api, Renderer())
    laid = []
    for named in api.public_types():
        node = emitter.type_line(named)
        laid.append(layout_node("", node))
        assert laid[-1] == layout(flat(node)), named.name
    assert len(laid) > 900
    assert sum(line.count("\n") for line in laid) > 20000  # split, not kept whole
    source = "\n".join(laid) + "\n"
    assert black.format_str(source, mode=MODE) == source
