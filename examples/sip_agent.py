"""A SIP voice agent on `realtime_calls`: webhook -> accept -> sideband -> refer / hang up.

1. A webhook endpoint (``POST /webhook``) verifies each delivery's Standard Webhooks
   signature, handles each ``webhook-id`` once (`WebhookIdempotency`: a re-delivery,
   even one arriving while the first is still being handled, is answered 200 and
   dropped; a failed accept releases the id so OpenAI's retry is handled) and accepts
   the ``realtime.call.incoming`` call with a full session config.
2. It then joins the call's sideband (``client.realtime.connect(call_id=...)``, with
   reconnection on; a first handshake that fails is tried again): it answers the model's function calls, updates the session and
   finally refers the caller to a human (``transfer_to_human``) or hangs up.

Run the whole thing locally against the fake of OpenAI's side in ``fake_openai.py``
(loopback only, a few seconds)::

    python examples/sip_agent.py --simulate 3

or serve real traffic (``OPENAI_API_KEY``, ``OPENAI_WEBHOOK_SECRET``)::

    python examples/sip_agent.py --port 8000

Signatures are verified by ``client.webhooks.unwrap`` (as with the official SDK): it
raises `InvalidWebhookSignatureError` for a bad or stale delivery and returns the typed
event (``event.data.call_id``); an event type it does not know comes back as
`UnknownWebhookEvent`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import os
import sys
import time
from typing import Any, Dict, Optional, Set

from _http import HTTPServer, Response

from realtime_calls import APIStatusError, AsyncOpenAI, InvalidWebhookSignatureError
from realtime_calls.resources.realtime.realtime import AsyncRealtimeConnection
from realtime_calls.types.websocket_reconnection import (
    ReconnectingEvent,
    ReconnectingOverrides,
)
from realtime_calls.webhooks import (
    IdempotencyStore,
    InMemoryIdempotencyStore,
    WebhookIdempotency,
)

log = logging.getLogger("sip_agent")

SESSION: Dict[str, Any] = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are the order desk of Example Inc. Be brief and friendly.",
    "output_modalities": ["audio"],
    "audio": {
        "input": {
            "format": {"type": "audio/pcmu"},
            "noise_reduction": {"type": "near_field"},
            "transcription": {"model": "gpt-4o-transcribe", "language": "en"},
            "turn_detection": {"type": "server_vad", "threshold": 0.5},
        },
        "output": {"format": {"type": "audio/pcmu"}, "voice": "marin", "speed": 1.0},
    },
    "tools": [
        {
            "type": "function",
            "name": "lookup_order",
            "description": "Look an order up by its id.",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        },
        {
            "type": "function",
            "name": "transfer_to_human",
            "description": "Hand the caller over to a person.",
            "parameters": {"type": "object", "properties": {}},
        },
    ],
    "tool_choice": "auto",
    "max_output_tokens": 1024,
    "tracing": "auto",
}

HUMAN_DESK = "sip:orders@example.com"
OPEN_ATTEMPTS = 3


class SipAgent:
    """The webhook handler and the per-call sideband logic."""

    def __init__(
        self,
        client: AsyncOpenAI,
        webhook_secret: str,
        *,
        reconnect_delay: float = 0.5,
        store: Optional[IdempotencyStore] = None,
    ) -> None:
        """``store``: where handled webhook-ids are kept; shared by every worker
        (`SQLiteIdempotencyStore(path)` across processes), in memory by default."""
        self.client = client
        self.webhook_secret = webhook_secret
        self.reconnect_delay = reconnect_delay
        self.idempotency = WebhookIdempotency(store or InMemoryIdempotencyStore())
        self.stats: Dict[str, int] = {
            "deliveries": 0,
            "rejected": 0,
            "duplicates": 0,
            "accepted": 0,
            "completed": 0,
            "referred": 0,
            "hung_up": 0,
            "reconnects": 0,
            "open_retries": 0,
            "unknown_events": 0,
            "failed": 0,
        }
        self.transcripts: Dict[str, list[str]] = {}
        self._tasks: Set[asyncio.Task[None]] = set()

    # -- the webhook -----------------------------------------------------------------

    async def handle(
        self, method: str, target: str, headers: Dict[str, str], body: bytes
    ) -> Response:
        if method != "POST" or target != "/webhook":
            return 404, {}, b""
        self.stats["deliveries"] += 1
        try:
            event = self.client.webhooks.unwrap(
                body, headers, secret=self.webhook_secret
            )
        except (InvalidWebhookSignatureError, ValueError) as exc:  # ValueError: a
            # missing header, as with the SDK
            self.stats["rejected"] += 1
            log.warning("rejected a webhook: %s", exc)
            return 400, {}, b"invalid signature"
        if event.type != "realtime.call.incoming":
            return 200, {}, b""
        call_id = event.data.call_id
        try:
            # an exception in the block releases the webhook-id: OpenAI's retry of
            # this delivery is then handled
            with self.idempotency.once(headers) as first:
                if not first:  # a re-delivery: handled or being handled
                    self.stats["duplicates"] += 1
                    return 200, {}, b""
                await self.client.realtime.calls.accept(call_id, **SESSION)
        except APIStatusError as exc:
            log.error("accept %s failed: %s", call_id, exc)
            return 500, {}, b""
        self.stats["accepted"] += 1
        task = asyncio.create_task(self.run_call(call_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return 200, {}, b""

    # -- the call ------------------------------------------------------------------------

    def _on_reconnecting(
        self, event: ReconnectingEvent
    ) -> ReconnectingOverrides | None:
        self.stats["reconnects"] += 1
        log.info("sideband closed (%s), attempt %d", event.close_code, event.attempt)
        return None

    async def _open_sideband(self, call_id: str) -> AsyncRealtimeConnection:
        """Join the call's sideband. Reconnection (``on_reconnecting``) covers a
        socket that closes mid-call; a first handshake that fails (a timeout, a
        refused connection, a 5xx) is tried again here, a few times."""
        manager = self.client.realtime.connect(
            call_id=call_id,
            on_reconnecting=self._on_reconnecting,
            initial_delay=self.reconnect_delay,
        )
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                return await manager.enter()
            except Exception as exc:
                if attempt == OPEN_ATTEMPTS:
                    raise
                self.stats["open_retries"] += 1
                log.info("sideband of %s not opened (%s); again", call_id, exc)
                await asyncio.sleep(self.reconnect_delay * attempt)
        raise AssertionError("unreachable")

    async def run_call(self, call_id: str) -> None:
        transcript = self.transcripts.setdefault(call_id, [])
        pending: str | None = None  # the function answered, waiting for its response
        try:
            connection = await self._open_sideband(call_id)
            try:
                async for event in connection:
                    if (
                        event.type
                        == "conversation.item.input_audio_transcription.completed"
                    ):
                        transcript.append("caller: " + event.transcript)
                    elif event.type == "response.output_audio_transcript.done":
                        transcript.append("agent: " + event.transcript)
                    elif event.type == "response.function_call_arguments.done":
                        pending = event.name
                        output = self.call_function(event.name, event.arguments)
                        await connection.conversation.item.create(
                            item={
                                "type": "function_call_output",
                                "call_id": event.call_id,
                                "output": json.dumps(output),
                            }
                        )
                        await connection.response.create()
                        await connection.session.update(
                            session={
                                "type": "realtime",
                                "instructions": SESSION["instructions"]
                                + f" The caller asked about: {output}.",
                            }
                        )
                    elif event.type == "response.done" and pending is not None:
                        if pending == "transfer_to_human":
                            await self.client.realtime.calls.refer(
                                call_id, target_uri=HUMAN_DESK
                            )
                            self.stats["referred"] += 1
                        else:
                            await self.client.realtime.calls.hangup(call_id)
                            self.stats["hung_up"] += 1
                        pending = None  # the server closes the sideband now
                    elif event.type == "response.done":
                        # after a reconnect: the answer was already sent, end the call
                        await self.client.realtime.calls.hangup(call_id)
                        self.stats["hung_up"] += 1
                    elif type(event).__name__ == "UnknownRealtimeServerEvent":
                        self.stats["unknown_events"] += 1
            finally:
                await connection.close()
            self.stats["completed"] += 1
        except Exception:
            self.stats["failed"] += 1
            log.exception("call %s failed", call_id)

    @staticmethod
    def call_function(name: str, arguments: str) -> Dict[str, Any]:
        args = json.loads(arguments or "{}")
        if name == "lookup_order":
            return {"order_id": args.get("order_id"), "status": "shipped"}
        if name == "transfer_to_human":
            return {"transferring_to": HUMAN_DESK}
        return {"error": f"unknown function {name}"}

    async def wait_idle(self, timeout: float = 60.0) -> None:
        """Wait until every call's sideband task has finished."""
        deadline = time.monotonic() + timeout
        while self._tasks and time.monotonic() < deadline:
            await asyncio.wait(set(self._tasks), timeout=deadline - time.monotonic())


async def simulate(calls: int) -> Dict[str, int]:
    """Run ``calls`` whole calls against the local fake; print what happened."""
    from fake_openai import FakeOpenAI

    secret = "whsec_" + base64.b64encode(b"example secret, not a real one").decode()
    async with FakeOpenAI(secret) as fake:
        client = AsyncOpenAI(
            api_key="sk-fake",
            base_url=fake.base_url,
            websocket_base_url=fake.websocket_base_url,
            max_retries=0,
        )
        agent = SipAgent(client, secret, reconnect_delay=0.05)
        server = await HTTPServer(agent.handle).start()
        try:
            for n in range(calls):
                call_id = f"rtc_{n:04d}"
                fake.offer(call_id)
                headers, body = fake.webhook(call_id, f"wh_{n:04d}")
                status, _ = await fake.deliver(server.url + "/webhook", headers, body)
                print(f"webhook {call_id}: HTTP {status}")
            await agent.wait_idle()
        finally:
            await server.close()
            await client.close()
        for call_id, lines in agent.transcripts.items():
            call = fake.calls[call_id]
            print(f"{call_id} ({call.ended}):")
            for line in lines:
                print("   ", line)
        print(json.dumps(agent.stats))
        return agent.stats


async def serve(port: int) -> None:
    client = AsyncOpenAI()
    secret = os.environ["OPENAI_WEBHOOK_SECRET"]
    agent = SipAgent(client, secret)
    server = await HTTPServer(agent.handle, host="0.0.0.0", port=port).start()
    log.info("listening on :%d/webhook", server.port)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--simulate", type=int, metavar="CALLS")
    group.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.simulate is not None:
        stats = asyncio.run(simulate(args.simulate))
        return 0 if stats["completed"] == args.simulate == stats["accepted"] else 1
    asyncio.run(serve(args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
