"""An assertion the IR reads holds a value of the shape JSON Schema gives it, or the spec is
refused with a located problem (generator/ir/schema_keywords.py `VALUE_SHAPES`): the
emitters write these values into code, and a `minimum` that was an object crashed the
validator's rendering (found by the spec fuzzer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.ir import nodes as ir
from generator.ir.build import build_api
from generator.ir.schema_keywords import VALUE_SHAPES

_KIND = {
    "minimum": "integer",
    "maximum": "number",
    "exclusiveMinimum": "integer",
    "exclusiveMaximum": "number",
    "minLength": "string",
    "maxLength": "string",
    "pattern": "string",
    "format": "string",
    "minItems": "array",
    "maxItems": "array",
    "uniqueItems": "array",
}
_WRONG: list[Any] = [{"a": 1}, [1], "3", None, -1, 1.5, True]


def _spec(tmp_path: Path, schema: dict[str, Any]) -> Path:
    spec = tmp_path / "openapi.json"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"T": schema}},
    }
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return spec


def test_every_shaped_keyword_has_a_kind_here() -> None:
    assert set(_KIND) == set(VALUE_SHAPES)


@pytest.mark.parametrize("word", sorted(VALUE_SHAPES))
def test_a_value_of_another_shape_is_a_located_problem(
    tmp_path: Path, word: str
) -> None:
    what, holds = VALUE_SHAPES[word].what, VALUE_SHAPES[word].holds
    wrong = [value for value in _WRONG if not holds(value)]
    assert wrong
    for value in wrong:
        spec = _spec(tmp_path, {"type": _KIND[word], word: value})
        with pytest.raises(SpecError) as caught:
            build_api(spec)
        (problem,) = caught.value.problems
        assert problem.pointer == f"/components/schemas/T/{word}", value
        assert problem.line is not None
        assert problem.message == f"{word} must be {what}"


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 0, "maximum": 10, "exclusiveMinimum": True},
        {"type": "number", "exclusiveMaximum": 2.5},
        {
            "type": "string",
            "minLength": 0,
            "maxLength": 3,
            "pattern": "^a",
            "format": "uri",
        },
        {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "uniqueItems": True,
        },
    ],
)
def test_values_of_their_shape_build(tmp_path: Path, schema: dict[str, Any]) -> None:
    api = build_api(_spec(tmp_path, schema))
    assert isinstance(api.types["T"].type, (ir.Primitive, ir.Array))
