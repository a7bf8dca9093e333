"""The client's request types split into `types/_classes_<n>.py` modules when large: the
public surface is the one module's (every name importable from `<package>.types`, the
same `__all__`, annotations that resolve at run time and for mypy), and a class's module
depends on its name only."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Union

import black
import pytest

from generator.emit.client import ClientEmitter
from generator.emit.render import Renderer
from generator.emit.type_modules import TypeBudget
from generator.emit.validator import ValidatorEmitter
from generator.ir.build import build_api

PACKAGE = "splittypes"  # a name no other test imports: modules stay cached
SPEC = """openapi: 3.1.0
info: {title: Split, version: "1.0"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      description: A pet, with a docstring.
      required: [name]
      properties:
        name: {type: string, description: The name.}
        kind: {const: Owner}
        owner: {$ref: "#/components/schemas/Owner"}
        shape: {$ref: "#/components/schemas/Shape"}
        tags: {type: array, items: {type: string}}
        collar: {type: object, properties: {colour: {type: string}}}
    Owner:
      type: object
      properties:
        pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        best: {$ref: "#/components/schemas/Pet"}
        address: {$ref: "#/components/schemas/Address"}
    Address:
      type: object
      properties:
        line-1: {type: string}
        town: {$ref: "#/components/schemas/Town"}
    Town: {type: string, enum: [north, south]}
    Shape:
      oneOf:
        - {$ref: "#/components/schemas/Circle"}
        - {$ref: "#/components/schemas/Square"}
      discriminator: {propertyName: kind}
    Circle:
      type: object
      properties:
        kind: {const: circle}
        r: {type: number}
        inside: {$ref: "#/components/schemas/Shape"}
      required: [kind]
    Square:
      type: object
      properties: {kind: {const: square}, side: {type: number}}
      required: [kind]
    Labels: {type: array, items: {type: string}}
"""
MORE = """    Unrelated:
      type: object
      properties: {name: {type: string}, shape: {$ref: "#/components/schemas/Shape"}}
    Another: {type: object, properties: {n: {type: integer}}}
"""
SPLIT = TypeBudget(one_module=0, per_module=200)  # a class or two a module
USE = f"""from {PACKAGE}.types import Address, Owner, Pet

pet: Pet = {{"name": "Rex", "owner": {{"best": {{"name": "Fido"}}}}, "tags": ["a"]}}
owner: Owner = {{"address": {{"town": "north"}}, "pets": [pet]}}
address: Address = {{"town": "east"}}
"""
WRONG_LINE = 5  # mypy must find the one wrong value: the types are not Any


def _emit(folder: Path, spec: str, budget: TypeBudget = TypeBudget()) -> dict[str, str]:
    (folder / "openapi.yaml").write_text(spec, encoding="utf-8")
    (folder / "codegen.yaml").write_text(
        f"package: {PACKAGE}\nschema_base_url: https://schemas.example.com/split\n",
        encoding="utf-8",
    )
    api = build_api(folder / "openapi.yaml", folder / "codegen.yaml")
    # the validator too: the client package imports it
    validator = ValidatorEmitter(api, Renderer()).render()
    return ClientEmitter(api, Renderer(), budget).render() | validator


def _types(files: dict[str, str]) -> dict[str, str]:
    """The modules of `types/` that hold its types, by file name (not the verbatim
    runtime modules there)."""
    prefix = f"{PACKAGE}/types/"
    return {
        p[len(prefix) :]: t
        for p, t in files.items()
        if p.startswith((f"{prefix}__init__.py", f"{prefix}_classes_"))
    }


def _homes(files: dict[str, str]) -> dict[str, str]:
    """Each class of the class modules → its module's file name."""
    homes = {}
    for name, text in _types(files).items():
        if name.startswith("_classes_"):
            for node in ast.parse(text).body:
                if isinstance(node, ast.ClassDef):
                    homes[node.name] = name
                elif isinstance(node, ast.Assign):  # `X = TypedDict("X", {...})`
                    homes[ast.unparse(node.targets[0])] = name
    return homes


def _all(text: str) -> list[str]:
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            return list(ast.literal_eval(node.value))
    raise AssertionError("no __all__")


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The client package of SPEC with its classes in several modules, written out."""
    folder = tmp_path_factory.mktemp("split")
    files = _emit(folder, SPEC, SPLIT)
    for path, text in files.items():
        (folder / "out" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / path).write_text(text, encoding="utf-8")
    return folder / "out", files


def test_the_classes_are_split_and_the_surface_is_the_one_modules(
    split: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    _, files = split
    one = _types(_emit(tmp_path, SPEC))
    assert list(one) == ["__init__.py"]  # under the default budget: one module
    modules = _types(files)
    assert len(set(_homes(files).values())) >= 3
    assert _all(modules["__init__.py"]) == _all(one["__init__.py"])
    # the aliases stay in `__init__.py`; the classes left it
    init = ast.parse(modules["__init__.py"]).body
    assert not any(isinstance(node, ast.ClassDef) for node in init)
    assert "Shape: TypeAlias = Union[Circle, Square]" in modules["__init__.py"]
    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311})
    for name, text in modules.items():
        assert black.format_str(text, mode=mode) == text, name


def test_every_name_imports_and_every_annotation_resolves(
    split: tuple[Path, dict[str, str]],
) -> None:
    out, files = split
    sys.path.insert(0, str(out))
    try:
        types: Any = importlib.import_module(f"{PACKAGE}.types")
    finally:
        sys.path.remove(str(out))
    names = _all(_types(files)["__init__.py"])
    classes = [getattr(types, name) for name in names]
    typed_dicts = [c for c in classes if typing.is_typeddict(c)]
    assert {c.__name__ for c in typed_dicts} >= {"Pet", "Owner", "Address", "Circle"}
    for cls in typed_dicts:
        assert cls.__module__ == f"{PACKAGE}.types"  # as when they were defined there
        typing.get_type_hints(cls)  # raises on a name its module lacks
    # across modules, and through the aliases defined after the classes
    pet = typing.get_type_hints(types.Pet)
    assert pet["owner"] is types.Owner
    assert pet["shape"] == Union[types.Circle, types.Square]
    assert typing.get_type_hints(types.Owner)["best"] is types.Pet
    address = typing.get_type_hints(types.Address)
    assert address["town"] == typing.Literal["north", "south"]
    assert typing.get_type_hints(types.Circle)["inside"] == types.Shape
    # the names exist in each class's own module too: pydantic on 3.12+ and
    # `get_type_hints` on 3.14 evaluate a TypedDict's annotations there
    for module in {sys.modules[c.__module__] for c in typed_dicts} | {
        importlib.import_module(f"{PACKAGE}.types.{name[:-3]}")
        for name in _types(files)
        if name.startswith("_classes_")
    }:
        assert {"Pet", "Shape", "Town"} <= set(vars(module))


def test_the_split_package_type_checks(split: tuple[Path, dict[str, str]]) -> None:
    out, _ = split
    (out / "use_types.py").write_text(USE, encoding="utf-8")
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            f"{PACKAGE}/types",
            "use_types.py",
        ],
        capture_output=True,
        text=True,
        cwd=out,
    )
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[:2] for line in errors] == [
        ["use_types.py", str(WRONG_LINE)]
    ], (mypy.stdout + mypy.stderr)


def test_another_type_moves_no_class(tmp_path: Path) -> None:
    budget = TypeBudget(one_module=0, per_module=300)  # the two specs: the same count
    first = _emit(tmp_path, SPEC, budget)
    second = _emit(tmp_path, SPEC + MORE, budget)
    assert _count(first) == _count(second) > 2
    before, after = _homes(first), _homes(second)
    assert {name: after[name] for name in before} == before
    assert {"Unrelated", "Another"} <= set(after)


def _count(files: dict[str, str]) -> int:
    """The number of class modules, as their docstrings say (`(1 of 4)`)."""
    (count,) = {
        int(re.search(r"\(\d+ of (\d+)\)", text).group(1))  # type: ignore[union-attr]
        for name, text in _types(files).items()
        if name.startswith("_classes_")
    }
    return count
