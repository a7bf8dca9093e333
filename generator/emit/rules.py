"""Rules beyond types (`x-callspec-rules`) for the JSON Schemas and the docs.

The generated validator checks every rule; JSON Schema carries the error rules it can
express (a warning has no place in a schema: a validator would reject the file), and
generated/docs/rules.md lists them all with their sources.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from generator.emit.render import Renderer
from generator.ir import nodes as ir

# Kinds JSON Schema can say (see `fragment`); the rest need the generated validator.
SCHEMA_KINDS = frozenset(
    {
        "mutually-exclusive-values",
        "require-one-of",
        "at-most-one-of",
        "int-range",
        "string-prefix",
    }
)

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
    """The JSON Schema keywords for an error rule, or None when JSON Schema cannot say it."""
    if rule.severity != "error" or rule.kind not in SCHEMA_KINDS:
        return None
    p = rule.params
    body: dict[str, Any]
    if rule.kind == "mutually-exclusive-values":
        prop = p["property"]
        pairs = [
            {
                "required": [prop],
                "properties": {
                    prop: {
                        "allOf": [
                            {"contains": {"const": a}},
                            {"contains": {"const": b}},
                        ]
                    }
                },
            }
            for a, b in itertools.combinations(p["values"], 2)
        ]
        body = {"not": pairs[0] if len(pairs) == 1 else {"anyOf": pairs}}
    elif rule.kind == "require-one-of":
        body = {"anyOf": [{"required": [name]} for name in p["properties"]]}
    elif rule.kind == "at-most-one-of":
        pairs = [
            {"required": [a, b]} for a, b in itertools.combinations(p["properties"], 2)
        ]
        body = {"not": pairs[0] if len(pairs) == 1 else {"anyOf": pairs}}
    elif rule.kind == "int-range":
        body = {
            "properties": {
                p["property"]: {"minimum": p["minimum"], "maximum": p["maximum"]}
            }
        }
    else:  # string-prefix
        alternatives = "|".join(re.escape(prefix) for prefix in p["prefixes"])
        body = {"properties": {p["property"]: {"pattern": f"^(?:{alternatives})"}}}
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
    """A one-line statement of what the rule checks."""
    p = rule.params
    if rule.message:
        return rule.message
    if rule.kind == "mutually-exclusive-values":
        values = " and ".join(f"`{v}`" for v in p["values"])
        return f"`{p['property']}` must not contain both {values}"
    if rule.kind == "require-one-of":
        return (
            "one of " + " or ".join(f"`{x}`" for x in p["properties"]) + " is required"
        )
    if rule.kind == "at-most-one-of":
        return "give only one of " + " or ".join(f"`{x}`" for x in p["properties"])
    if rule.kind == "reference-must-exist":
        keys = ", ".join(f"{tag} `{key}`" for tag, key in p["keys"].items())
        return f"`{p['property']}` must name a tool that `{p['collection']}` defines ({keys})"
    if rule.kind == "unique-by":
        keys = ", ".join(f"{tag} `{key}`" for tag, key in p["keys"].items())
        return f"no two tools with the same name ({keys})"
    if rule.kind == "valid-json-schema":
        return f"`{p['property']}` must be a valid JSON Schema"
    if rule.kind == "int-range":
        return f"`{p['property']}` must be within {p['minimum']}-{p['maximum']}"
    if rule.kind == "string-prefix":
        verb = "must" if rule.severity == "error" else "should"
        return f"`{p['property']}` {verb} start with " + " or ".join(
            f"`{x}`" for x in p["prefixes"]
        )
    if rule.kind == "model-gated":
        what = p.get("description") or ", ".join(p["models"])
        return f"`{p['property']}` is only supported by {what} (no finding when `{p['model']}` is omitted or unknown)"
    return rule.kind


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
