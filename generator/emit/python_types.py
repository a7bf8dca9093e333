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
        if direct and isinstance(node, ir.Nullable):
            return f"Optional[{self.annotation(node.inner, quote, direct)}]"
        if isinstance(node, ir.Ref):
            if direct:
                return self.class_name(self.api.naming.param_name(node.name))
            name = self.class_name(node.name)
            return f'"{name}"' if node.name in quote else name
        if isinstance(node, ir.Primitive):
            return _PRIMITIVES[node.kind]
        if isinstance(node, ir.Literal):
            values = [v for v in node.values if v is not None]
            inner = "Literal[" + ", ".join(literal_value(v) for v in values) + "]"
            return f"Optional[{inner}]" if len(values) != len(node.values) else inner
        if isinstance(node, ir.Array):
            if isinstance(node.items, ir.Primitive) and node.items.kind == "string":
                # As the SDK: a tuple is accepted, a bare str is not (a list of
                # literals stays `List[Literal[...]]`, as there).
                return "SequenceNotStr[str]"
            return f"List[{self.annotation(node.items, quote)}]"
        if isinstance(node, ir.Map):
            return f"Dict[str, {self.annotation(node.values, quote)}]"
        if isinstance(node, ir.FreeForm):
            return "Dict[str, object]"
        if isinstance(node, ir.AnyValue):
            return "object"
        if isinstance(node, ir.Object):
            if node.name:  # an inline object the IR named: a TypedDict of its own
                return self.class_name(node.name)
            return "Dict[str, object]"
        if isinstance(node, ir.Union):
            return (
                "Union["
                + ", ".join(self.annotation(m, quote) for m in node.members)
                + "]"
            )
        if isinstance(node, ir.Nullable):
            return f"Optional[{self.annotation(node.inner, quote)}]"
        assert_never(node)

    def refs(self, node: ir.TypeNode) -> set[str]:
        from generator.ir.walk import references

        return references(node)
