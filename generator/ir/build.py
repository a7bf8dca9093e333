"""OpenAPI document → IR. Problems are collected and raised once, with every location."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.ir import nodes as ir
from generator.ir.names import pascal
from generator.load import Document, RefResolver, load_document
from generator.load.document import pointer_join

COMPONENT_PREFIX = "#/components/schemas/"
_PRIMITIVES = {"string", "integer", "number", "boolean"}
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_KNOWN_TYPES = _PRIMITIVES | {"object", "array", "null"}


class _Builder:
    def __init__(self, document: Document, codegen: dict[str, Any]) -> None:
        self.doc = document
        self.resolver = RefResolver(document)
        self.codegen = codegen
        self.problems: list[Problem] = []
        self.components: dict[str, Any] = (
            document.data.get("components", {}).get("schemas", {}) or {}
        )
        self.types: dict[str, ir.NamedType] = {}
        self._converted: dict[str, ir.TypeNode] = {}

    # -- errors ------------------------------------------------------------------------
    def fail(self, message: str, pointer: str, doc: Document | None = None) -> None:
        self.problems.append((doc or self.doc).problem(message, pointer))

    # -- schemas -----------------------------------------------------------------------
    def build_components(self) -> None:
        if not isinstance(self.components, dict):
            self.fail("components.schemas must be a mapping", "/components/schemas")
            return
        for name, schema in self.components.items():
            pointer = pointer_join("/components/schemas", name)
            if not isinstance(schema, dict):
                self.fail(f"schema {name!r} must be a mapping", pointer)
                continue
            node = self.schema(schema, pointer)
            self.types[name] = ir.NamedType(
                name=name,
                type=node,
                description=_text(schema.get("description")),
                source=pointer,
                internal=bool(schema.get("x-callspec-internal", False)),
            )

    def schema(
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
        return node

    def _schema_body(
        self, schema: dict[str, Any], pointer: str, doc: Document
    ) -> ir.TypeNode:
        if "$ref" in schema:
            return self.ref(schema["$ref"], pointer_join(pointer, "$ref"), doc)
        if "$recursiveRef" in schema:
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
                if k not in _KNOWN_TYPES:
                    self.fail(f"unknown type {k!r}", pointer_join(pointer, "type"), doc)
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
        if kind not in _KNOWN_TYPES:
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
            if name not in props:
                self.fail(
                    f"required property {name!r} is not defined",
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
                    examples=tuple(prop_schema.get("examples") or ()),
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
        for index, part in enumerate(schema["allOf"]):
            node = self.schema(part, pointer_join(pointer, "allOf", index), doc)
            resolved = self.resolve_now(node)
            if isinstance(resolved, ir.Object):
                for prop in resolved.properties:
                    properties[prop.name] = prop
                closed = closed or resolved.closed
            elif not isinstance(resolved, (ir.FreeForm, ir.AnyValue)):
                return node  # not an object merge: keep the first constraint
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if own.get("properties"):
            extra_node = self.object(own, pointer, doc)
            if isinstance(extra_node, ir.Object):
                for prop in extra_node.properties:
                    properties[prop.name] = prop
        return ir.Object(tuple(properties.values()), closed=closed)

    def resolve_now(self, node: ir.TypeNode) -> ir.TypeNode:
        """A component's structure while components are still being built (memoised, so a
        problem inside it is reported once)."""
        seen: set[str] = set()
        while isinstance(node, ir.Ref) and node.name not in seen:
            seen.add(node.name)
            if node.name in self.types:
                node = self.types[node.name].type
                continue
            if node.name not in self._converted:
                target = self.components.get(node.name)
                self._converted[node.name] = (
                    self.schema(target, pointer_join("/components/schemas", node.name))
                    if isinstance(target, dict)
                    else ir.AnyValue()
                )
            node = self._converted[node.name]
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
        result = []
        for raw_path, item in paths.items():
            path = str(raw_path).split("?", 1)[0]
            if selectors and not any(fnmatch.fnmatchcase(path, s) for s in selectors):
                continue
            item_pointer = pointer_join("/paths", raw_path)
            if not isinstance(item, dict):
                self.fail("a path item must be a mapping", item_pointer)
                continue
            shared = item.get("parameters") or []
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
                resource, method = derive_resource(path, http_method)
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
                            shared, op.get("parameters") or [], op_pointer
                        ),
                        body=self.body(
                            op.get("requestBody"),
                            pointer_join(op_pointer, "requestBody"),
                        ),
                        responses=self.responses(
                            op.get("responses") or {},
                            pointer_join(op_pointer, "responses"),
                        ),
                        params_class=override.get("params_class"),
                        deprecated=bool(op.get("deprecated", False)),
                        tags=tuple(op.get("tags") or ()),
                    )
                )
        return result

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
                    or "name" not in param
                    or "in" not in param
                ):
                    self.fail("a parameter needs `name` and `in`", at)
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
        media_types = list(content)
        primary = next((m for m in media_types if "json" in m), None) or next(
            (m for m in media_types if m.startswith("multipart/")), media_types[0]
        )
        entries = []
        for media in media_types:
            media_obj = content[media] or {}
            node = self.schema(
                media_obj.get("schema", {}),
                pointer_join(pointer, "content", media, "schema"),
            )
            entries.append((media, node, media_obj))
        main = next(e for e in entries if e[0] == primary)
        encoding = tuple(
            (str(part), str((spec or {}).get("contentType", "")))
            for part, spec in (main[2].get("encoding") or {}).items()
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
            content = response.get("content") or {}
            media = next(iter(content), None)
            media_obj = content.get(media) or {} if media else {}
            node = (
                self.schema(
                    media_obj.get("schema", {}),
                    pointer_join(at, "content", media, "schema"),
                )
                if media
                else None
            )
            headers = []
            for name, header in (response.get("headers") or {}).items():
                header, hat = self.deref(header, pointer_join(at, "headers", name))
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


def derive_resource(path: str, http_method: str) -> tuple[tuple[str, ...], str]:
    """Resource and method names from a path, as the official SDKs lay them out."""
    segments = [s for s in path.strip("/").split("/") if s]
    is_param = [s.startswith("{") for s in segments]
    literal = [re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower() for s in segments]
    if segments and not is_param[-1] and any(is_param) and http_method == "post":
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
            "get": "list",
            "post": "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }
    )
    return resource, verbs.get(http_method, http_method)


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
    out: list[Any] = []
    for v in values:
        if not any(v == o and type(v) is type(o) for o in out):
            out.append(v)
    return tuple(out)


def _literal_of(node: ir.TypeNode) -> ir.Literal | None:
    if isinstance(node, ir.Literal) and None not in node.values:
        return node
    return None


def _with_description(node: ir.TypeNode, description: str) -> ir.TypeNode:
    from dataclasses import replace

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


def load_codegen(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    document = load_document(path)
    return dict(document.data)


def build_api(
    spec: Path, codegen_path: Path | None = None, paths: tuple[str, ...] = ()
) -> ir.Api:
    """Load `spec` (and its codegen config) and build the IR, or raise SpecError."""
    document = load_document(spec)
    codegen = load_codegen(codegen_path)
    builder = _Builder(document, codegen)
    data = document.data
    if not str(data.get("openapi", "")).startswith("3."):
        builder.fail("not an OpenAPI 3.x document (missing `openapi: 3.x`)", "/openapi")
    builder.build_components()
    operations = builder.operations(paths)
    _check_names(builder, codegen)
    _check_operation_names(builder, operations)
    if builder.problems:
        raise SpecError(list(dict.fromkeys(builder.problems)))
    types = builder.types
    if paths:
        types = _closure(types, operations)
    info = data.get("info") or {}
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    return ir.Api(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "0")),
        description=_text(info.get("description")),
        servers=tuple(
            str(s.get("url")) for s in data.get("servers") or [] if isinstance(s, dict)
        ),
        types=types,
        operations=tuple(operations),
        naming=_naming(codegen),
        package=str(codegen.get("package", "realtime_calls")),
        sdk_package=str(codegen.get("sdk_package", "openai")),
        schema_base_url=str(
            codegen.get("schema_base_url", "https://schemas.callspec.dev/api")
        ).rstrip("/"),
        reasoning_models=tuple(data.get("x-callspec-reasoning-models") or ()),
        security_schemes=tuple(sorted(schemes.items())),
        license=info.get("license"),
    )


def _check_names(builder: _Builder, codegen: dict[str, Any]) -> None:
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
    for type_name in (codegen.get("param_names") or {}) | (
        codegen.get("context_names") or {}
    ):
        if type_name not in builder.types:
            builder.problems.append(
                Problem(
                    f"codegen names unknown schema {type_name!r}", file="codegen.yaml"
                )
            )


def _check_operation_names(builder: _Builder, operations: list[ir.Operation]) -> None:
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for op in operations:
        key = (op.resource, op.method)
        if key in seen:
            builder.fail(
                f"operations {seen[key]!r} and {op.operation_id!r} both map to "
                f"{'.'.join(op.resource)}.{op.method}",
                pointer_join("/paths", op.path),
            )
        seen[key] = op.operation_id


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
