"""Pass 5, rules: `x-callspec-rules` → IR rules, checked against the rule-kind registry
(`generator/rules/`)."""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.ir import nodes as ir
from generator.ir.schemas import SchemaBuilder
from generator.ir.util import seq, text_or_none
from generator.load.document import pointer_join
from generator.rules import kinds as rule_kinds

_RULE_FIELDS = ("id", "severity", "applies_to", "source", "kind", "message")


def build_rules(builder: SchemaBuilder, data: dict[str, Any]) -> tuple[ir.Rule, ...]:
    """`x-callspec-rules` → IR rules; a malformed rule is a problem added to the builder's
    (so it is reported together with, say, a dangling `$ref`)."""
    raw = data.get("x-callspec-rules") or []
    rules: list[ir.Rule] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        at = pointer_join("/x-callspec-rules", index)
        if not isinstance(entry, dict):
            problems.append(builder.doc.problem("a rule must be a mapping", at))
            continue
        rule_id = str(entry.get("id", ""))
        applies = entry.get("applies_to") or []
        applies = [applies] if isinstance(applies, str) else list(seq(applies))
        if not rule_id or rule_id in seen:
            problems.append(
                builder.doc.problem(f"rule id {rule_id!r} missing or repeated", at)
            )
        if not isinstance(entry.get("severity"), str) or entry.get("severity") not in (
            "error",
            "warning",
        ):
            problems.append(
                builder.doc.problem("rule severity must be error or warning", at)
            )
        if (
            not isinstance(entry.get("kind"), str)
            or entry.get("kind") not in rule_kinds()
        ):
            problems.append(
                builder.doc.problem(f"unknown rule kind {entry.get('kind')!r}", at)
            )
        known = rule_kinds().get(str(entry.get("kind")))
        for param in known.params if known else ():
            if param not in entry:
                problems.append(
                    builder.doc.problem(f"rule {rule_id!r} needs {param!r}", at)
                )
        for name in applies:
            if not isinstance(name, str) or name not in builder.types:
                problems.append(
                    builder.doc.problem(f"rule applies to unknown type {name!r}", at)
                )
        seen.add(rule_id)
        params = {k: v for k, v in entry.items() if k not in _RULE_FIELDS}
        if params.get("models") == "x-callspec-reasoning-models":
            params["models"] = list(seq(data.get("x-callspec-reasoning-models")))
        for param, shape in known.params.items() if known else ():
            if param in params and not shape.holds(params[param]):
                problems.append(
                    builder.doc.problem(
                        f"rule {rule_id!r}: {param!r} must be {shape.what}",
                        pointer_join(at, param),
                    )
                )
        rules.append(
            ir.Rule(
                id=rule_id,
                severity=str(entry.get("severity")),
                applies_to=tuple(str(a) for a in applies),
                kind=str(entry.get("kind")),
                source=str(entry.get("source", "")),
                params=params,
                message=text_or_none(entry.get("message")),
            )
        )
    if not isinstance(raw, list):
        problems.append(
            builder.doc.problem("x-callspec-rules must be a list", "/x-callspec-rules")
        )
    builder.problems.extend(problems)  # reported with every other pass's problems
    return tuple(rules)
