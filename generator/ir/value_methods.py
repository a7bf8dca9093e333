"""`__eq__`, `__hash__` and `__repr__` for the IR's frozen dataclasses, made from their
fields as closures over C getters instead of compiled per class.

Why: `@dataclass(frozen=True)` compiles six methods for each class (`exec` of generated
source); for the 23 node classes that was ~15 ms of every run's import of
generator/ir/nodes.py. Each class here is declared `@dataclass(frozen=True, eq=False,
repr=False)` under `@value_methods`, which adds these three as dataclass would have:
equal when of the same class with equal compared fields, the hash of the hashed fields'
tuple (the same values as dataclass's), `Class(field=value!r, ...)` with `...` for a
recursive repr. tests/ir/test_value_methods.py holds them to plain dataclasses.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, Callable, TypeVar

_T = TypeVar("_T")


def _tuple_of(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields' values as a tuple, even of one field or none (what dataclass
    compares and hashes)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def value_methods(cls: type[_T]) -> type[_T]:
    """`cls` (a dataclass declared with eq=False, repr=False) with dataclass's `__eq__`,
    `__hash__` (it is frozen) and `__repr__`."""
    declared = fields(cls)  # type: ignore[arg-type]
    compared = _tuple_of([f.name for f in declared if f.compare])
    hashed = _tuple_of(
        [f.name for f in declared if (f.compare if f.hash is None else f.hash)]
    )
    shown = [(f.name, attrgetter(f.name)) for f in declared if f.repr]

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        inside = ", ".join(f"{name}={get(self)!r}" for name, get in shown)
        return f"{self.__class__.__qualname__}({inside})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls
