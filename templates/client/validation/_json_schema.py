"""A light JSON Schema (2020-12, draft 7 forms allowed) metaschema check, for the
`valid-json-schema` rule kind (a function tool's `parameters`).

Copied verbatim into the generated package by callspec.
"""

from __future__ import annotations

import math
import re
from typing import (
    Any,
    Callable,
    Dict,
    Final,
    List,
)

from ._findings import At, Finding, Rule, _emit
from ._messages import _json, _not_finite, _show, _suggest, _what
from ._values import _all_finite, _finite, _is_int, _is_num

_SCHEMA_TYPES: Final = (
    "array",
    "boolean",
    "integer",
    "null",
    "number",
    "object",
    "string",
)
_SCHEMA_TYPE_SET: Final = frozenset(_SCHEMA_TYPES)
_SCHEMA_MAPS: Final = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
)
_SCHEMA_ONE: Final = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)
_SCHEMA_LISTS: Final = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_COUNTS: Final = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)
_SCHEMA_NUMBERS: Final = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
)
_SCHEMA_NUMBER_SET: Final = frozenset(_SCHEMA_NUMBERS)
_SCHEMA_STRINGS: Final = (
    "title",
    "description",
    "$id",
    "$ref",
    "$schema",
    "$comment",
    "format",
)

# what `_schema_ok` does with a keyword: one dict look-up, then integer tests (in
# the order function parameters use them most: type, properties, required, ...)
_OK_TYPE: Final = 1
_OK_MAP: Final = 2
_OK_REQUIRED: Final = 3
_OK_ONE: Final = 4
_OK_STRING: Final = 5
_OK_LIST: Final = 6
_OK_ENUM: Final = 7
_OK_COUNT: Final = 8
_OK_NUMBER: Final = 9
_OK_FULL: Final = 10  # pattern, uniqueItems, ...: only the full check says
_OK_KIND: Final[Dict[str, int]] = {
    **{k: _OK_FULL for k in ("pattern", "uniqueItems", "deprecated", "readOnly")},
    "writeOnly": _OK_FULL,
    **{k: _OK_STRING for k in _SCHEMA_STRINGS},
    **{k: _OK_NUMBER for k in _SCHEMA_NUMBERS},
    **{k: _OK_COUNT for k in _SCHEMA_COUNTS},
    **{k: _OK_LIST for k in _SCHEMA_LISTS},
    **{k: _OK_ONE for k in _SCHEMA_ONE},
    **{k: _OK_MAP for k in _SCHEMA_MAPS},
    "enum": _OK_ENUM,
    "required": _OK_REQUIRED,
    "description": _OK_STRING,
    "title": _OK_STRING,
    "type": _OK_TYPE,
}


def _schema_ok(s: Any, depth: int) -> bool:
    """True when `_schema` would find nothing (False when in doubt): no paths, no calls
    for the common keywords and for leaf properties (`{"type": "string"}`)."""
    if type(s) is not dict:
        return type(s) is bool
    if depth > 64:
        return False
    for key, value in s.items():
        if not isinstance(key, str):  # and the compiled build compares keys as strings
            return False
        # the keywords function parameters use most, by name: a string comparison is
        # cheaper than the table look-up the others take
        if key == "type":
            if type(value) is str:
                if value not in _SCHEMA_TYPE_SET:
                    return False
            elif type(value) is list and value:  # known names, each once
                for name in value:
                    if type(name) is not str or name not in _SCHEMA_TYPE_SET:
                        return False
                if len(value) == 2:  # the usual list (`["string", "null"]`)
                    if value[0] == value[1]:
                        return False
                elif len(value) > 2 and len(set(value)) != len(value):
                    return False
            else:
                return False
        elif key == "properties":
            if type(value) is not dict:
                return False
            for sub in value.values():
                if type(sub) is dict:
                    size = len(sub)
                    if size <= 2:  # a leaf: a type and maybe its description
                        name = sub.get("type")
                        if (
                            type(name) is str
                            and name in _SCHEMA_TYPE_SET
                            and (size == 1 or type(sub.get("description")) is str)
                        ):
                            continue
                    if not _schema_ok(sub, depth + 1):
                        return False
                elif type(sub) is not bool:
                    return False
        elif key == "description":
            if type(value) is not str:
                return False
        elif key == "required":
            if type(value) is not list:
                return False
            for name in value:
                if type(name) is not str:
                    return False
            if len(value) > 1 and len(set(value)) != len(value):
                return False
        elif key == "additionalProperties" or key == "items":
            if type(value) is not bool and (
                type(value) is list or not _schema_ok(value, depth + 1)
            ):
                return False
        elif key == "enum":
            if type(value) is not list or not _all_finite(value):
                return False
        elif key in _SCHEMA_NUMBER_SET:  # minimum, maximum, ...: a finite number
            if not (
                type(value) is int or (type(value) is float and value - value == 0)
            ):
                return False
            if key == "multipleOf" and value <= 0:
                return False
        elif not _keyword_ok(key, value, depth):
            return False
    return True


def _keyword_ok(key: str, value: Any, depth: int) -> bool:
    """`_schema_ok` for the keywords it does not test by name: one table look-up."""
    kind = _OK_KIND.get(key, 0)
    if kind == _OK_COUNT:
        return type(value) is int and value >= 0
    if kind == _OK_STRING:
        return type(value) is str
    if kind == _OK_MAP:
        if type(value) is not dict:
            return False
        for sub in value.values():
            if not _schema_ok(sub, depth + 1):
                return False
        return True
    if kind == _OK_ONE:
        return type(value) is bool or (
            type(value) is not list and _schema_ok(value, depth + 1)
        )
    if kind == _OK_LIST:
        if type(value) is not list or not value:
            return False
        for sub in value:
            if not _schema_ok(sub, depth + 1):
                return False
        return True
    if kind != 0:  # pattern, uniqueItems, ...: only the full check says
        return False
    return _all_finite(value)  # default, const, examples, x-...: any JSON


def _schema(rule: Rule, s: Any, p: At, out: List[Finding], depth: int) -> None:
    """A light JSON Schema (2020-12, draft 7 forms allowed) metaschema check."""
    if isinstance(s, bool):
        return
    if not isinstance(s, dict):
        _emit(
            out,
            rule,
            p,
            f"a JSON Schema must be an object or a boolean, not {_what(s)}",
        )
        return
    if depth > 64:
        _emit(out, rule, p, "the JSON Schema is nested too deeply")
        return
    for key, value in s.items():  # the common keywords first, without a call
        if key == "type":
            if type(value) is str and value in _SCHEMA_TYPE_SET:
                continue
        elif key == "properties":
            if type(value) is dict:
                for name, sub in value.items():
                    if type(sub) is not bool:
                        _schema(rule, sub, ((p, key), name), out, depth + 1)
                continue
        elif key == "description" or key == "title":
            if type(value) is str:
                continue
        elif key == "additionalProperties":
            if type(value) is bool:
                continue
        check = _KEYWORDS.get(key)
        if check is not None:
            check(rule, key, value, (p, key), out, depth)
        if check is None or key == "enum":  # any JSON: but no NaN or infinity
            _finite(value, (p, key), out)


def _k_type(
    rule: Rule, key: str, kind: Any, p: At, out: List[Finding], depth: int
) -> None:
    kinds = kind if isinstance(kind, list) else [kind]
    if not kinds:
        _emit(out, rule, p, "type must not be an empty list")
    for i, k in enumerate(kinds):
        if not isinstance(k, str) or k not in _SCHEMA_TYPE_SET:
            guess = _suggest(k, _SCHEMA_TYPES, prefix=True)
            message = f"{_show(k)} is not a JSON Schema type"
            if guess is not None:
                message += f"; did you mean {_json(guess)}?"
            _emit(out, rule, (p, i) if isinstance(kind, list) else p, message)
    if isinstance(kind, list) and len(set(map(str, kinds))) != len(kinds):
        _emit(out, rule, p, "type lists a type twice")


def _k_map(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, dict):
        _emit(out, rule, p, f"{key} must be an object of schemas")
        return
    for name, sub in value.items():
        _schema(rule, sub, (p, name), out, depth + 1)


def _k_one(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if key in ("items", "additionalItems") and isinstance(value, list):
        for i, sub in enumerate(value):
            _schema(rule, sub, (p, i), out, depth + 1)
    else:
        _schema(rule, value, p, out, depth + 1)


def _k_list(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, list) or not value:
        _emit(out, rule, p, f"{key} must be a non-empty array of schemas")
        return
    for i, sub in enumerate(value):
        _schema(rule, sub, (p, i), out, depth + 1)


def _k_required(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, list):
        _emit(out, rule, p, "required must be an array of strings")
        return
    seen: set[str] = set()
    for name in value:
        if not isinstance(name, str):
            _emit(out, rule, p, "required must be an array of strings")
            return
        if name in seen:
            _emit(out, rule, p, "required lists a property twice")
            return
        seen.add(name)


def _k_enum(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, list):
        _emit(out, rule, p, "enum must be an array")


def _k_count(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not (_is_int(value) and value >= 0):
        _emit(out, rule, p, f"{key} must be a non-negative integer")


def _k_number(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        _not_finite(out, p, value)
    elif not _is_num(value):
        _emit(out, rule, p, f"{key} must be a number")
    elif key == "multipleOf" and value <= 0:
        _emit(out, rule, p, "multipleOf must be greater than 0")


def _k_string(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, str):
        _emit(out, rule, p, f"{key} must be a string")


def _k_pattern(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, str):
        _emit(out, rule, p, "pattern must be a string")
        return
    try:
        re.compile(value)
    except re.error as exc:
        _emit(out, rule, p, f"pattern is not a valid regex: {exc}")


def _k_bool(
    rule: Rule, key: str, value: Any, p: At, out: List[Finding], depth: int
) -> None:
    if not isinstance(value, bool):
        _emit(out, rule, p, f"{key} must be a boolean")


_KEYWORDS: Dict[str, Callable[[Rule, str, Any, At, List[Finding], int], None]] = {
    "type": _k_type,
    "required": _k_required,
    "enum": _k_enum,
    "pattern": _k_pattern,
    **{k: _k_map for k in _SCHEMA_MAPS},
    **{k: _k_one for k in _SCHEMA_ONE},
    **{k: _k_list for k in _SCHEMA_LISTS},
    **{k: _k_count for k in _SCHEMA_COUNTS},
    **{k: _k_number for k in _SCHEMA_NUMBERS},
    **{k: _k_string for k in _SCHEMA_STRINGS},
    **{k: _k_bool for k in ("uniqueItems", "deprecated", "readOnly", "writeOnly")},
}
