"""The generated validator's messages: unions by tag, did-you-mean, open enums, numbers."""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import pytest


def accept(validator: ModuleType, **body: Any) -> list[Any]:
    return list(validator.validate("calls.accept", {"type": "realtime", **body}))


def turn(validator: ModuleType, td: Any) -> list[Any]:
    return accept(validator, audio={"input": {"turn_detection": td}})


def test_discriminator_shows_only_the_tagged_branch(validator: ModuleType) -> None:
    found = turn(validator, {"type": "server_vad", "eagerness": "low", "threshold": 2})
    assert [(f.json_path, f.rule) for f in found] == [
        ("$.audio.input.turn_detection.eagerness", "additionalProperties"),
        ("$.audio.input.turn_detection.threshold", "maximum"),
    ]
    assert "ServerVad allows" in found[0].hint
    found = turn(validator, {"type": "semantic_vad", "eagerness": "hi"})
    (f,) = found
    assert f.rule == "enum" and 'did you mean "high"?' in f.message


def test_unknown_tag_gives_one_error_listing_the_tags(validator: ModuleType) -> None:
    (f,) = turn(validator, {"type": "server-vad", "threshold": 5})
    assert f.json_path == "$.audio.input.turn_detection.type"
    assert f.rule == "discriminator"
    assert '"server_vad", "semantic_vad"' in f.message
    assert 'did you mean "server_vad"?' in f.message


def test_missing_required_tag(validator: ModuleType) -> None:
    (f,) = turn(validator, {"threshold": 0.5})
    assert f.rule == "required" and '"type"' in f.message


def test_optional_tag_unions_pick_the_sensible_branch(validator: ModuleType) -> None:
    # audio formats: `type` optional everywhere; {rate} is a PCM format
    assert accept(validator, audio={"output": {"format": {"rate": 24000}}}) == []
    (f,) = accept(validator, audio={"output": {"format": {"rate": 16000}}})
    assert f.json_path == "$.audio.output.format.rate" and f.rule == "const"
    (f,) = accept(
        validator, audio={"output": {"format": {"type": "audio/pcmu", "rate": 24000}}}
    )
    assert (
        f.json_path == "$.audio.output.format.rate" and f.rule == "additionalProperties"
    )
    # tools: a function's `type` is optional, an MCP tool's is not
    (f,) = accept(validator, tools=[{"name": "f", "server_label": "x"}])
    assert f.json_path == "$.tools[0].server_label" and f.rule == "additionalProperties"
    (f,) = accept(
        validator,
        tools=[
            {"type": "mcp", "server_label": "x", "server_url": "https://x", "name": "f"}
        ],
    )
    assert f.json_path == "$.tools[0].name"


def test_unknown_keys_suggest_the_allowed_key(validator: ModuleType) -> None:
    (f,) = accept(validator, audio={"output": {"voise": "marin"}})
    assert f.json_path == "$.audio.output.voise"
    assert f.message == 'unknown key "voise"; did you mean "voice"?'
    assert f.rule == "additionalProperties" and f.severity == "error"
    (f,) = accept(validator, zzz=1)
    assert "did you mean" not in f.message and "instructions" in f.hint


def test_closed_enum_near_miss(validator: ModuleType) -> None:
    (f,) = accept(
        validator, audio={"input": {"noise_reduction": {"type": "near-field"}}}
    )
    assert 'did you mean "near_field"?' in f.message and f.rule == "enum"
    (f,) = accept(validator, type="Realtime")
    assert f.rule == "const" and 'did you mean "realtime"?' in f.message


def test_open_enum_near_miss_is_a_warning(validator: ModuleType) -> None:
    (f,) = accept(validator, audio={"output": {"voice": "marine"}})
    assert f.severity == "warning" and f.rule == "open-enum-near-miss"
    assert f.message == '"marine" is not a built-in voice; did you mean "marin"?'
    (f,) = accept(validator, model="gpt-realtime-mni")
    assert (
        f.message
        == '"gpt-realtime-mni" is not a known model; did you mean "gpt-realtime-mini"?'
    )
    (f,) = accept(validator, audio={"input": {"transcription": {"model": "whisper1"}}})
    assert 'is not a known transcription model; did you mean "whisper-1"?' in f.message
    assert (
        accept(
            validator, audio={"output": {"voice": "my-brand-voice"}}, model="ft:custom"
        )
        == []
    )
    assert accept(validator, audio={"output": {"voice": {"id": "voice_1234"}}}) == []


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinities_are_errors_anywhere(
    validator: ModuleType, value: float
) -> None:
    (f,) = accept(validator, audio={"output": {"speed": value}})
    assert f.rule == "not-finite" and f.json_path == "$.audio.output.speed"
    (f,) = accept(validator, tracing={"metadata": {"a": [1, {"b": value}]}})
    assert f.rule == "not-finite" and f.json_path == "$.tracing.metadata.a[1].b"
    (f,) = accept(
        validator,
        tools=[{"name": "f", "parameters": {"type": "object", "default": value}}],
    )
    assert f.rule == "not-finite"


def test_bool_is_not_an_int(validator: ModuleType) -> None:
    (f,) = accept(validator, max_output_tokens=True)
    assert f.rule == "type" and "boolean" in f.message
    (f,) = validator.validate("calls.reject", {"status_code": False})
    assert f.rule == "type"
    assert (
        accept(validator, max_output_tokens=4096.0) == []
    )  # JSON: 4096.0 is an integer


def test_numeric_ranges(validator: ModuleType) -> None:
    assert [f.rule for f in accept(validator, max_output_tokens=0)] == ["minimum"]
    assert [f.rule for f in accept(validator, max_output_tokens=4097)] == ["maximum"]
    assert [f.rule for f in accept(validator, audio={"output": {"speed": 0.2}})] == [
        "minimum"
    ]
    td = {"type": "server_vad", "idle_timeout_ms": 4999}
    assert [f.rule for f in turn(validator, td)] == ["minimum"]
    assert turn(validator, {"type": "server_vad", "idle_timeout_ms": None}) == []


def test_type_errors_say_what_was_expected(validator: ModuleType) -> None:
    (f,) = accept(validator, tracing=5)
    assert f.message == "expected a string, an object or null, got an integer (5)"
    (f,) = accept(validator, audio=[])
    assert f.message == "expected an object, got an array"
    (f,) = accept(validator, max_output_tokens="infinite")
    assert f.rule == "const" and 'did you mean "inf"?' in f.message


def test_finding_api(validator: ModuleType) -> None:
    (f,) = accept(
        validator,
        tools=[
            {
                "type": "mcp",
                "server_label": "x",
                "server_url": "https://u.example",
                "bad key": 1,
            }
        ],
    )
    assert f.path == ("tools", 0, "bad key")
    assert f.json_path == "$.tools[0]['bad key']"
    assert set(f.as_dict()) == {
        "path",
        "json_path",
        "severity",
        "message",
        "hint",
        "rule",
    }


def test_schema_names(validator: ModuleType) -> None:
    names = validator.schema_names()
    assert names[:5] == [
        "calls.accept",
        "calls.refer",
        "calls.reject",
        "calls.create",
        "calls.create.session",
    ]
    assert "Voice" in names and "ErrorResponse" not in names
    assert validator.validate("Voice", "alloy") == []
    with pytest.raises(KeyError, match="did you mean 'calls.accept'"):
        validator.validate("calls.acept", {})
    assert (
        validator.schema_for_id(validator.SCHEMA_BASE + "/calls.refer.json")
        == "calls.refer"
    )
    assert validator.schema_for_id("https://example.com/calls.refer.json") is None
    latest = validator.SCHEMA_BASE + "/latest/calls.create.session.json"
    assert validator.schema_for_id(latest) == "calls.create.session"
    assert (
        validator.schema_for_id(validator.SCHEMA_BASE + "/2.3.0/Voice.json") == "Voice"
    )
    assert validator.schema_for_id("./schemas/calls.reject.json") == "calls.reject"


def test_root_schema_key_is_allowed_in_request_bundles(validator: ModuleType) -> None:
    assert (
        validator.validate("calls.accept", {"$schema": "x", "type": "realtime"}) == []
    )
    (f,) = validator.validate("calls.accept", {"$schema": 1, "type": "realtime"})
    assert f.json_path == "$['$schema']"
    (f,) = validator.validate(
        "RealtimeCallAcceptRequest", {"$schema": "x", "type": "realtime"}
    )
    assert f.rule == "additionalProperties"


def test_validate_request_raises_with_findings(validator: ModuleType) -> None:
    import realtime_calls

    with pytest.raises(realtime_calls.RequestValidationError) as info:
        validator.validate_request("calls.reject", {"status_code": 200})
    assert [f.rule for f in info.value.findings] == ["reject-status-code-range"]
    assert "$.status_code" in str(info.value)
    warnings = validator.validate_request(
        "calls.refer", {"target_uri": "agent@example.com"}
    )
    assert [f.severity for f in warnings] == ["warning"]
