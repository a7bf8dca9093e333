"""String `property` starts with one of `prefixes`."""

from __future__ import annotations

import re
from typing import Any

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import NAME, NAMES, Kind, StrategyFix, code


class StringPrefix(Kind):
    name = "string-prefix"
    params = {"property": NAME, "prefixes": NAMES}

    def describe(self, rule: ir.Rule) -> str:
        verb = "must" if rule.severity == "error" else "should"
        prefixes = code(rule.params["prefixes"])
        return f"`{rule.params['property']}` {verb} start with {prefixes}"

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        # the rule's own test: a value that starts right (the usual) costs no call;
        # `is False` (not `not`) so that black splits the condition at its `and`s
        prop = lit(rule.params["property"])
        prefixes = lit(tuple(rule.params["prefixes"]))
        return (
            f"isinstance({var}, dict) and isinstance({var}.get({prop}), str)"
            f" and {var}[{prop}].startswith({prefixes}) is False"
        )

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        alternatives = "|".join(re.escape(x) for x in rule.params["prefixes"])
        pattern = {"pattern": f"^(?:{alternatives})"}
        return {"properties": {rule.params["property"]: pattern}}

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        prop, prefixes = rule.params["property"], rule.params["prefixes"]
        if rule.severity != "error":  # allowed either way: draw both sides
            return StrategyFix("_maybe_prefixed", (prefixes,), prop, kept=False)
        return StrategyFix("_prefixed", (prefixes,), prop)


KIND = StringPrefix()
