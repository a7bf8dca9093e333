"""Hostile and half-edited specs: the generator builds them or names file, line and pointer.

Never another exception type, never a traceback from the CLI; recursive types generate a
client that imports and type-checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_callspec

from generator.errors import SpecError
from generator.ir.build import build_api
from tests.reliability import spec_fuzz
from tests.reliability.budget import pick

ROOT = spec_fuzz.ROOT
SPEC_TEXT = spec_fuzz.SPEC.read_text(encoding="utf-8")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _data() -> dict[str, Any]:
    return spec_fuzz.base_data()


def _write(
    tmp_path: Path, content: str | bytes | dict[str, Any], name: str = "openapi.yaml"
) -> Path:
    spec = tmp_path / name
    if isinstance(content, dict):
        if name.endswith(".json"):
            content = json.dumps(content)
        else:
            content = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    spec.write_bytes(content)
    return spec


def _outcome(spec: Path) -> str:
    outcome, why = spec_fuzz.attempt(spec)
    assert outcome != "crash", why
    return outcome


def _problems(spec: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        build_api(spec)
    for problem in caught.value.problems:
        assert spec_fuzz.check_problem(problem) is None, spec_fuzz.check_problem(
            problem
        )
    return [p.render() for p in caught.value.problems]


# -- random mutants ----------------------------------------------------------------------


def test_random_mutants_build_or_fail_cleanly() -> None:
    budget = pick(120, 3000)
    deadline = time.monotonic() + pick(25, 1800)
    stats = spec_fuzz.run(
        budget, seed=int(os.environ.get("CALLSPEC_FUZZ_SEED", "0")), deadline=deadline
    )
    assert not stats.crashes, "\n\n".join(stats.crashes[:5])
    assert stats.tried >= min(budget, 40)
    assert stats.built and stats.rejected  # the mutations reach both outcomes


def test_rendered_mutants() -> None:
    """Mutants that build must also render through every emitter."""
    stats = spec_fuzz.run(pick(12, 200), seed=7, render=pick(1, 25))
    assert not stats.crashes, "\n\n".join(stats.crashes[:5])
    assert stats.rendered >= 1


# -- targeted hostile specs --------------------------------------------------------------


def _with_schemas(**schemas: Any) -> dict[str, Any]:
    data = _data()
    data["components"]["schemas"].update(schemas)
    return data


DANGLING = {
    "missing component": "#/components/schemas/NoSuchType",
    "missing pointer": "#/paths/nope/get",
    "missing file": "other.yaml#/Thing",
    "a url (never fetched)": "https://example.invalid/spec.yaml#/A",
    "a directory": "./#/A",
    "a NUL byte": "a\x00b.yaml#/A",
    "a long name": "a" * 5000 + ".yaml#/A",
    "bad escape": "#/components/schemas/~2",
}


@pytest.mark.parametrize("ref", DANGLING.values(), ids=DANGLING.keys())
def test_dangling_refs(tmp_path: Path, ref: str) -> None:
    data = _with_schemas(Broken={"type": "object", "properties": {"x": {"$ref": ref}}})
    problems = _problems(_write(tmp_path, data))
    assert any(
        "/components/schemas/Broken/properties/x/$ref" in p for p in problems
    ), problems


def test_ref_to_a_broken_file_names_both(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("a: [unclosed\n")
    data = _with_schemas(Broken={"$ref": "other.yaml#/a"})
    [problem] = _problems(_write(tmp_path, data))
    assert "/components/schemas/Broken/$ref" in problem and "other.yaml:2:" in problem


@pytest.mark.parametrize(
    "schemas, expected",
    [
        ({"LoopA": _ref("LoopB"), "LoopB": _ref("LoopA")}, "rejected"),
        ({"Itself": _ref("Itself")}, "rejected"),
        ({"AnySelf": {"anyOf": [_ref("AnySelf"), {"type": "string"}]}}, "rejected"),
        (
            {"Deep": {"allOf": [_ref("Deeper")]}, "Deeper": {"allOf": [_ref("Deep")]}},
            "rejected",
        ),
        ({"AllSelf": {"allOf": [_ref("AllSelf"), {"type": "object"}]}}, "built"),
        (
            {
                "List": {
                    "anyOf": [
                        {"type": "array", "items": _ref("List")},
                        {"type": "null"},
                    ]
                }
            },
            "built",
        ),
    ],
    ids=[
        "alias-cycle",
        "self-alias",
        "anyOf-self",
        "allOf-cycle",
        "allOf-self",
        "list-self",
    ],
)
def test_cyclic_component_refs(
    tmp_path: Path, schemas: dict[str, Any], expected: str
) -> None:
    """A type that is only itself (through $ref, unions, nullability) has no structure and is
    refused with its cycle named; recursion through an object, array or map is generated.
    """
    assert _outcome(_write(tmp_path, _with_schemas(**schemas))) == expected


def test_cyclic_refs_outside_components(tmp_path: Path) -> None:
    data = _with_schemas(Entry={"$ref": "#/x-defs/a"})
    data["x-defs"] = {
        "a": {"$ref": "#/x-defs/b"},
        "b": {"type": "array", "items": {"$ref": "#/x-defs/a"}},
    }
    problems = _problems(_write(tmp_path, data))
    assert any("cycle" in p and "/x-defs/" in p for p in problems), problems


def test_huge_enum_is_fast(tmp_path: Path) -> None:
    values = [f"value-{i}" for i in range(20_000)] + ["value-1", None]
    spec = _write(
        tmp_path,
        _with_schemas(Voice={"type": "string", "enum": values}),
        "openapi.json",
    )
    started = time.perf_counter()
    api = build_api(spec)
    assert time.perf_counter() - started < 5, "enum handling must stay near-linear"
    voice = api.types["Voice"].type
    assert len(voice.inner.values) == 20_000  # type: ignore[union-attr]


@pytest.mark.parametrize("depth", [60, 70, 150, 10_000])
def test_deep_schemas(tmp_path: Path, depth: int) -> None:
    deep = '{"type": "array", "items": ' * depth + '{"type": "string"}' + "}" * depth
    text = json.dumps(_data()).replace(
        '"schemas": {', '"schemas": {"Deep": ' + deep + ", ", 1
    )
    outcome = _outcome(_write(tmp_path, text, "openapi.json"))
    assert outcome == ("built" if depth <= 60 else "rejected")


def test_deep_yaml_value(tmp_path: Path) -> None:
    text = SPEC_TEXT + "x-deep: " + "[" * 10_000 + "]" * 10_000 + "\n"
    spec = _write(tmp_path, text)
    [problem] = _problems(spec)
    # located on the x-deep line, whichever layer (ours or the YAML parser's) stops it first
    deep_line = SPEC_TEXT.count("\n") + 1
    assert problem.startswith(f"{spec}:{deep_line}:"), problem


ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefghi", "bcdefghij")
)

SYNTAX = {
    "unclosed flow": SPEC_TEXT.replace("paths:\n", "paths:\n  - [unclosed\n", 1),
    "tab indent": SPEC_TEXT.replace("\n  /realtime", "\n\t/realtime", 1),
    "bad indent": SPEC_TEXT.replace(
        "\ninfo:\n  title", "\ninfo:\n    title", 1
    ).replace("\n  version:", "\n version:", 1),
    "unknown tag": SPEC_TEXT.replace("openapi: 3.1.0", "openapi: !!nope 3.1.0", 1),
    "python tag": "!!python/object/apply:os.system ['echo pwned > /tmp/callspec-pwned']\n",
    "python name": "openapi: !!python/name:os.system\n",
    "undefined alias": SPEC_TEXT + "x-a: *nowhere\n",
    "control char": SPEC_TEXT.replace("title: OpenAI", "title: \x01OpenAI", 1),
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + ALIAS_BOMB
    + "openapi: 3.1.0\n",
    "recursive alias": "openapi: 3.1.0\nx-loop: &loop [*loop]\n",
    "recursive mapping": "openapi: 3.1.0\nx-loop: &loop {a: *loop}\n",
    "half a file": SPEC_TEXT[: len(SPEC_TEXT) // 2 + 7],
}


@pytest.mark.parametrize("text", SYNTAX.values(), ids=SYNTAX.keys())
def test_yaml_trouble(tmp_path: Path, text: str) -> None:
    spec = _write(tmp_path, text)
    _outcome(spec)
    assert not Path("/tmp/callspec-pwned").exists()


NOT_MAPPINGS = {
    "empty": b"",
    "null": b"null\n",
    "list": b"- openapi\n",
    "scalar": b"3.1.0\n",
    "not utf-8": b"openapi: 3.1.0\ninfo: {title: \xe9t\xe9}\n",
    "utf-16": SPEC_TEXT.encode("utf-16"),
    "nul bytes": b"\x00" * 64,
    "json list": b"[1, 2]",
}


@pytest.mark.parametrize("raw", NOT_MAPPINGS.values(), ids=NOT_MAPPINGS.keys())
def test_not_a_spec(tmp_path: Path, raw: bytes) -> None:
    _problems(_write(tmp_path, raw))


def test_bom_is_accepted(tmp_path: Path) -> None:
    assert _outcome(_write(tmp_path, b"\xef\xbb\xbf" + SPEC_TEXT.encode())) == "built"


@pytest.mark.parametrize(
    "key", ["components", "paths", "info", "servers", "x-callspec-rules"]
)
@pytest.mark.parametrize("junk", [None, 1, "text", [1, 2], {"a": [1]}, True])
def test_top_level_nodes_of_the_wrong_kind(tmp_path: Path, key: str, junk: Any) -> None:
    data = _data()
    data[key] = junk
    _outcome(_write(tmp_path, data))


def test_non_string_keys_and_odd_names(tmp_path: Path) -> None:
    data = _with_schemas(
        **{
            "a/b~c": {"type": "string"},
            "ünïcode": {
                "type": "object",
                "properties": {"class": {"type": "string"}, "": {}},
            },
            "Odd": {
                "type": "object",
                "properties": {"a b": {"type": "string"}},
                "required": [1],
            },
        }
    )
    data["components"]["schemas"][1] = {"type": "string"}
    problems = _problems(_write(tmp_path, data))
    assert any(
        "/components/schemas/1" in p and "must be a string" in p for p in problems
    )


# -- recursive types: supported, generated, importable, type-checked ------------------------


def _recursive_spec(directory: Path) -> Path:
    data = _with_schemas(
        TreeNode={
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": _ref("TreeNode")},
                "parent": {"anyOf": [_ref("TreeNode"), {"type": "null"}]},
                "index": {"type": "object", "additionalProperties": _ref("TreeNode")},
            },
            "required": ["label"],
        },
        Ping={"type": "object", "properties": {"pong": _ref("Pong")}},
        Pong={"type": "object", "properties": {"ping": _ref("Ping")}},
        Expr={"anyOf": [{"type": "string"}, {"type": "array", "items": _ref("Expr")}]},
    )
    request = data["components"]["schemas"]["RealtimeCallReferRequest"]["properties"]
    request.update(tree=_ref("TreeNode"), ping=_ref("Ping"), expr=_ref("Expr"))
    shutil.copy(ROOT / "spec" / "codegen.yaml", directory / "codegen.yaml")
    return _write(directory, data)


CHECK_RECURSIVE = """
import realtime_calls
from realtime_calls import types

tree: types.TreeNode = {"label": "root", "children": [{"label": "leaf", "parent": None}]}
ping: types.Ping = {"pong": {"ping": {"pong": {}}}}
expr: types.Expr = ["a", ["b", ["c"]]]
print(types.TreeNode.__name__, realtime_calls.__name__)
"""


def test_recursive_types_generate_import_and_type_check(tmp_path: Path) -> None:
    spec = _recursive_spec(tmp_path)
    out = tmp_path / "out"
    result = run_callspec(
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    package = out / "python"
    (package / "check_recursive.py").write_text(CHECK_RECURSIVE)
    env = {**os.environ, "PYTHONPATH": str(package)}
    run = subprocess.run(
        [sys.executable, str(package / "check_recursive.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=package,
    )
    assert run.returncode == 0 and "TreeNode" in run.stdout, run.stderr
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "realtime_calls",
            "check_recursive.py",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=package,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


# -- the CLI: exit 2, located message, no traceback, nothing written ------------------------

CLI_CASES = {
    "dangling ref": yaml.safe_dump(
        _with_schemas(Bad={"$ref": "#/components/schemas/Gone"})
    ),
    "syntax error": SYNTAX["unclosed flow"],
    "alias bomb": SYNTAX["alias bomb"],
    "deep": SPEC_TEXT + "x-deep: " + "[" * 5000 + "]" * 5000 + "\n",
    "not a mapping": "- 1\n",
    "wrong kinds": yaml.safe_dump({**_data(), "paths": [1], "components": "x"}),
}


@pytest.mark.parametrize("text", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_cli_reports_cleanly(tmp_path: Path, text: str) -> None:
    spec = _write(tmp_path, text)
    out = tmp_path / "out"
    result = run_callspec(
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(str(spec) + ":") and ": error" in first, first
    assert not out.exists() and not list(tmp_path.glob(".out.*"))
