"""Integer `property` within `minimum`-`maximum`."""

from __future__ import annotations

from typing import Any

from generator.ir import nodes as ir
from generator.rules.protocol import INTEGER, NAME, Kind, StrategyFix


class IntRange(Kind):
    name = "int-range"
    params = {"property": NAME, "minimum": INTEGER, "maximum": INTEGER}

    def describe(self, rule: ir.Rule) -> str:
        p = rule.params
        return f"`{p['property']}` must be within {p['minimum']}-{p['maximum']}"

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        p = rule.params
        bounds = {"minimum": p["minimum"], "maximum": p["maximum"]}
        return {"properties": {p["property"]: bounds}}

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        p = rule.params
        return StrategyFix("_integers", (p["minimum"], p["maximum"]), p["property"])


KIND = IntRange()
