"""Find and load the generated validator without importing the client package.

`realtime_calls/__init__.py` imports the HTTP client (httpx2 ...); the validator package
(`_validation/`) needs only the standard library, so it is loaded on its own from its
directory. Where from, in
order: the project found from the current directory (its generated tree), the installed or
path-configured `realtime_calls` package, and last the copy built into callspec's wheel
(`generator/_builtin/`), so an installed callspec validates calls configs anywhere.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PACKAGE = "realtime_calls"
MODULE = "_validation"
_loaded: ModuleType | None = None


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
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        found += [Path(p) / MODULE for p in spec.submodule_search_locations]
    found.append(Path(__file__).resolve().parent.parent / "_builtin" / MODULE)
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
        f"the generated validator ({PACKAGE}/{MODULE}) was not found; run `callspec generate`"
    )
