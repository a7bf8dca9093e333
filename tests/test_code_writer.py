"""The code writer (`generator/emit/code_writer.py`) owns indentation and breaks calls as
black does: what it writes, black leaves as it is."""

from __future__ import annotations

import keyword

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.code_writer import CodeWriter
from generator.emit.pysource import q
from tests.test_pysource import MODE, TEXT

IDENTIFIERS = st.from_regex(r"[a-z_][a-z0-9_]{0,30}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
)


def black_keeps(source: str) -> None:
    assert black.format_str(source, mode=MODE) == source


def test_blocks_own_the_indentation_and_blank_lines_carry_none() -> None:
    w = CodeWriter()
    with w.block("def f(x):"):
        with w.block("if not x:"):
            w.statement("raise ValueError('x')")
        w.line()
        w.line("return x")
    assert w.text() == (
        "def f(x):\n    if not x:\n        raise ValueError('x')\n\n    return x"
    )
    assert w.level == 0
    black_keeps(w.text().replace("'x'", '"x"') + "\n")


def test_a_call_breaks_in_blacks_three_shapes() -> None:
    short = CodeWriter(2).call("f", ["a", "b"]).text()
    assert short == "        f(a, b)"
    inner = CodeWriter(2).call("self._client._validate_request", [q("x" * 45), "body"])
    assert inner.text().split("\n") == [
        "        self._client._validate_request(",
        f'            "{"x" * 45}", body',
        "        )",
    ]
    args = [f"argument_number_{i}={'v' * 10}" for i in range(4)]
    exploded = CodeWriter(3).call("path_template", args, ",").text().split("\n")
    assert exploded[0] == "            path_template("
    assert exploded[1:-1] == [f"                {a}," for a in args]
    assert exploded[-1] == "            ),"


def test_a_class_header_breaks_like_a_call() -> None:
    name = "C" * 70
    header = CodeWriter().call(f"class {name}", ["TypedDict", "total=False"], ":")
    assert header.text() == f"class {name}(\n    TypedDict, total=False\n):"
    black_keeps(header.text() + "\n    pass\n")


@settings(max_examples=150, deadline=None)
@given(IDENTIFIERS, st.lists(TEXT, min_size=1, max_size=5), st.integers(0, 3))
def test_calls_are_laid_out_as_black_lays_them_out(
    callee: str, texts: list[str], level: int
) -> None:
    """Any callee, string arguments in any script (CJK and emoji are two columns wide) and
    depth: black leaves the writer's call unchanged."""
    w = CodeWriter(level)
    w.call(f"x = {callee}", [q(t) for t in texts])
    blocks = [f"{'    ' * depth}if c{depth}:\n" for depth in range(level)]
    black_keeps("".join(blocks) + w.text() + "\n")
