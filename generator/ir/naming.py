"""Pass 4, naming: Python-name clashes, operations sharing a method name, and names for
inline objects (`RealtimeAudioConfigInput`); the codegen config's names (`naming_of`).
"""

from __future__ import annotations

import operator

from generator.codegen_config import CodegenConfig
from generator.ir import nodes as ir
from generator.ir.names import pascal, snake
from generator.ir.schemas import SchemaBuilder
from generator.ir.util import literal_of, replaced
from generator.load.document import pointer_join


def naming_of(config: CodegenConfig) -> ir.Naming:
    return ir.Naming(param_names=config.param_names, context_names=config.context_names)


def check_names(builder: SchemaBuilder) -> None:
    """Two types that would get the same Python name are a clash the user must resolve."""
    seen: dict[str, str] = {}
    for name in builder.types:
        key = pascal(name).lower()
        if key in seen and seen[key] != name:
            builder.fail(
                f"schema name {name!r} clashes with {seen[key]!r} once made a Python class name",
                pointer_join("/components/schemas", name),
            )
        seen.setdefault(key, name)


def resolve_operation_names(
    builder: SchemaBuilder, operations: list[ir.Operation]
) -> list[ir.Operation]:
    """Two operations on one method name, or a method named like a sub-resource: the
    later one (in document order) takes its operationId, snake-cased, as its name."""
    resources = {
        op.resource[:i] for op in operations for i in range(1, len(op.resource) + 1)
    }
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    out = []
    for op in operations:
        key = (op.resource, op.method)
        if key in seen or op.resource + (op.method,) in resources:
            method = snake(op.operation_id)
            clash = seen.get(key, ".".join(op.resource + (op.method,)))
            builder.warn(
                f"operation {op.operation_id!r} would be "
                f"{'.'.join(op.resource)}.{op.method} like {clash!r}; "
                f"named {'.'.join(op.resource)}.{method}",
                pointer_join("/paths", op.path),
            )
            op = replaced(op, method=method)
            key = (op.resource, op.method)
        seen[key] = op.operation_id
        out.append(op)
    return out


# -- inline-object names ---------------------------------------------------------------
class _InlineNamer:
    """Gives every inline object a name derived from where it sits, so a language can
    declare it as a type of its own: `Owner` + `Property`, a union member's title or tag,
    `Item` for array items, `Value` for map values. Never numbered: a name already taken
    by a different shape gets a longer, still context-derived name instead."""

    def __init__(self, component_names: list[str]) -> None:
        self.taken: dict[str, ir.Object | None] = {
            pascal(n).lower(): None for n in component_names
        }

    def claim(self, base: str, obj: ir.Object) -> str:
        shape = _shape(obj)
        for candidate in (base, base + "Object", base + "Inline"):
            key = candidate.lower()
            if key not in self.taken:
                self.taken[key] = shape
                return candidate
            if self.taken[key] == shape:
                return candidate  # the same shape reached twice (a YAML alias): share
        suffix = "Inline"
        while (base + suffix).lower() in self.taken:
            suffix += "Inline"
        self.taken[(base + suffix).lower()] = shape
        return base + suffix

    # A node none of whose parts changes is kept, not copied: the IR is frozen, so a
    # shared node is an equal one (most property types are leaves, left as they are).
    def named_type(self, named: ir.NamedType) -> ir.NamedType:
        node = named.type
        owner = pascal(named.name)
        if isinstance(node, ir.Object):
            node = self.members_of(node, owner, name=None)
        else:
            node = self.node(node, owner)
        return named if node is named.type else replaced(named, type=node)

    def members_of(self, obj: ir.Object, owner: str, name: str | None) -> ir.Object:
        """`obj` named `name`, its members named after `owner` (one copy at most)."""
        props = tuple(self._property(p, owner) for p in obj.properties)
        extra = self.node(obj.extra, owner + "Extra") if obj.extra else None
        kept = extra is obj.extra and all(map(operator.is_, props, obj.properties))
        if kept and name == obj.name:
            return obj
        return replaced(obj, properties=props, extra=extra, name=name)

    def _property(self, prop: ir.Property, owner: str) -> ir.Property:
        if isinstance(prop.type, ir.LEAVES):  # most are: no context to build for them
            return prop
        node = self.node(prop.type, owner + pascal(prop.name))
        return prop if node is prop.type else replaced(prop, type=node)

    def node(self, node: ir.TypeNode, context: str) -> ir.TypeNode:
        if isinstance(node, ir.LEAVES):
            return node
        if isinstance(node, ir.Object):
            hint = pascal(node.name) if node.name else ""
            base = context + hint if hint and not context.endswith(hint) else context
            name = self.claim(base, node)
            return self.members_of(node, name, name)
        if isinstance(node, ir.Nullable):
            inner = self.node(node.inner, context)
            return node if inner is node.inner else replaced(node, inner=inner)
        if isinstance(node, ir.Array):
            items = self.node(node.items, context + "Item")
            return node if items is node.items else replaced(node, items=items)
        if isinstance(node, ir.Map):
            values = self.node(node.values, context + "Value")
            return node if values is node.values else replaced(node, values=values)
        if isinstance(node, ir.Union):
            suffixes = member_words(node)
            members = tuple(
                self.node(m, context + s) for m, s in zip(node.members, suffixes)
            )
            if all(map(operator.is_, members, node.members)):
                return node
            return replaced(node, members=members)
        return node

    def operation(self, op: ir.Operation) -> ir.Operation:
        base = pascal(op.operation_id)
        params = tuple(
            replaced(p, type=self.node(p.type, base + pascal(p.name)))
            for p in op.parameters
        )
        body = op.body
        if body is not None:
            body = replaced(
                body,
                type=self.node(body.type, base + "Request"),
                alternatives=tuple(
                    (m, self.node(n, base + "Request" + pascal(m)))
                    for m, n in body.alternatives
                ),
            )
        responses = tuple(
            replaced(
                r,
                type=(
                    self.node(r.type, base + "Response" + _status_word(r.status))
                    if r.type is not None
                    else None
                ),
            )
            for r in op.responses
        )
        return replaced(op, parameters=params, body=body, responses=responses)


def _status_word(status: str) -> str:
    return "" if status.startswith("2") else pascal(status)


def _shape(obj: ir.Object) -> ir.Object:
    """An object without its docs and name: what decides whether two uses are one type."""
    return replaced(
        obj,
        name=None,
        description=None,
        properties=tuple(
            p if p.description is None else replaced(p, description=None)
            for p in obj.properties
        ),
    )


def member_words(union: ir.Union) -> list[str]:
    """A context word per union member: its tag, its title, or what sets it apart."""
    tags: dict[int, str] = {}
    for tag, index in union.tags:
        tags.setdefault(index, tag)
    props = [
        {p.name for p in m.properties} if isinstance(m, ir.Object) else set()
        for m in union.members
    ]
    out: list[str] = []
    for index, member in enumerate(union.members):
        if index in tags:
            word = pascal(tags[index])
        elif isinstance(member, ir.Object) and member.name:
            word = pascal(member.name)
        elif isinstance(member, ir.Object) and _const_word(member, union):
            word = _const_word(member, union)
        elif isinstance(member, ir.Object):
            others = set().union(*(p for i, p in enumerate(props) if i != index))
            own = [p.name for p in member.properties if p.name not in others]
            word = pascal(own[0]) if own else "Variant"
            if not own:
                word += "".join(pascal(p.name) for p in member.properties[:3])
        else:
            word = _kind_word(member)
        out.append(word)
    seen: dict[str, int] = {}
    for word in out:
        seen[word] = seen.get(word, 0) + 1
    return [
        (w + _kind_word(m) if seen[w] > 1 and not isinstance(m, ir.Object) else w)
        for w, m in zip(out, union.members)
    ]


def _const_word(member: ir.Object, union: ir.Union) -> str:
    """The value of the first constant property that tells this member from the others
    (`event: thread.run.created` → `ThreadRunCreated`), or ""."""
    for prop in member.properties:
        literal = literal_of(prop.type)
        if literal is None or len(literal.values) != 1:
            continue
        values = []
        for other in union.members:
            found = other.property(prop.name) if isinstance(other, ir.Object) else None
            other_literal = literal_of(found.type) if found else None
            values.append(other_literal.values if other_literal else None)
        if values.count(literal.values) == 1:
            return pascal(str(literal.values[0]))
    return ""


def _kind_word(node: ir.TypeNode) -> str:
    if isinstance(node, ir.Array):
        return "Array"
    if isinstance(node, ir.Map):
        return "Map"
    if isinstance(node, ir.Nullable):
        return _kind_word(node.inner)
    return type(node).__name__


def name_inline_objects(
    types: dict[str, ir.NamedType], operations: list[ir.Operation]
) -> tuple[dict[str, ir.NamedType], list[ir.Operation]]:
    namer = _InlineNamer(list(types))
    named = {name: namer.named_type(t) for name, t in types.items()}
    return named, [namer.operation(op) for op in operations]
