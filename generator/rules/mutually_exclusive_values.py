"""`property` (an array) must not contain two of `values` together."""

from __future__ import annotations

import itertools
from typing import Any

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import NAME, VALUES, Kind, StrategyFix


class MutuallyExclusiveValues(Kind):
    name = "mutually-exclusive-values"
    params = {"property": NAME, "values": VALUES}

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

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        values = rule.params["values"]
        if not all(isinstance(v, str) for v in values) or len(set(values)) < len(
            values
        ):
            return super().guard(rule, var)
        # distinct values: an array of one item (the usual) cannot hold two of them
        prop = lit(rule.params["property"])
        return (
            f"isinstance({var}, dict) and isinstance({var}.get({prop}), (list, tuple))"
            f" and len({var}[{prop}]) > 1"
        )

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_mutually_exclusive", (rule.params,))


KIND = MutuallyExclusiveValues()
