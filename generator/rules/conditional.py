"""When the value at `if.path` equals `if.equals`, `then.path` equals `then.equals` (or
is absent with `then.absent`)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.rules.protocol import Kind, StrategyFix, has


class Conditional(Kind):
    name = "conditional"
    params = ("if", "then")

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        return has(var, [rule.params["if"]["path"][0]])

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_conditional", (rule.params,))


KIND = Conditional()
