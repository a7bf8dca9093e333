"""Every rule of `x-callspec-rules`: a passing and a failing example each, with the
severity design/contract.md gives it and its source quoted in the hint."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
MCP = {
    "type": "mcp",
    "server_label": "crm",
    "server_url": "https://crm.example.com/mcp",
}
FN = {"type": "function", "name": "lookup", "parameters": {"type": "object"}}


def session(**extra: Any) -> dict[str, Any]:
    return {"type": "realtime", **extra}


def whisper(**transcription: Any) -> dict[str, Any]:
    return session(
        audio={
            "input": {
                "transcription": {"model": "gpt-realtime-whisper", **transcription},
                "turn_detection": None,
            }
        }
    )


# (rule id, severity, schema, passing example, failing example, JSON path of the finding)
CASES: list[tuple[str, str, str, Any, Any, str]] = [
    (
        "output-modalities-exclusive",
        "error",
        "calls.accept",
        session(output_modalities=["text"]),
        session(output_modalities=["text", "audio"]),
        "$.output_modalities",
    ),
    (
        "mcp-server-url-or-connector-id",
        "error",
        "calls.accept",
        session(
            tools=[
                {"type": "mcp", "server_label": "g", "connector_id": "connector_gmail"}
            ]
        ),
        session(tools=[{"type": "mcp", "server_label": "g"}]),
        "$.tools[0]",
    ),
    (
        "mcp-server-url-and-connector-id",
        "warning",
        "calls.accept",
        session(tools=[MCP]),
        session(tools=[{**MCP, "connector_id": "connector_gmail"}]),
        "$.tools[0].connector_id",
    ),
    (
        "tool-choice-undefined",
        "error",
        "calls.accept",
        session(tools=[FN, MCP], tool_choice={"type": "mcp", "server_label": "crm"}),
        session(tools=[FN], tool_choice={"type": "function", "name": "lookpu"}),
        "$.tool_choice.name",
    ),
    (
        "duplicate-tool-names",
        "error",
        "calls.accept",
        session(
            tools=[
                FN,
                {"type": "function", "name": "other"},
                {**MCP, "server_label": "lookup"},
            ]
        ),
        session(tools=[FN, {"name": "lookup"}]),
        "$.tools[1].name",
    ),
    (
        "function-parameters-json-schema",
        "error",
        "calls.accept",
        session(
            tools=[
                {
                    **FN,
                    "parameters": {
                        "type": "object",
                        "properties": {"a": {"type": ["string", "null"]}},
                        "required": ["a"],
                    },
                }
            ]
        ),
        session(
            tools=[
                {
                    **FN,
                    "parameters": {
                        "type": "object",
                        "properties": {"a": {"type": "strin"}},
                    },
                }
            ]
        ),
        "$.tools[0].parameters.properties.a.type",
    ),
    (
        "reject-status-code-range",
        "error",
        "calls.reject",
        {"status_code": 486},
        {"status_code": 200},
        "$.status_code",
    ),
    (
        "refer-target-uri-scheme",
        "warning",
        "calls.refer",
        {"target_uri": "sips:a@b.example"},
        {"target_uri": "+14155550123"},
        "$.target_uri",
    ),
    (
        "create-sdp-version",
        "error",
        "calls.create",
        {"sdp": SDP},
        {"sdp": "o=- 1 2 IN IP4 0.0.0.0"},
        "$.sdp",
    ),
    (
        "parallel-tool-calls-reasoning-model",
        "warning",
        "calls.accept",
        session(model="gpt-realtime-2", parallel_tool_calls=True),
        session(model="gpt-realtime-mini", parallel_tool_calls=True),
        "$.parallel_tool_calls",
    ),
    (
        "reasoning-reasoning-model",
        "warning",
        "calls.create.session",
        session(model="gpt-realtime-2", reasoning={"effort": "high"}),
        session(model="gpt-realtime", reasoning={"effort": "high"}),
        "$.reasoning",
    ),
    (
        "whisper-delay-model",
        "warning",
        "calls.accept",
        whisper(delay="low"),
        session(
            audio={"input": {"transcription": {"model": "whisper-1", "delay": "low"}}}
        ),
        "$.audio.input.transcription.delay",
    ),
    (
        "whisper-prompt",
        "warning",
        "calls.accept",
        session(
            audio={
                "input": {
                    "transcription": {"model": "whisper-1", "prompt": "tech words"}
                }
            }
        ),
        whisper(prompt="tech words"),
        "$.audio.input.transcription.prompt",
    ),
    (
        "whisper-turn-detection",
        "warning",
        "calls.accept",
        whisper(),
        session(
            audio={
                "input": {
                    "transcription": {"model": "gpt-realtime-whisper"},
                    "turn_detection": {"type": "server_vad"},
                }
            }
        ),
        "$.audio.input.turn_detection",
    ),
]


def test_every_rule_has_cases(validator: ModuleType) -> None:
    assert {r.id for r in validator.RULES} == {c[0] for c in CASES}


@pytest.mark.parametrize(
    "rule, severity, schema, good, bad, path", CASES, ids=[c[0] for c in CASES]
)
def test_rule(
    validator: ModuleType,
    rule: str,
    severity: str,
    schema: str,
    good: Any,
    bad: Any,
    path: str,
) -> None:
    assert [f for f in validator.validate(schema, good) if f.rule == rule] == []
    found = [f for f in validator.validate(schema, bad) if f.rule == rule]
    assert len(found) == 1, found
    assert found[0].severity == severity
    assert found[0].json_path == path
    spec_rule = next(r for r in validator.RULES if r.id == rule)
    assert found[0].hint == spec_rule.source and spec_rule.source
    if severity == "warning":  # warnings never make a body invalid
        assert not [f for f in validator.validate(schema, bad) if f.severity == "error"]


def test_model_gated_rules_need_a_known_model(validator: ModuleType) -> None:
    for model in (None, "my-fine-tune", "gpt-realtime-2-2026-01-01"):
        body = session(parallel_tool_calls=True, reasoning={"effort": "low"})
        if model:
            body["model"] = model
        assert validator.validate("calls.accept", body) == []


def test_whisper_turn_detection_must_be_set(validator: ModuleType) -> None:
    body = session(
        audio={"input": {"transcription": {"model": "gpt-realtime-whisper"}}}
    )
    found = validator.validate("calls.accept", body)
    assert [f.rule for f in found] == ["whisper-turn-detection"]


def test_rules_reach_the_create_session(validator: ModuleType) -> None:
    body = {"sdp": SDP, "session": session(output_modalities=["audio", "text"])}
    (finding,) = validator.validate("calls.create", body)
    assert finding.json_path == "$.session.output_modalities"
    assert finding.rule == "output-modalities-exclusive"


def test_json_schema_nesting_and_keywords(validator: ModuleType) -> None:
    params = {
        "type": "object",
        "properties": {
            "a": {"anyOf": []},
            "b": {"items": {"type": "nope"}},
            "c": {"minLength": -1},
        },
        "required": "a",
        "pattern": "(",
    }
    found = validator.validate(
        "RealtimeFunctionTool", {"name": "f", "parameters": params}
    )
    paths = {f.json_path for f in found}
    assert paths == {
        "$.parameters.properties.a.anyOf",
        "$.parameters.properties.b.items.type",
        "$.parameters.properties.c.minLength",
        "$.parameters.required",
        "$.parameters.pattern",
    }
    assert all(f.rule == "function-parameters-json-schema" for f in found)


def test_expressible_error_rules_are_in_the_json_schemas(root: Any) -> None:
    import json

    import jsonschema

    accept = json.loads((root / "generated/schemas/calls.accept.json").read_text())
    reject = json.loads((root / "generated/schemas/calls.reject.json").read_text())
    create = json.loads((root / "generated/schemas/calls.create.json").read_text())
    check = jsonschema.Draft202012Validator
    assert not check(accept).is_valid(session(output_modalities=["text", "audio"]))
    assert not check(accept).is_valid(
        session(tools=[{"type": "mcp", "server_label": "x"}])
    )
    assert check(accept).is_valid(
        session(tools=[{**MCP, "connector_id": "connector_gmail"}])
    )  # a warning only
    assert not check(reject).is_valid({"status_code": 700})
    assert not check(create).is_valid({"sdp": "x"})
    comments = json.dumps(accept)
    assert (
        "rule output-modalities-exclusive" in comments
        and "rule mcp-server-url-or-connector-id" in comments
    )


def test_rules_are_documented(root: Any, validator: ModuleType) -> None:
    text = (root / "generated/docs/rules.md").read_text()
    for rule in validator.RULES:
        assert f"`{rule.id}`" in text


def test_quick_schema_check_never_hides_a_finding(validator: ModuleType) -> None:
    """`_schema_ok` (the quick look) says True only where the full check finds nothing."""
    import random

    rng = random.Random(7)
    keys = [
        "type",
        "properties",
        "required",
        "items",
        "enum",
        "minimum",
        "maxLength",
        "pattern",
        "anyOf",
        "not",
        "additionalProperties",
        "description",
        "format",
        "$defs",
        "default",
        "multipleOf",
        "uniqueItems",
        "prefixItems",
        "x-extra",
    ]
    values: list[Any] = [
        "object",
        "string",
        "strin",
        ["string", "null"],
        ["string", "string"],
        [],
        1,
        -1,
        0,
        1.5,
        float("nan"),
        True,
        None,
        "(",
        "^a$",
        {},
        {"a": {}},
        {"a": {"type": "nope"}},
        [{"type": "string"}],
        [1],
        ["a", "a"],
        ["a"],
        {"a": {"type": "string", "description": "d"}},
        {"a": {"type": "string", "description": 1}},
        {"a": {"type": "strin", "description": "d"}},
        {"a": {"type": "string", "title": 1}},
        {"a": {"type": ["string", "null"], "minimum": 0}},
        {"a": True, "b": {"type": "integer"}},
        {"a": 1},
    ]

    def schema(depth: int) -> Any:
        if depth > 2 or rng.random() < 0.2:
            return rng.choice(values)
        return {rng.choice(keys): schema(depth + 1) for _ in range(rng.randrange(4))}

    import importlib

    meta = importlib.import_module(validator.__name__ + "._json_schema")
    rule = next(r for r in validator.RULES if r.kind == "valid-json-schema")
    quick_true = 0
    for _ in range(3000):
        s = schema(0)
        found: list[Any] = []
        meta._schema(rule, s, (), found, 0)
        if meta._schema_ok(s, 0):
            quick_true += 1
            assert found == [], (s, found)
    assert quick_true > 100
