"""The JSON kinds an IR node accepts and the words for them in the generated validator's
messages (`expected an integer 1–4096 or "inf"`): what the check writers share."""

from __future__ import annotations

import json
from typing import Any, assert_never

from generator.ir import nodes as ir

_KIND_ORDER = ("boolean", "number", "string", "object", "array", "null")
_KIND_TEST = {
    "boolean": "isinstance({v}, bool)",
    "number": "(type({v}) is int or type({v}) is float)",
    "string": "isinstance({v}, str)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, (list, tuple))",
    "null": "{v} is None",
}
_KIND_NAME = {
    "boolean": "a boolean",
    "number": "a number",
    "integer": "an integer",
    "string": "a string",
    "object": "an object",
    "array": "an array",
    "null": "null",
}


class KindReader:
    """The JSON kinds and allowed forms of IR nodes, resolved through the API's types."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api

    def kinds(self, node: ir.TypeNode, seen: frozenset[str] = frozenset()) -> set[str]:
        """The JSON kinds a node accepts ("integer" counted as "number")."""
        if isinstance(node, ir.Ref):
            if node.name in seen:
                return set()
            return self.kinds(self.api.types[node.name].type, seen | {node.name})
        if isinstance(node, ir.Primitive):
            return {"number" if node.kind == "integer" else node.kind}
        if isinstance(node, ir.Literal):
            out = set()
            for v in node.values:
                if v is None:
                    out.add("null")
                elif isinstance(v, bool):
                    out.add("boolean")
                elif isinstance(v, (int, float)):
                    out.add("number")
                elif isinstance(v, str):
                    out.add("string")
                elif isinstance(v, list):
                    out.add("array")
                else:
                    out.add("object")
            return out
        if isinstance(node, ir.Array):
            return {"array"}
        if isinstance(node, (ir.Map, ir.FreeForm, ir.Object)):
            return {"object"}
        if isinstance(node, ir.AnyValue):
            return set(_KIND_ORDER)
        if isinstance(node, ir.Union):
            out = set()
            for m in node.members:
                out |= self.kinds(m, seen)
            return out
        if isinstance(node, ir.Nullable):
            return self.kinds(node.inner, seen) | {"null"}
        assert_never(node)

    def expected(self, node: ir.TypeNode, nullable: bool = False) -> str:
        kinds = self.kinds(node)
        if isinstance(node, ir.Primitive) and node.kind == "integer":
            names = ["an integer"]
        else:
            names = [_KIND_NAME[k] for k in _KIND_ORDER if k in kinds and k != "null"]
        if nullable or "null" in kinds:
            names.append("null")
        if not names:
            return "no value (the schema is false)"
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " or " + names[-1]

    def scalar(self, node: ir.Union) -> bool:
        """A union of plain values only (`an integer 1–4096 or "inf"`), of several kinds:
        its messages state the allowed forms exactly."""
        resolved = [self.resolve(m) for m in node.members]
        if not all(isinstance(m, (ir.Primitive, ir.Literal)) for m in resolved):
            return False
        return len(self.kinds(node) - {"null"}) > 1

    def forms(self, node: ir.TypeNode, nullable: bool = False) -> str:
        """The allowed forms of a scalar union in JSON's words."""
        names: list[str] = []
        members = node.members if isinstance(node, ir.Union) else (node,)
        for member in members:
            target = self.resolve(member)
            if isinstance(target, ir.Literal):
                names += [_json_words(v) for v in target.values if v is not None]
                nullable = nullable or None in target.values
            elif isinstance(target, ir.Primitive):
                names.append(_form(target))
            else:
                names.append(self.expected(target))
        if nullable:
            names.append("null")
        names = list(dict.fromkeys(names))
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " or " + names[-1]

    def kind_test(self, kinds: set[str], var: str) -> str:
        return " or ".join(
            _KIND_TEST[k].format(v=var) for k in _KIND_ORDER if k in kinds
        )

    def resolve(self, node: ir.TypeNode) -> ir.TypeNode:
        return self.api.resolve(node)

    # -- code for one node -------------------------------------------------------------


def _json_words(value: Any) -> str:
    """A constant as JSON writes it (`"inf"`, `true`, `null`)."""
    return json.dumps(value, ensure_ascii=False)


def _number(value: float, integer: bool) -> str:
    return str(int(value)) if integer and float(value).is_integer() else repr(value)


def _form(node: ir.Primitive) -> str:
    """`an integer 1–4096`, `a number at least 0`, `a string`."""
    name = _KIND_NAME[node.kind]
    if node.kind not in ("integer", "number"):
        return name
    integer = node.kind == "integer"
    low, high = node.minimum, node.maximum
    if low is not None and high is not None:
        return f"{name} {_number(low, integer)}–{_number(high, integer)}"
    parts = []
    for value, word in (
        (low, "at least"),
        (node.exclusive_minimum, "greater than"),
        (high, "at most"),
        (node.exclusive_maximum, "less than"),
    ):
        if value is not None:
            parts.append(f"{word} {_number(value, integer)}")
    return " ".join([name, " and ".join(parts)]) if parts else name


def _bounded(node: ir.Primitive, formats: tuple[str, ...] = ()) -> bool:
    return node.format in formats or any(
        x is not None
        for x in (
            node.minimum,
            node.maximum,
            node.exclusive_minimum,
            node.exclusive_maximum,
            node.min_length,
            node.max_length,
            node.pattern,
        )
    )


def _unconstrained(node: ir.Primitive, formats: tuple[str, ...] = ()) -> bool:
    return (
        node.format not in formats
        and node.min_length is None
        and node.max_length is None
        and node.pattern is None
        and node.kind == "string"
    )
