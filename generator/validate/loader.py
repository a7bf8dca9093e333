"""Config files → documents with a line:column for every JSON path.

JSON: an iterative parser (duplicate keys kept as findings, NaN/Infinity read as numbers
so the validator can name them). YAML: built from libyaml's event stream (no recursion,
aliases counted as they expand, safe tags only). TOML: tomllib, with positions looked up line
by line (best effort).

Values are what a Python service reading the file gets (contract rule 8): YAML as PyYAML's
`safe_load` reads it (YAML 1.1: unquoted dates are `datetime.date`, `on` is true, `0123` is
83, `1e3` is a string), TOML per TOML 1.0 (dates and times are `datetime` objects). Each
scalar whose reading is a date, or that YAML 1.2 reads otherwise, is kept in
`Document.scalars` with its text, so the front can say so where the validator objects.
"""

from __future__ import annotations

import bisect
import datetime
import math
import re
from pathlib import Path
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


def read(path: Path) -> list[Document]:
    """Every document in `path`, by its suffix (.json, .yaml/.yml, .toml; else YAML)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(f"file is {size} bytes; the limit is {MAX_BYTES} (20 MB)")
        with path.open(
            "rb"
        ) as stream:  # at most the cap: /dev/zero or a FIFO has no size
            data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ParseError(f"file is over the limit of {MAX_BYTES} bytes (20 MB)")
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        return [parse_json(text)]
    if suffix == ".toml":
        return [parse_toml(text)]
    return parse_yaml(text)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


# -- JSON ---------------------------------------------------------------------------------

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
                            Note(
                                kpath,
                                f"duplicate key {json_string(key)} (first at line {first[0]})",
                                "the later value wins in most readers; remove one",
                                "duplicate-key",
                                line,
                                column,
                            )
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


# -- YAML ---------------------------------------------------------------------------------

_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}


def parse_yaml(text: str) -> list[Document]:
    import yaml
    from yaml import events as ev
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolver = Resolver()
    constructor = SafeConstructor()

    def where(mark: Any) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def scalar(event: Any) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = (
                resolver.resolve(  # type: ignore[no-untyped-call]
                    ScalarNode, event.value, event.implicit
                )
                if tag is None
                else "tag:yaml.org,2002:str"
            )
        if tag not in _SAFE_SCALAR_TAGS:
            raise ParseError(
                f"unsupported YAML tag {tag!r} (only safe tags are read)",
                *where(event.start_mark),
            )
        node = ScalarNode(
            tag, event.value, event.start_mark, event.end_mark, event.style
        )
        if tag == "tag:yaml.org,2002:int":
            number = constructor.construct_yaml_int(node)
            if number.bit_length() > MAX_INT_BITS:
                raise ParseError("integer too long", *where(event.start_mark))
            return number
        if tag == "tag:yaml.org,2002:float":
            return constructor.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:merge":
            return _MERGE
        if tag == "tag:yaml.org,2002:timestamp":  # a date, as safe_load reads it
            try:
                return constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as exc:
                raise ParseError(
                    f"invalid YAML date {event.value}: {exc}",
                    *where(event.start_mark),
                ) from None
        return event.value  # str, and binary kept as its text

    documents: list[Document] = []
    doc: Document | None = None
    # frame: [container, path, pending key or _NOKEY, size, anchor, merges, key position]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    anchored: dict[str, Scalar] = {}  # scalar anchors read otherwise than their text
    open_anchors: set[str] = set()
    total = 0
    key_text: str | None = None  # the text of the mapping key being placed

    def add(value: Any, size: int, mark: Any) -> None:
        """Place a finished value in the open container (or as the document root)."""
        nonlocal doc, key_text
        assert doc is not None
        if not stack:
            doc.value = value
            return
        frame = stack[-1]
        container = frame[0]
        frame[3] += size
        if isinstance(container, list):
            container.append(value)
            return
        if frame[2] is _NOKEY:
            key = value
            if key is _MERGE:
                frame[2] = _MERGE
                return
            if isinstance(value, (dict, list)):
                raise ParseError("a mapping key must be a scalar", *where(mark))
            line, column = where(mark)
            path = frame[1] + (_text_key(key),)
            if not isinstance(key, str):
                hint = "JSON object keys are strings: quote the key"
                if key_text is not None and key_text != _text_key(key):
                    hint = f"YAML 1.1 reads {key_text} as {_yaml_repr(key)}; quote it: {json_string(key_text)}"
                doc.notes.append(
                    Note(
                        path,
                        f"key {_yaml_repr(key)} is not a string",
                        hint,
                        "type",
                        line,
                        column,
                    )
                )
                key = _text_key(key)
            frame[2] = key
            frame[6] = (line, column)
            return
        key = frame[2]
        frame[2] = _NOKEY
        if key is _MERGE:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(s, dict) for s in sources):
                raise ParseError(
                    "a merge key (<<) needs a mapping or a list of mappings",
                    *where(mark),
                )
            frame[5].extend(sources)
            return
        path = frame[1] + (key,)
        if key in container:
            first = doc.positions.get(path, (0, 0))
            doc.notes.append(
                Note(
                    path,
                    f"duplicate key {json_string(key)} (first at line {first[0]})",
                    "the later value wins in most readers; remove one",
                    "duplicate-key",
                    *frame[6],
                )
            )
        else:
            doc.positions[path] = frame[6]
        container[key] = value

    def child_path() -> JsonPath:
        frame = stack[-1]
        parent: JsonPath = frame[1]
        if isinstance(frame[0], list):
            return parent + (len(frame[0]),)
        return parent + (frame[2],) if frame[2] not in (_NOKEY, _MERGE) else parent

    def value_slot() -> bool:
        """The next value goes to a path (the root, an item, or a key's value)."""
        if not stack or isinstance(stack[-1][0], list):
            return True
        return stack[-1][2] not in (_NOKEY, _MERGE)

    def note_position(path: JsonPath, mark: Any) -> None:
        assert doc is not None
        if stack and isinstance(stack[-1][0], list):
            doc.positions.setdefault(path, where(mark))

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, ev.DocumentStartEvent):
                doc = Document(None, len(documents))
                doc.positions[()] = where(
                    event.end_mark if not event.explicit else event.start_mark
                )
                anchors.clear()
            elif isinstance(event, ev.DocumentEndEvent):
                assert doc is not None
                documents.append(doc)
            elif isinstance(event, ev.ScalarEvent):
                total += 1
                if total > MAX_NODES:
                    raise ParseError(
                        f"more than {MAX_NODES} values", *where(event.start_mark)
                    )
                value = scalar(event)
                assert doc is not None
                path = child_path() if stack else ()
                if stack:
                    note_position(path, event.start_mark)
                else:
                    doc.positions[()] = where(event.start_mark)
                reading = _yaml_reading(event, value)
                is_key = (
                    bool(stack)
                    and not isinstance(stack[-1][0], list)
                    and stack[-1][2] is _NOKEY
                )
                key_text = event.value if is_key else None
                if reading is not None:
                    doc.dates = doc.dates or reading.kind == "date"
                    if not is_key and value_slot():
                        doc.scalars[path] = reading
                elif doc.scalars and not is_key and value_slot():
                    doc.scalars.pop(path, None)  # a later value for a duplicate key
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                    if reading is not None:
                        anchored[event.anchor] = reading
                add(value, 1, event.start_mark)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                is_map = isinstance(event, ev.MappingStartEvent)
                if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    raise ParseError(
                        f"unsupported YAML tag {event.tag!r} (only safe tags are read)",
                        *where(event.start_mark),
                    )
                if len(stack) >= MAX_DEPTH:
                    raise ParseError(
                        f"nested deeper than {MAX_DEPTH} levels",
                        *where(event.start_mark),
                    )
                if (
                    stack
                    and not isinstance(stack[-1][0], list)
                    and stack[-1][2] is _NOKEY
                ):
                    raise ParseError(
                        "a mapping key must be a scalar", *where(event.start_mark)
                    )
                path = child_path() if stack else ()
                assert doc is not None
                doc.scalars.pop(path, None)  # a later value for a duplicate key
                if stack:
                    note_position(path, event.start_mark)
                else:
                    doc.positions[()] = where(event.start_mark)
                if event.anchor:
                    open_anchors.add(event.anchor)
                stack.append(
                    [
                        {} if is_map else [],
                        path,
                        _NOKEY,
                        1,
                        event.anchor,
                        [],
                        (1, 1),
                        event.start_mark,
                    ]
                )
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                container, size, anchor, merges = frame[0], frame[3], frame[4], frame[5]
                for source in merges:
                    for k, v in source.items():
                        container.setdefault(k, v)
                if anchor:
                    open_anchors.discard(anchor)
                    anchors[anchor] = (container, size)
                add(container, size, frame[7])
            elif isinstance(event, ev.AliasEvent):
                if event.anchor in open_anchors:
                    raise ParseError(
                        f"recursive alias *{event.anchor}", *where(event.start_mark)
                    )
                if event.anchor not in anchors:
                    raise ParseError(
                        f"unknown alias *{event.anchor}", *where(event.start_mark)
                    )
                value, size = anchors[event.anchor]
                total += size
                if total > MAX_NODES:
                    raise ParseError(
                        f"aliases expand to more than {MAX_NODES} values (a YAML alias bomb?)",
                        *where(event.start_mark),
                    )
                if stack:
                    note_position(child_path(), event.start_mark)
                reading = anchored.get(event.anchor)
                if value_slot():
                    assert doc is not None
                    if reading is not None:
                        doc.scalars[child_path() if stack else ()] = reading
                    else:
                        doc.scalars.pop(child_path() if stack else (), None)
                add(value, size, event.start_mark)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ParseError(message or "invalid YAML", *where(mark)) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:  # e.g. a bad !!int or !!float scalar
        raise ParseError(f"invalid YAML scalar: {exc}") from None
    if not documents:
        documents.append(Document(None, 0, {(): (1, 1)}))
    return documents


_NUMERIC_START = frozenset("0123456789+-.")
_YAML12_INT = re.compile(r"[-+]?[0-9]+")
_YAML12_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


def _yaml12(text: str) -> Any:
    """`text` as a plain scalar under YAML 1.2's core schema."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if len(text) > 100:  # no number of interest; keep int() cheap
        return text
    if _YAML12_INT.fullmatch(text):
        return int(text)
    if re.fullmatch(r"0o[0-7]+", text):
        return int(text[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", text):
        return int(text[2:], 16)
    if _YAML12_FLOAT.fullmatch(text):
        return float(text)
    if re.fullmatch(r"[-+]?\.(?:inf|Inf|INF)", text):
        return float("-inf") if text.startswith("-") else float("inf")
    if text in (".nan", ".NaN", ".NAN"):
        return float("nan")
    return text


def _yaml_reading(event: Any, value: Any) -> Scalar | None:
    """What to say about a plain scalar PyYAML reads as a date, or otherwise than YAML 1.2."""
    if type(value) is str and (not value or value[0] not in _NUMERIC_START):
        return None  # the common case: YAML 1.2 reads it as a string too
    if event.tag is not None or event.style not in (None, "") or not event.implicit[0]:
        return None  # quoted, tagged or a block scalar: read as written
    if isinstance(value, (datetime.date, datetime.time)):
        return Scalar(event.value, "date", "YAML")
    if value is _MERGE:
        return None
    v12 = _yaml12(event.value)
    same = type(v12) is type(value) and (
        v12 == value
        or (isinstance(v12, float) and math.isnan(v12) and math.isnan(value))
    )
    return None if same else Scalar(event.value, "yaml11", "YAML", v12)


def json_string(text: str) -> str:
    """`text` as JSON writes a string (the words of the front's messages)."""
    import json

    return json.dumps(text, ensure_ascii=False)


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Marker("<no key>")
_MERGE = _Marker("<<")


def _text_key(key: Any) -> str:
    return key if isinstance(key, str) else _yaml_repr(key)


def _yaml_repr(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


# -- TOML ---------------------------------------------------------------------------------

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
