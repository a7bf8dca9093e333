"""`property` names (by `tag` → key in `keys`) an item that `collection` defines."""

from __future__ import annotations

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.rules.protocol import NAME, TAG_KEYS, Bound, Kind, StrategyFix


class ReferenceMustExist(Kind):
    name = "reference-must-exist"
    params = {
        "property": NAME,
        "collection": NAME,
        "tag": NAME,
        "keys": TAG_KEYS,
    }

    def describe(self, rule: ir.Rule) -> str:
        p = rule.params
        keys = ", ".join(f"{tag} `{key}`" for tag, key in p["keys"].items())
        return f"`{p['property']}` must name a {rule.noun} that `{p['collection']}` defines ({keys})"

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        # only an object names an item (`{"type": "function", "name": ...}`): a string
        # mode (`"auto"`) costs no call
        prop = lit(rule.params["property"])
        return f"isinstance({var}, dict) and isinstance({var}.get({prop}), dict)"

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_reference", (rule.params, Bound.VARIANTS))


KIND = ReferenceMustExist()
