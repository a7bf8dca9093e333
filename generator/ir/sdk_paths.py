"""Paths into the IR as `sdk_modules:` in the codegen config writes them: a type name,
then `.property`, `[]` (array items), `{}` (map values) and `|N` (union member N), e.g.
`RealtimeCallAcceptRequest.audio.input.noise_reduction.type` or
`RealtimeServerEvent|3.item`. References and nullability are looked through."""

from __future__ import annotations

import re

from generator.ir import nodes as ir

_PART = re.compile(r"\.[A-Za-z0-9_$]+|\[\]|\{\}|\|\d+|^[A-Za-z0-9_]+")


def deref(api: ir.Api, node: ir.TypeNode) -> ir.TypeNode:
    """`node` with references to named types and `Nullable` looked through."""
    while True:
        if isinstance(node, ir.Ref) and node.name in api.types:
            node = api.types[node.name].type
        elif isinstance(node, ir.Nullable):
            node = node.inner
        else:
            return node


def resolve(api: ir.Api, path: str) -> ir.TypeNode:
    """The node at `path`; a `KeyError` naming the step that does not exist."""
    parts = _PART.findall(path)
    if not parts or "".join(parts) != path or parts[0] not in api.types:
        raise KeyError(f"{path}: not a path into a type of the spec")
    node: ir.TypeNode = ir.Ref(parts[0])
    for part in parts[1:]:
        node = deref(api, node)
        if part == "{}" and isinstance(node, ir.Map):
            node = node.values
        elif part == "[]" and isinstance(node, ir.Array):
            node = node.items
        elif part.startswith("|") and isinstance(node, ir.Union):
            index = int(part[1:])
            if index >= len(node.members):
                raise KeyError(f"{path}: no union member {index}")
            node = node.members[index]
        elif part.startswith(".") and isinstance(node, ir.Object):
            prop = node.property(part[1:])
            if prop is None:
                raise KeyError(f"{path}: no property {part[1:]!r}")
            node = prop.type
        else:
            raise KeyError(f"{path}: cannot take {part!r} of a {type(node).__name__}")
    return node
