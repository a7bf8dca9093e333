"""When the value at `if.path` equals `if.equals`, `then.path` equals `then.equals` (or
is absent with `then.absent`)."""

from __future__ import annotations

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import Kind, StrategyFix, has


class Conditional(Kind):
    name = "conditional"
    params = ("if", "then")

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        path, equals = rule.params["if"]["path"], rule.params["if"].get("equals")
        if len(path) == 1 and isinstance(equals, str):
            # the value itself (`==` holds wherever JSON equality does): most values
            # are not the one the rule is about, and cost no call
            return f"isinstance({var}, dict) and {var}.get({lit(path[0])}) == {lit(equals)}"
        return has(var, [path[0]])

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_conditional", (rule.params,))


KIND = Conditional()
