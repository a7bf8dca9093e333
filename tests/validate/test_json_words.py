"""Messages in JSON's words (issue 14 item 4): null, true/false, "strings"; unions state
their allowed forms exactly; the rules' own words; the string form of mode objects."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


def accept(validator: ModuleType, schema: str = "calls.accept", **body: Any) -> Any:
    return list(validator.validate(schema, {"type": "realtime", **body}))


def test_null_true_and_strings_as_json_writes_them(validator: ModuleType) -> None:
    nr = {"input": {"noise_reduction": {"type": None}}}
    (f,) = accept(validator, audio=nr)
    assert f.message == 'null is not one of "near_field", "far_field"'
    assert f.hint == 'allowed: "near_field", "far_field"'
    (f,) = validator.validate("calls.accept", {"type": None})
    assert f.message == 'expected "realtime", got null'
    td = {"input": {"turn_detection": {"type": "semantic_vad", "eagerness": True}}}
    (f,) = accept(validator, audio=td)
    assert f.message == 'true is not one of "low", "medium", "high", "auto"'
    (f,) = accept(
        validator, audio={"input": {"format": {"type": "audio/pcm", "rate": 1}}}
    )
    assert "None" not in f.message + f.hint and "'" not in f.message


@pytest.mark.parametrize(
    "value, got",
    [
        ("4096", 'a string ("4096")'),
        (True, "a boolean (true)"),
        (100.5, "a number (100.5)"),
        (5000, "an integer (5000)"),
        (0, "an integer (0)"),
        (None, "null"),
    ],
)
def test_unions_state_the_allowed_forms(
    validator: ModuleType, value: Any, got: str
) -> None:
    (f,) = accept(validator, max_output_tokens=value)
    assert f.message == f'expected an integer 1–4096 or "inf", got {got}'
    assert f.severity == "error"
    if value == "4096":
        assert f.hint == '"4096" is a string; write 4096 without quotes'


def test_nullable_union_forms_name_null(validator: ModuleType) -> None:
    (f,) = accept(validator, "calls.create.session", max_output_tokens=True)
    assert (
        f.message == 'expected an integer 1–4096, "inf" or null, got a boolean (true)'
    )
    (f,) = accept(validator, max_output_tokens="infinite")
    assert f.message.endswith('; did you mean "inf"?')


def test_output_modalities_both(validator: ModuleType) -> None:
    (f,) = accept(validator, output_modalities=["text", "audio"])
    assert f.message == 'output_modalities cannot contain both "text" and "audio"'


def test_each_mcp_rule_quotes_its_own_source(validator: ModuleType) -> None:
    mcp = {"type": "mcp", "server_label": "crm"}
    (neither,) = accept(validator, tools=[mcp])
    both_targets = {
        **mcp,
        "server_url": "https://a.example",
        "connector_id": "connector_gmail",
    }
    (both,) = accept(validator, tools=[both_targets])
    assert neither.rule == "mcp-server-url-or-connector-id"
    assert both.rule == "mcp-server-url-and-connector-id"
    assert both.severity == "warning"
    assert both.hint != neither.hint
    assert "must be provided" in neither.hint
    assert "must be provided" not in both.hint and "One of" in both.hint


@pytest.mark.parametrize(
    "key, value, mode",
    [
        ("truncation", {"type": "auto"}, "auto"),
        ("truncation", {"type": "disabled"}, "disabled"),
        ("tracing", {"type": "auto"}, "auto"),
        ("tool_choice", {"type": "auto"}, "auto"),
        ("tool_choice", {"mode": "required"}, "required"),
    ],
)
def test_objects_naming_a_string_mode_point_to_the_string_form(
    validator: ModuleType, key: str, value: Any, mode: str
) -> None:
    found = accept(validator, **{key: value})
    assert found and found[0].severity == "error"
    assert found[0].hint.startswith(
        f'write {key}: "{mode}" (a string mode), not an object'
    )
    # an object of the right shape with another value gets no such hint
    other = accept(validator, **{key: {"type": "retention_ratio"}})
    assert all("string mode" not in f.hint for f in other)
