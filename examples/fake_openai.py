"""A local fake of OpenAI's side of a SIP call, on 127.0.0.1 only.

- **Signed webhook delivery**: `FakeOpenAI.deliver` POSTs a ``realtime.call.incoming``
  event signed as Standard Webhooks does (``webhook-id``, ``webhook-timestamp``,
  ``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``), with
  faults on demand: tampered body, slow body, connection dropped mid-request and
  retried (as OpenAI retries a delivery, with the same ``webhook-id``).
- **The REST endpoints**: ``POST /v1/realtime/calls/{call_id}/accept|hangup|refer|reject``
  (404 for a call it never offered), counted per call.
- **The sideband**: ``ws://.../v1/realtime?call_id=...`` (404 at the handshake for an
  unknown or not accepted call). It plays a short call: ``session.created``, an event
  of a type no SDK knows yet, the caller's transcript and a function call; it answers
  ``conversation.item.create`` / ``response.create`` / ``session.update`` and closes
  the socket (1000) when the call is hung up or referred. Calls listed in
  ``abort_sideband`` lose one socket abnormally (no close frame: 1006 at the
  client): the first on which the agent sends ``session.update``.

Every frame received is recorded, per call, as parsed JSON.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set
from urllib.parse import parse_qs, urlsplit

from _http import HTTPServer, post

FUNCTIONS = ("lookup_order", "transfer_to_human")
UNKNOWN_EVENT = {"type": "call.quality_report", "mos": 4.2, "jitter_ms": 3}


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value (Standard Webhooks, ``whsec_`` secret)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass
class Call:
    call_id: str
    function: str
    accepted: int = 0
    answered: bool = False
    ended: Optional[str] = None  # "hangup" / "refer"
    connections: int = 0
    aborted: bool = False  # its sideband was dropped once (``abort_sideband``)
    frames: List[Dict[str, Any]] = field(default_factory=list)
    sockets: Set[Any] = field(default_factory=set)


class FakeOpenAI:
    """``async with FakeOpenAI(secret) as fake:`` then point a client at
    ``fake.base_url`` / ``fake.websocket_base_url``."""

    def __init__(
        self,
        webhook_secret: str,
        *,
        abort_sideband: Set[str] | None = None,
        unknown_event: bool = True,
    ) -> None:
        self.webhook_secret = webhook_secret
        self.abort_sideband = set(abort_sideband or ())
        self.unknown_event = unknown_event
        self.calls: Dict[str, Call] = {}
        self.rest_calls: Counter[str] = Counter()  # "accept" / "hangup" / ...
        self.unknown_call_requests = 0
        self.handshakes: List[Dict[str, Any]] = []
        self.ws_open = 0
        self.ws_total = 0
        self.aborted = 0
        self.rest = HTTPServer(self._rest)
        self._ws: Any = None
        self.ws_port = 0
        self._closing: Set[asyncio.Task[None]] = set()

    # -- lifecycle -------------------------------------------------------------

    async def __aenter__(self) -> FakeOpenAI:
        from websockets.asyncio.server import serve

        await self.rest.start()
        self._ws = await serve(
            self._sideband,
            "127.0.0.1",
            0,
            process_request=self._handshake,
            compression=None,
            max_size=None,
            backlog=4096,
        )
        self.ws_port = self._ws.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.rest.close()
        if self._ws is not None:
            self._ws.close()
            await self._ws.wait_closed()

    @property
    def base_url(self) -> str:
        return f"{self.rest.url}/v1"

    @property
    def websocket_base_url(self) -> str:
        return f"ws://127.0.0.1:{self.ws_port}/v1"

    # -- calls and webhooks ------------------------------------------------------

    def offer(self, call_id: str, function: Optional[str] = None) -> Call:
        """A new incoming call (what OpenAI does when a SIP INVITE arrives)."""
        index = len(self.calls)
        call = Call(call_id, function or FUNCTIONS[index % len(FUNCTIONS)])
        self.calls[call_id] = call
        return call

    def webhook(
        self, call_id: str, webhook_id: str, *, tamper: bool = False
    ) -> tuple[Dict[str, str], bytes]:
        """Headers and body of a signed ``realtime.call.incoming`` delivery; with
        ``tamper`` the body is changed after signing (the signature no longer holds)."""
        event = {
            "object": "event",
            "id": "evt_" + webhook_id.removeprefix("wh_"),
            "type": "realtime.call.incoming",
            "created_at": int(time.time()),
            "data": {
                "call_id": call_id,
                "sip_headers": [
                    {"name": "From", "value": "sip:+14155550100@example.com"},
                    {"name": "To", "value": "sip:+18005550199@sip.api.openai.com"},
                ],
            },
        }
        body = json.dumps(event, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(self.webhook_secret, webhook_id, timestamp, body),
        }
        if tamper:
            body = body.replace(b'"rtc_', b'"rtx_', 1)
        return headers, body

    async def deliver(
        self,
        url: str,
        headers: Dict[str, str],
        body: bytes,
        *,
        slow: float = 0.0,
        drop: bool = False,
        max_attempts: int = 5,
        retry_delay: float = 0.05,
    ) -> tuple[Optional[int], int]:
        """POST a delivery, retrying (same headers) after a dropped connection or a
        5xx, as OpenAI does: the final status and the number of attempts."""
        split = urlsplit(url)
        host, port = split.hostname or "127.0.0.1", split.port or 80
        status: Optional[int] = None
        for attempt in range(1, max_attempts + 1):
            status = await post(
                host,
                port,
                split.path,
                headers,
                body,
                slow=slow if attempt == 1 else 0.0,
                drop_after=len(body) // 2 if drop and attempt == 1 else None,
            )
            if status is not None and status < 500:
                return status, attempt
            await asyncio.sleep(retry_delay * attempt)
        return status, max_attempts

    # -- REST ------------------------------------------------------------------------

    async def _rest(
        self, method: str, target: str, headers: Dict[str, str], body: bytes
    ) -> tuple[int, Dict[str, str], bytes]:
        parts = urlsplit(target).path.strip("/").split("/")
        # v1 / realtime / calls / {call_id} / {action}
        if (
            method != "POST"
            or len(parts) != 5
            or parts[:3] != ["v1", "realtime", "calls"]
            or not headers.get("authorization", "").startswith("Bearer ")
        ):
            return 404, {}, b'{"error":{"message":"not found"}}'
        call = self.calls.get(parts[3])
        action = parts[4]
        if call is None:
            self.unknown_call_requests += 1
            return 404, {}, b'{"error":{"message":"call not found"}}'
        self.rest_calls[action] += 1
        if action == "accept":
            call.accepted += 1
        elif action in ("hangup", "refer", "reject"):
            call.ended = action
            for socket in list(call.sockets):
                # not awaited here: the close handshake needs the agent's reader
                task = asyncio.create_task(socket.close(1000, "call ended"))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)
        return 200, {}, b""

    # -- the sideband ------------------------------------------------------------------

    async def _handshake(self, connection: Any, request: Any) -> Any:
        split = urlsplit(request.path)
        call_id = parse_qs(split.query).get("call_id", [""])[0]
        self.handshakes.append(
            {
                "path": split.path,
                "query": parse_qs(split.query),
                "headers": {k.lower(): v for k, v in request.headers.raw_items()},
            }
        )
        call = self.calls.get(call_id)
        if split.path != "/v1/realtime" or call is None or not call.accepted:
            return connection.respond(404, "call not found\n")
        return None

    async def _sideband(self, ws: Any) -> None:
        call_id = parse_qs(urlsplit(ws.request.path).query)["call_id"][0]
        call = self.calls[call_id]
        call.connections += 1
        call.sockets.add(ws)
        self.ws_open += 1
        self.ws_total += 1
        try:
            if call.ended:
                await ws.close(1000, "call ended")
                return
            await self._send(
                ws, {"type": "session.created", "session": {"id": call_id}}
            )
            if self.unknown_event:
                await self._send(ws, UNKNOWN_EVENT)
            if not call.answered:
                await self._send(
                    ws,
                    {
                        "type": "conversation.item.input_audio_transcription.completed",
                        "item_id": "item_caller",
                        "content_index": 0,
                        "transcript": "Where is my order A1?",
                    },
                )
                await self._send(
                    ws,
                    {
                        "type": "response.function_call_arguments.done",
                        "response_id": "resp_1",
                        "item_id": "item_fc",
                        "output_index": 0,
                        "call_id": "fc_" + call_id,
                        "name": call.function,
                        "arguments": json.dumps({"order_id": "A1"}),
                    },
                )
            else:
                await self._send(ws, _response_done("resp_resumed"))
            async for message in ws:
                frame = json.loads(message)
                call.frames.append(frame)
                if not await self._answer(ws, call, frame):
                    return
        except Exception:  # a dropped peer ends the handler
            pass
        finally:
            call.sockets.discard(ws)
            self.ws_open -= 1

    async def _answer(self, ws: Any, call: Call, frame: Dict[str, Any]) -> bool:
        kind = frame.get("type")
        if kind == "conversation.item.create":
            item = frame.get("item", {})
            if item.get("type") == "function_call_output":
                call.answered = True
            await self._send(ws, {"type": "conversation.item.added", "item": item})
        elif kind == "response.create":
            await self._send(ws, {"type": "response.created", "response": {"id": "r2"}})
            await self._send(
                ws,
                {
                    "type": "response.output_audio_transcript.done",
                    "response_id": "r2",
                    "item_id": "item_answer",
                    "output_index": 0,
                    "content_index": 0,
                    "transcript": "Your order A1 has shipped.",
                },
            )
            await self._send(ws, _response_done("r2"))
        elif kind == "session.update":
            if call.call_id in self.abort_sideband and not call.aborted:
                call.aborted = True
                self.aborted += 1
                ws.transport.abort()  # no close frame: 1006 at the client
                return False
            await self._send(
                ws, {"type": "session.updated", "session": frame["session"]}
            )
        return True

    @staticmethod
    async def _send(ws: Any, event: Dict[str, Any]) -> None:
        await ws.send(json.dumps({"event_id": "event_fake", **event}))


def _response_done(response_id: str) -> Dict[str, Any]:
    return {
        "type": "response.done",
        "response": {"id": response_id, "status": "completed", "output": []},
    }
