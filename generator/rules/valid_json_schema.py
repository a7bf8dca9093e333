"""`property` holds a valid JSON Schema (a light metaschema check)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.emit.pysource import lit
from generator.rules.protocol import NAME, Kind, StrategyFix, has


class ValidJsonSchema(Kind):
    name = "valid-json-schema"
    params = {"property": NAME}

    def describe(self, rule: ir.Rule) -> str:
        return f"`{rule.params['property']}` must be a valid JSON Schema"

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        # the runtime's quick look first (`_schema_ok`): a schema it passes, as most
        # are, costs no call; the check runs only on a doubt, and says why
        prop = rule.params["property"]
        return f"{has(var, [prop])} and not _schema_ok({var}[{lit(prop)}], 0)"

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        if rule.severity != "error":
            return None
        return StrategyFix("_json_schemas", (), rule.params["property"])


KIND = ValidJsonSchema()
