"""Graph queries over the IR: the named types a node refers to, and the types reachable
from a set of operations."""

from __future__ import annotations

from typing import assert_never

from generator.ir import nodes as ir


def children(node: ir.TypeNode) -> tuple[ir.TypeNode, ...]:
    """The type nodes directly inside `node` (a `Ref` has none: it names another type)."""
    match node:
        case ir.Object(properties=properties, extra=extra):
            inside = tuple(p.type for p in properties)
            return inside if extra is None else (*inside, extra)
        case ir.Union(members=members):
            return members
        case ir.Array(items=items):
            return (items,)
        case ir.Map(values=values):
            return (values,)
        case ir.Nullable(inner=inner):
            return (inner,)
        case ir.Ref() | ir.Primitive() | ir.Literal() | ir.FreeForm() | ir.AnyValue():
            return ()
        case _:
            assert_never(node)


def references(node: ir.TypeNode) -> set[str]:
    """Names of the named types a node refers to directly."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ir.Ref):
            found.add(current.name)
        stack.extend(children(current))
    return found


def closure(
    types: dict[str, ir.NamedType], operations: list[ir.Operation]
) -> dict[str, ir.NamedType]:
    roots: set[str] = set()
    for op in operations:
        nodes: list[ir.TypeNode] = [p.type for p in op.parameters]
        if op.body:
            nodes.append(op.body.type)
            nodes.extend(n for _, n in op.body.alternatives)
        for response in op.responses:
            if response.type is not None:
                nodes.append(response.type)
            nodes.extend(h.type for h in response.headers)
        for n in nodes:
            roots |= references(n)
    keep: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in keep or name not in types:
            continue
        keep.add(name)
        stack.extend(references(types[name].type))
    return {name: t for name, t in types.items() if name in keep}
