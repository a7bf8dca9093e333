"""The IR's shared `__eq__`, `__hash__` and `__repr__` (generator/ir/value_methods.py)
answer as the methods `@dataclass(frozen=True)` compiles: every node of the full
upstream document's IR is held to an instance of a plain frozen dataclass with the same
fields, for its repr, its hash, and its equality with other nodes of its class."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from generator.ir import nodes as ir
from generator.ir.build import build_api
from tests.ir.test_copies import UPSTREAM

CLASSES = [
    value
    for value in vars(ir).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
]


def _reference(cls: type) -> type:
    """`cls` as plain `@dataclass(frozen=True)` declares it: the same fields, the
    same name, methods compiled by dataclass."""
    specs = []
    for f in dataclasses.fields(cls):
        options: dict[str, Any] = {"compare": f.compare, "hash": f.hash}
        options |= {"repr": f.repr, "kw_only": f.kw_only}
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**options)))
    made = dataclasses.make_dataclass(cls.__name__, specs, frozen=True)
    made.__qualname__ = cls.__qualname__
    return made


REFERENCES = {cls: _reference(cls) for cls in CLASSES}


def as_reference(value: Any) -> Any:
    kind = REFERENCES[type(value)]
    return kind(**{f.name: getattr(value, f.name) for f in dataclasses.fields(value)})


def _hash(value: Any) -> Any:
    try:
        return hash(value)
    except TypeError as exc:  # a dict inside (Api.types, Rule.params)
        return type(exc)


def _instances(value: Any, found: dict[type, list[Any]], seen: set[int]) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if type(value) in REFERENCES:
        found[type(value)].append(value)
        for f in dataclasses.fields(value):
            _instances(getattr(value, f.name), found, seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _instances(item, found, seen)
    elif isinstance(value, dict):
        for item in value.values():
            _instances(item, found, seen)


@pytest.fixture(scope="module")
def instances() -> dict[type, list[Any]]:
    api = build_api(UPSTREAM[-1])
    found: dict[type, list[Any]] = defaultdict(list)
    _instances(api, found, set())
    return found


def test_every_class_is_met(instances: dict[type, list[Any]]) -> None:
    unmet = {cls.__name__ for cls in CLASSES if cls not in instances}
    # Node itself is only ever a base; no spec of the upstream has rules or file schemas
    assert unmet <= {"Node", "Rule", "FileSchema"}


def test_repr_and_hash_are_dataclasses(instances: dict[type, list[Any]]) -> None:
    for kind, values in instances.items():
        for value in values[:400]:
            reference = as_reference(value)
            assert repr(value) == repr(reference), kind
            assert _hash(value) == _hash(reference), kind


def test_equality_is_dataclasses(instances: dict[type, list[Any]]) -> None:
    for kind, values in instances.items():
        sample = values[:60] + [dataclasses.replace(v) for v in values[:5]]
        for a, b in itertools.product(sample, repeat=2):
            assert (a == b) == (as_reference(a) == as_reference(b)), kind
            assert (a != b) == (as_reference(a) != as_reference(b)), kind
        assert (values[0] == as_reference(values[0])) is False  # another class


def test_the_rest_of_the_classes() -> None:
    """Node, Rule and FileSchema, with a field left out of comparing and hashing
    (Rule.params, Rule.noun) and a recursive repr."""
    rule = ir.Rule("r", "error", ("T",), "k", "/x", params={"a": 1}, noun="x")
    other = dataclasses.replace(rule, params={"b": 2}, noun="y")
    values = [ir.Node(description="d"), ir.Node(), rule, other]
    values += [ir.FileSchema("a", "S", "n", "d"), ir.FileSchema("b", "S", "n", "d")]
    for a, b in itertools.product(values, repeat=2):
        assert (a == b) == (as_reference(a) == as_reference(b))
    for value in values:
        assert repr(value) == repr(as_reference(value))
        assert _hash(value) == _hash(as_reference(value))
    looped = ir.Rule("r", "error", ("T",), "k", "/x", params={})
    expected = REFERENCES[ir.Rule]("r", "error", ("T",), "k", "/x", params={})
    looped.params["self"], expected.params["self"] = looped, expected
    assert repr(looped) == repr(expected) and "..." in repr(looped)


def test_still_frozen() -> None:
    node = ir.Ref("A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.name = "B"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del node.name  # type: ignore[misc]


def test_a_class_and_its_base_are_not_equal() -> None:
    assert ir.Node() != ir.AnyValue() and ir.AnyValue() != ir.FreeForm()
    assert len({ir.AnyValue(), ir.AnyValue(), ir.FreeForm()}) == 2
    assert Path  # the module's imports stay used by the fixtures above
