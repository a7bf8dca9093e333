"""Every generated JSON Schema is valid 2020-12, has a stable `$id`, and resolves its refs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "generated" / "schemas"
ALL = sorted(p for p in SCHEMAS.glob("*.json") if p.name != "index.json")


def _registry() -> Registry:
    resources = []
    for path in ALL:
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_schema_is_valid_against_the_2020_12_metaschema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"/{path.name}")


def test_index_lists_every_schema_file() -> None:
    index = json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))
    listed = set(index["types"].values()) | set(index["requests"].values())
    assert listed == {p.name for p in ALL}
    assert {
        "calls.accept",
        "calls.create.session",
        "calls.refer",
        "calls.reject",
    } <= set(index["requests"])


def test_type_schemas_resolve_cross_file_refs() -> None:
    registry = _registry()
    schema = json.loads(
        (SCHEMAS / "RealtimeAudioConfig.json").read_text(encoding="utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    assert validator.is_valid({"output": {"voice": {"id": "voice_1"}, "speed": 1.5}})
    assert not validator.is_valid({"output": {"speed": 1.6}})
    assert not validator.is_valid(
        {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}
    )


def test_request_bundles_are_self_contained() -> None:
    for name in ("calls.accept", "calls.create.session", "calls.refer", "calls.reject"):
        text = (SCHEMAS / f"{name}.json").read_text(encoding="utf-8")
        refs = [line for line in text.split("\n") if '"$ref"' in line]
        assert all('"#/$defs/' in line for line in refs), name
        schema = json.loads(text)
        jsonschema.Draft202012Validator(schema)  # resolves without a registry


def test_accept_bundle_enforces_the_contract() -> None:
    schema = json.loads((SCHEMAS / "calls.accept.json").read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    assert v.is_valid({"type": "realtime", "$schema": "x"})
    assert v.is_valid({"type": "realtime", "max_output_tokens": 4096, "tracing": None})
    assert not v.is_valid({"type": "realtime", "max_output_tokens": 4097})
    assert not v.is_valid({"type": "realtime", "max_output_tokens": None})
    assert not v.is_valid({"type": "realtime", "unknown": 1})
    assert not v.is_valid(
        {
            "type": "realtime",
            "audio": {
                "input": {"turn_detection": {"type": "server_vad", "threshold": 1.01}}
            },
        }
    )
    session = json.loads(
        (SCHEMAS / "calls.create.session.json").read_text(encoding="utf-8")
    )
    assert jsonschema.Draft202012Validator(session).is_valid(
        {"type": "realtime", "max_output_tokens": None, "model": None}
    )
