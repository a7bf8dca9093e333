"""Adapter from IR types to Python: annotation strings for TypedDict params."""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.ir import nodes as ir
from generator.ir.names import python_class_name

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

    def class_name(self, type_name: str) -> str:
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
        raise TypeError(node)

    def refs(self, node: ir.TypeNode) -> set[str]:
        from generator.ir.build import references

        return references(node)


# -- black-stable layout -------------------------------------------------------------
# Long annotations are laid out here the way black lays them out, so generated modules
# need no formatter run: split at the outermost bracket; the arguments on one line when
# they fit, else one per line with a trailing comma, each split again if still too long;
# an optional parameter's `X | Omit` wrapped in parentheses when it must be split.
LINE_LENGTH = 88

Expr = str | tuple[str, list["Expr"]]  # an atom, or a subscript `name[args]`


def parse_annotation(text: str) -> Expr:
    """`Union[str, Literal["a", "b"]]` → ("Union", ["str", ("Literal", ['"a"', '"b"'])])."""
    expr, rest = _parse(text.strip(), 0)
    if rest != len(text.strip()):
        return text.strip()  # not a plain annotation: keep it whole
    return expr


def _parse(text: str, at: int) -> tuple[Expr, int]:
    start = at
    while at < len(text) and text[at] not in "[],":
        if text[at] == '"':  # a JSON-quoted string: skip to its closing quote
            at += 1
            while text[at] != '"':
                at += 2 if text[at] == "\\" else 1
        at += 1
    name = text[start:at].strip()
    if at < len(text) and text[at] == "[":
        args: list[Expr] = []
        at += 1
        while True:
            while text[at] == " ":
                at += 1
            arg, at = _parse(text, at)
            args.append(arg)
            if text[at] == ",":
                at += 1
                continue
            if text[at] == "]":
                return (name, args), at + 1
            raise ValueError(text)
    return name, at


def flat(expr: Expr) -> str:
    if isinstance(expr, str):
        return expr
    name, args = expr
    return f"{name}[{', '.join(flat(a) for a in args)}]"


def layout(indent: str, head: str, expr: Expr, tail: str) -> list[str]:
    """Lines of `indent + head + expr + tail`, split as black splits a too-long line."""
    line = indent + head + flat(expr) + tail
    if len(line) <= LINE_LENGTH:
        return [line]
    if isinstance(expr, str):  # one long name: parenthesised when that makes it fit
        wrapped = indent + "    " + expr
        if head.rstrip().endswith((":", "=")) and len(wrapped) <= LINE_LENGTH:
            return [indent + head + "(", wrapped, indent + ")" + tail]
        return [line]
    name, args = expr
    inner = indent + "    "
    out = [indent + head + name + "["]
    joined = ", ".join(flat(a) for a in args)
    if len(inner + joined) <= LINE_LENGTH:
        out.append(inner + joined)
    elif len(args) == 1:
        out.extend(layout(inner, "", args[0], ""))
    else:
        for arg in args:
            out.extend(layout(inner, "", arg, ","))
    out.append(indent + "]" + tail)
    return out


def layout_optional(indent: str, head: str, expr: Expr) -> list[str]:
    """An optional parameter, `head + expr | Omit = omit,`: black parenthesises the type
    hint when the line is too long, then splits `X | Omit` before the `|` if needed."""
    line = indent + head + flat(expr) + " | Omit = omit,"
    if len(line) <= LINE_LENGTH:
        return [line]
    inner = indent + "    "
    body = inner + flat(expr) + " | Omit"
    if len(body) <= LINE_LENGTH:
        return [indent + head + "(", body, indent + ") = omit,"]
    return [
        indent + head + "(",
        *layout(inner, "", expr, ""),
        inner + "| Omit",
        indent + ") = omit,",
    ]
