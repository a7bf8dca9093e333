"""IR-to-IR comparison of two specs: what changed, and whether it breaks callers.

Every change names its subject (an operation's `resource.method`, or a type) and where in it
(`param query 'limit'`, `.session.audio.output.speed`, ...). Severity depends on the side a
type is used on: a caller *sends* request types, so narrowing them (an enum value or union
branch removed, a range tightened, `null` no longer allowed, a parameter newly required) is
breaking and widening is compatible; a caller *receives* response types, so there a removed
field or newly possible `null` breaks, while a narrower value is compatible. A type used on
both sides takes the worse of the two. Descriptions only ever give docs-only changes.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

from generator.ir import nodes as ir
from generator.ir.build import references

BREAKING, COMPATIBLE, DOCS = "breaking", "compatible", "docs-only"
SEVERITIES = (BREAKING, COMPATIBLE, DOCS)
REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Change:
    severity: str
    subject: str  # operation (`realtime.calls.accept`) or type name
    where: str  # the field, parameter or value inside it; "" for the subject itself
    message: str

    def render(self) -> str:
        where = f" {self.where}" if self.where else ""
        return f"{self.subject}{where}: {self.message}"


# -- loading ------------------------------------------------------------------------------
def load_api(
    ref: str,
    paths: tuple[str, ...] = (),
    cwd: Path | None = None,
    overlays: tuple[Path, ...] = (),
) -> ir.Api:
    """A spec file, or `git:REV:PATH` (a file as committed at REV), as IR; `overlays`
    are applied after the spec's own."""
    from generator.ir.build import build_api

    if ref.startswith("git:"):
        rev, _, path = ref[4:].partition(":")
        if not rev or not path:
            raise ValueError(f"expected git:REV:PATH, got {ref!r}")
        shown = subprocess.run(
            ["git", "show", f"{rev}:{path}"],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            message = shown.stderr.decode(errors="replace").strip()
            raise ValueError(f"cannot read {ref}: {message}")
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / Path(path).name
            target.write_bytes(shown.stdout)
            return build_api(target, None, paths, overlays=overlays)
    spec = Path(ref)
    codegen = spec.parent / "codegen.yaml"
    return build_api(
        spec, codegen if codegen.exists() else None, paths, overlays=overlays
    )


# -- comparison ---------------------------------------------------------------------------
def _op_key(op: ir.Operation) -> tuple[str, str]:
    return op.http_method, op.path


def _op_name(op: ir.Operation) -> str:
    return ".".join(op.resource + (op.method,))


def _roots(op: ir.Operation) -> dict[str, list[ir.TypeNode]]:
    request: list[ir.TypeNode] = [p.type for p in op.parameters]
    if op.body is not None:
        request.append(op.body.type)
        request.extend(n for _, n in op.body.alternatives)
    response: list[ir.TypeNode] = []
    for r in op.responses:
        if r.type is not None:
            response.append(r.type)
        response.extend(h.type for h in r.headers)
    return {REQUEST: request, RESPONSE: response}


def sides(api: ir.Api) -> dict[str, set[str]]:
    """Each named type reachable from an operation → the sides it is used on."""
    used: dict[str, set[str]] = {}
    for op in api.operations:
        for side, nodes in _roots(op).items():
            stack = sorted(
                set().union(*(references(n) for n in nodes)) if nodes else ()
            )
            while stack:
                name = stack.pop()
                if name not in api.types or side in used.get(name, set()):
                    continue
                used.setdefault(name, set()).add(side)
                stack.extend(sorted(references(api.types[name].type)))
    return used


class Differ:
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

    # -- top level ------------------------------------------------------------------------
    def run(self) -> list[Change]:
        old_ops = {_op_key(op): op for op in self.old.operations}
        new_ops = {_op_key(op): op for op in self.new.operations}
        for key, op in old_ops.items():
            if key not in new_ops:
                self.add(
                    BREAKING,
                    _op_name(op),
                    "",
                    f"operation removed ({key[0].upper()} {key[1]})",
                )
        for key, op in new_ops.items():
            if key not in old_ops:
                self.add(
                    COMPATIBLE,
                    _op_name(op),
                    "",
                    f"operation added ({key[0].upper()} {key[1]})",
                )
            else:
                self.operation(old_ops[key], op)
        old_sides, new_sides = sides(self.old), sides(self.new)
        self.rules(old_sides, new_sides)
        for name, used in new_sides.items():
            if name in old_sides:
                self.named(name, name, used | old_sides[name])
        done: set[tuple[str, str]] = set()
        while self.pending:  # types met under another name at the same site
            pair = self.pending.pop(0)
            if pair in done or pair[0] == pair[1]:
                continue
            done.add(pair)
            used = old_sides.get(pair[0], set()) | new_sides.get(pair[1], set())
            self.named(pair[0], pair[1], used)
        matched_old = {a for a, _ in done} | set(new_sides)
        matched_new = {b for _, b in done} | set(old_sides)
        for name in old_sides:
            if ("old", name) in self.inlined and name not in matched_old:
                self.add(COMPATIBLE, name, "", "now written inline where it is used")
            elif name not in matched_old:
                self.add(BREAKING, name, "", "type removed")
        for name in new_sides:
            if ("new", name) in self.inlined and name not in matched_new:
                self.add(
                    COMPATIBLE, name, "", "named type for a shape written inline before"
                )
            elif name not in matched_new:
                self.add(COMPATIBLE, name, "", "type added")
        order = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(
            dict.fromkeys(self.changes),
            key=lambda c: (order[c.severity], c.subject, c.where, c.message),
        )

    # -- rules beyond types (x-callspec-rules) -----------------------------------------
    def rules(
        self, old_sides: dict[str, set[str]], new_sides: dict[str, set[str]]
    ) -> None:
        """A rule added, removed, tightened, loosened or changed in severity. The rules check
        what a caller sends: an error rule that now rejects more on a request type breaks
        callers; a warning never does (it does not fail validation)."""
        old_rules = {r.id: r for r in self.old.rules}
        new_rules = {r.id: r for r in self.new.rules}
        for rule_id, rule in old_rules.items():
            if rule_id not in new_rules:
                self.add(
                    COMPATIBLE, f"rule {rule_id}", "", f"{rule.severity} rule removed"
                )
        for rule_id, rule in new_rules.items():
            subject = f"rule {rule_id}"
            used = _rule_sides(rule, new_sides)
            blocks = rule.severity == "error" and REQUEST in used
            if rule_id not in old_rules:
                severity = BREAKING if blocks else COMPATIBLE
                where = ", ".join(rule.applies_to)
                self.add(
                    severity, subject, "", f"{rule.severity} rule added on {where}"
                )
                continue
            before = old_rules[rule_id]
            used |= _rule_sides(before, old_sides)
            blocks = rule.severity == "error" and REQUEST in used
            if before.severity != rule.severity:
                severity = BREAKING if blocks else COMPATIBLE
                self.add(
                    severity,
                    subject,
                    "",
                    f"severity changed from {before.severity} to {rule.severity}",
                )
            if before.source != rule.source or before.message != rule.message:
                self.add(DOCS, subject, "", "source or message changed")
            for message, tightened in _rule_changes(before, rule):
                severity = BREAKING if blocks and tightened else COMPATIBLE
                self.add(severity, subject, "", message)

    def named(self, old_name: str, new_name: str, used: set[str]) -> None:
        old_t, new_t = self.old.types[old_name], self.new.types[new_name]
        if old_name != new_name:
            self.add(COMPATIBLE, new_name, "", f"renamed from {old_name}")
        if (old_t.description or "") != (new_t.description or ""):
            self.add(DOCS, new_name, "", "description changed")
        self.node(old_t.type, new_t.type, new_name, "", used)

    def operation(self, old: ir.Operation, new: ir.Operation) -> None:
        subject = _op_name(new)
        if _op_name(old) != subject:
            self.add(COMPATIBLE, subject, "", f"method renamed from {_op_name(old)}")
        for attr in ("summary", "description"):
            if (getattr(old, attr) or "") != (getattr(new, attr) or ""):
                self.add(DOCS, subject, "", f"{attr} changed")
        if new.deprecated and not old.deprecated:
            self.add(COMPATIBLE, subject, "", "deprecated")
        old_params = {(p.location, p.name): p for p in old.parameters}
        new_params = {(p.location, p.name): p for p in new.parameters}
        for key, p in old_params.items():
            if key not in new_params:
                self.add(BREAKING, subject, f"{key[0]} parameter {key[1]!r}", "removed")
        for key, p in new_params.items():
            where = f"{key[0]} parameter {key[1]!r}"
            if key not in old_params:
                severity = BREAKING if p.required else COMPATIBLE
                kind = "required" if p.required else "optional"
                self.add(severity, subject, where, f"added ({kind})")
                continue
            before = old_params[key]
            if p.required and not before.required:
                self.add(BREAKING, subject, where, "newly required")
            elif before.required and not p.required:
                self.add(COMPATIBLE, subject, where, "no longer required")
            if (before.description or "") != (p.description or ""):
                self.add(DOCS, subject, where, "description changed")
            self.node(before.type, p.type, subject, where, {REQUEST})
        self.body(old.body, new.body, subject)
        old_ok, new_ok = old.success, new.success
        if old_ok is not None and new_ok is not None:
            if old_ok.media_type != new_ok.media_type:
                self.add(
                    BREAKING,
                    subject,
                    "response",
                    f"media type changed from {old_ok.media_type} to {new_ok.media_type}",
                )
            elif old_ok.type is not None and new_ok.type is not None:
                self.node(old_ok.type, new_ok.type, subject, "response", {RESPONSE})

    def body(self, old: ir.Body | None, new: ir.Body | None, subject: str) -> None:
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            severity = BREAKING if new.required else COMPATIBLE
            self.add(severity, subject, "body", "request body added")
            return
        if new is None:
            self.add(BREAKING, subject, "body", "request body removed")
            return
        if new.required and not old.required:
            self.add(BREAKING, subject, "body", "request body newly required")
        elif old.required and not new.required:
            self.add(COMPATIBLE, subject, "body", "request body no longer required")
        if old.media_type != new.media_type:
            self.add(
                BREAKING,
                subject,
                "body",
                f"media type changed from {old.media_type} to {new.media_type}",
            )
        old_alt, new_alt = dict(old.alternatives), dict(new.alternatives)
        for media in old_alt.keys() - new_alt.keys():
            self.add(
                BREAKING, subject, "body", f"media type {media} no longer accepted"
            )
        for media in new_alt.keys() - old_alt.keys():
            self.add(COMPATIBLE, subject, "body", f"media type {media} now accepted")
        self.node(old.type, new.type, subject, "body", {REQUEST})

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
        if before is None:
            tightened = True
        elif after is None:
            tightened = False
        else:
            tightened = after > before if low else after < before
        verb = "range tightened" if tightened else "range widened"
        self.by_side(
            used,
            subject,
            where,
            f"{verb}: {name} {_num(before)} → {_num(after)}",
            narrows=tightened,
        )

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


# How each rule kind's parameters order its strictness (the rest: changed, no order).
_RULE_LOWER_BOUNDS = {("int-range", "minimum")}
_RULE_UPPER_BOUNDS = {("int-range", "maximum")}
_RULE_MORE_IS_TIGHTER = {  # more values, more is forbidden
    ("mutually-exclusive-values", "values"),
    ("at-most-one-of", "properties"),
}
_RULE_MORE_IS_LOOSER = {  # more values, more is allowed
    ("require-one-of", "properties"),
    ("string-prefix", "prefixes"),
    ("model-gated", "models"),
}
_RULE_DOCS_PARAMS = {"description"}


def _rule_sides(rule: ir.Rule, used: dict[str, set[str]]) -> set[str]:
    """The sides of the types a rule applies to; a type no operation reaches (a public
    type validated on its own) counts as sent."""
    found: set[str] = set()
    for name in rule.applies_to:
        found |= used.get(name, {REQUEST})
    return found


def _rule_changes(old: ir.Rule, new: ir.Rule) -> list[tuple[str, bool]]:
    """(message, tightened) for each difference between two versions of a rule; a change
    that neither narrows nor widens (another kind, property or condition) counts as
    tightened, since it may reject what was valid."""
    out: list[tuple[str, bool]] = []
    if old.kind != new.kind:
        return [(f"kind changed from {old.kind} to {new.kind}", True)]
    applied = _added_removed(old.applies_to, new.applies_to)
    out += [(f"now also applies to {name}", True) for name in applied[0]]
    out += [(f"no longer applies to {name}", False) for name in applied[1]]
    for key in sorted(set(old.params) | set(new.params)):
        before, after = old.params.get(key), new.params.get(key)
        if before == after or key in _RULE_DOCS_PARAMS:
            continue
        slot = (new.kind, key)
        if slot in _RULE_LOWER_BOUNDS | _RULE_UPPER_BOUNDS and _numbers(before, after):
            assert isinstance(before, (int, float)) and isinstance(after, (int, float))
            low = slot in _RULE_LOWER_BOUNDS
            tightened = after > before if low else after < before
            verb = "range tightened" if tightened else "range widened"
            out.append((f"{verb}: {key} {_num(before)} → {_num(after)}", tightened))
        elif slot in _RULE_MORE_IS_TIGHTER | _RULE_MORE_IS_LOOSER and _lists(
            before, after
        ):
            assert isinstance(before, list) and isinstance(after, list)
            more_tighter = slot in _RULE_MORE_IS_TIGHTER
            added, removed = _added_removed(before, after)
            out += [(f"{key}: {v!r} added", more_tighter) for v in added]
            out += [(f"{key}: {v!r} removed", not more_tighter) for v in removed]
        else:
            out.append(
                (f"{key} changed from {_param(before)} to {_param(after)}", True)
            )
    return out


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _lists(*values: Any) -> bool:
    return all(isinstance(v, list) for v in values)


def _added_removed(old: Any, new: Any) -> tuple[list[Any], list[Any]]:
    return [v for v in new if v not in old], [v for v in old if v not in new]


def _param(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False)


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


def _num(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


def _value(prop: ir.Property) -> str:
    return repr(prop.default) if prop.has_default else "none"


def diff_apis(old: ir.Api, new: ir.Api) -> list[Change]:
    return Differ(old, new).run()


# -- reports ------------------------------------------------------------------------------
def counts(changes: list[Change]) -> dict[str, int]:
    return {s: sum(1 for c in changes if c.severity == s) for s in SEVERITIES}


def summary(changes: list[Change]) -> str:
    n = counts(changes)
    return f"{n[BREAKING]} breaking, {n[COMPATIBLE]} compatible, {n[DOCS]} docs-only change(s)"


def render_text(changes: list[Change]) -> Iterator[str]:
    for c in changes:
        yield f"{c.severity:<10}  {c.render()}"
    yield summary(changes)


_HEADINGS = {
    BREAKING: "Breaking changes",
    COMPATIBLE: "Compatible changes",
    DOCS: "Documentation",
}


def render_markdown(changes: list[Change], old: str, new: str) -> Iterator[str]:
    yield f"## API changes: `{old}` → `{new}`"
    yield ""
    yield summary(changes) + "."
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if not group:
            continue
        yield ""
        yield f"### {_HEADINGS[severity]}"
        yield ""
        for c in group:
            where = f" {c.where}" if c.where else ""
            yield f"- `{c.subject}`{_md(where)}: {_md(c.message)}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_json(changes: list[Change], old: str, new: str) -> dict[str, Any]:
    return {
        "old": old,
        "new": new,
        "counts": counts(changes),
        "changes": [asdict(c) for c in changes],
    }
