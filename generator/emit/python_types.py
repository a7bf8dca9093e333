"""Adapter from IR types to Python: annotation strings for TypedDict params."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import assert_never

from generator.ir import nodes as ir
from generator.ir.names import ClassName, python_class_name

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def literal_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "None"
    return repr(value)


def _literal_annotation(values: list[object]) -> str:
    """`Literal[...]` of `values`, which `Literal` holds only when each is a string, an
    integer or a boolean (PEP 586): a JSON Schema `enum` may also list numbers with a
    fraction, objects and arrays, annotated by their kind beside the literals."""
    held = [v for v in values if isinstance(v, (str, int))]  # a bool is an int
    parts = (
        ["Literal[" + ", ".join(literal_value(v) for v in held) + "]"] if held else []
    )
    for value in values:
        if not isinstance(value, (str, int)):
            kind = _KIND_OF.get(type(value), "object")
            if kind not in parts:
                parts.append(kind)
    if len(parts) == 1:
        return parts[0]
    return "Union[" + ", ".join(parts) + "]" if parts else "Literal[]"


# the annotation of an enum value `Literal` cannot hold, by its JSON kind
_KIND_OF: dict[type, str] = {
    float: "float",
    dict: "Dict[str, object]",
    list: "List[object]",
}


@dataclass(frozen=True)
class PythonTypes:
    api: ir.Api

    def class_name(self, type_name: str) -> ClassName:
        return python_class_name(type_name)

    def annotation(
        self,
        node: ir.TypeNode,
        quote: frozenset[str] = frozenset(),
        direct: bool = False,
    ) -> str:
        """The annotation for `node`; names in `quote` are forward references to quote.
        `direct` marks a method's own parameter, where the SDK's `...Param` names apply.
        """
        match node:
            case ir.Nullable(inner=inner) if direct:
                return f"Optional[{self.annotation(inner, quote, direct)}]"
            case ir.Ref(name=name) if direct:
                return self.class_name(self.api.naming.param_name(name))
            case ir.Ref(name=name):
                class_name = self.class_name(name)
                return f'"{class_name}"' if name in quote else class_name
            case ir.Primitive(kind=kind):
                return _PRIMITIVES[kind]
            case ir.Literal(values=values):
                given = [v for v in values if v is not None]
                inner_text = _literal_annotation(given)
                return (
                    f"Optional[{inner_text}]"
                    if len(given) != len(values)
                    else inner_text
                )
            case ir.Array(items=ir.Primitive(kind="string")):
                # As the SDK: a tuple is accepted, a bare str is not (a list of
                # literals stays `List[Literal[...]]`, as there).
                return "SequenceNotStr[str]"
            case ir.Array(items=items):
                return f"List[{self.annotation(items, quote)}]"
            case ir.Map(values=values):
                return f"Dict[str, {self.annotation(values, quote)}]"
            case ir.FreeForm():
                return "Dict[str, object]"
            case ir.AnyValue():
                return "object"
            case ir.Object(name=name) if name:
                return self.class_name(
                    name
                )  # an inline object the IR named: its TypedDict
            case ir.Object():
                return "Dict[str, object]"
            case ir.Union(members=members):
                return (
                    "Union["
                    + ", ".join(self.annotation(m, quote) for m in members)
                    + "]"
                )
            case ir.Nullable(inner=inner):
                return f"Optional[{self.annotation(inner, quote)}]"
            case _:
                assert_never(node)

    def refs(self, node: ir.TypeNode) -> set[str]:
        from generator.ir.walk import references

        return references(node)
