"""The line walk's regex scan for a node's children (`Lines._children`) answers exactly as
its former loop over the lines (tests/yaml_lines_oracle.py): the same children for every
line taken as a node, the same positions and the same `Unsure` along many pointers on both
upstream documents, and alike on random texts of indented lines, items, comments, blank
lines and carriage returns."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from generator.load.document import _index_positions, load_document, split_pointer
from generator.load.yaml_lines import Lines, Unsure
from tests.test_yaml_lines import DOCUMENTS
from tests.yaml_lines_oracle import LoopLines

UPSTREAM = [path for path in DOCUMENTS if "upstream" in path.parent.parent.name]


def answer(lines: Lines, data: Any, pointer: str) -> Any:
    try:
        return lines.position(data, split_pointer(pointer))
    except Unsure:
        return "unsure"


def children(lines: Lines, node: tuple[int, int]) -> Any:
    try:
        return lines._children(node)
    except Unsure:
        return "unsure"


def made(kind: type[Lines], text: str) -> Lines | None:
    try:
        return kind(text)
    except Unsure:
        return None


def test_both_upstream_documents_are_there() -> None:
    assert len(UPSTREAM) == 2 and all(path.exists() for path in UPSTREAM)


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: p.parent.name)
def test_positions_alike_along_many_pointers(path: Path) -> None:
    document = load_document(path)
    pointers = sorted(_index_positions(document.text, document.path))
    pointers = random.Random(5).sample(pointers, 6000)
    pointers += [p + "/no~1such" for p in pointers[:300]] + ["", "/components/x"]
    scan, loop = Lines(document.text), LoopLines(document.text)
    for pointer in pointers:
        assert answer(scan, document.data, pointer) == answer(
            loop, document.data, pointer
        ), pointer
    assert scan.mappings == loop.mappings and scan.sequences == loop.sequences


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: p.parent.name)
def test_children_alike_for_lines_taken_as_nodes(path: Path) -> None:
    """Every 37th line at its own indentation, and the big nodes (root, components,
    schemas) whole, whose ends are where the scans differ most from a loop."""
    text = path.read_text(encoding="utf-8-sig")
    scan, loop = Lines(text), LoopLines(text)
    numbers = list(range(0, len(scan.lines), 37))
    numbers += [
        n for n, line in enumerate(scan.lines) if line in ("components:", "  schemas:")
    ]
    for number in numbers:
        line = scan.lines[number]
        node = (number, len(line) - len(line.lstrip(" ")))
        assert children(scan, node) == children(loop, node), node


_LINE = st.tuples(
    st.integers(0, 6),
    st.sampled_from(
        ["a: 1", "b:", "- x", "-", "- ", "-x", "# c", "#", "", "\r", "c: \r", "- y: 2"]
        + ["---", "...", "%YAML 1.2", "'q': 1", '"d": 2', "e: |", "  ", "x\t: y"]
    ),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=14), st.booleans())
def test_alike_on_random_texts(lines: list[tuple[int, str]], end_break: bool) -> None:
    text = "\n".join(" " * indent + content for indent, content in lines)
    text += "\n" if end_break else ""
    scan, loop = made(Lines, text), made(LoopLines, text)
    assert (scan is None) == (loop is None), text
    if scan is None or loop is None:
        return
    for number, line in enumerate(scan.lines):
        for column in {len(line) - len(line.lstrip(" ")), 0, 2, -1}:
            node = (number if column >= 0 else -1, column)
            assert children(scan, node) == children(loop, node), (text, node)


def root(lines: Lines) -> Any:
    try:
        return lines._root()
    except Unsure:
        return "unsure"


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, min_size=0, max_size=14), st.booleans())
def test_positions_alike_on_random_texts(
    lines: list[tuple[int, str]], end: bool
) -> None:
    """The root, and the position of every pointer the composed text has (and one
    below each), as the walk gave them when it split the text into its lines first:
    `_root` and `_value` now read the lines where they meet them."""
    text = "\n".join(" " * indent + content for indent, content in lines)
    text += "\n" if end else ""
    scan, loop = made(Lines, text), made(LoopLines, text)
    assert (scan is None) == (loop is None), text
    if scan is None or loop is None:
        return
    assert root(scan) == root(loop), text
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    pointers = sorted(_index_positions(text, Path("t.yaml")))
    for pointer in pointers + [p + "/0" for p in pointers]:
        assert answer(scan, data, pointer) == answer(loop, data, pointer), (
            text,
            pointer,
        )
