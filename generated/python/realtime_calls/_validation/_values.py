"""JSON values: integers and numbers as JSON counts them, JSON equality, and free-form
values checked for NaN and infinities.

Copied verbatim into the generated package by callspec.
"""

from __future__ import annotations

import math
from typing import Any, List, Tuple

from ._findings import _MAX_DEPTH, At, Finding, _found
from ._messages import _not_finite


def _is_int(value: Any) -> bool:
    if isinstance(value, int):
        return not isinstance(value, bool)
    return isinstance(value, float) and value.is_integer()


def _is_num(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not isinstance(value, float) or math.isfinite(value)
    return False


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if type(a) is str:  # the usual case (an enum's or a rule's string), in one test
        return type(b) is str and a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return bool(a == b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and bool(a == b)


def _all_finite(value: Any) -> bool:
    """A quick look without paths; False when unsure (cycles, huge or unusual values)."""
    todo = [value]
    budget = 100_000
    while todo:
        budget -= 1
        if budget < 0:
            return False
        item = todo.pop()
        kind = type(item)
        if kind is dict:
            values: Any = item.values()
        elif kind is list or kind is tuple:
            values = item
        elif kind is float:
            if item - item != 0:
                return False
            continue
        elif kind is str or kind is int or kind is bool or item is None:
            continue
        else:
            return False
        for x in values:
            kind = type(x)
            if kind is str or kind is int or kind is bool or x is None:
                continue
            if kind is float:
                if x - x != 0:
                    return False
            else:
                todo.append(x)
    return True


def _finite(value: Any, p: At, out: List[Finding]) -> None:
    """Free-form values: any JSON, but no NaN or infinity anywhere inside."""
    if _all_finite(value):
        return
    stack: List[Tuple[Any, At, int]] = [(value, p, 0)]  # (value, where, depth)
    while stack:
        item, at, depth = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                _not_finite(out, at, item)
        elif isinstance(item, dict):
            if depth > _MAX_DEPTH:
                out.append(_found(at, "error", "nested too deeply", "", "depth"))
                continue
            stack.extend((x, (at, k), depth + 1) for k, x in item.items())
        elif isinstance(item, (list, tuple)):
            if depth > _MAX_DEPTH:
                out.append(_found(at, "error", "nested too deeply", "", "depth"))
                continue
            stack.extend((x, (at, i), depth + 1) for i, x in enumerate(item))
