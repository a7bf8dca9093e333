"""The JSON Schema keywords the schemas pass knows: the types it models, the assertions it
reads, those it reports as unchecked (with why), the dialects it understands, and the rule
fragments generated/openapi.json adds. Tables, so a keyword is supported in one place.
"""

from __future__ import annotations

from typing import Any

PRIMITIVES = {"string", "integer", "number", "boolean"}
KNOWN_TYPES = PRIMITIVES | {"object", "array", "null"}

# JSON Schema keywords that assert something the IR does not model, with why. Each is a
# located warning (never a silent drop, never an error: the full upstream document uses
# `not`, `propertyNames` and `maxProperties` and still generates). Every other keyword
# the IR does not read is an annotation (description, example, x-*, typos): unreported.
UNSUPPORTED_KEYWORDS = {
    "not": "the IR has no negation",
    "if": "conditional schemas (if/then/else) are not modelled",
    "patternProperties": "objects are modelled by their named properties only",
    "propertyNames": "property names are not constrained by the IR",
    "dependentRequired": "dependencies between properties are not modelled",
    "dependentSchemas": "dependencies between properties are not modelled",
    "dependencies": "dependencies between properties are not modelled",
    "minProperties": "the IR has no property count",
    "maxProperties": "the IR has no property count",
    "contains": "the IR has no `contains`",
    "prefixItems": "arrays are modelled with one item type",
    "additionalItems": "arrays are modelled with one item type",
    "unevaluatedItems": "the IR does not track evaluated items",
    "unevaluatedProperties": "the IR does not track evaluated properties",
    "multipleOf": "the IR has no `multipleOf`",
    "$dynamicRef": "dynamic references are not resolved",
}
# Assertions the builder reads from a plain schema; beside `$ref`, `allOf`, `anyOf` or
# `oneOf` the IR keeps only that applicator, so each is reported there.
ASSERTIONS = (
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "anyOf",
    "oneOf",
)
DIALECTS = (
    "https://json-schema.org/draft/2020-12/schema",
    "https://spec.openapis.org/oas/3.1/dialect/base",
)
# Keywords that make a schema without `type` apply to one JSON kind (and let the others
# through, as JSON Schema says).
KIND_KEYWORDS = {
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    "string": ("minLength", "maxLength", "pattern"),
    "array": ("items", "minItems", "maxItems", "uniqueItems"),
    "object": ("properties", "required", "additionalProperties"),
}


def without_rule_fragments(schema: dict[str, Any]) -> dict[str, Any]:
    """generated/openapi.json restates each expressible rule of `x-callspec-rules` as an
    `allOf` member marked `x-callspec-rule`; the rule itself comes from `x-callspec-rules`.
    """
    all_of = schema.get("allOf")
    if not isinstance(all_of, list) or not any(
        isinstance(part, dict) and "x-callspec-rule" in part for part in all_of
    ):
        return schema
    kept = [p for p in all_of if not (isinstance(p, dict) and "x-callspec-rule" in p)]
    out = {k: v for k, v in schema.items() if k != "allOf"}
    if kept:
        out["allOf"] = kept
    return out


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    """A non-negative integer as JSON Schema has it: `2.0` is one."""
    whole = isinstance(value, int) or isinstance(value, float) and value.is_integer()
    return whole and not isinstance(value, bool) and value >= 0


# The assertions the IR reads from a primitive or an array, with the shape JSON Schema's
# meta-schema gives each value and how a problem says it: a value of another shape is a
# located error (the emitters would write it into code as it is).
VALUE_SHAPES: dict[str, tuple[str, Any]] = {
    "minimum": ("a number", _number),
    "maximum": ("a number", _number),
    "exclusiveMinimum": (
        "a number (or a boolean, OpenAPI 3.0)",
        lambda v: _number(v) or isinstance(v, bool),
    ),
    "exclusiveMaximum": (
        "a number (or a boolean, OpenAPI 3.0)",
        lambda v: _number(v) or isinstance(v, bool),
    ),
    "minLength": ("a non-negative integer", _count),
    "maxLength": ("a non-negative integer", _count),
    "minItems": ("a non-negative integer", _count),
    "maxItems": ("a non-negative integer", _count),
    "pattern": ("a string", lambda v: isinstance(v, str)),
    "format": ("a string", lambda v: isinstance(v, str)),
    "uniqueItems": ("a boolean", lambda v: isinstance(v, bool)),
}
