"""Comparison of the rules beyond types (`x-callspec-rules`): a rule added, removed,
tightened, loosened or changed in severity, and how each kind's parameters order strictness.
"""

from __future__ import annotations

import json
from typing import Any

from generator.diff.change import (
    BREAKING,
    COMPATIBLE,
    DOCS,
    REQUEST,
    Change,
    range_change,
)
from generator.ir import nodes as ir


def rule_changes(
    old: ir.Api,
    new: ir.Api,
    old_sides: dict[str, set[str]],
    new_sides: dict[str, set[str]],
) -> list[Change]:
    """A rule added, removed, tightened, loosened or changed in severity. The rules check
    what a caller sends: an error rule that now rejects more on a request type breaks
    callers; a warning never does (it does not fail validation)."""
    out: list[Change] = []
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    for rule_id, rule in old_rules.items():
        if rule_id not in new_rules:
            out.append(
                Change(
                    COMPATIBLE, f"rule {rule_id}", "", f"{rule.severity} rule removed"
                )
            )
    for rule_id, rule in new_rules.items():
        subject = f"rule {rule_id}"
        used = _rule_sides(rule, new_sides)
        blocks = rule.severity == "error" and REQUEST in used
        if rule_id not in old_rules:
            severity = BREAKING if blocks else COMPATIBLE
            where = ", ".join(rule.applies_to)
            out.append(
                Change(severity, subject, "", f"{rule.severity} rule added on {where}")
            )
            continue
        before = old_rules[rule_id]
        used |= _rule_sides(before, old_sides)
        blocks = rule.severity == "error" and REQUEST in used
        if before.severity != rule.severity:
            severity = BREAKING if blocks else COMPATIBLE
            out.append(
                Change(
                    severity,
                    subject,
                    "",
                    f"severity changed from {before.severity} to {rule.severity}",
                )
            )
        if before.source != rule.source or before.message != rule.message:
            out.append(Change(DOCS, subject, "", "source or message changed"))
        for message, tightened in _rule_changes(before, rule):
            severity = BREAKING if blocks and tightened else COMPATIBLE
            out.append(Change(severity, subject, "", message))
    return out


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
            out.append(range_change(key, before, after, low=slot in _RULE_LOWER_BOUNDS))
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
