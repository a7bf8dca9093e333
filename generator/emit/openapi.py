"""The bundled, normalised OpenAPI 3.1 document: plain JSON Schema 2020-12 inside.

It carries the rules beyond types twice, as the schemas under generated/schemas/ do and as
the spec does: every error rule JSON Schema can express as an `allOf` fragment of the type it
applies to (so ajv, Prism or any 2020-12 validator reading openapi.json enforces it), marked
with `x-callspec-rule: <id>`; and every rule as data in the root `x-callspec-rules`, so that
callspec reads openapi.json back (diff, generate) with the same rules and skips the marked
fragments rather than taking them for types.
"""

from __future__ import annotations

from typing import Any

from generator.emit.json_schema import JsonSchemas
from generator.emit.rules import fragment
from generator.emit.schemas import dump
from generator.ir import nodes as ir


class OpenApiEmitter:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.schemas = JsonSchemas(api, lambda name: f"#/components/schemas/{name}")

    def operation(self, op: ir.Operation) -> dict[str, Any]:
        out: dict[str, Any] = {"operationId": op.operation_id}
        if op.summary:
            out["summary"] = op.summary
        if op.description:
            out["description"] = op.description
        if op.tags:
            out["tags"] = list(op.tags)
        if op.deprecated:
            out["deprecated"] = True
        if op.parameters:
            out["parameters"] = [self.parameter(p) for p in op.parameters]
        if op.body is not None:
            out["requestBody"] = self.body(op.body)
        out["responses"] = {r.status: self.response(r) for r in op.responses}
        return out

    def parameter(self, p: ir.Parameter) -> dict[str, Any]:
        out: dict[str, Any] = {"name": p.name, "in": p.location, "required": p.required}
        if p.description:
            out["description"] = p.description
        out["schema"] = self.schemas.node(p.type)
        if p.has_example:
            out["example"] = p.example
        return out

    def body(self, body: ir.Body) -> dict[str, Any]:
        content: dict[str, Any] = {
            body.media_type: {"schema": self.schemas.node(body.type)}
        }
        if body.encoding:
            content[body.media_type]["encoding"] = {
                part: {"contentType": ctype} for part, ctype in body.encoding
            }
        for media, node in body.alternatives:
            content[media] = {"schema": self.schemas.node(node)}
        out: dict[str, Any] = {"required": body.required, "content": content}
        if body.description:
            out["description"] = body.description
        return out

    def response(self, r: ir.Response) -> dict[str, Any]:
        out: dict[str, Any] = {"description": r.description or ""}
        if r.headers:
            out["headers"] = {
                h.name: {
                    **({"description": h.description} if h.description else {}),
                    "schema": self.schemas.node(h.type),
                }
                for h in r.headers
            }
        if r.media_type:
            media: dict[str, Any] = {
                "schema": self.schemas.node(r.type) if r.type else {}
            }
            if r.has_example:
                media["example"] = r.example
            out["content"] = {r.media_type: media}
        return out

    def document(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for op in self.api.operations:
            paths.setdefault(op.path, {})[op.http_method] = self.operation(op)
        info: dict[str, Any] = {"title": self.api.title, "version": self.api.version}
        if self.api.description:
            info["description"] = self.api.description
        if self.api.license:
            info["license"] = self.api.license
        components: dict[str, Any] = {
            "schemas": {
                name: self.component(named) for name, named in self.api.types.items()
            }
        }
        if self.api.security_schemes:
            components["securitySchemes"] = dict(self.api.security_schemes)
        doc: dict[str, Any] = {
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": info,
            "servers": [{"url": url} for url in self.api.servers],
        }
        if self.api.security_schemes:
            doc["security"] = [{name: []} for name, _ in self.api.security_schemes]
        doc["paths"] = paths
        doc["components"] = components
        if self.api.rules:
            doc[RULES_KEY] = [rule_data(rule) for rule in self.api.rules]
        return doc

    def component(self, named: ir.NamedType) -> dict[str, Any]:
        body = self.schemas.node(named.type)
        if named.description and "description" not in body:
            body = {"description": named.description, **body}
        fragments = [
            {**found, RULE_MARKER: rule.id}
            for rule in self.api.rules
            if named.name in rule.applies_to
            if (found := fragment(rule)) is not None
        ]
        if fragments:
            body["allOf"] = [*body.get("allOf", []), *fragments]
        return body

    def render(self) -> dict[str, str]:
        return {"openapi.json": dump(self.document())}


RULES_KEY = "x-callspec-rules"
RULE_MARKER = (
    "x-callspec-rule"  # on an `allOf` member: the JSON Schema form of that rule
)


def rule_data(rule: ir.Rule) -> dict[str, Any]:
    """A rule as the spec writes it in `x-callspec-rules` (the IR's parameters inline)."""
    out: dict[str, Any] = {
        "id": rule.id,
        "severity": rule.severity,
        "applies_to": list(rule.applies_to),
        "source": rule.source,
        "kind": rule.kind,
        **rule.params,
    }
    if rule.message is not None:
        out["message"] = rule.message
    return out
