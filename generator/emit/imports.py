"""Import blocks for generated modules that use verbatim runtime modules.

A generated module imports what its text uses, and nothing else: the standard-library and
third-party names from a fixed list of candidates, and each runtime name from the verbatim
module (a `.py` file copied next to it) that defines it. Laid out as black and isort would.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
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


def used_names(text: str, among: set[str]) -> set[str]:
    """Which of `among` a module's code reads (as names), or re-exports by listing them in
    its `__all__`. Only the statements whose text mentions a name still in question are
    walked; every statement is parsed (see `_parsed_chunks`)."""
    used: set[str] = set()
    for chunk, tree in _parsed_chunks(text):
        pending = set(_IDENTIFIER.findall(chunk)) & (among - used)
        if not pending:
            continue
        used.update(
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in pending
        )
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and ast.unparse(node.targets[0]) == "__all__"
            ):
                used |= {
                    e.value
                    for e in ast.walk(node.value)
                    if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)
                    and e.value in pending
                }
    return used


# an identifier that is not an attribute (`x.name` is never a name read)
_IDENTIFIER = re.compile(r"(?<![.\w])[A-Za-z_]\w*")
_CHUNK = 1 << 16  # characters: the parser needs ~50 bytes per character of its input
_TOP_LEVEL_START = re.compile(r"^(?:def |class |async def |@)", re.MULTILINE)


def _parsed_chunks(text: str) -> Iterator[tuple[str, ast.Module]]:
    """`text` parsed in runs of whole top-level statements, so that a 3 MB generated
    module costs a few MB of parser memory instead of ~150 MB. A cut is tried only before
    a `def`/`class`/decorator at column 0, and taken only if the text before it parses on
    its own: a cut inside a string or brackets, after a decorator or a backslash leaves
    that prefix unterminated, which is a syntax error (tokenising is prefix-determined),
    so a run that parses is exactly the statements the whole module has there. A run that
    does not parse grows to the next cut; at the end the whole remainder is parsed (its
    error, if any, is the module's own)."""
    cuts = [m.start() for m in _TOP_LEVEL_START.finditer(text)] + [len(text)]
    start = 0
    for cut in cuts:
        if cut - start < _CHUNK and cut != len(text):
            continue
        chunk = text[start:cut]
        try:
            tree = ast.parse(chunk)
        except SyntaxError:
            if cut == len(text):
                raise
            continue
        yield chunk, tree
        start = cut


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
    asked = {c.binds for group in candidates for c in group}
    for source in runtime:
        asked.update(defined_names(source))
    used = used_names(text, asked)
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
