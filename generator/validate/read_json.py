"""JSON with a line:column for every path: an iterative parser (no recursion, so nesting is
bounded by MAX_DEPTH rather than the stack), duplicate keys kept as findings, NaN and
Infinity read as numbers so the validator can name them."""

from __future__ import annotations

import bisect
import re
from typing import Any

from generator.validate.document import (
    MAX_DEPTH,
    Document,
    JsonPath,
    ParseError,
    duplicate_key,
    json_string,
)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CONSTANTS = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}


def parse_json(text: str) -> Document:
    from json.decoder import scanstring  # type: ignore[attr-defined]

    lines = _Lines(text)
    doc = Document(None, 0)
    offsets: dict[JsonPath, int] = {}

    def fail(message: str, at: int) -> ParseError:
        line, column = lines.at(at)
        return ParseError(message, line, column)

    def scalar(at: int) -> tuple[Any, int]:
        char = text[at : at + 1]
        if char == '"':
            try:
                found: tuple[Any, int] = scanstring(text, at + 1, True)
                return found
            except ValueError as exc:
                raise fail(
                    f"bad string: {str(exc).split(':')[0]}", getattr(exc, "pos", at)
                ) from None
        for word, value in _CONSTANTS.items():
            if text.startswith(word, at):
                return value, at + len(word)
        match = _NUMBER.match(text, at)
        if match and match.end() > at:
            number = match.group()
            if match.group(1) or match.group(2):
                return float(number), match.end()
            if len(number) > 4300:
                raise fail("integer too long", at)
            return int(number), match.end()
        if not char:
            raise fail("unexpected end of file", at)
        raise fail(f"unexpected {json_string(char)}", at)

    # stack entries: [container, path, expecting ("key"|"value"|"comma"), pending key]
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    stack: list[list[Any]] = []
    root_set = False
    root: Any = None
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if stack:
            top = stack[-1]
            container, cpath, state = top[0], top[1], top[2]
            char = text[pos : pos + 1]
            if isinstance(container, dict):
                if state in ("key", "first"):
                    if char == "}" and state == "first":
                        pos += 1
                        stack.pop()
                        continue
                    if char != '"':
                        raise fail("expected a string key", pos)
                    key_at = pos
                    key, pos = scalar(pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos : pos + 1] != ":":
                        raise fail("expected ':'", pos)
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                    kpath = cpath + (key,)
                    if key in container:
                        first = lines.at(offsets[kpath])
                        line, column = lines.at(key_at)
                        doc.notes.append(
                            duplicate_key(kpath, key, first[0], line, column)
                        )
                    else:
                        offsets[kpath] = key_at
                    top[2], top[3] = "comma", key
                    value_path = kpath
                else:  # after a value
                    if char == ",":
                        top[2] = "key"
                        pos += 1
                        continue
                    if char == "}":
                        pos += 1
                        stack.pop()
                        continue
                    raise fail("expected ',' or '}'", pos)
            else:
                if state == "first" and char == "]":
                    pos += 1
                    stack.pop()
                    continue
                if state == "comma":
                    if char == ",":
                        top[2] = "item"
                        pos += 1
                        continue
                    if char == "]":
                        pos += 1
                        stack.pop()
                        continue
                    raise fail("expected ',' or ']'", pos)
                value_path = cpath + (len(container),)
                offsets[value_path] = pos
                top[2] = "comma"
        else:
            if root_set:
                if pos < len(text):
                    raise fail("extra data after the JSON value", pos)
                break
            value_path = ()
            offsets[()] = pos
        # parse one value at pos for value_path
        char = text[pos : pos + 1]
        if char in ("{", "["):
            if len(stack) >= MAX_DEPTH:
                raise fail(f"nested deeper than {MAX_DEPTH} levels", pos)
            value: Any = {} if char == "{" else []
            pos += 1
            new = [value, value_path, "first", None]
        else:
            value, pos = scalar(pos)
            new = None
        if stack:
            parent = stack[-1]
            if isinstance(parent[0], dict):
                parent[0][parent[3]] = value
            else:
                parent[0].append(value)
        else:
            root, root_set = value, True
        if new is not None:
            stack.append(new)
    doc.value = root
    doc.positions = {p: lines.at(o) for p, o in offsets.items()}
    return doc
