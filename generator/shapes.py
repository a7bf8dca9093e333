"""The shape a value of a spec must have where the generator reads it as data and writes it
into code: a test (`holds`) and how a problem says it (`what`). Schema keywords
(`ir/schema_keywords.py` `VALUE_SHAPES`) and rule parameters (`rules/protocol.py`) are
checked against them at load, so a value of another shape is a located problem rather
than a traceback while rendering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Shape:
    what: str
    holds: Callable[[Any], bool]


def number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def count(value: Any) -> bool:
    """A non-negative integer as JSON Schema has it: `2.0` is one."""
    whole = integer(value) or isinstance(value, float) and value.is_integer()
    return whole and value >= 0


def names(value: Any) -> bool:
    """A non-empty list of non-empty strings."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and v for v in value)
    )
