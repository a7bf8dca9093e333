"""At least one of `properties` must be present."""

from __future__ import annotations

from typing import Any

from generator.ir import nodes as ir
from generator.rules.protocol import NAMES, Bound, Kind, StrategyFix, code, has


class RequireOneOf(Kind):
    name = "require-one-of"
    params = {"properties": NAMES}

    def describe(self, rule: ir.Rule) -> str:
        return f"one of {code(rule.params['properties'])} is required"

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        return {"anyOf": [{"required": [name]} for name in rule.params["properties"]]}

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        given = has(var, rule.params["properties"], " or ")
        return given.replace(" and (", " and not (", 1)  # none of them given

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_one_of", (Bound.OWNER, rule.params, True))


KIND = RequireOneOf()
