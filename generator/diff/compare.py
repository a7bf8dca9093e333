"""The comparison's walk: operations matched by method and path, then every named type
reachable from them, with the side (request or response) it is used on."""

from __future__ import annotations

from generator.diff.change import (
    BREAKING,
    COMPATIBLE,
    DOCS,
    REQUEST,
    RESPONSE,
    SEVERITIES,
    Change,
)
from generator.diff.rules import rule_changes
from generator.diff.shapes import TypeDiffer
from generator.ir import nodes as ir
from generator.ir.build import references


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


class Differ(TypeDiffer):
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
        self.changes += rule_changes(self.old, self.new, old_sides, new_sides)
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


def diff_apis(old: ir.Api, new: ir.Api) -> list[Change]:
    return Differ(old, new).run()
