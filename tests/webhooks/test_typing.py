"""A webhook handler written as for the SDK type-checks under ``mypy --strict``
against the generated package: ``unwrap``'s result narrows on ``event.type``,
the typed fields are typed, and a misspelt field is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.client.conftest import mypy_strict

PROGRAM = """
from typing import Mapping
from realtime_calls import AsyncOpenAI, InvalidWebhookSignatureError, OpenAI
from realtime_calls.webhooks import (
    RealtimeCallIncomingWebhookEvent,
    SQLiteIdempotencyStore,
    UnknownWebhookEvent,
    WebhookIdempotency,
)

client = OpenAI(webhook_secret="whsec_x", api_key=lambda: "sk-rotating")
idempotency = WebhookIdempotency(SQLiteIdempotencyStore("/tmp/ids.db"))


def handle(body: bytes, headers: Mapping[str, str]) -> int:
    try:
        event = client.webhooks.unwrap(body, headers)
    except InvalidWebhookSignatureError:
        return 400
    if isinstance(event, UnknownWebhookEvent):
        return 200
    with idempotency.once(headers) as first:
        if first and event.type == "realtime.call.incoming":
            call_id: str = event.data.call_id
            names = [h.name for h in event.data.sip_headers]
            reveal_type(event)
            print(call_id, names, event.to_dict(), event.created_at + 1)
    return 200


async def main() -> None:
    async_client = AsyncOpenAI(api_key="sk-x")
    async_client.webhooks.verify_signature("{}", {}, secret="s", tolerance=10)
    event: RealtimeCallIncomingWebhookEvent
    event.data.call_idd  # misspelt
"""


def test_handler_type_checks(rc_parent: Any, tmp_path: Path) -> None:
    program = tmp_path / "handler.py"
    program.write_text(PROGRAM)
    result = mypy_strict(program, rc_parent)
    lines = result.stdout.splitlines()
    notes = [line for line in lines if "Revealed type" in line]
    errors = [line for line in lines if ": error:" in line]
    assert len(notes) == 1 and notes[0].endswith(
        '"realtime_calls._webhook_events.RealtimeCallIncomingWebhookEvent"'
    ), result.stdout
    line = 1 + PROGRAM.splitlines().index("    event.data.call_idd  # misspelt")
    assert len(errors) == 1 and f"handler.py:{line}:" in errors[0], result.stdout
    assert "call_idd" in errors[0]
