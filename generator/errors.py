"""Errors raised for a user's bad input: each names the file, line and JSON pointer."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def render(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        pointer = f" at {_shown(self.pointer)}" if self.pointer is not None else ""
        return f"{where}: error{pointer}: {self.message}"


def _shown(pointer: str) -> str:
    """A JSON pointer as a problem's line shows it: bare, or JSON-quoted where a key holds
    whitespace or a control character (`/properties/a b: ...` would not say where the
    pointer ends, and a line break would split the problem over two lines)."""
    if any(c.isspace() or not c.isprintable() for c in pointer):
        return json.dumps(pointer, ensure_ascii=False)
    return pointer or "/"


class SpecError(Exception):
    """A spec that cannot be turned into the IR. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))
