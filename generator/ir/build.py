"""OpenAPI document → IR. Problems are collected and raised once, with every location."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.ir import nodes as ir
from generator.ir.names import pascal, snake
from generator.load import Document, RefResolver, load_document
from generator.load.upstream import effective_document
from generator.load.document import pointer_join

COMPONENT_PREFIX = "#/components/schemas/"
_PRIMITIVES = {"string", "integer", "number", "boolean"}
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_KNOWN_TYPES = _PRIMITIVES | {"object", "array", "null"}
MAX_SCHEMA_DEPTH = 64  # keeps the builder and the emitters well inside Python's stack


class _Builder:
    def __init__(self, document: Document, codegen: dict[str, Any]) -> None:
        self.doc = document
        self.resolver = RefResolver(document)
        self.codegen = codegen
        self.problems: list[Problem] = []
        components = self.mapping(
            document.data.get("components"), "components", "/components"
        )
        self.components: dict[str, Any] = self.mapping(
            components.get("schemas"), "components.schemas", "/components/schemas"
        )
        self.types: dict[str, ir.NamedType] = {}
        self.warnings: list[Problem] = []
        self._converted: dict[str, ir.TypeNode] = {}  # component → node, built once
        self._resolving: set[str] = set()
        self._current: str | None = None  # the component being built (`$recursiveRef`)
        self._merging = 0  # inside allOf: `required` may name a sibling part's property
        self._depth = 0  # schemas being built, innermost last (MAX_SCHEMA_DEPTH)

    # -- errors ------------------------------------------------------------------------
    def fail(self, message: str, pointer: str, doc: Document | None = None) -> None:
        self.problems.append((doc or self.doc).problem(message, pointer))

    def warn(self, message: str, pointer: str, doc: Document | None = None) -> None:
        # Located by pointer only: a line number would make PyYAML compose the whole
        # document (seconds on a large spec) for what is not an error.
        path = str((doc or self.doc).path)
        self.warnings.append(Problem(message, file=path, pointer=pointer or "/"))

    def mapping(self, value: Any, what: str, pointer: str) -> dict[Any, Any]:
        """`value` when it is a mapping, {} when absent; anything else is a problem."""
        if value is not None and not isinstance(value, dict):
            self.fail(f"{what} must be a mapping", pointer)
        return value if isinstance(value, dict) else {}

    def sequence(self, value: Any, what: str, pointer: str) -> list[Any]:
        """`value` when it is a list, [] when absent; anything else is a problem."""
        if value is not None and not isinstance(value, list):
            self.fail(f"{what} must be a list", pointer)
        return value if isinstance(value, list) else []

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
            if not isinstance(schema, dict):
                self.fail(f"schema {name!r} must be a mapping", pointer)
                continue
            node = self.component(name)
            self.types[name] = ir.NamedType(
                name=name,
                type=node,
                description=_text(schema.get("description")),
                source=pointer,
                internal=bool(schema.get("x-callspec-internal", False)),
            )

    def component(self, name: str) -> ir.TypeNode:
        """The node of component `name`, built once however often it is resolved."""
        if name in self._converted:
            return self._converted[name]
        target = self.components.get(name)
        if not isinstance(target, dict) or name in self._resolving:
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
        if not isinstance(schema, dict):
            self.fail("a schema must be a mapping", pointer, doc)
            return ir.AnyValue()
        description = _text(schema.get("description"))
        node = self._schema_body(schema, pointer, doc)
        if schema.get("nullable") is True and not isinstance(node, ir.Nullable):
            node = ir.Nullable(node)
        if description is not None and not isinstance(node, ir.Ref):
            node = _with_description(node, description)
        title = schema.get("title")
        if isinstance(node, ir.Object) and isinstance(title, str) and title.strip():
            node = replace(node, name=title)  # a hint for the inline-object namer
        return node

    def _schema_body(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
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
            if not isinstance(values, list) or not values:
                self.fail(
                    "enum must be a non-empty list", pointer_join(pointer, "enum"), doc
                )
                return ir.AnyValue()
            return self.nullable_literal(values, schema)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            for k in kinds:
                if not isinstance(k, str) or k not in _KNOWN_TYPES:
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
            if "properties" in schema or "additionalProperties" in schema:
                return self.typed("object", schema, pointer, doc)
            if "items" in schema:
                return self.typed("array", schema, pointer, doc)
            return ir.AnyValue()
        if not isinstance(kind, str) or kind not in _KNOWN_TYPES:
            self.fail(f"unknown type {kind!r}", pointer_join(pointer, "type"), doc)
            return ir.AnyValue()
        return self.typed(kind, schema, pointer, doc)

    def nullable_literal(
        self, values: list[Any], schema: dict[str, Any]
    ) -> ir.TypeNode:
        non_null = tuple(v for v in values if v is not None)
        if not non_null:
            return ir.Literal((None,))
        node: ir.TypeNode = ir.Literal(_dedupe(non_null))
        if len(non_null) != len(values):
            node = ir.Nullable(node)
        return node

    def typed(
        self, kind: str, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        if kind == "null":
            return ir.Literal((None,))
        if kind in _PRIMITIVES:
            return ir.Primitive(
                kind,
                minimum=schema.get("minimum"),
                maximum=schema.get("maximum"),
                exclusive_minimum=_exclusive(schema, "Minimum"),
                exclusive_maximum=_exclusive(schema, "Maximum"),
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
        if not props:
            if isinstance(extra_schema, dict) and extra_schema:
                return ir.Map(
                    self.schema(
                        extra_schema, pointer_join(pointer, "additionalProperties"), doc
                    )
                )
            if extra_schema is False:
                return ir.Object((), closed=True)
            return ir.FreeForm()
        required = schema.get("required") or []
        if not isinstance(required, list):
            self.fail("required must be a list", pointer_join(pointer, "required"), doc)
            required = []
        for name in required:
            if not isinstance(name, str) or (name not in props and not self._merging):
                self.warn(
                    f"required property {name!r} is not defined; ignored",
                    pointer_join(pointer, "required"),
                    doc,
                )
        properties = []
        for name, prop_schema in props.items():
            prop_pointer = pointer_join(pointer, "properties", name)
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
                    description=_text(prop_schema.get("description")),
                    default=prop_schema.get("default"),
                    has_default="default" in prop_schema,
                    example=prop_schema.get("example"),
                    has_example="example" in prop_schema,
                    examples=_seq(prop_schema.get("examples")),
                    deprecated=bool(prop_schema.get("deprecated", False)),
                    read_only=bool(prop_schema.get("readOnly", False)),
                )
            )
        extra: ir.TypeNode | None = None
        if isinstance(extra_schema, dict) and extra_schema:
            extra = self.schema(
                extra_schema, pointer_join(pointer, "additionalProperties"), doc
            )
        return ir.Object(tuple(properties), closed=extra_schema is False, extra=extra)

    def merge_all_of(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        properties: dict[str, ir.Property] = {}
        closed = False
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
                return node  # not an object merge: keep the first constraint
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
            replace(p, required=True) if p.name in required else p
            for p in properties.values()
        ]
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

    def ref(self, ref: Any, pointer: str, doc: Document) -> ir.TypeNode:
        if not isinstance(ref, str):
            self.fail("$ref must be a string", pointer, doc)
            return ir.AnyValue()
        if doc is self.doc and ref.startswith(COMPONENT_PREFIX):
            name = ref[len(COMPONENT_PREFIX) :].replace("~1", "/").replace("~0", "~")
            if name not in self.components:
                self.fail(f"$ref {ref!r} does not resolve", pointer, doc)
                return ir.AnyValue()
            return ir.Ref(name)
        found = self.resolver.resolve(ref, doc, pointer)
        if isinstance(found, Problem):
            self.problems.append(found)
            return ir.AnyValue()
        target_doc, target_pointer, value = found
        if target_pointer in getattr(self, "_expanding", set()):
            self.fail(f"$ref {ref!r} is a cycle outside components", pointer, doc)
            return ir.AnyValue()
        self._expanding = getattr(self, "_expanding", set()) | {target_pointer}
        try:
            return self.schema(value, target_pointer, target_doc)
        finally:
            self._expanding = self._expanding - {target_pointer}

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
            if tags is None:
                result = ir.Union(tuple(nodes))
            else:
                prop_name, mapping = tags
                result = ir.Union(tuple(nodes), discriminator=prop_name, tags=mapping)
        return ir.Nullable(result) if nullable else result

    def tags(
        self, members: list[ir.TypeNode], declared: str | None
    ) -> tuple[str, tuple[tuple[str, int], ...]] | None:
        """The tag property and tag → member map, when object members carry constant tags."""
        objects = [(i, self.resolve_now(m)) for i, m in enumerate(members)]
        objects = [(i, m) for i, m in objects if isinstance(m, ir.Object)]
        if len(objects) < 2:
            return None
        candidates = [declared] if declared else ["type", "object", "kind"]
        for name in candidates:
            mapping: list[tuple[str, int]] = []
            for index, member in objects:
                prop = member.property(name)
                literal = _literal_of(prop.type) if prop else None
                if literal is None:
                    break
                mapping.extend((str(v), index) for v in literal.values)
            else:
                if len({tag for tag, _ in mapping}) == len(mapping):
                    return name, tuple(mapping)
        return None

    # -- operations --------------------------------------------------------------------
    def operations(self, selectors: tuple[str, ...]) -> list[ir.Operation]:
        paths = self.doc.data.get("paths") or {}
        if not isinstance(paths, dict):
            self.fail("paths must be a mapping", "/paths")
            return []
        overrides = self.codegen.get("operations") or {}
        collections = _collections(paths)
        result = []
        for raw_path, item in paths.items():
            path = str(raw_path).split("?", 1)[0]
            if selectors and not any(fnmatch.fnmatchcase(path, s) for s in selectors):
                continue
            item_pointer = pointer_join("/paths", raw_path)
            if not isinstance(item, dict):
                self.fail("a path item must be a mapping", item_pointer)
                continue
            shared = self.sequence(
                item.get("parameters"),
                "parameters",
                pointer_join(item_pointer, "parameters"),
            )
            for http_method in _HTTP_METHODS:
                op = item.get(http_method)
                if op is None:
                    continue
                op_pointer = pointer_join(item_pointer, http_method)
                if not isinstance(op, dict):
                    self.fail("an operation must be a mapping", op_pointer)
                    continue
                op_id = str(op.get("operationId") or f"{http_method} {path}")
                override = overrides.get(op_id) or {}
                responses = self.responses(
                    op.get("responses") or {},
                    pointer_join(op_pointer, "responses"),
                )
                if _example_creates(op, path):
                    collections.add(path.strip("/"))
                resource, method = derive_resource(
                    path, http_method, collections, self.is_listing(responses)
                )
                if override.get("resource"):
                    resource = tuple(str(override["resource"]).split("."))
                method = override.get("method") or method
                result.append(
                    ir.Operation(
                        operation_id=op_id,
                        http_method=http_method,
                        path=path,
                        resource=resource,
                        method=method,
                        summary=_text(op.get("summary")),
                        description=_text(op.get("description")),
                        parameters=self.parameters(
                            shared,
                            self.sequence(
                                op.get("parameters"),
                                "parameters",
                                pointer_join(op_pointer, "parameters"),
                            ),
                            op_pointer,
                        ),
                        body=self.body(
                            op.get("requestBody"),
                            pointer_join(op_pointer, "requestBody"),
                        ),
                        responses=responses,
                        params_class=override.get("params_class"),
                        deprecated=bool(op.get("deprecated", False)),
                        tags=_seq(op.get("tags")),
                    )
                )
        return result

    def is_listing(self, responses: tuple[ir.Response, ...]) -> bool:
        """A success response that is a page of items (`data: [...]`) or an array."""
        success = next((r for r in responses if r.status.startswith("2")), None)
        if success is None or success.type is None:
            return False
        node = self.resolve_now(success.type)
        if isinstance(node, ir.Nullable):
            node = self.resolve_now(node.inner)
        if isinstance(node, ir.Array):
            return True
        data = node.property("data") if isinstance(node, ir.Object) else None
        return data is not None and isinstance(self.resolve_now(data.type), ir.Array)

    def deref(self, value: Any, pointer: str) -> tuple[Any, str]:
        """Follow a `$ref` on a non-schema object (parameter, request body, response)."""
        seen = 0
        while isinstance(value, dict) and "$ref" in value and seen < 16:
            found = self.resolver.resolve(
                value["$ref"], self.doc, pointer_join(pointer, "$ref")
            )
            if isinstance(found, Problem):
                self.problems.append(found)
                return {}, pointer
            _, target, value = found
            pointer, seen = target, seen + 1
        return value, pointer

    def parameters(
        self, shared: list[Any], own: list[Any], pointer: str
    ) -> tuple[ir.Parameter, ...]:
        merged: dict[tuple[str, str], ir.Parameter] = {}
        for base, items in (("/..", shared), ("", own)):
            for index, raw in enumerate(items):
                at = pointer_join(pointer, "parameters", index) if not base else pointer
                param, at = self.deref(raw, at)
                if (
                    not isinstance(param, dict)
                    or not isinstance(param.get("name"), str)
                    or not isinstance(param.get("in"), str)
                ):
                    self.fail("a parameter needs string `name` and `in`", at)
                    continue
                node = self.schema(param.get("schema", {}), pointer_join(at, "schema"))
                merged[(param["in"], param["name"])] = ir.Parameter(
                    name=str(param["name"]),
                    location=str(param["in"]),
                    type=node,
                    required=bool(param.get("required", param["in"] == "path")),
                    description=_text(param.get("description")),
                    example=param.get("example"),
                    has_example="example" in param,
                )
        return tuple(merged.values())

    def body(self, raw: Any, pointer: str) -> ir.Body | None:
        if raw is None:
            return None
        body, pointer = self.deref(raw, pointer)
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            self.fail("requestBody needs a content mapping", pointer)
            return None
        content = {str(k): v for k, v in content.items()}
        media_types = list(content)
        primary = next((m for m in media_types if "json" in m), None) or next(
            (m for m in media_types if m.startswith("multipart/")), media_types[0]
        )
        entries = []
        for media in media_types:
            media_obj = self.mapping(
                content[media], "a media type", pointer_join(pointer, "content", media)
            )
            node = self.schema(
                media_obj.get("schema", {}),
                pointer_join(pointer, "content", media, "schema"),
            )
            entries.append((media, node, media_obj))
        main = next(e for e in entries if e[0] == primary)
        encoding = tuple(
            (str(part), str((spec or {}).get("contentType", "")))
            for part, spec in self.mapping(
                main[2].get("encoding"),
                "encoding",
                pointer_join(pointer, "content", primary),
            ).items()
            if isinstance(spec, dict) or spec is None
        )
        return ir.Body(
            media_type=primary,
            type=main[1],
            required=bool(body.get("required", False)),
            description=_text(body.get("description")),
            encoding=encoding,
            alternatives=tuple((m, n) for m, n, _ in entries if m != primary),
        )

    def responses(self, raw: Any, pointer: str) -> tuple[ir.Response, ...]:
        if not isinstance(raw, dict):
            self.fail("responses must be a mapping", pointer)
            return ()
        result = []
        for status, response in raw.items():
            at = pointer_join(pointer, status)
            response, at = self.deref(response, at)
            if not isinstance(response, dict):
                continue
            content = self.mapping(
                response.get("content"), "content", pointer_join(at, "content")
            )
            content = {str(k): v for k, v in content.items()}
            media = next(iter(content), None)
            media_obj = (
                self.mapping(
                    content[media], "a media type", pointer_join(at, "content", media)
                )
                if media
                else {}
            )
            node = (
                self.schema(
                    media_obj.get("schema", {}),
                    pointer_join(at, "content", media, "schema"),
                )
                if media
                else None
            )
            headers = []
            raw_headers = response.get("headers")
            for name, header in self.mapping(
                raw_headers, "headers", pointer_join(at, "headers")
            ).items():
                header, hat = self.deref(header, pointer_join(at, "headers", name))
                header = self.mapping(header, "a header", hat)
                headers.append(
                    ir.Header(
                        name=str(name),
                        type=self.schema(
                            (header or {}).get("schema", {}),
                            pointer_join(hat, "schema"),
                        ),
                        description=_text((header or {}).get("description")),
                    )
                )
            result.append(
                ir.Response(
                    status=str(status),
                    description=_text(response.get("description")),
                    media_type=media,
                    type=node,
                    headers=tuple(headers),
                    example=media_obj.get("example"),
                    has_example="example" in media_obj,
                )
            )
        return tuple(result)


def _collections(paths: dict[str, Any]) -> set[str]:
    """Paths (without slashes around) that name collections rather than actions: those
    with items below them (`x/{id}`) or listed with GET."""
    found: set[str] = set()
    for raw, item in paths.items():
        segments = [s for s in str(raw).split("?", 1)[0].strip("/").split("/") if s]
        for index, segment in enumerate(segments):
            if segment.startswith("{") and index:
                found.add("/".join(segments[:index]))
        if isinstance(item, dict) and "get" in item:
            found.add("/".join(segments))
    return found


def _example_creates(op: dict[str, Any], path: str) -> bool:
    """The upstream `x-oaiMeta` examples call `<last segment>.create(` for this POST."""
    meta = op.get("x-oaiMeta")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(meta, dict) or last.startswith("{"):
        return False
    return f".{last}.create(" in str(meta.get("examples", ""))


def derive_resource(
    path: str,
    http_method: str,
    collections: set[str] | frozenset[str] = frozenset(),
    listing: bool = True,
) -> tuple[tuple[str, ...], str]:
    """Resource and method names from a path, as the official SDKs lay them out.

    A POST to a literal segment right after a parameter is an action on that item
    (`calls/{call_id}/accept` → `calls.accept`) unless the segment is a collection
    (`threads/{id}/messages` → `threads.messages.create`). A GET on a literal segment
    lists when the response is a page of items (`listing`), else retrieves."""
    segments = [s for s in path.strip("/").split("/") if s]
    is_param = [s.startswith("{") for s in segments]
    literal = [re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower() for s in segments]
    action = "/".join(segments) not in collections
    if (
        segments
        and not is_param[-1]
        and any(is_param)
        and http_method == "post"
        and action
    ):
        last_param = max(i for i, p in enumerate(is_param) if p)
        if last_param == len(segments) - 2:
            resource = tuple(x for x, p in zip(literal[:-1], is_param[:-1]) if not p)
            return resource or ("client",), literal[-1]
    resource = tuple(x for x, p in zip(literal, is_param) if not p) or ("client",)
    ends_with_param = bool(segments) and is_param[-1]
    verbs = (
        {
            "get": "retrieve",
            "post": "update",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }
        if ends_with_param
        else {
            "get": "list" if listing else "retrieve",
            "post": "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }
    )
    return resource, verbs.get(http_method, http_method)


def _seq(value: Any) -> tuple[Any, ...]:
    """A list's items as a tuple; nothing for anything that is not a list."""
    return tuple(value) if isinstance(value, list) else ()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _exclusive(schema: dict[str, Any], suffix: str) -> float | None:
    value = schema.get("exclusive" + suffix)
    if isinstance(value, bool):  # OpenAPI 3.0 boolean form
        return schema.get(suffix.lower()) if value else None
    return value


def _dedupe(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values in order without repeats (`1` and `True` differ); linear for scalars."""
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()
    for v in values:
        if isinstance(v, (str, int, float, bool)) and v == v:  # hashable, and not NaN
            if (type(v), v) not in seen:
                seen.add((type(v), v))
                out.append(v)
        elif not any(v == o and type(v) is type(o) for o in out):
            out.append(v)
    return tuple(out)


def _literal_of(node: ir.TypeNode) -> ir.Literal | None:
    if isinstance(node, ir.Literal) and None not in node.values:
        return node
    return None


def _with_description(node: ir.TypeNode, description: str) -> ir.TypeNode:
    return replace(node, description=description)


def _naming(codegen: dict[str, Any]) -> ir.Naming:
    params = codegen.get("param_names") or {}
    contexts = codegen.get("context_names") or {}
    return ir.Naming(
        param_names=tuple((str(k), str(v)) for k, v in params.items()),
        context_names=tuple(
            (str(name), str(at), str(alias))
            for name, places in contexts.items()
            for at, alias in (places or {}).items()
        ),
    )


def _upstream(builder: _Builder, info: dict[str, Any]) -> dict[str, str]:
    """`info.x-callspec-upstream`: which upstream commit (and its date) the spec is from."""
    raw = info.get("x-callspec-upstream")
    if raw is None:
        return {}
    pointer = "/info/x-callspec-upstream"
    if not isinstance(raw, dict):
        builder.fail("must be a mapping with `commit` and `date`", pointer)
        return {}
    commit, date = raw.get("commit"), raw.get("date")
    if not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        builder.fail(
            "`commit` must be a git commit id (7-40 hex digits)", pointer + "/commit"
        )
        return {}
    if hasattr(date, "isoformat"):  # YAML reads an unquoted 2026-05-13 as a date
        date = date.isoformat()
    if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        builder.fail("`date` must be the commit's date, YYYY-MM-DD", pointer + "/date")
        return {}
    return {"upstream_commit": commit, "upstream_date": date}


def build_api(
    spec: Path,
    codegen_path: Path | None = None,
    paths: tuple[str, ...] = (),
    overlays: tuple[Path, ...] = (),
    upstream: str | None = None,
    document: Document | None = None,
) -> ir.Api:
    """Load `spec` (and its codegen config) and build the IR, or raise SpecError.
    `spec` may be an upstream config (upstream slice + overlays, generator/load/upstream.py);
    `document`, when given, is the effective document already loaded (`callspec update`).
    """
    if document is None:
        document = effective_document(spec, overlays, upstream).document
    codegen_doc = load_document(codegen_path) if codegen_path is not None else None
    codegen = dict(codegen_doc.data) if codegen_doc is not None else {}
    builder = _Builder(document, codegen)
    data = document.data
    if not str(data.get("openapi", "")).startswith("3."):
        builder.fail("not an OpenAPI 3.x document (missing `openapi: 3.x`)", "/openapi")
    builder.build_components()
    operations = builder.operations(paths)
    _check_names(builder, codegen, codegen_doc)
    _check_alias_cycles(builder)
    operations = _resolve_operation_names(builder, operations)
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    upstream = _upstream(builder, info)
    if builder.problems:
        raise SpecError(list(dict.fromkeys(builder.problems)))
    types, operations = name_inline_objects(builder.types, operations)
    if paths:
        types = _closure(types, operations)
    schemes = (data.get("components") or {}).get("securitySchemes")
    schemes = schemes if isinstance(schemes, dict) else {}
    return ir.Api(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "0")),
        description=_text(info.get("description")),
        servers=tuple(
            str(s.get("url")) for s in _seq(data.get("servers")) if isinstance(s, dict)
        ),
        types=types,
        operations=tuple(operations),
        warnings=tuple(
            p.render().replace(": error", ": warning", 1)
            for p in dict.fromkeys(builder.warnings)
            if _component_of(p.pointer) in types or _component_of(p.pointer) is None
        ),
        naming=_naming(codegen),
        package=str(codegen.get("package", "realtime_calls")),
        sdk_package=str(codegen.get("sdk_package", "openai")),
        schema_base_url=str(
            codegen.get("schema_base_url", "https://schemas.callspec.dev/api")
        ).rstrip("/"),
        reasoning_models=_seq(data.get("x-callspec-reasoning-models")),
        security_schemes=tuple(sorted(schemes.items())),
        license=info.get("license"),
        **upstream,
        rules=_rules(builder, data),
    )


RULE_KINDS = frozenset(
    {
        "mutually-exclusive-values",
        "require-one-of",
        "at-most-one-of",
        "reference-must-exist",
        "unique-by",
        "valid-json-schema",
        "int-range",
        "string-prefix",
        "model-gated",
        "conditional",
    }
)
_RULE_FIELDS = ("id", "severity", "applies_to", "source", "kind", "message")
# The parameters each rule kind needs (the generated validator implements each kind once).
_RULE_PARAMS: dict[str, tuple[str, ...]] = {
    "mutually-exclusive-values": ("property", "values"),
    "require-one-of": ("properties",),
    "at-most-one-of": ("properties",),
    "reference-must-exist": ("property", "collection", "tag", "keys"),
    "unique-by": ("tag", "keys"),
    "valid-json-schema": ("property",),
    "int-range": ("property", "minimum", "maximum"),
    "string-prefix": ("property", "prefixes"),
    "model-gated": ("model", "property", "models"),
    "conditional": ("if", "then"),
}


def _rules(builder: _Builder, data: dict[str, Any]) -> tuple[ir.Rule, ...]:
    """`x-callspec-rules` → IR rules; a malformed rule is a spec problem."""
    raw = data.get("x-callspec-rules") or []
    rules: list[ir.Rule] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        at = pointer_join("/x-callspec-rules", index)
        if not isinstance(entry, dict):
            problems.append(builder.doc.problem("a rule must be a mapping", at))
            continue
        rule_id = str(entry.get("id", ""))
        applies = entry.get("applies_to") or []
        applies = [applies] if isinstance(applies, str) else list(_seq(applies))
        if not rule_id or rule_id in seen:
            problems.append(
                builder.doc.problem(f"rule id {rule_id!r} missing or repeated", at)
            )
        if not isinstance(entry.get("severity"), str) or entry.get("severity") not in (
            "error",
            "warning",
        ):
            problems.append(
                builder.doc.problem("rule severity must be error or warning", at)
            )
        if (
            not isinstance(entry.get("kind"), str)
            or entry.get("kind") not in RULE_KINDS
        ):
            problems.append(
                builder.doc.problem(f"unknown rule kind {entry.get('kind')!r}", at)
            )
        for param in _RULE_PARAMS.get(str(entry.get("kind")), ()):
            if param not in entry:
                problems.append(
                    builder.doc.problem(f"rule {rule_id!r} needs {param!r}", at)
                )
        for name in applies:
            if not isinstance(name, str) or name not in builder.types:
                problems.append(
                    builder.doc.problem(f"rule applies to unknown type {name!r}", at)
                )
        seen.add(rule_id)
        params = {k: v for k, v in entry.items() if k not in _RULE_FIELDS}
        if params.get("models") == "x-callspec-reasoning-models":
            params["models"] = list(_seq(data.get("x-callspec-reasoning-models")))
        rules.append(
            ir.Rule(
                id=rule_id,
                severity=str(entry.get("severity")),
                applies_to=tuple(str(a) for a in applies),
                kind=str(entry.get("kind")),
                source=str(entry.get("source", "")),
                params=params,
                message=_text(entry.get("message")),
            )
        )
    if not isinstance(raw, list):
        problems.append(
            builder.doc.problem("x-callspec-rules must be a list", "/x-callspec-rules")
        )
    if problems:
        raise SpecError(problems)
    return tuple(rules)


def _check_alias_cycles(builder: _Builder) -> None:
    """A type that is, through `$ref`s, unions and nullability alone, only itself has no
    structure (and no Python spelling); recursion must pass through an object, array or map.
    """

    def unguarded(node: ir.TypeNode) -> set[str]:
        if isinstance(node, ir.Ref):
            return {node.name}
        if isinstance(node, ir.Nullable):
            return unguarded(node.inner)
        if isinstance(node, ir.Union):
            return set().union(*(unguarded(m) for m in node.members))
        return set()

    edges = {name: unguarded(t.type) for name, t in builder.types.items()}
    reported: set[str] = set()
    for start in edges:
        path, stack = [start], [iter(sorted(edges[start]))]
        while stack:  # depth-first, reporting a cycle back to `start` once
            step = next(stack[-1], None)
            if step is None:
                stack.pop(), path.pop()
            elif step == start and not reported & set(path):
                reported.update(path)
                cycle = " → ".join(path + [start])
                builder.fail(
                    f"schema {start!r} is itself with no object, array or map in "
                    f"between ({cycle}): it has no structure to generate",
                    pointer_join("/components/schemas", start),
                )
            elif step not in path and step in edges and len(path) < 64:
                path.append(step)
                stack.append(iter(sorted(edges[step])))


def _check_names(
    builder: _Builder, codegen: dict[str, Any], codegen_doc: Document | None
) -> None:
    """Two types that would get the same Python name are a clash the user must resolve."""
    seen: dict[str, str] = {}
    for name in builder.types:
        key = pascal(name).lower()
        if key in seen and seen[key] != name:
            builder.fail(
                f"schema name {name!r} clashes with {seen[key]!r} once made a Python class name",
                pointer_join("/components/schemas", name),
            )
        seen.setdefault(key, name)
    for section in ("param_names", "context_names"):
        names = codegen.get(section) or {}
        for type_name in names if isinstance(names, dict) else ():
            if type_name in builder.types:
                continue
            message = f"codegen names unknown schema {type_name!r}"
            if codegen_doc is None:
                builder.problems.append(Problem(message))
            else:
                builder.problems.append(
                    codegen_doc.problem(message, pointer_join("", section, type_name))
                )


def _component_of(pointer: str | None) -> str | None:
    """`Name` for a pointer inside `/components/schemas/Name`, else None."""
    prefix = "/components/schemas/"
    if not pointer or not pointer.startswith(prefix):
        return None
    name = pointer[len(prefix) :].split("/", 1)[0]
    return name.replace("~1", "/").replace("~0", "~")


def _resolve_operation_names(
    builder: _Builder, operations: list[ir.Operation]
) -> list[ir.Operation]:
    """Two operations on one method name, or a method named like a sub-resource: the
    later one (in document order) takes its operationId, snake-cased, as its name."""
    resources = {
        op.resource[:i] for op in operations for i in range(1, len(op.resource) + 1)
    }
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    out = []
    for op in operations:
        key = (op.resource, op.method)
        if key in seen or op.resource + (op.method,) in resources:
            method = snake(op.operation_id)
            clash = seen.get(key, ".".join(op.resource + (op.method,)))
            builder.warn(
                f"operation {op.operation_id!r} would be "
                f"{'.'.join(op.resource)}.{op.method} like {clash!r}; "
                f"named {'.'.join(op.resource)}.{method}",
                pointer_join("/paths", op.path),
            )
            op = replace(op, method=method)
            key = (op.resource, op.method)
        seen[key] = op.operation_id
        out.append(op)
    return out


def references(node: ir.TypeNode) -> set[str]:
    """Names of the named types a node refers to directly."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ir.Ref):
            found.add(current.name)
        elif isinstance(current, ir.Object):
            stack.extend(p.type for p in current.properties)
            if current.extra is not None:
                stack.append(current.extra)
        elif isinstance(current, ir.Union):
            stack.extend(current.members)
        elif isinstance(current, ir.Array):
            stack.append(current.items)
        elif isinstance(current, ir.Map):
            stack.append(current.values)
        elif isinstance(current, ir.Nullable):
            stack.append(current.inner)
    return found


def _closure(
    types: dict[str, ir.NamedType], operations: list[ir.Operation]
) -> dict[str, ir.NamedType]:
    roots: set[str] = set()
    for op in operations:
        nodes: list[ir.TypeNode] = [p.type for p in op.parameters]
        if op.body:
            nodes.append(op.body.type)
            nodes.extend(n for _, n in op.body.alternatives)
        for response in op.responses:
            if response.type is not None:
                nodes.append(response.type)
            nodes.extend(h.type for h in response.headers)
        for n in nodes:
            roots |= references(n)
    keep: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in keep or name not in types:
            continue
        keep.add(name)
        stack.extend(references(types[name].type))
    return {name: t for name, t in types.items() if name in keep}


# -- inline-object names ---------------------------------------------------------------
class _InlineNamer:
    """Gives every inline object a name derived from where it sits, so a language can
    declare it as a type of its own: `Owner` + `Property`, a union member's title or tag,
    `Item` for array items, `Value` for map values. Never numbered: a name already taken
    by a different shape gets a longer, still context-derived name instead."""

    def __init__(self, component_names: list[str]) -> None:
        self.taken: dict[str, ir.Object | None] = {
            pascal(n).lower(): None for n in component_names
        }

    def claim(self, base: str, obj: ir.Object) -> str:
        shape = _shape(obj)
        for candidate in (base, base + "Object", base + "Inline"):
            key = candidate.lower()
            if key not in self.taken:
                self.taken[key] = shape
                return candidate
            if self.taken[key] == shape:
                return candidate  # the same shape reached twice (a YAML alias): share
        suffix = "Inline"
        while (base + suffix).lower() in self.taken:
            suffix += "Inline"
        self.taken[(base + suffix).lower()] = shape
        return base + suffix

    def named_type(self, named: ir.NamedType) -> ir.NamedType:
        node = named.type
        owner = pascal(named.name)
        if isinstance(node, ir.Object):
            node = self.members_of(replace(node, name=None), owner)
        else:
            node = self.node(node, owner)
        return replace(named, type=node)

    def members_of(self, obj: ir.Object, owner: str) -> ir.Object:
        props = tuple(
            replace(p, type=self.node(p.type, owner + pascal(p.name)))
            for p in obj.properties
        )
        extra = self.node(obj.extra, owner + "Extra") if obj.extra else None
        return replace(obj, properties=props, extra=extra)

    def node(self, node: ir.TypeNode, context: str) -> ir.TypeNode:
        if isinstance(node, ir.Object):
            hint = pascal(node.name) if node.name else ""
            base = context + hint if hint and not context.endswith(hint) else context
            name = self.claim(base, node)
            return replace(self.members_of(node, name), name=name)
        if isinstance(node, ir.Nullable):
            return replace(node, inner=self.node(node.inner, context))
        if isinstance(node, ir.Array):
            return replace(node, items=self.node(node.items, context + "Item"))
        if isinstance(node, ir.Map):
            return replace(node, values=self.node(node.values, context + "Value"))
        if isinstance(node, ir.Union):
            suffixes = _member_suffixes(node)
            members = tuple(
                self.node(m, context + s) for m, s in zip(node.members, suffixes)
            )
            return replace(node, members=members)
        return node

    def operation(self, op: ir.Operation) -> ir.Operation:
        base = pascal(op.operation_id)
        params = tuple(
            replace(p, type=self.node(p.type, base + pascal(p.name)))
            for p in op.parameters
        )
        body = op.body
        if body is not None:
            body = replace(
                body,
                type=self.node(body.type, base + "Request"),
                alternatives=tuple(
                    (m, self.node(n, base + "Request" + pascal(m)))
                    for m, n in body.alternatives
                ),
            )
        responses = tuple(
            replace(
                r,
                type=(
                    self.node(r.type, base + "Response" + _status_word(r.status))
                    if r.type is not None
                    else None
                ),
            )
            for r in op.responses
        )
        return replace(op, parameters=params, body=body, responses=responses)


def _status_word(status: str) -> str:
    return "" if status.startswith("2") else pascal(status)


def _shape(obj: ir.Object) -> ir.Object:
    """An object without its docs and name: what decides whether two uses are one type."""
    return replace(
        obj,
        name=None,
        description=None,
        properties=tuple(replace(p, description=None) for p in obj.properties),
    )


def _member_suffixes(union: ir.Union) -> list[str]:
    """A context word per union member: its tag, its title, or what sets it apart."""
    tags: dict[int, str] = {}
    for tag, index in union.tags:
        tags.setdefault(index, tag)
    props = [
        {p.name for p in m.properties} if isinstance(m, ir.Object) else set()
        for m in union.members
    ]
    out: list[str] = []
    for index, member in enumerate(union.members):
        if index in tags:
            word = pascal(tags[index])
        elif isinstance(member, ir.Object) and member.name:
            word = pascal(member.name)
        elif isinstance(member, ir.Object) and _const_word(member, union):
            word = _const_word(member, union)
        elif isinstance(member, ir.Object):
            others = set().union(*(p for i, p in enumerate(props) if i != index))
            own = [p.name for p in member.properties if p.name not in others]
            word = pascal(own[0]) if own else "Variant"
            if not own:
                word += "".join(pascal(p.name) for p in member.properties[:3])
        else:
            word = _kind_word(member)
        out.append(word)
    seen: dict[str, int] = {}
    for word in out:
        seen[word] = seen.get(word, 0) + 1
    return [
        (w + _kind_word(m) if seen[w] > 1 and not isinstance(m, ir.Object) else w)
        for w, m in zip(out, union.members)
    ]


def _const_word(member: ir.Object, union: ir.Union) -> str:
    """The value of the first constant property that tells this member from the others
    (`event: thread.run.created` → `ThreadRunCreated`), or ""."""
    for prop in member.properties:
        literal = _literal_of(prop.type)
        if literal is None or len(literal.values) != 1:
            continue
        values = []
        for other in union.members:
            found = other.property(prop.name) if isinstance(other, ir.Object) else None
            other_literal = _literal_of(found.type) if found else None
            values.append(other_literal.values if other_literal else None)
        if values.count(literal.values) == 1:
            return pascal(str(literal.values[0]))
    return ""


def _kind_word(node: ir.TypeNode) -> str:
    if isinstance(node, ir.Array):
        return "Array"
    if isinstance(node, ir.Map):
        return "Map"
    if isinstance(node, ir.Nullable):
        return _kind_word(node.inner)
    return type(node).__name__


def name_inline_objects(
    types: dict[str, ir.NamedType], operations: list[ir.Operation]
) -> tuple[dict[str, ir.NamedType], list[ir.Operation]]:
    namer = _InlineNamer(list(types))
    named = {name: namer.named_type(t) for name, t in types.items()}
    return named, [namer.operation(op) for op in operations]
