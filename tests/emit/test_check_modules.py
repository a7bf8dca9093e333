"""The generated validator's checks split into `_checks_<n>.py` modules: a type's module
depends on its name only, and checks that call each other across modules in cycles
(recursive types, a union's dispatch table in several modules) import, type-check and
find what the one-module validator found."""

from __future__ import annotations

import ast
import re
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import black
import pytest

from generator.emit import check_unions
from generator.emit.check_modules import TypeChecks
from generator.emit.placement import module_count, placement
from generator.emit.render import Renderer
from generator.emit.validator import ValidatorEmitter
from generator.ir.build import build_api

SPEC = """openapi: 3.1.0
info: {title: Cycles, version: "1.0"}
paths: {}
components:
  schemas:
    Ping:
      type: object
      properties: {pong: {$ref: "#/components/schemas/Pong"}, n: {type: integer}}
    Pong:
      type: object
      additionalProperties: false
      properties:
        ping: {$ref: "#/components/schemas/Ping"}
        shape: {$ref: "#/components/schemas/Shape"}
    Expr:
      anyOf:
        - {type: string}
        - {type: array, items: {$ref: "#/components/schemas/Expr"}}
    Shape:
      oneOf:
        - {$ref: "#/components/schemas/Circle"}
        - {$ref: "#/components/schemas/Square"}
      discriminator: {propertyName: kind}
    Circle:
      type: object
      additionalProperties: false
      properties:
        kind: {const: circle}
        r: {type: number, minimum: 0}
        inner: {$ref: "#/components/schemas/Shape"}
      required: [kind]
    Square:
      type: object
      additionalProperties: false
      properties: {kind: {const: square}, side: {type: number}}
      required: [kind]
    Drawing:
      type: object
      properties:
        main: {$ref: "#/components/schemas/Shape"}
        expr: {$ref: "#/components/schemas/Expr"}
        ping: {$ref: "#/components/schemas/Ping"}
"""
UNRELATED = """    Unrelated:
      type: object
      properties: {name: {type: string, pattern: "^[a-z]+$"}}
    Another: {type: array, items: {type: string}}
"""
TINY = 1  # a budget no check fits: the fewest modules that part the largest checks


def _emit(tmp: Path, spec: str, budget: int) -> dict[str, str]:
    (tmp / "openapi.yaml").write_text(spec, encoding="utf-8")
    (tmp / "codegen.yaml").write_text(
        "package: cycles\nschema_base_url: https://schemas.example.com/cycles\n",
        encoding="utf-8",
    )
    api = build_api(tmp / "openapi.yaml", tmp / "codegen.yaml")
    return ValidatorEmitter(api, Renderer(), budget).render()


def _homes(files: dict[str, str]) -> dict[str, str]:
    """Each top-level function of the check modules → its module's file name."""
    homes = {}
    for path, text in files.items():
        if "/_checks_" in path:
            for node in ast.parse(text).body:
                if isinstance(node, ast.FunctionDef):
                    homes[node.name] = path.rsplit("/", 1)[1]
    return homes


@pytest.fixture(scope="module", params=["chained", "tables"])
def split(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The validator of SPEC with its checks in as many modules as part them, written
    out as the package `cycles._validation`: with Shape's two variants dispatched by a
    chain of tag comparisons, as a union that small is, and through a table of its
    members' checks, as a larger one is."""
    folder = tmp_path_factory.mktemp(f"cycles_{request.param}")
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "tables":
            patch.setattr(check_unions, "_CHAINED", 1)
        files = _emit(folder, SPEC, TINY)
    for path, text in files.items():
        (folder / "out" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / path).write_text(text, encoding="utf-8")
    (folder / "out" / "cycles" / "__init__.py").write_text("", encoding="utf-8")
    # what `validate_request` imports from the client package around the validator
    (folder / "out" / "cycles" / "_exceptions.py").write_text(
        "from typing import Any, List\n\n\n"
        "class RequestValidationError(ValueError):\n"
        "    def __init__(self, message: str, findings: List[Any]) -> None:\n"
        "        super().__init__(message)\n",
        encoding="utf-8",
    )
    return folder / "out", files


def test_the_cycles_cross_modules(split: tuple[Path, dict[str, str]]) -> None:
    out, files = split
    homes = _homes(files)
    assert homes["_t_Ping"] != homes["_t_Pong"]  # Ping → Pong → Ping
    assert homes["_t_Circle"] != homes["_t_Shape"]  # Shape → Circle → Shape
    tables = [t for p, t in files.items() if "/_checks_" in p and "_VARIANTS: " in t]
    if "cycles_tables" in str(out):
        # the dispatch table of Shape is written in each module that reads it
        assert len(tables) >= 2
    else:  # each module dispatching on Shape's tag calls Circle's check by name
        assert not tables
        calling = [
            p for p, t in files.items() if "/_checks_" in p and "_t_Circle(v" in t
        ]
        assert len(calling) >= 2


def test_split_checks_import_and_find_what_they_should(
    split: tuple[Path, dict[str, str]],
) -> None:
    out, _ = split
    sys.path.insert(0, str(out))
    try:
        validation: Any = importlib.import_module("cycles._validation")
    finally:
        sys.path.remove(str(out))
    ping = {"pong": {"ping": {"pong": {"shape": {"kind": "circle", "r": -1}}}}}
    assert [(f.path, f.rule) for f in validation.validate("Ping", ping)] == [
        (("pong", "ping", "pong", "shape", "r"), "minimum")
    ]
    drawing = {
        "main": {"kind": "circle", "inner": {"kind": "square", "side": "2"}},
        "expr": ["a", ["b", [3]]],
        "ping": {"n": 1.5},
    }
    found = [(f.path, f.rule) for f in validation.validate("Drawing", drawing)]
    assert sorted(found, key=str) == sorted(
        [
            (("main", "inner", "side"), "type"),
            (("expr", 1, 1, 0), "type"),
            (("ping", "n"), "type"),
        ],
        key=str,
    ), found
    assert validation.validate("Shape", {"kind": "hexagon"})[0].rule == "discriminator"


def test_split_checks_are_black_stable_and_type_check(
    split: tuple[Path, dict[str, str]],
) -> None:
    out, files = split
    mode = black.Mode(line_length=88)
    for path, text in files.items():
        assert black.format_str(text, mode=mode) == text, path
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "cycles"],
        capture_output=True,
        text=True,
        cwd=out,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_another_type_moves_no_check(tmp_path: Path) -> None:
    budget = 2_000  # a few checks a module: the two specs get the same count
    before = _emit(tmp_path, SPEC, budget)
    after = _emit(tmp_path, SPEC + UNRELATED, budget)
    assert _count(before) == _count(after) > 2
    homes = _homes(before)
    # each earlier check (and what was hoisted out of it) stays where it was; the new
    # types' checks go wherever their names hash
    assert {name: _homes(after)[name] for name in homes} == homes
    assert {"_t_Unrelated", "_t_Another"} <= set(_homes(after))


def _count(files: dict[str, str]) -> int:
    """The number of check modules, as their docstrings say (`(1 of 4)`)."""
    (count,) = {
        int(re.search(r"\(\d+ of (\d+)\)", text).group(1))  # type: ignore[union-attr]
        for path, text in files.items()
        if "/_checks_" in path
    }
    return count


def test_doubling_the_modules_splits_each_in_two() -> None:
    names = [f"Type{i}" for i in range(200)]
    for count in (1, 2, 4, 8):
        for name in names:
            assert placement(name, 2 * count) in (
                placement(name, count),
                placement(name, count) + count,
            )
    assert {placement(name, 8) for name in names} == set(range(8))


def test_the_count_is_the_fewest_modules_within_the_budget() -> None:
    parts = [TypeChecks(f"T{i}", ["x" * 100], []) for i in range(64)]
    assert module_count(parts, 10_000) == 1  # 6,400 characters: one module
    count = module_count(parts, 1_000)
    sizes = [0] * count
    for part in parts:
        sizes[placement(part.name, count)] += part.size
    assert max(sizes) <= 1_000
    half = [0] * (count // 2)
    for part in parts:
        half[placement(part.name, count // 2)] += part.size
    assert max(half) > 1_000
    # a check over the budget by itself gets a module, not an endless split
    assert module_count([TypeChecks("Big", ["x" * 5_000], [])], 1_000) == 1


def test_each_check_module_comes_as_a_part_of_its_own(tmp_path: Path) -> None:
    """Generation writes and byte-compiles each part while the next is laid out: the
    check modules come one a part, after the rest of the package, and together the parts
    are exactly `render`'s files."""
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "codegen.yaml").write_text(
        "package: cycles\nschema_base_url: https://schemas.example.com/cycles\n",
        encoding="utf-8",
    )
    api = build_api(tmp_path / "openapi.yaml", tmp_path / "codegen.yaml")
    parts = list(ValidatorEmitter(api, Renderer(), TINY).render_parts())
    checks = [p for p in parts if any("/_checks_" in path for path in p)]
    assert len(checks) >= 2 and all(len(p) == 1 for p in checks)
    assert (
        parts.index(checks[0]) == 2
    )  # the verbatim modules, then __init__ and constants
    merged = {path: text for part in parts for path, text in part.items()}
    assert sum(map(len, parts)) == len(merged)  # no file in two parts
    assert merged == ValidatorEmitter(api, Renderer(), TINY).render()
    assert merged == _emit(tmp_path, SPEC, TINY)
