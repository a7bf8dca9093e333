"""`property` holds a valid JSON Schema (a light metaschema check)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.rules.protocol import Kind, StrategyFix


class ValidJsonSchema(Kind):
    name = "valid-json-schema"
    params = ("property",)

    def describe(self, rule: ir.Rule) -> str:
        return f"`{rule.params['property']}` must be a valid JSON Schema"

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_json_schemas", (), rule.params["property"])


KIND = ValidJsonSchema()
