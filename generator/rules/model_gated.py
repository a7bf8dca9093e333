"""`property` only with a `model` in `models` (or a dated version of one); silent when
the model is omitted or not one the spec knows (its context: the known model names)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.rules.protocol import NAME, NAMES, Kind, StrategyFix, has


class ModelGated(Kind):
    name = "model-gated"
    params = {"model": NAME, "property": NAME, "models": NAMES}

    def describe(self, rule: ir.Rule) -> str:
        p = rule.params
        what = p.get("description") or ", ".join(p["models"])
        return (
            f"`{p['property']}` is only supported by {what}"
            f" (no finding when `{p['model']}` is omitted or unknown)"
        )

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        return has(var, [rule.params["property"], rule.params["model"]])

    def context_property(self, rule: ir.Rule) -> str | None:
        return str(rule.params["model"])

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_model_gated", (rule.params,))


KIND = ModelGated()
