"""When the value at `if.path` equals `if.equals`, `then.path` equals `then.equals` (or
is absent with `then.absent`)."""

from __future__ import annotations

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import CONDITION, OUTCOME, Kind, StrategyFix, has


class Conditional(Kind):
    name = "conditional"
    params = {"if": CONDITION, "then": OUTCOME}

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        path, equals = rule.params["if"]["path"], rule.params["if"].get("equals")
        if path and isinstance(equals, str):
            # the value itself (`==` holds wherever JSON equality does), through the
            # objects above it: most values are not the one the rule is about, and
            # cost no call
            tests, held = [f"isinstance({var}, dict)"], var
            for key in path[:-1]:
                tests.append(f"isinstance({held}.get({lit(key)}), dict)")
                held = f"{held}[{lit(key)}]"
            tests.append(f"{held}.get({lit(path[-1])}) == {lit(equals)}")
            return " and ".join(tests)
        return has(var, [path[0]])

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_conditional", (rule.params,))


KIND = Conditional()
