"""Pass 2, operations: `paths` → IR operations (parameters, bodies, responses), each
placed on a resource (`resources.py`)."""

from __future__ import annotations

import fnmatch
from typing import Any

from generator.errors import Problem
from generator.ir import nodes as ir
from generator.ir.resources import collection_paths, derive_resource, example_creates
from generator.ir.schemas import _HTTP_METHODS, SchemaBuilder
from generator.ir.util import seq, text_or_none
from generator.load.document import pointer_join


class Builder(SchemaBuilder):
    """The schemas pass plus the operations pass: what `build_api` runs."""

    def operations(self, selectors: tuple[str, ...]) -> list[ir.Operation]:
        paths = self.doc.data.get("paths") or {}
        if not isinstance(paths, dict):
            self.fail("paths must be a mapping", "/paths")
            return []
        collections = collection_paths(paths)
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
                override = self.codegen.operation(op_id)
                responses = self.responses(
                    op.get("responses") or {},
                    pointer_join(op_pointer, "responses"),
                )
                if example_creates(op, path):
                    collections.add(path.strip("/"))
                resource, method = derive_resource(
                    path, http_method, collections, self.is_listing(responses)
                )
                if override.resource:
                    resource = tuple(override.resource.split("."))
                method = override.method or method
                result.append(
                    ir.Operation(
                        operation_id=op_id,
                        http_method=http_method,
                        path=path,
                        resource=resource,
                        method=method,
                        summary=text_or_none(op.get("summary")),
                        description=text_or_none(op.get("description")),
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
                        params_class=override.params_class,
                        response_class=override.response_class,
                        deprecated=bool(op.get("deprecated", False)),
                        tags=seq(op.get("tags")),
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
        # a schema with `properties` but no `type` is any value whose object form is the page
        members = node.members if isinstance(node, ir.Union) else (node,)
        for member in map(self.resolve_now, members):
            data = member.property("data") if isinstance(member, ir.Object) else None
            if data is not None and isinstance(self.resolve_now(data.type), ir.Array):
                return True
        return False

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
                    description=text_or_none(param.get("description")),
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
            description=text_or_none(body.get("description")),
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
                        description=text_or_none((header or {}).get("description")),
                    )
                )
            result.append(
                ir.Response(
                    status=str(status),
                    description=text_or_none(response.get("description")),
                    media_type=media,
                    type=node,
                    headers=tuple(headers),
                    example=media_obj.get("example"),
                    has_example="example" in media_obj,
                )
            )
        return tuple(result)
