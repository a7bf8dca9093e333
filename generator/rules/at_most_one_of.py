"""No two of `properties` together."""

from __future__ import annotations

import itertools
from typing import Any

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import NAMES, Bound, Kind, StrategyFix, code


class AtMostOneOf(Kind):
    name = "at-most-one-of"
    params = {"properties": NAMES}

    def describe(self, rule: ir.Rule) -> str:
        return f"give only one of {code(rule.params['properties'])}"

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        pairs = [
            {"required": [a, b]}
            for a, b in itertools.combinations(rule.params["properties"], 2)
        ]
        return {"not": pairs[0] if len(pairs) == 1 else {"anyOf": pairs}}

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        # a count of membership tests: no set is built for the (usual) value with one
        given = " + ".join(f"({lit(k)} in {var})" for k in rule.params["properties"])
        return f"isinstance({var}, dict) and {given} > 1"

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        # a warning too: drawn tools name exactly one MCP endpoint
        return StrategyFix("_fix_one_of", (Bound.OWNER, rule.params, False))


KIND = AtMostOneOf()
