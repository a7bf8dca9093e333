"""No two items of an array with the same (`tag`, name under `keys[tag]`); what the items
are called comes from the codegen config (`rule_nouns`)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.rules.protocol import NAME, TAG_KEYS, Kind, StrategyFix


class UniqueBy(Kind):
    name = "unique-by"
    params = {"tag": NAME, "keys": TAG_KEYS}

    def describe(self, rule: ir.Rule) -> str:
        keys = ", ".join(f"{tag} `{key}`" for tag, key in rule.params["keys"].items())
        return f"no two {rule.noun}s with the same name ({keys})"

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        return f"isinstance({var}, (list, tuple)) and len({var}) > 1"  # an array

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_fix_unique_by", (rule.params,))


KIND = UniqueBy()
