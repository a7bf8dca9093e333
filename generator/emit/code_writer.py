"""A code writer that owns indentation (kiota's `LanguageWriter`): emitters say what to
write, line by line and block by block, and the writer says where each line starts and how
an over-long line breaks as black breaks it (via `emit/pysource.py`). No emitter or template
counts columns or spells an indentation of its own.

    w = CodeWriter(level=2)
    with w.block(f"if not {name}:"):
        w.statement(f"raise ValueError({message})")
    w.call("self._client._validate_request", [q(name), "body"])
    w.text()
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, Sequence

from generator.emit.pysource import (
    fits,
    layout,
    layout_annotation,
    layout_optional,
    parse_annotation,
)

UNIT = "    "


class CodeWriter:
    def __init__(self, level: int = 0) -> None:
        self.level = level
        self._lines: list[str] = []

    @property
    def indent(self) -> str:
        return UNIT * self.level

    def line(self, text: str = "") -> CodeWriter:
        """One line as given (a blank line carries no indentation)."""
        self._lines.append(self.indent + text if text else "")
        return self

    def statement(self, code: str) -> CodeWriter:
        """One logical line, split as black splits it when it is too long."""
        self._lines.extend(layout(self.indent + code).split("\n"))
        return self

    def annotated(self, head: str, annotation: str, tail: str = "") -> CodeWriter:
        """`head` + a type annotation + `tail` (`name: Dict[str, X],`), the annotation
        split at its brackets as black splits it."""
        self._lines.extend(_annotated(self.indent, head, annotation, tail))
        return self

    def optional(self, head: str, annotation: str) -> CodeWriter:
        """An optional keyword parameter: `head` + annotation + ` | Omit = omit,`."""
        self._lines.extend(_optional(self.indent, head, annotation))
        return self

    def call(self, callee: str, args: Sequence[str], tail: str = "") -> CodeWriter:
        """`callee(args)tail` on one line when it fits; else the arguments on one line of
        their own; else one per line with a trailing comma (black's magic comma keeps it
        so). `callee` may be any head: `x = f`, `return f`, `class C`."""
        joined = ", ".join(args)
        if fits(f"{self.indent}{callee}({joined}){tail}"):
            return self.line(f"{callee}({joined}){tail}")
        self.line(f"{callee}(")
        with self.indented():
            if len(args) == 1 or fits(self.indent + joined):
                self.line(joined)
            else:
                for arg in args:
                    self.line(f"{arg},")
        return self.line(f"){tail}")

    @contextmanager
    def indented(self, levels: int = 1) -> Iterator[CodeWriter]:
        self.level += levels
        try:
            yield self
        finally:
            self.level -= levels

    @contextmanager
    def block(self, header: str) -> Iterator[CodeWriter]:
        """`header` (`if x:`, `def f():`) and the lines written inside, one level deeper."""
        self.line(header)
        with self.indented():
            yield self

    def text(self) -> str:
        return "\n".join(self._lines)


# by value: a large spec's fields repeat (`id: str`, `object: Literal["list"]`), and
# parsing an annotation costs more than looking its lines up
@lru_cache(maxsize=None)
def _annotated(indent: str, head: str, annotation: str, tail: str) -> tuple[str, ...]:
    return tuple(layout_annotation(indent, head, _parsed(annotation), tail))


@lru_cache(maxsize=None)
def _optional(indent: str, head: str, annotation: str) -> tuple[str, ...]:
    return tuple(layout_optional(indent, head, _parsed(annotation)))


_parsed = lru_cache(maxsize=None)(parse_annotation)  # read only: the layouts copy
