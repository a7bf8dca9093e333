"""JSON Schema files: one per public type (cross-referencing by `$id`), plus one
self-contained bundle per request body, usable by any 2020-12 validator or editor."""

from __future__ import annotations

from typing import Any

from generator.emit import json_text
from generator.emit.json_schema import JsonSchemas
from generator.emit.rules import add_rule_keywords
from generator.ir import nodes as ir
from generator.ir.walk import references
from generator.ir.walk import request_schemas as request_schemas  # re-exported

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DRAFT07 = "http://json-schema.org/draft-07/schema#"
_ANNOTATIONS = {
    "description",
    "markdownDescription",
    "title",
    "default",
    "examples",
    "$comment",
}


def dump(data: Any) -> str:
    return json_text.dump(data)


def closure(api: ir.Api, roots: set[str]) -> list[str]:
    seen: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(sorted(references(api.types[name].type)))
    return [n for n in api.types if n in seen]


def _head(
    adapter: JsonSchemas,
    out: dict[str, Any],
    description: str | None,
    body: dict[str, Any],
) -> None:
    """Complete `out` (`$schema`, `$id`, `title` so far) with the named type's own
    description, then the body's keywords (whose description is the type's, not a use's).
    """
    adapter.describe(out, description)
    out.update(
        {
            k: v
            for k, v in body.items()
            if k not in ("description", "markdownDescription")
        }
    )


class SchemasEmitter:
    def __init__(
        self, api: ir.Api, base_url: str | None = None, editor: bool = True
    ) -> None:
        self.api = api
        self.base = (base_url or api.schema_base_url).rstrip("/")
        self.editor = editor

    def type_schema(self, named: ir.NamedType) -> dict[str, Any]:
        adapter = JsonSchemas(self.api, lambda name: f"{name}.json", self.editor)
        body = adapter.node(named.type)
        out: dict[str, Any] = {
            "$schema": DIALECT,
            "$id": f"{self.base}/{named.name}.json",
            "title": named.name,
        }
        _head(adapter, out, named.description, body)
        return add_rule_keywords(self.api, named.name, out)

    def bundle(self, name: str, root: str, title: str) -> dict[str, Any]:
        """Self-contained: the root object inline (accepting a `$schema` key), `$defs` for the rest."""
        adapter = JsonSchemas(self.api, lambda n: f"#/$defs/{n}", self.editor)
        named = self.api.types[root]
        body = adapter.node(named.type)
        if body.get("type") == "object" and body.get("additionalProperties") is False:
            # contract rule 4: a config file may name its schema; the key is otherwise ignored
            body["properties"] = {
                "$schema": adapter.describe(
                    {"type": "string"}, "The JSON Schema this file follows."
                ),
                **body.get("properties", {}),
            }
        out: dict[str, Any] = {
            "$schema": DIALECT,
            "$id": f"{self.base}/{name}.json",
            "title": title,
        }
        _head(adapter, out, named.description, body)
        add_rule_keywords(self.api, root, out)
        deps = [n for n in closure(self.api, references(named.type))]
        if deps:
            out["$defs"] = {
                n: self.def_schema(adapter, self.api.types[n]) for n in deps
            }
        return out

    def def_schema(self, adapter: JsonSchemas, named: ir.NamedType) -> dict[str, Any]:
        body = adapter.node(named.type)
        out: dict[str, Any] = {"title": named.name}
        _head(adapter, out, named.description, body)
        return add_rule_keywords(self.api, named.name, out)

    def draft07_bundle(self, name: str) -> dict[str, Any]:
        """The self-contained bundle of request `name` in draft-07 form, for tools that read
        drafts 04-07 only (hypothesis-jsonschema): `definitions` for `$defs`, `dependencies`
        for `dependentRequired`, and a `$ref` with sibling constraints wrapped in `allOf`
        (draft-07 ignores a `$ref`'s siblings). Not written by `render`."""
        for schema_name, root, title in request_schemas(self.api):
            if schema_name == name:
                out = to_draft07(self.bundle(name, root, title))
                out["$schema"] = DRAFT07
                return out  # type: ignore[no-any-return]
        raise KeyError(name)

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        index: dict[str, Any] = {"requests": {}, "types": {}}
        for named in self.api.public_types():
            files[f"{named.name}.json"] = dump(self.type_schema(named))
            index["types"][named.name] = f"{named.name}.json"
        for name, root, title in request_schemas(self.api):
            files[f"{name}.json"] = dump(self.bundle(name, root, title))
            index["requests"][name] = f"{name}.json"
        files["index.json"] = dump(index)
        return files


def to_draft07(schema: Any) -> Any:
    """A 2020-12 schema (as this emitter writes them) rewritten for draft-07 readers."""
    if isinstance(schema, list):
        return [to_draft07(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$defs":
            out["definitions"] = {k: to_draft07(v) for k, v in value.items()}
        elif key == "dependentRequired":
            out.setdefault("dependencies", {}).update(value)
        elif key == "dependentSchemas":
            out.setdefault("dependencies", {}).update(
                {k: to_draft07(v) for k, v in value.items()}
            )
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        elif key in ("properties", "patternProperties"):
            out[key] = {k: to_draft07(v) for k, v in value.items()}
        else:
            out[key] = to_draft07(value)
    if "$ref" in out and set(out) - _ANNOTATIONS - {"$ref"}:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}, *out.get("allOf", [])]
    return out
