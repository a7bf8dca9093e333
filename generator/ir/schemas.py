"""Pass 1, schemas: `components.schemas` → named IR types (allOf merged, unions tagged,
`$ref`s resolved once, recursion through objects, arrays and maps kept as `Ref`s)."""

from __future__ import annotations

from typing import Any

from generator.ecma_regex import translate
from generator.ir import nodes as ir
from generator.ir.schema_context import COMPONENT_PREFIX as COMPONENT_PREFIX
from generator.ir.schema_context import SchemaContext
from generator.ir.schema_keywords import (
    ASSERTIONS,
    DIALECTS,
    KIND_KEYWORDS,
    KNOWN_TYPES,
    PRIMITIVES,
    UNSUPPORTED_KEYWORDS,
    VALUE_SHAPES,
    without_rule_fragments,
)
from generator.ir.util import (
    dedupe,
    exclusive,
    literal_of,
    replaced,
    seq,
    text_or_none,
    with_description,
)
from generator.load import Document
from generator.load.document import pointer_join

# The paths' methods, read by the operations pass (operations.py imports it from here).
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_SCHEMA_DEPTH = 64  # keeps the builder and the emitters well inside Python's stack
_UNSUPPORTED = frozenset(UNSUPPORTED_KEYWORDS)


class SchemaBuilder(SchemaContext):
    """Builds named IR types from a document, collecting every problem (the document,
    the problems and `$ref` resolution are SchemaContext's, schema_context.py)."""

    # -- schemas -----------------------------------------------------------------------
    def build_components(self) -> None:
        if not isinstance(self.components, dict):
            self.fail("components.schemas must be a mapping", "/components/schemas")
            return
        for name, schema in self.components.items():
            pointer = pointer_join("/components/schemas", name)
            if not isinstance(name, str):
                self.fail(f"schema name {name!r} must be a string", pointer)
                continue
            if not isinstance(schema, (dict, bool)):
                self.fail(f"schema {name!r} must be a mapping or a boolean", pointer)
                continue
            node = self.component(name)
            about = schema if isinstance(schema, dict) else {}
            self.types[name] = ir.NamedType(
                name=name,
                type=node,
                description=text_or_none(about.get("description")),
                source=pointer,
                internal=bool(about.get("x-callspec-internal", False)),
            )

    def component(self, name: str) -> ir.TypeNode:
        """The node of component `name`, built once however often it is resolved."""
        if name in self._converted:
            return self._converted[name]
        target = self.components.get(name)
        if not isinstance(target, (dict, bool)) or name in self._resolving:
            return ir.AnyValue()
        self._resolving.add(name)
        outer, self._current = self._current, name
        try:
            node = self.schema(target, pointer_join("/components/schemas", name))
        finally:
            self._current = outer
            self._resolving.discard(name)
        self._converted[name] = node
        return node

    def schema(
        self, schema: Any, pointer: str, doc: Document | None = None
    ) -> ir.TypeNode:
        """`_schema`, refusing nesting (inline, or through allOf chains) past MAX_SCHEMA_DEPTH."""
        if self._depth >= MAX_SCHEMA_DEPTH:
            message = f"schema nested more than {MAX_SCHEMA_DEPTH} levels deep"
            self.fail(message, pointer, doc)
            return ir.AnyValue()
        self._depth += 1
        try:
            return self._schema(schema, pointer, doc)
        finally:
            self._depth -= 1

    def _schema(
        self, schema: Any, pointer: str, doc: Document | None = None
    ) -> ir.TypeNode:
        doc = doc or self.doc
        if schema is True or schema == {}:
            return ir.AnyValue()
        if schema is False:  # a boolean schema: no value at all
            return ir.Literal(())
        if not isinstance(schema, dict):
            self.fail("a schema must be a mapping or a boolean", pointer, doc)
            return ir.AnyValue()
        schema = without_rule_fragments(schema)
        dialect = schema.get("$schema")
        if dialect is not None and dialect not in DIALECTS:
            why = "only the 2020-12 dialect (and OpenAPI 3.1's) is understood"
            self.unsupported("$schema", why, pointer, doc)
        if not _UNSUPPORTED.isdisjoint(schema):  # few schemas use one: skip the table
            for keyword, why in UNSUPPORTED_KEYWORDS.items():
                if keyword in schema:
                    if (
                        keyword == "if"
                        and "then" not in schema
                        and "else" not in schema
                    ):
                        continue  # `if` alone asserts nothing
                    self.unsupported(keyword, why, pointer, doc)
        description = text_or_none(schema.get("description"))
        node = self._schema_body(schema, pointer, doc)
        if schema.get("nullable") is True and not isinstance(node, ir.Nullable):
            node = ir.Nullable(node)
        if description is not None and not isinstance(node, ir.Ref):
            node = with_description(node, description)
        title = schema.get("title")
        if isinstance(node, ir.Object) and isinstance(title, str) and title.strip():
            node = replaced(node, name=title)  # a hint for the inline-object namer
        return node

    def siblings(
        self, schema: dict[str, Any], applicator: str, pointer: str, doc: Document
    ) -> None:
        """Report the assertions beside `applicator` that the IR would drop."""
        merged = ("properties", "required") if applicator == "allOf" else ()
        for keyword in ASSERTIONS:
            if keyword in schema and keyword != applicator and keyword not in merged:
                if applicator == "anyOf" and keyword == "oneOf":
                    continue  # reported as the applicator kept
                why = f"beside `{applicator}` the IR keeps only the `{applicator}`"
                self.unsupported(keyword, why, pointer, doc)

    def _schema_body(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        for applicator in ("$ref", "allOf", "anyOf", "oneOf"):
            if applicator in schema:
                self.siblings(schema, applicator, pointer, doc)
                break
        if "$ref" in schema:
            return self.ref(schema["$ref"], pointer_join(pointer, "$ref"), doc)
        if "$recursiveRef" in schema:
            if schema["$recursiveRef"] == "#" and self._current is not None:
                # `#`: the enclosing component, recursively (upstream CompoundFilter)
                return ir.Ref(self._current)
            self.warn("$recursiveRef outside a component: any value", pointer, doc)
            return ir.AnyValue()
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            if len(all_of) == 1:
                return self.schema(all_of[0], pointer_join(pointer, "allOf", 0), doc)
            return self.merge_all_of(schema, pointer, doc)
        for keyword in ("anyOf", "oneOf"):
            members = schema.get(keyword)
            if members is not None:
                if not isinstance(members, list) or not members:
                    self.fail(f"{keyword} must be a non-empty list", pointer, doc)
                    return ir.AnyValue()
                return self.union(schema, members, pointer_join(pointer, keyword), doc)
        if "const" in schema:
            return self.nullable_literal([schema["const"]], schema)
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list):
                self.fail("enum must be a list", pointer_join(pointer, "enum"), doc)
                return ir.AnyValue()
            if not values:  # valid JSON Schema that no value satisfies
                return ir.Literal(())
            return self.nullable_literal(values, schema)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            for k in kinds:
                if not isinstance(k, str) or k not in KNOWN_TYPES:
                    self.fail(f"unknown type {k!r}", pointer_join(pointer, "type"), doc)
                    return ir.AnyValue()
            if not kinds:
                return ir.Literal((None,)) if "null" in kind else ir.AnyValue()
            if len(kinds) == 1:
                inner = self.typed(kinds[0], schema, pointer, doc)
            else:
                inner = ir.Union(
                    tuple(self.typed(k, schema, pointer, doc) for k in kinds)
                )
            return ir.Nullable(inner) if "null" in kind else inner
        if kind is None:
            return self.untyped(schema, pointer, doc)
        if not isinstance(kind, str) or kind not in KNOWN_TYPES:
            self.fail(f"unknown type {kind!r}", pointer_join(pointer, "type"), doc)
            return ir.AnyValue()
        return self.typed(kind, schema, pointer, doc)

    def untyped(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        """A schema without `type`: its keywords constrain values of their own JSON kind
        and every other kind passes. No kind is implied (`properties` does not make it an
        object): only the document decides."""
        kinds = [
            k for k, words in KIND_KEYWORDS.items() if any(w in schema for w in words)
        ]
        if (
            schema.get("format") in self.codegen.format_assertion
            and "string" not in kinds
        ):
            kinds.append("string")  # an asserted format constrains strings only
        if not kinds:
            return ir.AnyValue()
        members: list[ir.TypeNode] = []
        for kind in ("boolean", "number", "string", "object", "array"):
            if kind in kinds:
                members.append(self.typed(kind, schema, pointer, doc))
            elif kind == "object":
                members.append(ir.FreeForm())
            elif kind == "array":
                members.append(ir.Array(ir.AnyValue()))
            else:
                members.append(ir.Primitive(kind))
        return ir.Nullable(ir.Union(tuple(members)))

    def nullable_literal(
        self, values: list[Any], schema: dict[str, Any]
    ) -> ir.TypeNode:
        non_null = tuple(v for v in values if v is not None)
        if not non_null:
            return ir.Literal((None,))
        node: ir.TypeNode = ir.Literal(dedupe(non_null))
        if len(non_null) != len(values):
            node = ir.Nullable(node)
        return node

    def typed(
        self, kind: str, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        if kind == "null":
            return ir.Literal((None,))
        if kind in PRIMITIVES or kind == "array":
            schema = self.shaped(schema, pointer, doc)
        if kind in PRIMITIVES:
            pattern = schema.get("pattern")
            if kind == "string" and isinstance(pattern, str):
                if translate(pattern) is None:
                    why = "this ECMA-262 pattern has no Python translation"
                    self.unsupported("pattern", why, pointer, doc)
            return ir.Primitive(
                kind,
                minimum=schema.get("minimum"),
                maximum=schema.get("maximum"),
                exclusive_minimum=exclusive(schema, "Minimum"),
                exclusive_maximum=exclusive(schema, "Maximum"),
                min_length=schema.get("minLength"),
                max_length=schema.get("maxLength"),
                pattern=schema.get("pattern"),
                format=schema.get("format"),
            )
        if kind == "array":
            items = schema.get("items", {})
            return ir.Array(
                self.schema(items, pointer_join(pointer, "items"), doc),
                min_items=schema.get("minItems"),
                max_items=schema.get("maxItems"),
                unique_items=bool(schema.get("uniqueItems", False)),
            )
        return self.object(schema, pointer, doc)

    def shaped(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> dict[str, Any]:
        """`schema`, each assertion the IR reads of it (`VALUE_SHAPES`) of the shape
        JSON Schema gives it; one of another shape is a located problem, and left out.
        """
        wrong = [
            word
            for word, shape in VALUE_SHAPES.items()
            if word in schema and not shape.holds(schema[word])
        ]
        for word in wrong:
            what = VALUE_SHAPES[word].what
            self.fail(f"{word} must be {what}", pointer_join(pointer, word), doc)
        return {k: v for k, v in schema.items() if k not in wrong} if wrong else schema

    def object(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        props = schema.get("properties") or {}
        extra_schema = schema.get("additionalProperties", True)
        if not isinstance(props, dict):
            self.fail(
                "properties must be a mapping", pointer_join(pointer, "properties"), doc
            )
            props = {}
        required = schema.get("required") or []
        if not props and not required:
            if extra_schema is False:
                return ir.Object((), closed=True)
            if extra_schema is not True and extra_schema != {}:
                return ir.Map(
                    self.schema(
                        extra_schema, pointer_join(pointer, "additionalProperties"), doc
                    )
                )
            return ir.FreeForm()
        if not isinstance(required, list):
            self.fail("required must be a list", pointer_join(pointer, "required"), doc)
            required = []
        for name in required:
            if not isinstance(name, str):
                self.fail(
                    "required must list property names",
                    pointer_join(pointer, "required"),
                    doc,
                )
        properties = []
        if not self._merging:  # required, of any value: JSON Schema does not need both
            undeclared = [n for n in required if isinstance(n, str) and n not in props]
            properties += [ir.Property(n, ir.AnyValue(), True) for n in undeclared]
        for name, prop_schema in props.items():
            prop_pointer = pointer_join(pointer, "properties", name)
            if isinstance(prop_schema, bool):  # `true`: any value; `false`: none
                node = self.schema(prop_schema, prop_pointer, doc)
                properties.append(ir.Property(str(name), node, name in required))
                continue
            if not isinstance(prop_schema, dict):
                self.fail(
                    f"property {name!r} must be a schema mapping", prop_pointer, doc
                )
                continue
            node = self.schema(prop_schema, prop_pointer, doc)
            properties.append(
                ir.Property(
                    name=str(name),
                    type=node,
                    required=name in required,
                    description=text_or_none(prop_schema.get("description")),
                    default=prop_schema.get("default"),
                    has_default="default" in prop_schema,
                    example=prop_schema.get("example"),
                    has_example="example" in prop_schema,
                    examples=seq(prop_schema.get("examples")),
                    deprecated=bool(prop_schema.get("deprecated", False)),
                    read_only=bool(prop_schema.get("readOnly", False)),
                )
            )
        extra: ir.TypeNode | None = None
        if (
            extra_schema is not True
            and extra_schema is not False
            and extra_schema != {}
        ):
            extra = self.schema(
                extra_schema, pointer_join(pointer, "additionalProperties"), doc
            )
        return ir.Object(tuple(properties), closed=extra_schema is False, extra=extra)

    def merge_all_of(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        properties: dict[str, ir.Property] = {}
        closed = False
        open_parts = False  # a part that is any object or any value
        required: set[str] = set()
        for part in [schema, *schema["allOf"]]:
            if isinstance(part, dict) and isinstance(part.get("required"), list):
                required.update(str(r) for r in part["required"])
        for index, part in enumerate(schema["allOf"]):
            self._merging += 1
            try:
                node = self.schema(part, pointer_join(pointer, "allOf", index), doc)
            finally:
                self._merging -= 1
            resolved = self.resolve_now(node)
            if isinstance(resolved, ir.Object):
                for prop in resolved.properties:
                    properties[prop.name] = prop
                closed = closed or resolved.closed
            elif not isinstance(resolved, (ir.FreeForm, ir.AnyValue)):
                why = "only parts that are all objects are merged"
                self.unsupported("allOf", why, pointer, doc)
                return node  # not an object merge: keep the first constraint
            else:
                open_parts = True
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if own.get("properties"):
            self._merging += 1
            try:
                extra_node = self.object(own, pointer, doc)
            finally:
                self._merging -= 1
            if isinstance(extra_node, ir.Object):
                for prop in extra_node.properties:
                    properties[prop.name] = prop
        merged = [
            replaced(p, required=True) if p.name in required else p
            for p in properties.values()
        ]
        if not merged and not closed and open_parts and not required:
            return ir.AnyValue()  # `allOf: [true, {}]` says nothing (no kind implied)
        return ir.Object(tuple(merged), closed=closed)

    def resolve_now(self, node: ir.TypeNode) -> ir.TypeNode:
        """A component's structure while components are still being built (memoised, so a
        problem inside it is reported once)."""
        seen: set[str] = set()
        while isinstance(node, ir.Ref) and node.name not in seen:
            seen.add(node.name)
            if node.name in self.types:
                node = self.types[node.name].type
                continue
            node = self.component(node.name)
        return node

    def union(
        self, schema: dict[str, Any], members: list[Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        nodes: list[ir.TypeNode] = []
        nullable = False
        for index, member in enumerate(members):
            node = self.schema(member, pointer_join(pointer, index), doc)
            if isinstance(node, ir.Literal) and node.values == (None,):
                nullable = True
                continue
            if isinstance(node, ir.Nullable):
                nullable = True
                node = node.inner
            nodes.append(node)
        if not nodes:
            return ir.Literal((None,))
        result: ir.TypeNode
        if len(nodes) == 1:
            result = nodes[0]
        else:
            discriminator = schema.get("discriminator")
            prop = (
                discriminator.get("propertyName")
                if isinstance(discriminator, dict)
                else None
            )
            tags = self.tags(nodes, prop)
            exclusive = pointer.endswith("/oneOf")
            if tags is None:
                result = ir.Union(tuple(nodes), exclusive=exclusive)
            else:
                prop_name, mapping = tags
                result = ir.Union(
                    tuple(nodes),
                    discriminator=prop_name,
                    tags=mapping,
                    exclusive=exclusive,
                )
        return ir.Nullable(result) if nullable else result

    def tags(
        self, members: list[ir.TypeNode], declared: str | None
    ) -> tuple[str, tuple[tuple[str, int], ...]] | None:
        """The tag property and tag → member map, when object members carry constant tags."""
        objects: list[tuple[int, ir.Object]] = []
        for i, m in enumerate(members):
            resolved = self.resolve_now(m)
            if isinstance(resolved, ir.Object):
                objects.append((i, resolved))
        if len(objects) < 2:
            return None
        candidates = [declared] if declared else ["type", "object", "kind"]
        for name in candidates:
            mapping: list[tuple[str, int]] = []
            for index, member in objects:
                prop = member.property(name)
                literal = literal_of(prop.type) if prop else None
                if literal is None:
                    break
                mapping.extend((str(v), index) for v in literal.values)
            else:
                if len({tag for tag, _ in mapping}) == len(mapping):
                    return name, tuple(mapping)
        return None
