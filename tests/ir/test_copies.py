"""The IR passes copy a node only where something changes (the nodes are frozen, so a
kept node is an equal one), and `with_description` copies without `dataclasses.replace`:
the IR is the same as when every step copied. The former always-copying inline namer is
kept here as the oracle and run on both upstream documents."""

from __future__ import annotations

import inspect
from dataclasses import fields, is_dataclass, replace
from functools import cached_property
from typing import Any
from pathlib import Path

import pytest

from generator.codegen_config import CodegenConfig
from generator.ir import naming
from generator.ir import nodes as ir
from generator.ir.names import pascal
from generator.ir.operations import Builder
from generator.ir.util import replaced, with_description
from generator.load import load_document

UPSTREAM = sorted(
    (Path(__file__).resolve().parents[2].parent / "shared" / "upstream").glob(
        "*/openapi.yaml"
    )
)
_LEAF = ir.Primitive("string", min_length=1, description="s")
EACH_KIND: list[ir.TypeNode] = [
    _LEAF,
    ir.Literal(("a", 1)),
    ir.Array(_LEAF, max_items=3),
    ir.Map(_LEAF),
    ir.FreeForm(),
    ir.AnyValue(description="any"),
    ir.Ref("Name"),
    ir.Object((ir.Property("p", _LEAF, True),), closed=False, name="N"),
    ir.Union((_LEAF, ir.Ref("R")), discriminator="type", tags=(("a", 0),)),
    ir.Nullable(_LEAF),
]


@pytest.mark.parametrize("node", EACH_KIND, ids=lambda n: type(n).__name__)
def test_with_description_is_replace(node: ir.TypeNode) -> None:
    before = repr(node)
    copied = with_description(node, "new")
    expected = replace(node, description="new")
    assert type(copied) is type(expected) and copied == expected
    assert repr(copied) == repr(expected) and hash(copied) == hash(expected)
    assert all(
        getattr(copied, f.name) is getattr(expected, f.name) for f in fields(node)
    )
    assert repr(node) == before  # the original is left as it was


_PROPERTY = ir.Property("p", _LEAF, True, description="d", examples=("x",))
# the other frozen dataclasses the passes copy, each with the fields they change
OTHERS: list[tuple[Any, dict[str, Any]]] = [
    (_PROPERTY, {"type": ir.Ref("R"), "description": None}),
    (_PROPERTY, {"required": False}),
    (ir.NamedType("N", _LEAF, "doc", "/components/schemas/N"), {"type": ir.FreeForm()}),
    (ir.Parameter("id", "path", _LEAF, True), {"type": ir.Ref("Id")}),
    (ir.Body("application/json", _LEAF, True), {"type": _LEAF, "alternatives": ()}),
    (ir.Response("200", "ok", "application/json", _LEAF), {"type": None}),
    (
        ir.Operation("op", "get", "/x", ("x",), "get", None, None, (), None, ()),
        {"method": "list", "parameters": (), "body": None, "responses": ()},
    ),
]


@pytest.mark.parametrize(
    ("value", "changes"),
    [(node, {"description": "new", "name": "M"}) for node in EACH_KIND[7:8]]
    + [(node, {"description": None}) for node in EACH_KIND]
    + OTHERS,
    ids=lambda v: type(v).__name__,
)
def test_replaced_is_replace(value: Any, changes: dict[str, Any]) -> None:
    """The dict copy the passes make instead of `dataclasses.replace` is the same value,
    field for field, and leaves the original as it was."""
    before = repr(value)
    copied, expected = replaced(value, **changes), replace(value, **changes)
    assert type(copied) is type(expected) and copied == expected
    assert repr(copied) == repr(expected) and hash(copied) == hash(expected)
    assert all(
        getattr(copied, f.name) is getattr(expected, f.name) for f in fields(value)
    )
    assert repr(value) == before


def test_no_node_class_does_more_than_store_its_fields() -> None:
    """What makes a copy of `__dict__` what `replace` builds: no `__post_init__` (only
    `Api` has one, and it is never copied that way), no slots, no cached property (a
    cached value would be copied with the fields)."""
    classes = [c for _, c in inspect.getmembers(ir, inspect.isclass) if is_dataclass(c)]
    assert ir.Property in classes and ir.Operation in classes
    for cls in classes:
        assert cls is ir.Api or not hasattr(cls, "__post_init__"), cls
        assert not hasattr(cls, "__slots__"), cls
        members = vars(cls).values()
        assert not any(isinstance(m, cached_property) for m in members), cls


class _CopyingNamer(naming._InlineNamer):
    """The inline namer as it was: every step a `replace`, changed or not."""

    def named_type(self, named: ir.NamedType) -> ir.NamedType:
        node = named.type
        owner = pascal(named.name)
        if isinstance(node, ir.Object):
            node = self.members_of(replace(node, name=None), owner)
        else:
            node = self.node(node, owner)
        return replace(named, type=node)

    def members_of(  # the former signature: the name was set by a second copy
        self, obj: ir.Object, owner: str, name: str | None = None
    ) -> ir.Object:
        props = tuple(
            replace(p, type=self.node(p.type, owner + pascal(p.name)))
            for p in obj.properties
        )
        extra = self.node(obj.extra, owner + "Extra") if obj.extra else None
        return replace(obj, properties=props, extra=extra)

    def node(self, node: ir.TypeNode, context: str) -> ir.TypeNode:
        if isinstance(node, ir.Object):
            hint = pascal(node.name) if node.name else ""
            base = context + hint if hint and not context.endswith(hint) else context
            name = self.claim(base, node)
            return replace(self.members_of(node, name), name=name)
        if isinstance(node, ir.Nullable):
            return replace(node, inner=self.node(node.inner, context))
        if isinstance(node, ir.Array):
            return replace(node, items=self.node(node.items, context + "Item"))
        if isinstance(node, ir.Map):
            return replace(node, values=self.node(node.values, context + "Value"))
        if isinstance(node, ir.Union):
            suffixes = naming.member_words(node)
            members = tuple(
                self.node(m, context + s) for m, s in zip(node.members, suffixes)
            )
            return replace(node, members=members)
        return node


def test_both_upstream_documents_are_there() -> None:
    assert len(UPSTREAM) >= 2


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: p.parent.name)
def test_inline_names_as_when_every_step_copied(path: Path) -> None:
    builder = Builder(load_document(path), CodegenConfig())
    builder.build_components()
    operations = builder.operations(())
    types, named_ops = naming.name_inline_objects(builder.types, operations)
    oracle = _CopyingNamer(list(builder.types))
    expected = {name: oracle.named_type(t) for name, t in builder.types.items()}
    assert repr(types) == repr(expected)
    assert repr(named_ops) == repr([oracle.operation(op) for op in operations])
    assert any(isinstance(t.type, ir.Object) for t in types.values())
