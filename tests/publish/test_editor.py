"""The published session schema in a real editor backend: yaml-language-server (pinned in
package.json) driven over LSP on stdio, with SchemaStore off and the schema given by file URL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.config import GenerateConfig
from generator.ir import nodes as ir
from generator.pipeline import load_api
from tests.publish.conftest import Published
from tests.publish.lsp import LspClient

BAD = """\
type: realtime
model: gpt-realtime
audio:
  output:
    speed: 9
    voice: marin
truncation: sometimes
"""
GOOD = """\
type: realtime
model: gpt-realtime
audio:
  output:
    speed: 1.2
truncation: auto
"""


def spec_description(type_name: str, prop: str) -> str:
    node = load_api(GenerateConfig()).types[type_name].type
    assert isinstance(node, ir.Object)
    found = node.property(prop)
    assert found is not None and found.description
    return found.description


def branch_descriptions(type_name: str) -> list[str]:
    node = load_api(GenerateConfig()).types[type_name].type
    assert isinstance(node, ir.Union)
    return [m.description for m in node.members if m.description]


def settings(schema: Path, patterns: list[str]) -> dict[str, Any]:
    return {
        "yaml": {
            "schemas": {schema.as_uri(): patterns},
            "schemaStore": {"enable": False},
            "validate": True,
            "hover": True,
            "completion": True,
        }
    }


@pytest.fixture
def server(
    language_server: Path, published: Published, tmp_path: Path
) -> Iterator[LspClient]:
    schema = published.schemas / "calls.accept.json"
    client = LspClient(
        [str(language_server), "--stdio"],
        settings(schema, ["*.realtime-session.yaml"]),
        cwd=tmp_path,
    )
    try:
        client.initialize(tmp_path)
        yield client
    finally:
        client.close()


def hover_text(result: Any) -> str:
    assert result, "no hover"
    contents = result["contents"]
    if isinstance(contents, dict):
        return str(contents["value"])
    if isinstance(contents, list):
        return "\n".join(c if isinstance(c, str) else c["value"] for c in contents)
    return str(contents)


def test_bad_value_gets_a_diagnostic_on_its_line(
    server: LspClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "agent.realtime-session.yaml").as_uri()
    server.open(uri, BAD)
    diagnostics = server.wait_for_diagnostics(uri, lambda batch: len(batch) >= 2)
    by_line = {d["range"]["start"]["line"]: d for d in diagnostics}
    assert set(by_line) == {4, 6}, diagnostics
    assert "1.5" in by_line[4]["message"]  # speed: maximum 1.5
    assert by_line[4]["range"]["start"]["character"] == len("    speed: ")
    assert "auto" in by_line[6]["message"] and "disabled" in by_line[6]["message"]
    assert all(d["severity"] == 1 for d in diagnostics)


def test_hover_shows_the_spec_description(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "agent.realtime-session.yaml").as_uri()
    server.open(uri, BAD)
    server.wait_for_diagnostics(uri)
    text = hover_text(server.hover(uri, 4, 6))  # on `speed`
    first_line = spec_description("RealtimeAudioConfigOutput", "speed").splitlines()[0]
    assert first_line in text
    text = hover_text(server.hover(uri, 6, 3))  # on `truncation`
    # the property's description, or that of the `oneOf` branch the editor settles on:
    # which of the spec's texts an editor shows for a union is the editor's choice
    shown = [
        spec_description("RealtimeCallAcceptRequest", "truncation"),
        *branch_descriptions("RealtimeTruncation"),
    ]
    assert any(description.split(". ")[0] in text for description in shown), text


def test_valid_config_has_no_diagnostics(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "ok.realtime-session.yaml").as_uri()
    server.open(uri, GOOD)
    server.wait_for_diagnostics(uri, lambda batch: True)
    assert (
        "speed" in hover_text(server.hover(uri, 4, 6)).lower()
    )  # the schema is attached
    assert server.diagnostics[uri][-1] == []


def test_modeline_attaches_the_schema(
    language_server: Path, published: Published, tmp_path: Path
) -> None:
    """No settings mapping: the `# yaml-language-server: $schema=` modeline alone."""
    schema = published.schemas / "calls.accept.json"
    client = LspClient(
        [str(language_server), "--stdio"],
        {"yaml": {"schemaStore": {"enable": False}, "validate": True, "hover": True}},
        cwd=tmp_path,
    )
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "session.yaml").as_uri()
        client.open(uri, f"# yaml-language-server: $schema={schema.as_uri()}\n" + BAD)
        diagnostics = client.wait_for_diagnostics(uri, lambda batch: len(batch) >= 2)
        assert {d["range"]["start"]["line"] for d in diagnostics} == {5, 7}
    finally:
        client.close()


def test_schema_key_attaches_the_schema(
    language_server: Path, published: Published, tmp_path: Path
) -> None:
    """No settings mapping: a `$schema` key in the config names the schema, and the schema
    accepts that key (it is not reported as an unknown property)."""
    schema = published.schemas / "calls.accept.json"
    client = LspClient(
        [str(language_server), "--stdio"],
        {"yaml": {"schemaStore": {"enable": False}, "validate": True, "hover": True}},
        cwd=tmp_path,
    )
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "keyed.yaml").as_uri()
        text = f"$schema: {json.dumps(schema.as_uri())}\n" + GOOD + "speed_typo: 1\n"
        client.open(uri, text)
        diagnostics = client.wait_for_diagnostics(uri)
        assert [d["range"]["start"]["line"] for d in diagnostics] == [7], diagnostics
        assert "speed_typo" in diagnostics[0]["message"]
    finally:
        client.close()


def test_completion_offers_enum_values_with_their_descriptions(
    server: LspClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "vad.realtime-session.yaml").as_uri()
    text = "type: realtime\naudio:\n  input:\n    turn_detection:\n      type: semantic_vad\n      eagerness: \n"
    server.open(uri, text)
    server.wait_for_diagnostics(uri, lambda batch: True)
    result = server.request(
        "textDocument/completion",
        {
            "textDocument": {"uri": uri},
            "position": {"line": 5, "character": len("      eagerness: ")},
        },
    )
    items = result["items"] if isinstance(result, dict) else result
    docs = {
        item["label"]: (item.get("documentation") or {}).get("value", "")
        for item in items
    }
    assert set(docs) == {"low", "medium", "high", "auto"}
    assert docs["high"] == "`high` will respond more quickly."
