"""JSON files as `json.dumps(data, indent=2, ensure_ascii=False)` writes them, byte for
byte, at orjson's speed (the standard library's encoder runs in pure Python once `indent`
is given).

orjson lays out objects, arrays and strings exactly as the standard library does with
these options (tests/emit/test_json_text.py checks it on random data); where the two
differ the value is handed to orjson already written, as `json.dumps` writes it: a float
(`1e-05`, not `0.00001`; `NaN`, not `null`) and an integer beyond 64 bits. Anything else
orjson refuses (a non-string key, a lone surrogate, another type) goes to `json.dumps`.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_INT_RANGE = range(-(2**63), 2**64)  # what orjson writes itself
# the leaves (most of a schema) both write alike, known by their exact type without a call
_AS_IS = frozenset({str, bool, type(None)})


def dump(data: Any) -> str:
    """`data` as an indented JSON document with a final newline."""
    try:
        text = orjson.dumps(_prepared(data), option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return text.decode("utf-8") + "\n"


def _prepared(value: Any) -> Any:
    """`value` with each float and each integer orjson would write otherwise replaced by
    the text `json.dumps` gives it; containers copied only where something changed."""
    if isinstance(value, dict):
        changed = None
        for key, item in value.items():
            if type(item) in _AS_IS:
                continue
            new = _prepared(item)
            if new is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = new
        return value if changed is None else changed
    if isinstance(value, (list, tuple)):
        items = [item if type(item) in _AS_IS else _prepared(item) for item in value]
        if all(new is old for new, old in zip(items, value)):
            return value
        return items
    if isinstance(value, float) or (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value not in _INT_RANGE
    ):
        return orjson.Fragment(json.dumps(value))
    return value
