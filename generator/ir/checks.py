"""Pass 6, checks: whole-graph problems no single schema shows (a type that is only
itself)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.ir.schemas import SchemaBuilder
from generator.load.document import pointer_join


def check_alias_cycles(builder: SchemaBuilder) -> None:
    """A type that is, through `$ref`s, unions and nullability alone, only itself has no
    structure (and no Python spelling); recursion must pass through an object, array or map.
    """

    def unguarded(node: ir.TypeNode) -> set[str]:
        if isinstance(node, ir.Ref):
            return {node.name}
        if isinstance(node, ir.Nullable):
            return unguarded(node.inner)
        if isinstance(node, ir.Union):
            return set().union(*(unguarded(m) for m in node.members))
        return set()

    edges = {name: unguarded(t.type) for name, t in builder.types.items()}
    reported: set[str] = set()
    for start in edges:
        path, stack = [start], [iter(sorted(edges[start]))]
        while stack:  # depth-first, reporting a cycle back to `start` once
            step = next(stack[-1], None)
            if step is None:
                stack.pop(), path.pop()
            elif step == start and not reported & set(path):
                reported.update(path)
                cycle = " → ".join(path + [start])
                builder.fail(
                    f"schema {start!r} is itself with no object, array or map in "
                    f"between ({cycle}): it has no structure to generate",
                    pointer_join("/components/schemas", start),
                )
            elif step not in path and step in edges and len(path) < 64:
                path.append(step)
                stack.append(iter(sorted(edges[step])))
