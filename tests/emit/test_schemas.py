"""The JSON Schema and OpenAPI emitters (`generator/emit/schemas.py`, `openapi.py`) on a
tiny API: one schema per public type, a self-contained bundle per request body, rules as
`allOf` fragments where JSON Schema can say them."""

from __future__ import annotations

import json

from generator.emit.openapi import OpenApiEmitter
from generator.emit.schemas import SchemasEmitter
from generator.ir import nodes as ir
from tests.publish.test_layout import refs

BASE = "https://schemas.example.com/tiny"


def test_one_schema_per_type_and_one_bundle_per_request(api: ir.Api) -> None:
    files = {k: json.loads(v) for k, v in SchemasEmitter(api).render().items()}
    assert set(files) == {"Pet.json", "Toys.json", "pets.create.json", "index.json"}
    assert files["index.json"] == {
        "requests": {"pets.create": "pets.create.json"},
        "types": {"Pet": "Pet.json", "Toys": "Toys.json"},
    }
    pet = files["Pet.json"]
    assert pet["$id"] == f"{BASE}/Pet.json" and pet["required"] == ["name"]
    assert "additionalProperties" not in pet  # the spec does not close it
    assert pet["properties"]["tags"]["additionalProperties"] == {"type": "string"}
    assert set(refs(pet)) == {"Toys.json"}  # other types by relative $id
    bundle = files["pets.create.json"]
    assert all(r.startswith("#/$defs/") for r in refs(bundle))  # self-contained
    assert set(bundle["$defs"]) == {"Toys"}  # the root is Pet itself
    assert bundle["required"] == ["name"]


def test_an_error_rule_json_schema_can_say_is_an_all_of_fragment(api: ir.Api) -> None:
    pet = json.loads(SchemasEmitter(api).render()["Pet.json"])
    (fragment,) = pet["allOf"]
    assert fragment["$comment"] == "rule size-range (a unit test)"
    assert fragment["properties"] == {"size": {"minimum": 1, "maximum": 9}}
    toys = json.loads(SchemasEmitter(api).render()["Toys.json"])
    assert "allOf" not in toys  # unique-by has no JSON Schema form


def test_openapi_carries_operations_types_and_rules(api: ir.Api) -> None:
    doc = json.loads(OpenApiEmitter(api).render()["openapi.json"])
    (path,) = doc["paths"]
    op = doc["paths"][path]["post"]
    assert op["operationId"] == "create-pet"
    assert [(p["name"], p["in"], p["required"]) for p in op["parameters"]] == [
        ("pet_identifier_that_is_rather_long_for_a_path_parameter", "path", True),
        ("verbose", "query", False),
    ]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Pet"}
    assert set(doc["components"]["schemas"]) == {"Pet", "Toys"}
    assert [r["id"] for r in doc["x-callspec-rules"]] == [
        "unique-toy-names",
        "size-range",
    ]
    (marked,) = doc["components"]["schemas"]["Pet"]["allOf"]
    assert marked["x-callspec-rule"] == "size-range"
