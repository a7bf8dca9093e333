"""`property` (an array) must not contain two of `values` together."""

from __future__ import annotations

import itertools
from typing import Any

from generator.ir import nodes as ir
from generator.rules.protocol import Kind, StrategyFix


class MutuallyExclusiveValues(Kind):
    name = "mutually-exclusive-values"
    params = ("property", "values")

    def describe(self, rule: ir.Rule) -> str:
        values = " and ".join(f"`{v}`" for v in rule.params["values"])
        return f"`{rule.params['property']}` must not contain both {values}"

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        prop = rule.params["property"]
        pairs = [
            {
                "required": [prop],
                "properties": {
                    prop: {
                        "allOf": [
                            {"contains": {"const": a}},
                            {"contains": {"const": b}},
                        ]
                    }
                },
            }
            for a, b in itertools.combinations(rule.params["values"], 2)
        ]
        return {"not": pairs[0] if len(pairs) == 1 else {"anyOf": pairs}}

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_mutually_exclusive", (rule.params,))


KIND = MutuallyExclusiveValues()
