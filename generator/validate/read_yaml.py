"""YAML with a line:column for every path, built from libyaml's event stream: no recursion,
aliases counted as they expand (MAX_NODES stops an alias bomb), safe tags only. Values are
PyYAML's `safe_load` readings (YAML 1.1); a plain scalar YAML 1.2 reads otherwise, or read
as a date, is kept in `Document.scalars` so the front can say so."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

from generator.validate.document import (
    MAX_DEPTH,
    MAX_INT_BITS,
    MAX_NODES,
    Document,
    JsonPath,
    Note,
    ParseError,
    Scalar,
    duplicate_key,
    json_string,
)

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
            doc.notes.append(duplicate_key(path, key, first[0], *frame[6]))
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
