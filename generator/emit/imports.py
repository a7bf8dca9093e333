"""Import blocks for generated modules that use verbatim runtime modules.

A generated module imports what its text uses, and nothing else: the standard-library and
third-party names from a fixed list of candidates, and each runtime name from the verbatim
module (a `.py` file copied next to it) that defines it. Laid out as black and isort would.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.emit.pysource import WIDTH, display_width


@dataclass(frozen=True)
class Candidate:
    """`import module` (name None) or `from module import name [as alias]`."""

    module: str
    name: str | None = None
    alias: str | None = None

    @property
    def binds(self) -> str:
        return self.alias or self.name or self.module.split(".")[0]


def used_names(text: str) -> set[str]:
    """The names a module's code reads, plus the strings of its `__all__` (re-exports)."""
    tree = ast.parse(text)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            used |= {
                e.value
                for e in ast.walk(node.value)
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    return used


@cache
def defined_names(source: Path) -> tuple[str, ...]:
    """The names a verbatim module defines at top level."""
    names: list[str] = []
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return tuple(names)


def import_block(
    text: str, candidates: list[list[Candidate]], runtime: list[Path]
) -> str:
    """`from __future__ ...`, then each group of candidates the text uses (a blank line
    between groups), then the names it uses from each runtime module (`from .<stem> import`).
    """
    used = used_names(text)
    groups: list[list[str]] = []
    for group in candidates:
        lines: list[str] = []
        merged: dict[str, list[str]] = {}
        for c in group:
            if c.binds not in used:
                continue
            if c.name is None:
                lines.append(f"import {c.module}")
            elif c.alias is not None:
                lines.append(f"from {c.module} import {c.name} as {c.alias}")
            else:
                if c.module not in merged:
                    merged[c.module] = []
                    lines.append(c.module)  # placeholder, filled below
                merged[c.module].append(c.name)
        groups.append([_from(m, merged[m]) if m in merged else m for m in lines])
    taken: set[str] = set()
    local: list[str] = []
    for source in runtime:
        names = defined_names(source)
        wanted = sorted((n for n in names if n in used and n not in taken), key=_isort)
        taken.update(wanted)
        if wanted:
            local.append(_from(f".{source.stem}", wanted))
    groups.append(local)
    blocks = ["from __future__ import annotations"]
    blocks += ["\n".join(g) for g in groups if g]
    return "\n\n".join(blocks)


def _isort(name: str) -> tuple[int, str]:
    """isort's order inside one import: CONSTANTS, Classes, functions."""
    bare = name.lstrip("_")
    kind = 0 if bare.isupper() else 1 if bare[:1].isupper() else 2
    return kind, name


def _from(module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if display_width(line) <= WIDTH:
        return line
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])
