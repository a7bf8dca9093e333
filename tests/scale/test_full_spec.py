"""The whole upstream OpenAI document: every operation and schema generated, names derived
from context (never numbered), the package importable and `mypy --strict` clean; and a
`--paths` slice keeping its operations and the transitive closure of their types."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.ir import nodes as ir
from generator.ir.build import build_api
from generator.ir.walk import closure
from generator.ir.names import python_class_name

from .conftest import REPO, UPSTREAM

OPERATIONS, SCHEMAS = 242, 959


@pytest.fixture(scope="module")
def full(upstream: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """`make check-upstream` once: generate the full document, then mypy --strict."""
    out = tmp_path_factory.mktemp("upstream")
    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed-stamp", "check-upstream"],
        cwd=REPO,
        env={**_env(), "UPSTREAM_OUT": str(out), "UPSTREAM_SPEC": str(upstream)},
        capture_output=True,
        text=True,
        check=False,
    )
    return {"out": out, "run": done}


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_summary_line_counts_everything(full: dict[str, object]) -> None:
    run = full["run"]
    assert isinstance(run, subprocess.CompletedProcess)
    summary = [line for line in run.stdout.splitlines() if "files written" in line]
    assert summary, run.stdout + run.stderr
    assert re.match(
        rf"^{OPERATIONS} operations, {SCHEMAS} schemas, \d+ files written", summary[0]
    )
    # what the run tolerated is explained; no operation is skipped
    assert "skipped" not in run.stderr and "cannot generate" not in run.stderr


def test_mypy_strict_passes(full: dict[str, object]) -> None:
    run = full["run"]
    assert isinstance(run, subprocess.CompletedProcess)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "Success: no issues found" in run.stdout


def test_nothing_dropped(full: dict[str, object]) -> None:
    out = full["out"]
    assert isinstance(out, Path)
    document = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    operations = [
        (method, path) for path, item in document["paths"].items() for method in item
    ]
    assert len(operations) == OPERATIONS
    assert len(document["components"]["schemas"]) == SCHEMAS
    index = json.loads((out / "schemas" / "index.json").read_text(encoding="utf-8"))
    assert len(index["types"]) == SCHEMAS


def test_no_numbered_names(full: dict[str, object], upstream: Path) -> None:
    out = full["out"]
    assert isinstance(out, Path)
    types = out / "python" / "realtime_calls" / "types"
    # the classes are split into `_classes_<n>.py` modules here (type_modules.py)
    modules = [types / "__init__.py", *sorted(types.glob("_classes_*.py"))]
    assert len(modules) > 2
    text = "\n".join(module.read_text(encoding="utf-8") for module in modules)
    defined = re.findall(
        r"^(?:class (\w+)\(|(\w+) = TypedDict\(|(\w+): TypeAlias = )", text, re.M
    )
    names = ["".join(groups) for groups in defined]
    assert len(names) == len(set(names)), "a type name is defined twice"
    spec = yaml.load(upstream.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    from_spec = {python_class_name(n) for n in spec["components"]["schemas"]}
    assert from_spec <= set(names)
    hoisted = sorted(set(names) - from_spec)
    assert len(hoisted) > 300  # inline objects got TypedDicts of their own
    numbered = [n for n in hoisted if re.search(r"\d$", n)]
    assert numbered == []


def test_package_imports_with_spec_layout(full: dict[str, object]) -> None:
    out = full["out"]
    assert isinstance(out, Path)
    code = (
        "import realtime_calls as p, realtime_calls.types\n"
        "c = p.OpenAI(api_key='k')\n"
        "for name in ('realtime.calls.accept', 'realtime.calls.create',"
        " 'chat.completions.create', 'threads.messages.list',"
        " 'vector_stores.file_batches.files.list', 'organization_.projects.users.list',"
        " 'uploads.parts.create', 'files.content.retrieve'):\n"
        "    target = c\n"
        "    for part in name.split('.'):\n"
        "        target = getattr(target, part)\n"
        "    assert callable(target), name\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out / "python",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr


ANNOTATIONS = """
import typing, realtime_calls.types as types
classes = [getattr(types, name) for name in types.__all__]
typed_dicts = [c for c in classes if typing.is_typeddict(c)]
for cls in typed_dicts:
    typing.get_type_hints(cls)
    assert cls.__module__ == "realtime_calls.types", cls
print(len(typed_dicts))
"""


def test_every_annotation_resolves(full: dict[str, object]) -> None:
    """`get_type_hints` (pydantic, users) on every request class, split into modules."""
    out = full["out"]
    assert isinstance(out, Path)
    done = subprocess.run(
        [sys.executable, "-c", ANNOTATIONS],
        cwd=out / "python",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 1000


def _inline_names(upstream: Path) -> list[str]:
    api = build_api(upstream)
    found: list[str] = []
    stack: list[ir.TypeNode] = [t.type for t in reversed(api.types.values())]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Object):
            if node.name:
                found.append(node.name)
            stack.extend(p.type for p in reversed(node.properties))
        elif isinstance(node, ir.Union):
            stack.extend(reversed(node.members))
        elif isinstance(node, ir.Array):
            stack.append(node.items)
        elif isinstance(node, ir.Map):
            stack.append(node.values)
        elif isinstance(node, ir.Nullable):
            stack.append(node.inner)
    return found


def test_inline_objects_named_by_context(upstream: Path) -> None:
    names = _inline_names(upstream)
    assert len(names) == len(set(names)) > 300
    # owner + property; array items; a union member by its distinguishing constant
    assert "CreateChatCompletionRequestAudio" in names
    assert "CreateChatCompletionResponseChoicesItem" in names
    assert "RunStreamEventThreadRunCreated" in names
    assert [n for n in names if re.search(r"\d$", n)] == []
    assert names == _inline_names(upstream), "names must not depend on the run"


def test_slice_keeps_operations_and_type_closure(upstream: Path) -> None:
    api = build_api(upstream, None, ("/realtime/calls*",))
    assert sorted(".".join(op.resource + (op.method,)) for op in api.operations) == [
        "realtime.calls.accept",
        "realtime.calls.create",
        "realtime.calls.hangup",
        "realtime.calls.refer",
        "realtime.calls.reject",
    ]
    subset = UPSTREAM.parent / "realtime-calls-subset.yaml"
    expected = yaml.load(subset.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    rest = closure(api.types, list(api.operations))
    assert set(rest) == set(expected["components"]["schemas"])
    assert len(rest) == 26
    # webhooks and realtime events are not paths: the slice keeps them and their closure
    events = (ir.SERVER_EVENT_UNION, ir.CLIENT_EVENT_UNION)
    received = closure(api.types, [], (*(w.payload for w in api.webhooks), *events))
    assert api.webhooks and set(events) <= set(received)
    assert set(api.types) == set(rest) | set(received)
    kept = {f"/components/schemas/{name}/" for name in api.types}
    assert all(any(at in w for at in kept) for w in api.warnings)  # none outside it


def test_client_is_black_stable_without_black(full: dict[str, object]) -> None:
    """The client emitter lays long annotations out as black would, so generation does
    not run black over it; black itself must agree."""
    out = full["out"]
    assert isinstance(out, Path)
    package = out / "python" / "realtime_calls"
    targets = [package / "types", package / "_client.py", package / "resources"]
    done = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", *map(str, targets)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
