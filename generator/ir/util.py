"""Small helpers the IR passes share: reading loosely typed spec values."""

from __future__ import annotations

from typing import Any, TypeVar

from generator.ir import nodes as ir


def seq(value: Any) -> tuple[Any, ...]:
    """A list's items as a tuple; nothing for anything that is not a list."""
    return tuple(value) if isinstance(value, list) else ()


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def exclusive(schema: dict[str, Any], suffix: str) -> float | None:
    value = schema.get("exclusive" + suffix)
    if isinstance(value, bool):  # OpenAPI 3.0 boolean form
        return schema.get(suffix.lower()) if value else None
    return value


def dedupe(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values in order without repeats (`1` and `True` differ); linear for scalars."""
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()
    for v in values:
        if isinstance(v, (str, int, float, bool)) and v == v:  # hashable, and not NaN
            if (type(v), v) not in seen:
                seen.add((type(v), v))
                out.append(v)
        elif not any(v == o and type(v) is type(o) for o in out):
            out.append(v)
    return tuple(out)


def literal_of(node: ir.TypeNode) -> ir.Literal | None:
    if isinstance(node, ir.Literal) and None not in node.values:
        return node
    return None


def with_description(node: ir.TypeNode, description: str) -> ir.TypeNode:
    """`replace(node, description=description)` (it runs for every schema with one)."""
    return replaced(node, description=description)


_T = TypeVar("_T")


def replaced(node: _T, **changes: Any) -> _T:
    """`dataclasses.replace(node, **changes)` at the cost of a dict copy, for the IR's
    frozen dataclasses (none but `Api` has a `__post_init__`, none has slots): a copy of
    the fields with the changed ones is what `replace` builds. `replace` rebuilds every
    field through `__init__` (~4 us for a Property): the passes copy ~5,000 nodes of the
    full upstream document."""
    copy = object.__new__(type(node))
    copy.__dict__.update(node.__dict__, **changes)
    return copy


def component_of(pointer: str | None) -> str | None:
    """`Name` for a pointer inside `/components/schemas/Name`, else None."""
    prefix = "/components/schemas/"
    if not pointer or not pointer.startswith(prefix):
        return None
    name = pointer[len(prefix) :].split("/", 1)[0]
    return name.replace("~1", "/").replace("~0", "~")
