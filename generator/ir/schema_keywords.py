"""The JSON Schema keywords the schemas pass knows: the types it models, the assertions it
reads, those it reports as unchecked (with why), the dialects it understands, and the rule
fragments generated/openapi.json adds. Tables, so a keyword is supported in one place.
"""

from __future__ import annotations

from typing import Any

from generator.shapes import Shape, count, number

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


# The assertions the IR reads from a primitive or an array, with the shape JSON Schema's
# meta-schema gives each value: a value of another shape is a located error (the
# emitters would write it into code as it is).
_BOUND = Shape(
    "a number (or a boolean, OpenAPI 3.0)", lambda v: number(v) or isinstance(v, bool)
)
_COUNT = Shape("a non-negative integer", count)
_STRING = Shape("a string", lambda v: isinstance(v, str))
VALUE_SHAPES: dict[str, Shape] = {
    "minimum": Shape("a number", number),
    "maximum": Shape("a number", number),
    "exclusiveMinimum": _BOUND,
    "exclusiveMaximum": _BOUND,
    "minLength": _COUNT,
    "maxLength": _COUNT,
    "minItems": _COUNT,
    "maxItems": _COUNT,
    "pattern": _STRING,
    "format": _STRING,
    "uniqueItems": Shape("a boolean", lambda v: isinstance(v, bool)),
}
