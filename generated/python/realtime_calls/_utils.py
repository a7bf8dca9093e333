"""Small helpers used by the generated resources and the base client.

`path_template` percent-encodes path parameters exactly as the official
``openai`` SDK does, so that a ``call_id`` such as ``../files`` stays inside its
own path segment (``..%2Ffiles``) and a bare dot-segment is refused.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Callable, Dict, List, Mapping, Tuple

from ._types import NotGiven, Omit

__all__ = [
    "cached_property",
    "json_dumps",
    "path_template",
    "strip_omitted",
    "stringify_items",
]

# '.' or '..' where each dot is literal or percent-encoded (%2e / %2E).
_DOT_SEGMENT_RE = re.compile(r"^(?:\.|%2[eE]){1,2}$")
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def _quote(value: str, safe: str) -> str:
    from urllib.parse import quote

    return quote(value, safe=safe)


def _quote_path_segment_part(value: str) -> str:
    # RFC 3986 section 3.3 `pchar` minus unreserved: sub-delims, ':' and '@'.
    # Unlike quote()'s default, '/' is unsafe and gets encoded.
    return _quote(value, "!$&'()*+,;=:@")


def _quote_query_part(value: str) -> str:
    # RFC 3986 section 3.4 `query` set, except '&' and '='.
    return _quote(value, "!$'()*+,;:@/?")


def _quote_fragment_part(value: str) -> str:
    # RFC 3986 section 3.5 `fragment` set.
    return _quote(value, "!$&'()*+,;=:@/?")


def _interpolate(
    template: str, values: Mapping[str, Any], quoter: Callable[[str], str]
) -> str:
    parts = _PLACEHOLDER_RE.split(template)
    for i in range(1, len(parts), 2):
        name = parts[i]
        if name not in values:
            raise KeyError(f"a value for placeholder {{{name}}} was not provided")
        value = values[name]
        if value is None:
            parts[i] = "null"
        elif isinstance(value, bool):
            parts[i] = "true" if value else "false"
        else:
            parts[i] = quoter(str(value))
    return "".join(parts)


def path_template(template: str, /, **params: Any) -> str:
    """Interpolate ``{name}`` placeholders in ``template``, percent-encoded.

    Path placeholders are encoded with the RFC 3986 ``segment`` set as safe
    (so ``/``, ``?``, ``#`` and ``%`` are encoded); query and fragment
    placeholders with their own sets. Behaves as the official SDK's
    ``path_template``.

    Raises:
        KeyError: a placeholder has no value.
        ValueError: the resulting path has a ``.`` or ``..`` segment
            (literal or percent-encoded), which servers would normalise away.
    """
    fragment_template: str | None = None
    query_template: str | None = None
    rest = template
    if "#" in rest:
        rest, fragment_template = rest.split("#", 1)
    if "?" in rest:
        rest, query_template = rest.split("?", 1)

    path = _interpolate(rest, params, _quote_path_segment_part)
    for segment in path.split("/"):
        if _DOT_SEGMENT_RE.match(segment):
            raise ValueError(
                f"Constructed path {path!r} contains dot-segment {segment!r} which is not allowed"
            )

    result = path
    if query_template is not None:
        result += "?" + _interpolate(query_template, params, _quote_query_part)
    if fragment_template is not None:
        result += "#" + _interpolate(fragment_template, params, _quote_fragment_part)
    return result


_SCALARS = (str, int, float, type(None))


def _strip(value: object) -> object:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, Mapping):
        return {
            key: _strip(item)
            for key, item in value.items()
            if not isinstance(item, (Omit, NotGiven))
        }
    if isinstance(value, (list, tuple)):
        return [
            _strip(item) for item in value if not isinstance(item, (Omit, NotGiven))
        ]
    return value


def strip_omitted(mapping: Mapping[str, object]) -> Dict[str, object]:
    """Return a copy of ``mapping`` without `Omit` / `NotGiven` values.

    ``None`` is kept (it is sent as JSON ``null``). Nested mappings and lists
    are cleaned the same way, as the official SDK's transform does for typed
    parameters.
    """
    return {
        key: _strip(value)
        for key, value in mapping.items()
        if not isinstance(value, (Omit, NotGiven))
    }


def given_headers(mapping: Mapping[str, "str | Omit"]) -> Dict[str, str]:
    """Header parameters as sent: only the given ones (an omitted one must not remove a
    header the client sets, as an `Omit` in ``extra_headers`` would)."""
    return {key: value for key, value in mapping.items() if isinstance(value, str)}


def _json_default(value: object) -> object:
    import datetime

    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_dumps(value: object) -> bytes:
    """Serialise ``value`` to UTF-8 JSON the way the official SDK does.

    Compact separators, non-ASCII kept as is, NaN and infinities refused
    (`ValueError`), datetimes as ISO 8601.
    """
    import json

    return json.dumps(
        value,
        default=_json_default,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode()


def _primitive_to_str(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def stringify_items(params: Mapping[str, object]) -> List[Tuple[str, str]]:
    """Flatten ``params`` into ``(key, value)`` pairs as the SDK's query string
    encoder does with ``array_format="brackets"``: ``{"a": {"b": 1}}`` gives
    ``a[b]=1``, ``{"a": [1, 2]}`` gives ``a[]=1&a[]=2``; ``None`` is dropped.
    """
    items: List[Tuple[str, str]] = []
    for key, value in params.items():
        _stringify_item(key, value, items)
    return items


def _stringify_item(key: str, value: object, out: List[Tuple[str, str]]) -> None:
    if isinstance(value, Mapping):
        for subkey, subvalue in value.items():
            _stringify_item(f"{key}[{subkey}]", subvalue, out)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _stringify_item(key + "[]", item, out)
        return
    if value is None:
        return
    out.append((key, _primitive_to_str(value)))
