"""`callspec validate --schema` knows the client events and the webhook payloads (issue 16
item 1), which the spec now slices from upstream: client events closed, what we receive
open (contract rule 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

INCOMING = {
    "type": "realtime.call.incoming",
    "id": "evt_1",
    "created_at": 1,
    "object": "event",
    "data": {"call_id": "rtc_1", "sip_headers": [{"name": "From", "value": "x"}]},
}


def run(tmp_path: Path, schema: str, value: object, *options: str) -> int:
    path = tmp_path / "value.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    return main(["validate", *options, "--schema", schema, str(path)])


@pytest.mark.parametrize(
    "schema, value",
    [
        (
            "RealtimeClientEventSessionUpdate",
            {"type": "session.update", "session": {"type": "realtime"}},
        ),
        ("RealtimeClientEventResponseCancel", {"type": "response.cancel"}),
        ("RealtimeClientEvent", {"type": "input_audio_buffer.clear"}),
        ("WebhookRealtimeCallIncoming", INCOMING),
    ],
)
def test_event_and_webhook_type_names_are_schemas(
    tmp_path: Path, schema: str, value: object
) -> None:
    assert run(tmp_path, schema, value) == 0


def test_a_client_event_is_closed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = {"type": "session.update", "session": {"type": "realtime"}, "sesion": 1}
    assert (
        run(tmp_path, "RealtimeClientEventSessionUpdate", event, "--format", "json")
        == 1
    )
    # The structured report, so the check holds whatever quotes the message uses.
    [finding] = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert (finding["json_path"], finding["rule"]) == (
        "$.sesion",
        "additionalProperties",
    )
    assert "sesion" in finding["message"]


def test_a_webhook_payload_and_a_server_event_are_open(tmp_path: Path) -> None:
    newer = {**INCOMING, "new": 1, "data": {**INCOMING["data"], "new": 2}}  # type: ignore[dict-item]
    assert run(tmp_path, "WebhookRealtimeCallIncoming", newer) == 0
    event = {
        "type": "session.created",
        "event_id": "e",
        "session": {
            "type": "realtime",
            "id": "sess_1",
            "object": "realtime.session",
            "new": 1,
        },
        "new": 2,
    }
    assert run(tmp_path, "RealtimeServerEventSessionCreated", event) == 0
    # still typed: a wrong type is an error
    assert run(tmp_path, "WebhookRealtimeCallIncoming", {**INCOMING, "id": 7}) == 1
