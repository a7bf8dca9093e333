"""The line walker (generator/load/yaml_lines.py) must place a pointer exactly where
composing the document with PyYAML does, or say it is unsure: on both upstream documents
and our spec files, and on small texts built to mislead it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator.load.document import (
    Document,
    _index_positions,
    load_document,
    split_pointer,
)
from generator.load.yaml_lines import Lines, Unsure

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ROOT.parent / "shared" / "upstream"
DOCUMENTS = [
    UPSTREAM / "openai-openapi-5162af9" / "openapi.yaml",
    UPSTREAM / "openai-openapi-535f5dc" / "openapi.yaml",
    ROOT / "spec" / "openapi.upstream.yaml",
    ROOT / "spec" / "decisions.overlay.yaml",
    ROOT / "spec" / "codegen.yaml",
    ROOT / "spec" / "upstream.yaml",
]
SAMPLE = 4000  # pointers per document (all of them for the small ones)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_walk_gives_the_composed_position(path: Path) -> None:
    document = load_document(path)
    composed = _index_positions(document.text, document.path)
    pointers = sorted(composed)
    if len(pointers) > SAMPLE:
        pointers = random.Random(17).sample(pointers, SAMPLE)
    # and pointers that are not there: the nearest ancestor answers
    pointers += [p + "/no~1such" for p in pointers[:200]]
    lines = Lines(document.text)
    sure = 0
    for pointer in pointers:
        try:
            found = lines.position(document.data, split_pointer(pointer))
        except Unsure:
            continue
        sure += 1
        assert found == Document(path, document.text, document.data, composed).position(
            pointer
        ), pointer
    assert sure >= 0.95 * len(pointers)  # the walk is the rule, composing the exception


MISLEADING = {
    "anchor and alias": "a: &x\n  b: 1\nc: *x\n",
    "merge key": "base: &b\n  k: 1\nd:\n  <<: *b\n  m: 2\n",
    "flow collection": "a: {b: [1, 2], c: 3}\nd: [x, y]\n",
    "duplicate key": "a:\n  b: 1\na:\n  c: 2\n",
    "quoted continuation at the key's column": 'a: "one\nb: two"\nc:\n  d: 1\n',
    "compact sequence": "a:\n- x: 1\n  y: 2\n- z\nb:\n  - 1\n  -   2\n",
    "nested sequences": "a:\n  - - 1\n    - 2\n  - [3]\n",
    "block scalars": "a: |\n  b: not a key\n  c:\nd:\n  e: >\n    f: x\n",
    "comments and blanks": "# c\n\na:   # c\n\n  # b: 1\n  b: 1 # c\n",
    "quoted keys": "'a''b':\n  \"c d\": 1\n  \"e\\\\f\": 2\n",
    "keys that are not strings": "200:\n  1.5: x\n  yes: y\n  ~: z\n",
    "item on the next line": "a:\n  -\n    b: 1\n",
    "tagged": "a: !!map\n  b: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
}


@pytest.mark.parametrize("text", MISLEADING.values(), ids=MISLEADING.keys())
def test_misleading_texts_are_placed_right_or_declined(text: str) -> None:
    data = yaml.safe_load_all(text)
    first = next(iter(data))
    composed_doc = Document(Path("t.yaml"), text, first)
    composed = _index_positions(text, Path("t.yaml"))
    composed_doc._positions = composed
    pointers = sorted(composed) + [p + "/0" for p in composed] + ["/zz"]
    try:
        lines = Lines(text)
    except Unsure:
        return
    for pointer in pointers:
        try:
            found = lines.position(first, split_pointer(pointer))
        except Unsure:
            continue
        assert found == composed_doc.position(pointer), pointer


def test_a_document_answers_by_composing_once_the_walk_is_unsure() -> None:
    text = "a: &x\n  b: 1\nc: *x\nd:\n  e: 1\n"
    document = Document(Path("t.yaml"), text, yaml.safe_load(text))
    assert document.position("/d/e") == (5, 3)  # walked
    assert document._positions is None
    composed = _index_positions(text, Path("t.yaml"))
    assert document.position("/c/b") == composed["/c/b"]  # through an alias: composed
    assert document._positions == composed


def test_a_mapping_agreed_once_is_checked_again_when_its_keys_change() -> None:
    """The walk remembers the key objects a mapping's lines agreed with; other keys
    (the data changed: a key renamed, `1` become `True`) are compared again."""
    text = "a:\n  1: x\n  b: y\nc: 2\n"
    lines = Lines(text)
    data = yaml.safe_load(text)
    assert lines.position(data, ["a", "b"]) == (3, 3)
    assert lines.position(data, ["a", "1"]) == (2, 3)
    renamed = {"a": {1: "x", "z": "y"}, "c": 2}
    with pytest.raises(Unsure):
        lines.position(renamed, ["a", "z"])
    with pytest.raises(Unsure):
        lines.position({"a": {True: "x", "b": "y"}, "c": 2}, ["a", "b"])
    assert lines.position(data, ["a", "b"]) == (3, 3)  # and the first again
