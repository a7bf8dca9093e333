"""What every reader returns: a document, its positions and the reader's own findings, plus
the caps all three readers apply (a config file is input from anywhere: size, depth, values
after alias expansion and integer length are bounded)."""

from __future__ import annotations

from typing import Any

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 1000
MAX_NODES = 1_000_000  # values after alias expansion (YAML "billion laughs")
MAX_INT_BITS = (
    14_000  # ~4,200 digits: Python will not print a longer int (0x... is not capped)
)

Key = str | int
JsonPath = tuple[Key, ...]


class ParseError(Exception):
    """A file that cannot be read or parsed; `line`/`column` are 1-based when known."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Note:
    """A problem the reader itself found (duplicate key, non-string key)."""

    __slots__ = ("path", "message", "hint", "rule", "line", "column")

    def __init__(
        self, path: JsonPath, message: str, hint: str, rule: str, line: int, column: int
    ) -> None:
        self.path, self.message, self.hint, self.rule = path, message, hint, rule
        self.line, self.column = line, column


class Scalar:
    """A scalar read otherwise than its text suggests: `kind` "date" (a YAML or TOML date or
    time, not a string) or "yaml11" (YAML 1.1 and 1.2 read `text` differently; `yaml12` is
    the YAML 1.2 value); `syntax` is "YAML" or "TOML"."""

    __slots__ = ("text", "kind", "syntax", "yaml12")

    def __init__(self, text: str, kind: str, syntax: str, yaml12: Any = None) -> None:
        self.text, self.kind, self.syntax, self.yaml12 = text, kind, syntax, yaml12


class Document:
    """One parsed document: its value, and where each JSON path starts (1-based)."""

    __slots__ = ("value", "index", "positions", "notes", "scalars", "dates")

    def __init__(
        self,
        value: Any,
        index: int,
        positions: dict[JsonPath, tuple[int, int]] | None = None,
    ) -> None:
        self.value = value
        self.index = (
            index  # position in a multi-document YAML stream (0 for the others)
        )
        self.positions: dict[JsonPath, tuple[int, int]] = positions or {}
        self.notes: list[Note] = []
        self.scalars: dict[JsonPath, Scalar] = {}
        self.dates = False  # a date or time somewhere in the value

    def position(self, path: JsonPath) -> tuple[int, int]:
        """The line:column of `path`, or of its nearest ancestor the reader located."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return (1, 1)


def json_string(text: str) -> str:
    """`text` as JSON writes a string (the words of the front's messages)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def duplicate_key(
    path: JsonPath, key: str, first_line: int, line: int, column: int
) -> Note:
    """A key given twice in one mapping: JSON and YAML word it alike, since readers differ
    only in which value they keep."""
    return Note(
        path,
        f"duplicate key {json_string(key)} (first at line {first_line})",
        "the later value wins in most readers; remove one",
        "duplicate-key",
        line,
        column,
    )
