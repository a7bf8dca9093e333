"""The generated validator names every function and constant for what it checks or holds:
an inline schema's check is its type's check's name plus the path to it (`item`, `value`,
a union member's tag or word, a kind), never a number; collisions get a longer name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.emit.render import Renderer
from generator.emit.validator import ValidatorEmitter
from generator.ir.build import build_api

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "generated" / "python" / "realtime_calls" / "_validation"
ZOO = sorted((ROOT / "tests" / "zoo").glob("*/expected/python/*/_validation"))
NUMBERED = re.compile(r"^_[A-Za-z]{1,2}\d+$|_\d+$")  # `_a7`, `_VOICE_VALUES_2`

SPEC = """openapi: 3.1.0
info: {title: Names, version: "1.0"}
paths: {}
components:
  schemas:
    Box:
      type: object
      properties:
        grid:
          type: array
          items:
            type: array
            items:
              type: array
              items: {type: object, properties: {x: {type: integer}}}
        labels:
          type: object
          additionalProperties:
            type: object
            additionalProperties: {type: object, properties: {y: {type: string}}}
        shape:
          oneOf:
            - type: object
              properties: {kind: {const: circle}, r: {type: number}}
              required: [kind]
            - type: object
              properties: {kind: {const: square}, side: {type: number}}
              required: [kind]
        a-b:
          anyOf:
            - {type: object, properties: {p: {type: string}}, required: [p]}
            - {type: object, properties: {q: {type: string}}, required: [q]}
        a_b:
          anyOf:
            - {type: object, properties: {p: {type: integer}}, required: [p]}
            - {type: object, properties: {q: {type: integer}}, required: [q]}
        limit: {anyOf: [{type: integer, minimum: 1}, {const: inf}]}
        prompt:
          anyOf:
            - {type: string}
            - {type: array, items: {type: string}}
            - {type: array, items: {type: integer}}
    Box_grid_item: {type: string}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("names")
    (folder / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (folder / "codegen.yaml").write_text(
        "package: names\nschema_base_url: https://schemas.example.com/names\n",
        encoding="utf-8",
    )
    api = build_api(folder / "openapi.yaml", folder / "codegen.yaml")
    return _generated(ValidatorEmitter(api, Renderer()).render())


def _generated(files: dict[str, str]) -> str:
    """The generated modules of a validator, one text: the checks, their constants, the
    entry points (not the verbatim runtime)."""
    names = sorted(f for f in files if "/_checks_" in f)
    names += [f for f in files if f.endswith(("/_constants.py", "/__init__.py"))]
    return "\n".join(files[name] for name in names)


def _defined(text: str) -> tuple[list[str], list[str]]:
    """The module's top-level functions and assigned names."""
    tree = ast.parse(text)
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assigned = [
        target.id
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(target, ast.Name)
    ]
    return functions, assigned


def test_inline_checks_are_named_for_their_type_and_path(tiny: str) -> None:
    functions, _ = _defined(tiny)
    assert functions[:2] == ["_t_Box", "_t_Box_grid_item"]  # the types' own checks
    assert set(functions[2:]) == {
        # a loop inside a loop binding the same names: a function of its own
        "_t_Box_grid_item_inline",  # `Box_grid_item` is a type's check: a longer name
        "_t_Box_grid_item_item",
        "_t_Box_labels",  # deep inside: hoisted to keep lines short
        "_t_Box_labels_value",
        "_t_Box_labels_value_value",
        "_t_Box_shape_circle",  # a union's members, by their tags
        "_t_Box_shape_square",
        "_t_Box_a_b_p",  # by the property no other member has
        "_t_Box_a_b_q",
        "_t_Box_a_b_p_inline",  # `a_b` after `a-b`: the same name, another check
        "_t_Box_a_b_q_inline",
        "_t_Box_limit_number",  # a scalar union's forms, by kind
        "_t_Box_limit_string",
        "_t_Box_prompt_array_of_string",  # members of one kind: by what they hold
        "_t_Box_prompt_array_of_integer",
        "schema_names",
        "schema_for_id",
        "validate",
        "validate_request",
    }
    assert len(functions) == len(set(functions))
    # the colliding name went to the later property, whose members take integers
    a_b = tiny.index('elif key == "a_b":')
    assert tiny.index("_t_Box_a_b_p_inline", a_b) < tiny.index("elif key ==", a_b + 1)
    assert "if not (type(value) is int or _is_int(value))" in _body(
        tiny, "_t_Box_a_b_p_inline"
    )
    assert "if not isinstance(value, str)" in _body(tiny, "_t_Box_a_b_p")


def test_colliding_constants_are_qualified_by_their_path(tiny: str) -> None:
    _, assigned = _defined(tiny)
    assert "_KIND_VALUES" in assigned  # the first `kind`: ("circle",)
    assert "_BOX_SHAPE_SQUARE_KIND_VALUES" in assigned  # the second: where it sits


@pytest.mark.parametrize("module", [MAIN, *ZOO], ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_validators_have_no_numbered_names(module: Path) -> None:
    files = {f.as_posix(): f.read_text(encoding="utf-8") for f in module.glob("*.py")}
    functions, assigned = _defined(_generated(files))
    assert functions and assigned
    numbered = [name for name in functions + assigned if NUMBERED.search(name)]
    assert numbered == []


def test_tiny_validator_has_no_numbered_names(tiny: str) -> None:
    functions, assigned = _defined(tiny)
    assert [n for n in functions + assigned if NUMBERED.search(n)] == []


def _body(text: str, function: str) -> str:
    start = text.index(f"\ndef {function}(")
    end = text.find("\ndef ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_runtime_leaves_the_check_prefix_to_checks() -> None:
    """Every generated check is `_t_...`: no verbatim runtime module defines such a name,
    so a check never shadows what the generated module imports from the runtime."""
    from generator.emit.validator import runtime_files

    for source in runtime_files():
        functions, assigned = _defined(source.read_text(encoding="utf-8"))
        tree = ast.parse(source.read_text(encoding="utf-8"))
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        taken = [n for n in functions + assigned + classes if n.startswith("_t_")]
        assert taken == [], source.name
