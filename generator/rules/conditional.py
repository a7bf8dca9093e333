"""When the value at `if.path` equals `if.equals`, `then.path` equals `then.equals` (or
is absent with `then.absent`)."""

from __future__ import annotations

from generator.ir import nodes as ir
from generator.rules.protocol import Kind


class Conditional(Kind):
    name = "conditional"
    params = ("if", "then")

    def trigger(self, rule: ir.Rule) -> str | None:
        return str(rule.params["if"]["path"][0])


KIND = Conditional()
