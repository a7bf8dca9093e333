"""Pass 3, resources: where an operation lives (`calls.accept`), as the official SDKs
lay resources out."""

from __future__ import annotations

import re
from typing import Any


def collection_paths(paths: dict[str, Any]) -> set[str]:
    """Paths (without slashes around) that name collections rather than actions: those
    with items below them (`x/{id}`) or listed with GET."""
    found: set[str] = set()
    for raw, item in paths.items():
        segments = [s for s in str(raw).split("?", 1)[0].strip("/").split("/") if s]
        for index, segment in enumerate(segments):
            if segment.startswith("{") and index:
                found.add("/".join(segments[:index]))
        if isinstance(item, dict) and "get" in item:
            found.add("/".join(segments))
    return found


def example_creates(op: dict[str, Any], path: str) -> bool:
    """The upstream `x-oaiMeta` examples call `<last segment>.create(` for this POST."""
    meta = op.get("x-oaiMeta")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(meta, dict) or last.startswith("{"):
        return False
    return mentions(meta.get("examples", ""), f".{last}.create(")


# what `repr` writes as itself in any string (no quote, no backslash, nothing escaped)
_REPR_ALIKE = re.compile(r"[ !#-&(-\[\]-~]*")


def mentions(value: Any, needle: str) -> bool:
    """Whether `needle` is in `str(value)`, a JSON value: for a `.<name>.create(`
    that `repr` writes as it is, whether it is in one of its strings, keys included.
    Such a needle has no quote, so it cannot span two of the reprs `str` joins; it
    holds `create(`, which no number, `True`, `False` or `None` does; and it meets no
    escape (a backslash, then what follows it: never a leading `.`). So it is in a
    string's repr just when in the string. `str` of the examples (the repr of every
    string in them) took ~5 ms of building the full upstream document's operations."""
    form = needle.startswith(".") and needle.endswith(".create(")
    if not (form and _REPR_ALIKE.fullmatch(needle)):
        return needle in str(value)
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if needle in current:
                return True
        elif isinstance(current, dict):
            stack.extend(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
        elif not isinstance(current, (int, float, type(None))):
            return needle in str(value)  # a value of another kind: as `str` reads it
    return False


def derive_resource(
    path: str,
    http_method: str,
    collections: set[str] | frozenset[str] = frozenset(),
    listing: bool = True,
) -> tuple[tuple[str, ...], str]:
    """Resource and method names from a path, as the official SDKs lay them out.

    A POST to a literal segment right after a parameter is an action on that item
    (`calls/{call_id}/accept` → `calls.accept`) unless the segment is a collection
    (`threads/{id}/messages` → `threads.messages.create`). A GET on a literal segment
    lists when the response is a page of items (`listing`), else retrieves."""
    segments = [s for s in path.strip("/").split("/") if s]
    is_param = [s.startswith("{") for s in segments]
    literal = [re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower() for s in segments]
    action = "/".join(segments) not in collections
    if (
        segments
        and not is_param[-1]
        and any(is_param)
        and http_method == "post"
        and action
    ):
        last_param = max(i for i, p in enumerate(is_param) if p)
        if last_param == len(segments) - 2:
            resource = tuple(x for x, p in zip(literal[:-1], is_param[:-1]) if not p)
            return resource or ("client",), literal[-1]
    resource = tuple(x for x, p in zip(literal, is_param) if not p) or ("client",)
    ends_with_param = bool(segments) and is_param[-1]
    verbs = (
        {
            "get": "retrieve",
            "post": "update",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }
        if ends_with_param
        else {
            "get": "list" if listing else "retrieve",
            "post": "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }
    )
    return resource, verbs.get(http_method, http_method)
