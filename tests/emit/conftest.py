"""A tiny API built from an inline spec, for the emitters' unit tests."""

from __future__ import annotations


import pytest

from generator.ir import nodes as ir
from generator.ir.build import build_api

SPEC = """openapi: 3.1.0
info: {title: Tiny, version: "1.0"}
x-callspec-rules:
  - id: unique-toy-names
    severity: error
    applies_to: [Toys]
    source: a unit test
    kind: unique-by
    tag: kind
    default_tag: ball
    keys: {ball: name}
  - id: size-range
    severity: error
    applies_to: [Pet]
    source: a unit test
    kind: int-range
    property: size
    minimum: 1
    maximum: 9
paths:
  /pets/{pet_identifier_that_is_rather_long_for_a_path_parameter}:
    post:
      operationId: create-pet
      summary: Create a pet.
      description: Creates a pet under a long path parameter.
      parameters:
        - name: pet_identifier_that_is_rather_long_for_a_path_parameter
          in: path
          required: true
          schema: {type: string}
        - {name: verbose, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "201":
          description: The pet's card.
          content:
            application/sdp: {schema: {type: string}}
components:
  schemas:
    Pet:
      type: object
      description: A pet.
      required: [name]
      properties:
        name: {type: string, description: The name.}
        size: {type: integer}
        colour: {type: string, enum: [red, green]}
        nickname: {anyOf: [{type: string}, {type: "null"}]}
        tags: {type: object, additionalProperties: {type: string}}
        toys: {$ref: "#/components/schemas/Toys"}
    Toys:
      type: array
      items:
        type: object
        properties:
          kind: {type: string}
          name: {type: string}
"""
CODEGEN = """package: tiny
schema_base_url: https://schemas.example.com/tiny
operations:
  create-pet: {method: create, response_class: PetCard}
rule_nouns: {unique-toy-names: toy}
default_schema: Pet
file_schemas:
  pet: {schema: pets.create, name: Pet, description: A pet to create}
  gone: {schema: pets.gone}
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ir.Api:
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (folder / "codegen.yaml").write_text(CODEGEN, encoding="utf-8")
    return build_api(folder / "openapi.yaml", folder / "codegen.yaml")
