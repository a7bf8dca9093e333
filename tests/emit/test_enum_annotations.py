"""An `enum` may list any JSON value; `Literal` holds only strings, integers and booleans
(PEP 586). The client's annotation keeps the literals and names the kind of each other
value (generator/emit/python_types.py), and such a spec generates (the spec fuzzer found
an `enum` with an object in it crashing the annotation's layout)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.config import GenerateConfig
from generator.emit.pysource import parse_annotation
from generator.emit.python_types import PythonTypes
from generator.ir import nodes as ir
from generator.ir.build import build_api
from generator.pipeline import render_all


@pytest.mark.parametrize(
    "values, annotation",
    [
        (("a", 1, True), 'Literal["a", 1, True]'),
        (("a", None), 'Optional[Literal["a"]]'),
        ((1.5, 2.5), "float"),
        (
            ("a", 1.5, {"x": 1}, [1], {"y": 2}, 2),
            'Union[Literal["a", 2], float, Dict[str, object], List[object]]',
        ),
        (({"x": 1}, None), "Optional[Dict[str, object]]"),
    ],
)
def test_an_enum_is_annotated_by_literals_and_the_kinds_literal_cannot_hold(
    api: ir.Api, values: tuple[object, ...], annotation: str
) -> None:
    written = PythonTypes(api).annotation(ir.Literal(values))
    assert written == annotation
    parse_annotation(written)  # what the layout parses


SPEC = """openapi: 3.1.0
info: {title: Mixed, version: "1"}
paths:
  /things:
    post:
      operationId: create-thing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "204": {description: done}
components:
  schemas:
    Thing:
      type: object
      properties:
        mode:
          enum: [fast, 2, 1.5, {level: 1}, [1, 2], null]
"""


def test_a_spec_whose_enum_holds_objects_generates(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    files = render_all(build_api(spec), GenerateConfig(spec=spec))
    python = {p: t for p, t in files.items() if p.endswith(".py")}
    for path, text in python.items():
        ast.parse(text, path)
    types = "".join(t for p, t in python.items() if "/types/" in p)
    assert 'Literal["fast", 2]' in types
    assert "Dict[str, object]" in types and "List[object]" in types
