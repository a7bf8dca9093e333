"""Each pass of the IR builder (`generator/ir/`) on its own, on small documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from generator.codegen_config import CodegenConfig
from generator.errors import SpecError
from generator.ir import nodes as ir
from generator.ir.build import build_api
from generator.ir.checks import check_alias_cycles
from generator.ir.naming import (
    check_names,
    name_inline_objects,
    resolve_operation_names,
)
from generator.ir.operations import Builder
from generator.ir.resources import collection_paths, derive_resource
from generator.ir.rules import build_rules
from generator.ir.walk import closure, references
from generator.load import load_document

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'


@pytest.fixture
def builder(tmp_path: Path) -> Callable[[str], Builder]:
    def make(body: str) -> Builder:
        spec = tmp_path / "openapi.yaml"
        spec.write_text(HEAD + body, encoding="utf-8")
        return Builder(load_document(spec), CodegenConfig())

    return make


def operation(**fields: Any) -> ir.Operation:
    """An operation with the fields a test does not care about filled in."""
    base: dict[str, Any] = dict(
        operation_id="x",
        http_method="post",
        path="/x",
        resource=("x",),
        method="create",
        summary=None,
        description=None,
        parameters=(),
        body=None,
        responses=(),
    )
    return ir.Operation(**{**base, **fields})


SCHEMAS = """
paths: {}
components:
  schemas:
    Named: {type: object, required: [name], properties: {name: {type: string}}}
    Pet:
      allOf:
        - $ref: "#/components/schemas/Named"
        - type: object
          properties:
            parent: {$ref: "#/components/schemas/Pet"}
    Shape:
      anyOf:
        - {type: object, properties: {type: {const: circle}, r: {type: number}}}
        - {type: object, properties: {type: {const: square}, side: {type: number}}}
"""


def test_schemas_pass_merges_all_of_keeps_recursion_and_tags_unions(
    builder: Callable[[str], Builder],
) -> None:
    b = builder(SCHEMAS)
    b.build_components()
    assert b.problems == []
    pet = b.types["Pet"].type
    assert isinstance(pet, ir.Object)
    assert [p.name for p in pet.properties] == ["name", "parent"]
    name, parent = pet.property("name"), pet.property("parent")
    assert name is not None and name.required
    assert parent is not None and parent.type == ir.Ref("Pet")
    shape = b.types["Shape"].type
    assert isinstance(shape, ir.Union)
    assert shape.discriminator == "type"
    assert dict(shape.tags) == {"circle": 0, "square": 1}


OPERATIONS = """
paths:
  /pets/{id}:
    get:
      operationId: get-pet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: fields, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_operations_pass_reads_parameters_by_location_and_places_the_operation(
    builder: Callable[[str], Builder],
) -> None:
    b = builder(OPERATIONS)
    b.build_components()
    (op,) = b.operations(())
    assert b.problems == []
    assert (op.resource, op.method, op.http_method) == (("pets",), "retrieve", "get")
    assert [p.name for p in op.path_params] == ["id"]
    assert [p.name for p in op.query_params] == ["fields"]
    assert [p.name for p in op.header_params] == ["X-Trace"]
    assert op.success is not None and op.success.media_type == "application/json"


@pytest.mark.parametrize(
    "path,method,collections,expected",
    [
        (
            "/realtime/calls/{call_id}/accept",
            "post",
            set(),
            (("realtime", "calls"), "accept"),
        ),
        (
            "/threads/{id}/messages",
            "post",
            {"threads/{id}/messages"},
            (("threads", "messages"), "create"),
        ),
        ("/pets", "get", set(), (("pets",), "list")),
        ("/pets/{id}", "delete", set(), (("pets",), "delete")),
        ("/", "get", set(), (("client",), "list")),
    ],
)
def test_resources_pass(
    path: str, method: str, collections: set[str], expected: tuple[tuple[str, ...], str]
) -> None:
    assert derive_resource(path, method, collections) == expected


def test_collections_are_paths_with_items_or_a_listing() -> None:
    paths = {"/a/{id}": {}, "/b": {"get": {}}, "/c/{id}/go": {"post": {}}}
    assert collection_paths(paths) == {"a", "b", "c"}


def test_naming_pass_renames_a_clashing_method_and_warns(
    builder: Callable[[str], Builder],
) -> None:
    b = builder("paths: {}\n")
    fields = dict(http_method="get", path="/pets", resource=("pets",), method="list")
    op = operation(operation_id="list-pets", **fields)
    again = operation(operation_id="listAllPets", **fields)
    first, second = resolve_operation_names(b, [op, again])
    assert (first.method, second.method) == ("list", "list_all_pets")
    assert len(b.warnings) == 1 and "listAllPets" in b.warnings[0].message


def test_naming_pass_reports_python_name_clashes(
    builder: Callable[[str], Builder],
) -> None:
    b = builder(
        "paths: {}\ncomponents:\n  schemas:\n"
        "    pet_name: {type: string}\n    PetName: {type: string}\n"
    )
    b.build_components()
    check_names(b)
    messages = [p.message for p in b.problems]
    assert len(messages) == 1 and "clashes" in messages[0]


def test_naming_pass_names_inline_objects_by_owner_and_property() -> None:
    inline = ir.Object((ir.Property("x", ir.Primitive("string"), False),))
    outer = ir.Object((ir.Property("audio", inline, False),))
    types = {"Session": ir.NamedType("Session", outer, None, "")}
    named, _ = name_inline_objects(types, [])
    audio = named["Session"].type
    assert isinstance(audio, ir.Object)
    assert isinstance(audio.properties[0].type, ir.Object)
    assert audio.properties[0].type.name == "SessionAudio"


def test_rules_pass_adds_its_problems_to_the_builders(
    builder: Callable[[str], Builder],
) -> None:
    b = builder(SCHEMAS)
    b.build_components()
    rules = build_rules(
        b,
        {
            "x-callspec-rules": [
                {
                    "id": "a",
                    "severity": "error",
                    "kind": "int-range",
                    "applies_to": "Pet",
                },
                {"id": "b", "severity": "fatal", "kind": "nope", "applies_to": "Nope"},
            ]
        },
    )
    assert [r.id for r in rules] == ["a", "b"]
    messages = [p.message for p in b.problems]
    assert "rule 'a' needs 'property'" in messages
    assert "rule severity must be error or warning" in messages
    assert "unknown rule kind 'nope'" in messages
    assert "rule applies to unknown type 'Nope'" in messages


def test_checks_pass_finds_a_type_that_is_only_itself(
    builder: Callable[[str], Builder],
) -> None:
    b = builder(
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {anyOf: [{$ref: '#/components/schemas/B'}, {type: string}]}\n"
        "    B: {$ref: '#/components/schemas/A'}\n"
        "    Tree: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}\n"
    )
    b.build_components()
    check_alias_cycles(b)
    messages = [p.message for p in b.problems]
    assert len(messages) == 1 and "A → B → A" in messages[0]


def test_walk_references_and_closure() -> None:
    node = ir.Union((ir.Ref("A"), ir.Array(ir.Nullable(ir.Ref("B")))))
    assert references(node) == {"A", "B"}
    types = {
        "A": ir.NamedType("A", ir.Ref("C"), None, ""),
        "B": ir.NamedType("B", ir.Primitive("string"), None, ""),
        "C": ir.NamedType("C", ir.Primitive("string"), None, ""),
        "D": ir.NamedType("D", ir.Primitive("string"), None, ""),
    }
    op = operation(parameters=(ir.Parameter("q", "query", ir.Ref("A"), False),))
    assert set(closure(types, [op])) == {"A", "C"}


def test_every_pass_reports_in_one_report(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        HEAD
        + "paths: {}\ncomponents:\n  schemas:\n"
        + "    A: {type: object, properties: {n: {type: integer}}}\n"
        + "    B: {$ref: '#/components/schemas/Missing'}\n"
        + "x-callspec-rules:\n  - {id: b, severity: error, kind: nope, applies_to: A}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        build_api(spec)
    messages = [p.message for p in caught.value.problems]
    assert any("does not resolve" in m for m in messages)
    assert "unknown rule kind 'nope'" in messages


WEBHOOKS = """
paths: {}
webhooks:
  thing_done:
    post:
      description: Sent when a thing is done.
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/WebhookThingDone'}
  thing_bad:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NoType'}
  thing_inline:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
components:
  schemas:
    WebhookThingDone:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [thing.done]}
        data: {type: object, properties: {id: {type: string}}}
    NoType: {type: object, properties: {type: {type: string}}}
"""


def test_webhooks_pass_reads_event_type_and_payload_and_locates_bad_entries(
    builder: Callable[[str], Builder],
) -> None:
    from generator.ir.webhooks import build_webhooks

    b = builder(WEBHOOKS)
    b.build_components()
    hooks = build_webhooks(b, b.doc.data)
    assert hooks == (
        ir.Webhook(
            name="thing_done",
            event_type="thing.done",
            payload="WebhookThingDone",
            description="Sent when a thing is done.",
        ),
    )
    pointers = sorted(p.pointer for p in b.problems)
    assert pointers == ["/webhooks/thing_bad", "/webhooks/thing_inline"]
