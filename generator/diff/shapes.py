"""Comparison of two type nodes, by shape: nullability, primitives and their bounds, enum
values, union branches (paired across renames), arrays, maps and object properties. The
operation-level walk in `compare.py` builds on it."""

from __future__ import annotations

from generator.diff.change import (
    BREAKING,
    COMPATIBLE,
    DOCS,
    REQUEST,
    RESPONSE,
    Change,
    range_change,
)
from generator.ir import nodes as ir


class TypeDiffer:
    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []
        self.renamed: dict[str, str] = {}  # old type name → new, met at the same site
        self.pending: list[tuple[str, str]] = []
        self.depth = 0
        self.inlined: set[tuple[str, str]] = set()  # ("old"/"new", name) met by shape

    def add(self, severity: str, subject: str, where: str, message: str) -> None:
        self.changes.append(Change(severity, subject, where, message))

    def by_side(
        self, sides_: set[str], subject: str, where: str, message: str, *, narrows: bool
    ) -> None:
        """A value-set change: `narrows` breaks requests, widening breaks nothing."""
        severity = BREAKING if narrows and REQUEST in sides_ else COMPATIBLE
        self.add(severity, subject, where, message)

    # -- types ----------------------------------------------------------------------------
    def node(
        self,
        old: ir.TypeNode,
        new: ir.TypeNode,
        subject: str,
        where: str,
        used: set[str],
    ) -> None:
        if (old.description or "") != (new.description or "") and not isinstance(
            new, ir.Ref
        ):
            self.add(DOCS, subject, where, "description changed")
        old_null, new_null = isinstance(old, ir.Nullable), isinstance(new, ir.Nullable)
        if old_null and not new_null:
            self.by_side(used, subject, where, "nullability removed", narrows=True)
        elif new_null and not old_null:
            severity = BREAKING if RESPONSE in used else COMPATIBLE
            self.add(severity, subject, where, "nullability added")
        if isinstance(old, ir.Nullable):
            old = old.inner
        if isinstance(new, ir.Nullable):
            new = new.inner
        if isinstance(old, ir.Ref) and isinstance(new, ir.Ref):
            if old.name != new.name and old.name in self.old.types:
                self.pending.append((old.name, new.name))  # compared as a pair, once
            return  # the named type itself is compared once, on its own
        if isinstance(old, ir.Ref) != isinstance(new, ir.Ref) and self.depth < 8:
            named = old if isinstance(old, ir.Ref) else new
            side = "old" if named is old else "new"
            assert isinstance(named, ir.Ref)
            self.inlined.add((side, named.name))
            self.depth += 1  # a named type on one side, inline on the other: by shape
            try:
                self.node(
                    self.old.resolve(old), self.new.resolve(new), subject, where, used
                )
            finally:
                self.depth -= 1
            return
        if isinstance(old, ir.Union) or isinstance(new, ir.Union):
            self.union(old, new, subject, where, used)
            return
        if type(old) is not type(new):
            self.add(
                BREAKING,
                subject,
                where,
                f"type changed from {describe(old)} to {describe(new)}",
            )
            return
        if isinstance(old, ir.Primitive) and isinstance(new, ir.Primitive):
            self.primitive(old, new, subject, where, used)
        elif isinstance(old, ir.Literal) and isinstance(new, ir.Literal):
            self.literal(old, new, subject, where, used)
        elif isinstance(old, ir.Array) and isinstance(new, ir.Array):
            self.bounds(
                used, subject, where, "items", old.min_items, new.min_items, low=True
            )
            self.bounds(
                used, subject, where, "items", old.max_items, new.max_items, low=False
            )
            self.node(old.items, new.items, subject, where + "[]", used)
        elif isinstance(old, ir.Map) and isinstance(new, ir.Map):
            self.node(old.values, new.values, subject, where + "{}", used)
        elif isinstance(old, ir.Object) and isinstance(new, ir.Object):
            self.object(old, new, subject, where, used)

    def primitive(
        self,
        old: ir.Primitive,
        new: ir.Primitive,
        subject: str,
        where: str,
        used: set[str],
    ) -> None:
        if old.kind != new.kind:
            widening = (old.kind, new.kind) == ("integer", "number")
            self.by_side(
                used,
                subject,
                where,
                f"type changed from {old.kind} to {new.kind}",
                narrows=not widening,
            )
            return
        pairs = (
            ("minimum", old.minimum, new.minimum, True),
            ("exclusive minimum", old.exclusive_minimum, new.exclusive_minimum, True),
            ("maximum", old.maximum, new.maximum, False),
            ("exclusive maximum", old.exclusive_maximum, new.exclusive_maximum, False),
            ("length", old.min_length, new.min_length, True),
            ("length", old.max_length, new.max_length, False),
        )
        for label, before, after, low in pairs:
            self.bounds(used, subject, where, label, before, after, low=low)
        if old.pattern != new.pattern:
            self.by_side(
                used,
                subject,
                where,
                f"pattern changed from {old.pattern!r} to {new.pattern!r}",
                narrows=new.pattern is not None,
            )
        if old.format != new.format:
            self.by_side(
                used,
                subject,
                where,
                f"format changed from {old.format} to {new.format}",
                narrows=new.format is not None,
            )

    def bounds(
        self,
        used: set[str],
        subject: str,
        where: str,
        label: str,
        before: float | None,
        after: float | None,
        *,
        low: bool,
    ) -> None:
        """One bound of a range: a lower bound going up, or an upper bound going down (or
        appearing), tightens the range; the reverse widens it."""
        if before == after:
            return
        word = ("minimum" if low else "maximum") if label in ("items", "length") else ""
        name = f"{word} {label}".strip() if word else label
        message, tightened = range_change(name, before, after, low=low)
        self.by_side(used, subject, where, message, narrows=tightened)

    def literal(
        self, old: ir.Literal, new: ir.Literal, subject: str, where: str, used: set[str]
    ) -> None:
        removed = [v for v in old.values if v not in new.values]
        added = [v for v in new.values if v not in old.values]
        for v in removed:
            self.by_side(
                used, subject, where, f"enum value {v!r} removed", narrows=True
            )
        for v in added:
            self.by_side(used, subject, where, f"enum value {v!r} added", narrows=False)

    def union(
        self,
        old: ir.TypeNode,
        new: ir.TypeNode,
        subject: str,
        where: str,
        used: set[str],
    ) -> None:
        old_flat: set[str] = set()
        new_flat: set[str] = set()
        old_m = _branches(old, self.old, old_flat)
        new_m = _branches(new, self.new, new_flat)
        self.inlined |= {("old", n) for n in old_flat} | {("new", n) for n in new_flat}
        pairs = [(key, key) for key in old_m if key in new_m]
        # Branches under other names: paired by kind (two objects, two strings...), in order.
        left_new = [k for k in new_m if k not in old_m]
        for key in [k for k in old_m if k not in new_m]:
            kind = _kind(self.old.resolve(old_m[key]))
            match = next(
                (k for k in left_new if _kind(self.new.resolve(new_m[k])) == kind), None
            )
            if match is None:
                self.by_side(
                    used, subject, where, f"branch {key} removed", narrows=True
                )
                continue
            left_new.remove(match)
            pairs.append((key, match))
        for key in left_new:
            self.by_side(used, subject, where, f"branch {key} added", narrows=False)
        for a, b in pairs:
            self.node(old_m[a], new_m[b], subject, where, used)

    def object(
        self, old: ir.Object, new: ir.Object, subject: str, where: str, used: set[str]
    ) -> None:
        old_p = {p.name: p for p in old.properties}
        new_p = {p.name: p for p in new.properties}
        for name, prop in old_p.items():
            if name not in new_p:
                self.add(BREAKING, subject, f"{where}.{name}", "property removed")
        for name, prop in new_p.items():
            at = f"{where}.{name}"
            if name not in old_p:
                severity = BREAKING if prop.required and REQUEST in used else COMPATIBLE
                kind = "required" if prop.required else "optional"
                self.add(severity, subject, at, f"property added ({kind})")
                continue
            before = old_p[name]
            if prop.required and not before.required:
                severity = BREAKING if REQUEST in used else COMPATIBLE
                self.add(severity, subject, at, "newly required")
            elif before.required and not prop.required:
                severity = BREAKING if RESPONSE in used else COMPATIBLE
                self.add(severity, subject, at, "no longer required")
            if (before.description or "") != (prop.description or ""):
                self.add(DOCS, subject, at, "description changed")
            if before.has_default != prop.has_default or before.default != prop.default:
                self.add(
                    DOCS,
                    subject,
                    at,
                    f"default changed from {_value(before)} to {_value(prop)}",
                )
            self.node(before.type, prop.type, subject, at, used)
        if old.closed and not new.closed:
            self.add(COMPATIBLE, subject, where, "now accepts unknown properties")
        elif new.closed and not old.closed:
            self.by_side(
                used,
                subject,
                where,
                "no longer accepts unknown properties",
                narrows=True,
            )


def _branches(
    node: ir.TypeNode, api: ir.Api, flattened: set[str]
) -> dict[str, ir.TypeNode]:
    """Union members keyed by what identifies them across versions (a member that is
    itself an untagged union, named or not, contributes its own members)."""
    members = node.members if isinstance(node, ir.Union) else (node,)
    if isinstance(node, ir.Union) and not node.tags:
        flat: list[ir.TypeNode] = []
        for member in members:
            inner = api.resolve(member) if isinstance(member, ir.Ref) else member
            if isinstance(inner, ir.Union) and not inner.tags:
                flat.extend(inner.members)
                if isinstance(member, ir.Ref):
                    flattened.add(member.name)
            else:
                flat.append(member)
        members = tuple(flat)
    tags: dict[int, str] = {}
    if isinstance(node, ir.Union):
        for tag, index in node.tags:
            tags.setdefault(index, tag)
    out: dict[str, ir.TypeNode] = {}
    for index, member in enumerate(members):
        if index in tags:
            key = f"{tags[index]!r}"
        elif isinstance(member, ir.Ref):
            key = member.name
        elif isinstance(member, ir.Object) and member.name:
            key = member.name
        else:
            key = describe(member)
        while key in out:
            key += "'"
        out[key] = member
    return out


def _kind(node: ir.TypeNode) -> str:
    if isinstance(node, ir.Nullable):
        return _kind(node.inner)
    if isinstance(node, (ir.Object, ir.FreeForm, ir.Map)):
        return "object"
    if isinstance(node, ir.Literal):
        return type(node.values[0]).__name__ if node.values else "null"
    if isinstance(node, ir.Primitive):
        return {"string": "str", "integer": "int", "number": "float"}.get(
            node.kind, node.kind
        )
    return type(node).__name__


def describe(node: ir.TypeNode) -> str:
    """A short, language-neutral name for a type."""
    if isinstance(node, ir.Ref):
        return node.name
    if isinstance(node, ir.Primitive):
        return node.kind
    if isinstance(node, ir.Literal):
        return "enum" if len(node.values) > 1 else f"const {node.values[0]!r}"
    if isinstance(node, ir.Array):
        return f"array of {describe(node.items)}"
    if isinstance(node, ir.Map):
        return f"map of {describe(node.values)}"
    if isinstance(node, ir.Object):
        return "object"
    if isinstance(node, ir.FreeForm):
        return "free-form object"
    if isinstance(node, ir.AnyValue):
        return "any value"
    if isinstance(node, ir.Union):
        return "union"
    if isinstance(node, ir.Nullable):
        return f"nullable {describe(node.inner)}"
    return type(node).__name__


def _value(prop: ir.Property) -> str:
    return repr(prop.default) if prop.has_default else "none"
