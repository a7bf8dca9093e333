"""A problem is one line, `FILE:LINE:COL: error at POINTER: message` (generator/errors.py),
whatever the keys on its pointer hold: a pointer with whitespace or a control character
is JSON-quoted, so where it ends is never in doubt and a line break never splits it."""

from __future__ import annotations

import json

import pytest

from generator.errors import Problem


def test_a_plain_pointer_is_shown_bare() -> None:
    problem = Problem("bad", file="spec.yaml", line=3, column=5, pointer="/a/b~1c")
    assert problem.render() == "spec.yaml:3:5: error at /a/b~1c: bad"
    assert Problem("bad", "spec.yaml", 1, pointer="").render() == (
        "spec.yaml:1: error at /: bad"
    )
    assert Problem("bad", "spec.yaml", 1).render() == "spec.yaml:1: error: bad"


@pytest.mark.parametrize(
    "key", ["a b", "^   - type", "line\nbreak", "tab\there", "x: y", "bell\x07"]
)
def test_a_pointer_whose_keys_hold_whitespace_is_quoted_whole(key: str) -> None:
    pointer = f"/components/schemas/{key}"
    line = Problem("bad", file="spec.yaml", line=9, pointer=pointer).render()
    assert "\n" not in line
    head, quoted_and_message = line.split(" at ", 1)
    assert head == "spec.yaml:9: error"
    quoted, message = json.JSONDecoder().raw_decode(quoted_and_message)
    assert quoted == pointer
    assert quoted_and_message[message:] == ": bad"
