"""Adapter from IR types to JSON Schema 2020-12 fragments (plain data)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, assert_never

from generator.ir import nodes as ir

RefStyle = Callable[[str], str]
_TYPE_OF = {str: "string", int: "integer", float: "number", bool: "boolean"}


def primitive_keywords(node: ir.Primitive) -> dict[str, Any]:
    out: dict[str, Any] = {"type": node.kind}
    for key, value in (
        ("minimum", node.minimum),
        ("maximum", node.maximum),
        ("exclusiveMinimum", node.exclusive_minimum),
        ("exclusiveMaximum", node.exclusive_maximum),
        ("minLength", node.min_length),
        ("maxLength", node.max_length),
        ("pattern", node.pattern),
        ("format", node.format),
    ):
        if value is not None:
            out[key] = value
    return out


def literal_keywords(values: tuple[Any, ...]) -> dict[str, Any]:
    kinds = {_TYPE_OF.get(type(v)) for v in values}
    out: dict[str, Any] = {}
    if len(kinds) == 1 and None not in kinds:
        out["type"] = kinds.pop()
    if len(values) == 1:
        out["const"] = values[0]
    else:
        out["enum"] = list(values)
    return out


_RELATIVE_LINK = re.compile(r"\]\((/[^)\s]*)\)")
_LIST_ITEM = re.compile(r"^\s*[-*]\s+(.+?):\s*`([^`]+)`\s*$")


def absolute_links(markdown: str, origin: str = "https://platform.openai.com") -> str:
    """`[text](/docs/...)` → `[text](<origin>/docs/...)`, for editors (the origin is the
    codegen config's `docs_origin`)."""
    if "](/" not in markdown:  # most descriptions: no relative link, no pattern run
        return markdown
    return _RELATIVE_LINK.sub(lambda m: f"]({origin}{m.group(1)})", markdown)


def enum_descriptions(values: list[Any], text: str | None) -> list[str] | None:
    """Per-value descriptions read from the prose the spec attaches to an enum: list items
    `- Label: `value``, sentences naming exactly one value, and clauses whose subject is a
    value (`high` will respond more quickly). None when the prose describes no value."""
    if not text:
        return None
    # only the string values are described (any other gets ""): that is all the key needs
    found = _enum_descriptions(
        tuple(v if isinstance(v, str) else None for v in values), text
    )
    return None if found is None else list(found)


@lru_cache(maxsize=None)  # by value: an enum is described again in each bundle using it
def _enum_descriptions(
    values: tuple[str | None, ...], text: str
) -> tuple[str, ...] | None:
    names = [v for v in values if isinstance(v, str)]
    found: dict[str, list[str]] = {v: [] for v in names}
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        prose: list[str] = []
        for line in block.split("\n"):
            item = _LIST_ITEM.match(line)
            if item and item.group(2) in found:
                found[item.group(2)].append(item.group(1).strip())
            else:
                prose.append(line.strip())
        sentences += re.split(r"(?<=[.!?])\s+(?=[`A-Z])", " ".join(prose))
    for sentence in sentences:
        mentioned = [v for v in names if f"`{v}`" in sentence]
        if len(mentioned) == 1:
            found[mentioned[0]].append(sentence.strip())
            continue
        clauses = re.split(r",\s+(?=(?:or |and )?`)", sentence)
        for before, clause in zip([""] + clauses, clauses):
            head = re.match(r"^(?:or |and )?`([^`]+)`(.*)$", clause.strip())
            bare_before = (
                re.fullmatch(r"(?:or |and )?`[^`]+`", before.strip()) is not None
            )
            if (
                head
                and head.group(1) in found
                and len(head.group(2).split()) >= 2
                and not bare_before
            ):
                found[head.group(1)].append(
                    clause.strip().removeprefix("or ").removeprefix("and ")
                )
    out = tuple(
        " ".join(dict.fromkeys(found.get(v, []) if isinstance(v, str) else []))
        for v in values
    )
    return out if any(out) else None


class JsonSchemas:
    """Turns IR nodes into JSON Schema; `ref` decides how a named type is referenced."""

    def __init__(self, api: ir.Api, ref: RefStyle, editor: bool = False) -> None:
        self.api = api
        self.ref = ref
        self.editor = editor  # add markdownDescription for editors

    def describe(self, out: dict[str, Any], description: str | None) -> dict[str, Any]:
        if description:
            out["description"] = description
            if self.editor:
                out["markdownDescription"] = absolute_links(
                    description, self.api.docs_origin
                )
        return out

    def describe_enums(self, out: dict[str, Any], description: str | None) -> None:
        """Editor mode: per-value descriptions on the enums inside `out` (not behind a $ref)."""
        if not self.editor:
            return
        if "enum" in out and "markdownEnumDescriptions" not in out:
            texts = enum_descriptions(
                out["enum"], out.get("description") or description
            )
            if texts:
                out["enumDescriptions"] = texts
                out["markdownEnumDescriptions"] = [
                    absolute_links(t, self.api.docs_origin) for t in texts
                ]
        for member in out.get("anyOf", []):
            self.describe_enums(member, description)
        if isinstance(out.get("items"), dict):
            self.describe_enums(out["items"], description)

    def fallback_description(self, prop: ir.Property) -> str:
        """For a property the spec leaves undescribed: its type's description, else its names."""
        if isinstance(prop.type, ir.Ref):
            named = self.api.types.get(prop.type.name)
            if named is not None and named.description:
                return named.description
            return f"The `{prop.name}` settings ({prop.type.name})."
        return f"The `{prop.name}` setting."

    def node(self, node: ir.TypeNode) -> dict[str, Any]:
        out = self._node(node)
        if not isinstance(node, ir.Ref):
            self.describe(out, node.description)
            if isinstance(node, ir.Literal):
                self.describe_enums(out, None)
        return out

    def _node(self, node: ir.TypeNode) -> dict[str, Any]:
        if isinstance(node, ir.Ref):
            return {"$ref": self.ref(node.name)}
        if isinstance(node, ir.Primitive):
            return primitive_keywords(node)
        if isinstance(node, ir.Literal):
            if not node.values:  # the boolean schema `false`
                return {"not": {}}
            return literal_keywords(node.values)
        if isinstance(node, ir.Array):
            out: dict[str, Any] = {"type": "array", "items": self.node(node.items)}
            if node.min_items is not None:
                out["minItems"] = node.min_items
            if node.max_items is not None:
                out["maxItems"] = node.max_items
            if node.unique_items:
                out["uniqueItems"] = True
            return out
        if isinstance(node, ir.Map):
            return {"type": "object", "additionalProperties": self.node(node.values)}
        if isinstance(node, ir.FreeForm):
            return {"type": "object"}
        if isinstance(node, ir.AnyValue):
            return {}
        if isinstance(node, ir.Object):
            return self.object(node)
        if isinstance(node, ir.Union):
            keyword = "oneOf" if node.exclusive else "anyOf"
            return {keyword: [self.node(m) for m in node.members]}
        if isinstance(node, ir.Nullable):
            inner = self.node(node.inner)
            if (
                isinstance(inner.get("type"), str)
                and "const" not in inner
                and "enum" not in inner
            ):
                return {**inner, "type": [inner["type"], "null"]}
            if "enum" in inner and "type" not in inner:
                return {**inner, "enum": [*inner["enum"], None]}
            return {"anyOf": [inner, {"type": "null"}]}
        assert_never(node)

    def object(self, node: ir.Object) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object"}
        if node.properties:
            out["properties"] = {p.name: self.property(p) for p in node.properties}
            required = [p.name for p in node.properties if p.required]
            if required:
                out["required"] = required
        if node.closed:
            out["additionalProperties"] = False
        elif node.extra is not None:
            out["additionalProperties"] = self.node(node.extra)
        return out

    def property(self, prop: ir.Property) -> dict[str, Any]:
        out = self.node(prop.type)
        if isinstance(prop.type, ir.Ref) and prop.description:
            self.describe(out, prop.description)
        elif prop.description and "description" not in out:
            self.describe(out, prop.description)
        if (
            "description" not in out
        ):  # editors show something on hover for every property
            self.describe(out, self.fallback_description(prop))
        self.describe_enums(out, prop.description)
        if prop.has_default:
            out["default"] = prop.default
        examples = list(prop.examples) or ([prop.example] if prop.has_example else [])
        if examples:
            out["examples"] = examples
        if prop.deprecated:
            out["deprecated"] = True
        return out
