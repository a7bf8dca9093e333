"""Rules beyond types (`x-callspec-rules`) for the JSON Schemas and the docs.

The generated validator checks every rule; JSON Schema carries the error rules it can
express (a warning has no place in a schema: a validator would reject the file), and
generated/docs/rules.md lists them all with their sources.
"""

from __future__ import annotations

from typing import Any

from generator.emit.render import Renderer
from generator.ir import nodes as ir
from generator.rules import kind

# The checks every type gets, listed in the docs beside the spec's rules.
BUILTIN_CHECKS = (
    (
        "type, required, enum, const, minimum, maximum, ...",
        "error",
        "the JSON Schema keywords of the spec's types",
    ),
    (
        "additionalProperties",
        "error",
        "an unknown key in any of the API's own objects (contract: objects are closed); the message suggests the nearest allowed key",
    ),
    (
        "discriminator",
        "error",
        "a union tag (`type`) that names no variant: one error listing the allowed tags; with a known tag only that variant's errors are shown",
    ),
    (
        "not-finite",
        "error",
        "NaN or an infinity anywhere (not JSON; YAML `.nan` / `.inf`)",
    ),
    (
        "open-enum-near-miss",
        "warning",
        "an open-enum value (voice, model, transcription model) that is a near miss of a known one",
    ),
)


def fragment(rule: ir.Rule) -> dict[str, Any] | None:
    """The JSON Schema keywords for an error rule, or None when JSON Schema cannot say it
    (a warning has no place in a schema)."""
    body = kind(rule.kind).fragment(rule) if rule.severity == "error" else None
    if body is None:
        return None
    return {"$comment": f"rule {rule.id} ({rule.source})", **body}


def add_rule_keywords(
    api: ir.Api, type_name: str, schema: dict[str, Any]
) -> dict[str, Any]:
    """Append the expressible rules of `type_name` to `schema` as `allOf` members."""
    fragments = [
        f for r in api.rules if type_name in r.applies_to if (f := fragment(r))
    ]
    if fragments:
        schema["allOf"] = [*schema.get("allOf", []), *fragments]
    return schema


def describe(rule: ir.Rule) -> str:
    """A one-line statement of what the rule checks: its message, else its kind's."""
    return rule.message or kind(rule.kind).describe(rule)


class RulesDocEmitter:
    def __init__(self, api: ir.Api, renderer: Renderer) -> None:
        self.api = api
        self.renderer = renderer

    def render(self) -> dict[str, str]:
        rows = [
            {
                "rule": rule,
                "what": describe(rule),
                "where": ", ".join(f"`{name}`" for name in rule.applies_to),
                "in_schema": fragment(rule) is not None,
            }
            for rule in self.api.rules
        ]
        text = self.renderer.render(
            "docs/rules.md.jinja", api=self.api, rows=rows, builtins=BUILTIN_CHECKS
        )
        return {"rules.md": text}
