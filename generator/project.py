"""The project callspec works on: found from the current directory, never from the install.

A project is a directory whose `pyproject.toml` has a `[tool.callspec]` table, or that holds
a `callspec.toml` (the same keys at its top level), or, for projects laid out before either
existed, a `spec/codegen.yaml`. The search goes upward from the current directory the way
black and ruff find their configuration, and stops at the first directory that is a project
or the root of a repository (a `.git` entry).

    [tool.callspec]
    spec = "spec/openapi.yaml"      # the document generation starts from
    overlays = []                   # overlay documents applied to it, in order
    codegen = "spec/codegen.yaml"   # naming and packaging decisions
    out = "generated"               # where `generate` writes, `check` compares

Relative paths are relative to the directory that holds the configuration. Every key is
optional; an unknown key or a value of the wrong type is an error naming the file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SpecError

PYPROJECT = "pyproject.toml"
CALLSPEC_TOML = "callspec.toml"
LEGACY_MARKER = Path("spec") / "codegen.yaml"

DEFAULT_SPEC = Path("spec") / "openapi.yaml"
DEFAULT_CODEGEN = Path("spec") / "codegen.yaml"
DEFAULT_OUT = Path("generated")

_STRING_KEYS = ("spec", "codegen", "out")
_LIST_KEYS = ("overlays",)


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and output are. `config_file` is None for a legacy layout."""

    root: Path
    spec: Path
    overlays: tuple[Path, ...]
    codegen: Path | None
    out: Path
    config_file: Path | None

    def describe(self) -> str:
        where = self.config_file or self.root / LEGACY_MARKER
        return f"project {self.root} (configured by {where})"


def find_project(start: Path | None = None) -> Project | None:
    """The project containing `start` (default: the current directory), or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        project = _project_at(folder)
        if project is not None:
            return project
        if (folder / ".git").exists():
            return None  # a repository's root bounds the search, as black's does
    return None


def _project_at(folder: Path) -> Project | None:
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {})
        if isinstance(table, dict) and isinstance(table.get("callspec"), dict):
            return _from_table(folder, pyproject, table["callspec"], "tool.callspec")
    standalone = folder / CALLSPEC_TOML
    if standalone.is_file():
        return _from_table(folder, standalone, _read_toml(standalone), "")
    if (folder / LEGACY_MARKER).is_file():
        return Project(
            root=folder,
            spec=folder / DEFAULT_SPEC,
            overlays=(),
            codegen=folder / DEFAULT_CODEGEN,
            out=folder / DEFAULT_OUT,
            config_file=None,
        )
    return None


def _read_toml(path: Path) -> dict[str, object]:
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError([Problem(f"cannot parse: {exc}", file=str(path))]) from None
    except OSError as exc:
        raise SpecError(
            [Problem(f"cannot read: {exc.strerror or exc}", file=str(path))]
        ) from None


def _line_of(path: Path, key: str, table: str) -> int | None:
    """The line where `key` is set inside `table` (TOML parsers keep no positions)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    current = ""
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("[") and not line.startswith("[["):
            current = line.strip("[] ")
        elif current == table and line.split("=", 1)[0].strip().strip("\"'") == key:
            return number
    return None


def _from_table(root: Path, file: Path, table: dict[str, object], name: str) -> Project:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        prefix = f"[{name}] " if name else ""
        problems.append(
            Problem(
                f"{prefix}{message}",
                file=str(file),
                line=_line_of(file, key, name),
                pointer=f"/{key}",
            )
        )

    for key in table:
        if key not in _STRING_KEYS + _LIST_KEYS:
            known = ", ".join(sorted(_STRING_KEYS + _LIST_KEYS))
            problem(key, f"unknown key {key!r} (known: {known})")
    values: dict[str, Path] = {}
    for key in _STRING_KEYS:
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            problem(key, f"{key!r} must be a non-empty string (a path)")
            continue
        values[key] = root / value
    overlays: list[Path] = []
    raw_overlays = table.get("overlays", [])
    if not isinstance(raw_overlays, list) or not all(
        isinstance(item, str) and item for item in raw_overlays
    ):
        problem("overlays", "'overlays' must be a list of paths")
    else:
        overlays = [root / item for item in raw_overlays]
    if problems:
        raise SpecError(problems)
    codegen = values.get("codegen")
    if codegen is None and (root / DEFAULT_CODEGEN).is_file():
        codegen = root / DEFAULT_CODEGEN
    return Project(
        root=root,
        spec=values.get("spec", root / DEFAULT_SPEC),
        overlays=tuple(overlays),
        codegen=codegen,
        out=values.get("out", root / DEFAULT_OUT),
        config_file=file,
    )


def require_project(what: str) -> Project:
    """The current project, or a usage error saying how to name the inputs instead."""
    project = find_project()
    if project is None:
        raise SpecError(
            [
                Problem(
                    f"no callspec project found from {os.getcwd()} upward (a pyproject.toml "
                    f"with [tool.callspec], a callspec.toml or a spec/codegen.yaml); "
                    f"pass {what} explicitly",
                    file=os.getcwd(),
                )
            ]
        )
    return project
