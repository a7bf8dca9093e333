"""generated/openapi.json carries every rule JSON Schema can express, as generated/schemas/
does (issue 14 item 7): ajv and python-jsonschema reading openapi.json reject what the error
rules forbid, and callspec reads the rules back from it unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

from generator.diff import load_api
from tests.conftest import skip_unless_ci
from tests.properties.harness import Ajv

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = json.loads((ROOT / "generated" / "openapi.json").read_text(encoding="utf-8"))

# (component, instance, valid): each error rule expressible in JSON Schema, both ways
CASES = [
    ("RealtimeCallRejectRequest", {"status_code": 486}, True),
    ("RealtimeCallRejectRequest", {"status_code": 200}, False),
    ("RealtimeCallRejectRequest", {"status_code": 700}, False),
    (
        "RealtimeCallAcceptRequest",
        {"type": "realtime", "output_modalities": ["audio"]},
        True,
    ),
    (
        "RealtimeCallAcceptRequest",
        {"type": "realtime", "output_modalities": ["text", "audio"]},
        False,
    ),
    (
        "RealtimeSessionCreateRequest",
        {"type": "realtime", "output_modalities": ["audio", "text"]},
        False,
    ),
    (
        "RealtimeCallAcceptRequest",
        {"type": "realtime", "tools": [{"type": "mcp", "server_label": "crm"}]},
        False,
    ),
    (
        "RealtimeCallAcceptRequest",
        {
            "type": "realtime",
            "tools": [
                {"type": "mcp", "server_label": "crm", "server_url": "https://x.test"}
            ],
        },
        True,
    ),
    # a warning rule (both targets) is not a schema constraint
    (
        "RealtimeCallAcceptRequest",
        {
            "type": "realtime",
            "tools": [
                {
                    "type": "mcp",
                    "server_label": "crm",
                    "server_url": "https://x.test",
                    "connector_id": "connector_dropbox",
                }
            ],
        },
        True,
    ),
    ("RealtimeCallCreateRequest", {"sdp": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"}, True),
    ("RealtimeCallCreateRequest", {"sdp": "o=- 1 1 IN IP4 0.0.0.0\r\n"}, False),
]


def schema_for(component: str) -> dict[str, Any]:
    """The whole document as a schema whose root is `component` (refs stay internal)."""
    return {
        **OPENAPI,
        "$id": f"urn:callspec-test:{component}",
        "$ref": f"#/components/schemas/{component}",
    }


@pytest.mark.parametrize("component, instance, valid", CASES)
def test_python_jsonschema_on_openapi_json(
    component: str, instance: Any, valid: bool
) -> None:
    assert Draft202012Validator(schema_for(component)).is_valid(instance) is valid


@pytest.fixture(scope="module")
def ajv() -> Iterator[Ajv]:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "ajv").is_dir():
        skip_unless_ci("node and the locked ajv (make node) are needed")
    names = sorted({c for c, _, _ in CASES})
    validator = Ajv({name: schema_for(name) for name in names})
    yield validator
    validator.close()


def test_ajv_on_openapi_json(ajv: Ajv) -> None:
    for component, instance, valid in CASES:
        (verdict,) = ajv.check_many(component, [instance])
        assert verdict.valid is valid, (component, instance, verdict.detail)


def test_rules_are_carried_as_data_and_read_back() -> None:
    """openapi.json is still a spec callspec reads: the same rules, and the marked rule
    fragments are not taken for types (the types equal the spec's)."""
    from_json = load_api(str(ROOT / "generated" / "openapi.json"))
    from_spec = load_api(str(ROOT / "spec" / "upstream.yaml"))
    assert [
        (r.id, r.severity, r.kind, r.applies_to, r.params) for r in from_json.rules
    ] == [(r.id, r.severity, r.kind, r.applies_to, r.params) for r in from_spec.rules]
    assert from_json.types.keys() == from_spec.types.keys()
    marked = [
        part["x-callspec-rule"]
        for schema in OPENAPI["components"]["schemas"].values()
        for part in schema.get("allOf", [])
        if "x-callspec-rule" in part
    ]
    assert "reject-status-code-range" in marked
    assert "mcp-server-url-and-connector-id" not in marked  # a warning
