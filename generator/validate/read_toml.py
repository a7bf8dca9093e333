"""TOML per TOML 1.0 (tomllib), with positions looked up line by line (best effort, since
tomllib gives none) and its duplicate-key errors restated at the key."""

from __future__ import annotations

import datetime
import re
from typing import Any

from generator.validate.document import (
    MAX_DEPTH,
    MAX_INT_BITS,
    Document,
    JsonPath,
    Key,
    ParseError,
    Scalar,
    json_string,
)

_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def parse_toml(text: str) -> Document:
    import tomllib

    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_ERROR_AT.search(message)
        message = _TOML_ERROR_AT.sub("", message).strip()
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            raise _toml_duplicate(text, line, column, message) or ParseError(
                message, line, column
            ) from None
        raise ParseError(message) from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise ParseError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer over Python's int/str conversion limit
        raise ParseError(f"invalid TOML value: {exc}") from None

    scan = _TomlScan(text)
    doc = Document(None, 0, {(): (1, 1)})

    def plain(v: Any, path: JsonPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise ParseError(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(v, dict):
            return {k: plain(x, path + (k,)) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x, path + (i,)) for i, x in enumerate(v)]
        if isinstance(v, (datetime.date, datetime.time)):  # kept: TOML 1.0 dates
            doc.dates = True
            raw = scan.raw.get(path, "")
            written = raw if raw[:4] == v.isoformat()[:4] else v.isoformat()
            doc.scalars[path] = Scalar(written, "date", "TOML")
        if isinstance(v, int) and v.bit_length() > MAX_INT_BITS:
            raise ParseError("integer too long")
        return v

    doc.value = plain(value, ())
    for path, where in scan.positions.items():
        doc.positions.setdefault(path, where)
    return doc


class _TomlScan:
    """Where each table header and `key = value` line starts (line by line, best effort),
    the raw text of each value, and the first key or table met twice."""

    def __init__(self, text: str, stop: int | None = None) -> None:
        self.positions: dict[JsonPath, tuple[int, int]] = {}
        self.raw: dict[JsonPath, str] = {}
        self.tables: set[JsonPath] = set()
        self.last: tuple[JsonPath, str, int] | None = None  # path, kind, column
        table: JsonPath = ()
        counts: dict[JsonPath, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if stop is not None and number > stop:
                break
            header = _TOML_HEADER.match(line)
            if header:
                parts = tuple(_toml_parts(header.group(2)))
                column = line.index("[") + 1
                if header.group(1) == "[[":
                    index = counts.get(parts, -1) + 1
                    counts[parts] = index
                    table = parts + (index,)
                else:
                    table = _with_indices(parts, counts)
                    self.last = (table, "table", column)
                    if table in self.tables and number == stop:
                        break
                    self.tables.add(table)
                self.positions.setdefault(table, (number, column))
                continue
            key = _TOML_KEY.match(line)
            if key:
                path = table + tuple(_toml_parts(key.group(1)))
                column = len(line) - len(line.lstrip()) + 1
                self.last = (path, "key", column)
                if number == stop:
                    break
                self.positions.setdefault(path, (number, column))
                self.raw.setdefault(path, line[key.end() :].split(" #")[0].strip())


def _toml_duplicate(
    text: str, line: int, column: int, message: str
) -> ParseError | None:
    """tomllib's "Cannot overwrite a value" / "Cannot declare ... twice" at `line` (its
    column is the end of the line), as an error naming the key (or table), at the key, with
    the line it was first given on; None when the scan cannot tell."""
    inline = re.match(r"Duplicate inline table key '(.+)'$", message)
    if inline:
        source = text.splitlines()[line - 1] if line <= text.count("\n") + 1 else ""
        name = inline.group(1)
        spots = [
            m.start() + 1
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}\s*=", source)
            if m.start() < column
        ]
        at = spots[-1] if len(spots) > 1 else column
        return ParseError(
            f"duplicate key {json_string(name)} in an inline table", line, at
        )
    scan = _TomlScan(text, stop=line)
    if scan.last is None:
        return None
    path, kind, column = scan.last
    name = ".".join(str(p) for p in path if not isinstance(p, int))
    for end in range(len(path), 0, -1):  # the key itself, or a value it would overwrite
        first = scan.positions.get(path[:end])
        if first is not None and first[0] < line:
            shown = ".".join(str(p) for p in path[:end] if not isinstance(p, int))
            what = "table" if kind == "table" else "key"
            message = f"duplicate {what} {json_string(name)}"
            if shown != name:
                message = f"key {json_string(name)} overwrites {json_string(shown)}"
            return ParseError(f"{message} (first at line {first[0]})", line, column)
    return None


def _toml_parts(dotted: str) -> list[str]:
    return [
        p.strip().strip("\"'")
        for p in re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*""", dotted)
    ]


def _with_indices(parts: tuple[str, ...], counts: dict[JsonPath, int]) -> JsonPath:
    """`[tools.parameters]` after `[[tools]]` lives in the last tools entry."""
    out: list[Key] = []
    for part in parts:
        out.append(part)
        index = counts.get(tuple(out))
        if index is not None:
            out.append(index)
    return tuple(out)
