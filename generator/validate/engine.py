"""Find and load the generated validator without importing the client package.

`<package>/__init__.py` imports the HTTP client (httpx2 ...); the validator package
(`_validation/`) needs only the standard library, so it is loaded on its own from its
directory. Where from, in order: the project found from the current directory (its
generated tree), the installed or path-configured client package the built-in validator
names, and last the built-in validator itself: the copy built into callspec's wheel
(`generator/_builtin/`, setup.py), or in a checkout the tree it is built from, so an
installed callspec validates its API's configs anywhere.

Which schema a file gets when it names none comes from the loaded validator's own
`_selection.py` (generated from the codegen config: default schema, file-name table), so
this module never reads the codegen config or the IR.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

MODULE = "_validation"
SELECTION = "_selection"
_HERE = Path(__file__).resolve().parent.parent
_loaded: ModuleType | None = None


class Selection:
    """What selects a file's schema when neither `--schema` nor `$schema` does."""

    __slots__ = ("default", "files")

    def __init__(self, default: str, files: dict[str, str]) -> None:
        self.default = default  # '' when the API has no request body to default to
        self.files = files  # file-name stem → schema (generator/file_patterns.py)


def builtin() -> Path | None:
    """The validator callspec carries: in its wheel, else in the checkout it runs from."""
    wheel = _HERE / "_builtin" / MODULE
    if wheel.is_dir():
        return wheel
    built = sorted((_HERE.parent / "generated" / "python").glob(f"*/{MODULE}/"))
    return built[0] if len(built) == 1 else None


def _exec(path: Path, name: str) -> ModuleType | None:
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def candidates() -> list[Path]:
    found: list[Path] = []
    from generator.errors import SpecError
    from generator.project import find_project

    try:
        project = find_project()
    except (
        SpecError
    ):  # a broken project config is reported by the commands that need it
        project = None
    if project is not None:
        found += sorted((project.out / "python").glob(f"*/{MODULE}/"))
    own = builtin()
    table = None if own is None else _exec(own / f"{SELECTION}.py", "_callspec_table")
    package = getattr(table, "PACKAGE", None)
    try:
        spec = importlib.util.find_spec(package) if isinstance(package, str) else None
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        found += [Path(p) / MODULE for p in spec.submodule_search_locations]
    if own is not None:
        found.append(own)
    return found


def load() -> ModuleType:
    """The generated validator module (cached)."""
    global _loaded
    if _loaded is not None:
        return _loaded
    for path in candidates():
        if (path / "__init__.py").is_file():
            spec = importlib.util.spec_from_file_location(
                "_callspec_generated_validation",
                path / "__init__.py",
                submodule_search_locations=[str(path)],
            )
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            _loaded = module
            return module
    raise RuntimeError(
        f"the generated validator (<package>/{MODULE}) was not found; run `callspec generate`"
    )


def selection(validator: Any) -> Selection:
    """The loaded validator's schema selection (`_selection.py`); a validator generated
    before the table existed defaults to its first request body and matches no file name.
    """
    folder = Path(getattr(validator, "__file__", "") or ".").parent
    table = _exec(folder / f"{SELECTION}.py", f"{validator.__name__}.{SELECTION}")
    if table is None:
        requests = tuple(getattr(validator, "REQUESTS", ()))
        return Selection(requests[0] if requests else "", {})
    return Selection(str(table.DEFAULT_SCHEMA), dict(table.FILE_SCHEMAS))
