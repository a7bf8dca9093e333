"""Graph queries over the IR: the named types a node refers to, and the types reachable
from a set of operations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from generator.ir import nodes as ir


def children(node: ir.TypeNode) -> tuple[ir.TypeNode, ...]:
    """The type nodes directly inside `node` (a `Ref` has none: it names another type)."""
    if isinstance(node, ir.LEAVES):  # most nodes: one call, not a case each
        return ()
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
    types: dict[str, ir.NamedType],
    operations: list[ir.Operation],
    also: Iterable[str] = (),
) -> dict[str, ir.NamedType]:
    """The types the operations reach, and those the named types `also` reach."""
    roots = set(also)
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


def type_names(types: dict[str, ir.NamedType]) -> set[str]:
    """Every type name: the named types and the inline objects named by their owner."""
    found = set(types)
    stack: list[ir.TypeNode] = [t.type for t in types.values()]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Object) and node.name is not None:
            found.add(node.name)
        stack.extend(children(node))
    return found


def request_schemas(api: ir.Api) -> list[tuple[str, str, str]]:
    """(schema name, root type, title) for each operation request body and multipart part."""
    out: list[tuple[str, str, str]] = []
    for op in api.operations:
        if op.body is None or not isinstance(op.body.type, ir.Ref):
            continue
        out.append(
            (
                op.qualified_name,
                op.body.type.name,
                f"{op.summary or op.method} request body",
            )
        )
        target = api.resolve(op.body.type)
        if op.body.media_type.startswith("multipart/") and isinstance(
            target, ir.Object
        ):
            for prop in target.properties:
                if isinstance(prop.type, ir.Ref):
                    out.append(
                        (f"{op.qualified_name}.{prop.name}", prop.type.name, prop.name)
                    )
    return out


def schema_names(api: ir.Api) -> list[str]:
    """The names `callspec validate` knows: request bodies first, then public types."""
    names = [name for name, _, _ in request_schemas(api)]
    return list(dict.fromkeys([*names, *(t.name for t in api.public_types())]))


def default_schema(api: ir.Api) -> str:
    """The schema a document is validated as when nothing selects one: the codegen's
    `default_schema` where the API has it, else the first request body ('' if none)."""
    if api.default_schema is not None and api.default_schema in schema_names(api):
        return api.default_schema
    requests = request_schemas(api)
    return requests[0][0] if requests else ""
