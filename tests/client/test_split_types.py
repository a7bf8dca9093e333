"""The real spec's client with its request classes split into `types/_classes_<n>.py`
(as a larger spec gets them, type_modules.py): the SDK's module layout under `types/`
still imports and resolves, `types.__all__` is the committed one, and the package passes
`mypy --strict`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import generator.emit.client as client
from generator.config import GenerateConfig
from generator.emit.type_modules import TypeBudget
from generator.pipeline import generate

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "generated" / "python" / "realtime_calls" / "types" / "__init__.py"
SMALL = TypeBudget(one_module=0, per_module=20_000)  # the real spec's classes: split
# every module of `types/` imported; every generated TypedDict an `__all__` names
# resolved (the runtime's websocket options name a TYPE_CHECKING-only import: not ours)
RESOLVE = """
import importlib, pkgutil, typing
import realtime_calls.types as types
modules = [types] + [
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(types.__path__, "realtime_calls.types.")
]
resolved = 0
for module in modules:
    for name in getattr(module, "__all__", []):
        value = getattr(module, name)
        if typing.is_typeddict(value) and value.__module__ == types.__name__:
            typing.get_type_hints(value)
            resolved += 1
print(len(modules), resolved)
"""


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client package of the real spec, split, written out."""
    patch = pytest.MonkeyPatch()
    patch.setattr(client, "TypeBudget", lambda: SMALL)
    try:
        files = generate(GenerateConfig(artifacts=["client"]))
    finally:
        patch.undo()
    out = tmp_path_factory.mktemp("split") / "python"
    for path, text in files.items():
        if path.startswith("python/"):
            target = out / path.removeprefix("python/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return out


def _all(path: Path) -> list[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"no __all__ in {path}")


def test_the_sdk_layout_imports_and_resolves(split: Path) -> None:
    types = split / "realtime_calls" / "types"
    assert len(list(types.glob("_classes_*.py"))) >= 4
    assert _all(types / "__init__.py") == _all(COMMITTED)
    done = subprocess.run(
        [sys.executable, "-c", RESOLVE],
        cwd=split,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules, resolved = map(int, done.stdout.split())
    assert modules > 50 and resolved > 100, done.stdout


def test_the_split_package_passes_mypy_strict(split: Path) -> None:
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "realtime_calls",
        ],
        capture_output=True,
        text=True,
        cwd=split,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
