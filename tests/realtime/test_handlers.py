"""``on`` / ``once`` / ``off`` / ``dispatch_events`` and the send queue's bound, each run
through both clients against the same local server and compared."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any, Dict, List

import openai
import pytest

from .wsserver import RealtimeTestServer

SCRIPT = [
    {"type": "session.created", "event_id": "e1", "session": {"id": "s"}},
    {"type": "response.done", "event_id": "e2", "response": {"id": "r"}},
    {"type": "response.done", "event_id": "e3", "response": {"id": "r2"}},
]
ERROR = {"type": "error", "event_id": "e4", "error": {"type": "invalid_request_error"}}


def dispatch(
    module: Any, script: List[Dict[str, Any]], is_async: bool
) -> Dict[str, Any]:
    calls: List[str] = []
    with RealtimeTestServer(script, close_plan={0: (0, 1000)}) as server:
        kw = dict(api_key="sk-h", websocket_base_url=server.url)
        outcome = "returned"
        try:
            if is_async:

                async def main() -> None:
                    client = module.AsyncOpenAI(**kw)
                    manager = client.realtime.connect(call_id="rtc_h")
                    manager.on("session.created", lambda e: calls.append("m:" + e.type))
                    async with manager as conn:

                        async def each(e: Any) -> None:
                            calls.append("all:" + e.type)

                        conn.on("event", each)
                        conn.once("response.done", lambda e: calls.append("once"))
                        dropped = lambda e: calls.append("dropped")  # noqa: E731
                        conn.on("response.done", dropped).off("response.done", dropped)
                        await conn.dispatch_events()

                asyncio.run(main())
            else:
                client = module.OpenAI(**kw)
                manager = client.realtime.connect(call_id="rtc_h")
                manager.on("session.created", lambda e: calls.append("m:" + e.type))
                with manager as conn:

                    @conn.on("event")
                    def each(e: Any) -> None:
                        calls.append("all:" + e.type)

                    conn.once("response.done", lambda e: calls.append("once"))
                    dropped = lambda e: calls.append("dropped")  # noqa: E731
                    conn.on("response.done", dropped).off("response.done", dropped)
                    conn.dispatch_events()
        except Exception as exc:
            outcome = type(exc).__name__
    return {"calls": calls, "outcome": outcome}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("with_error", [False, True], ids=["ok", "error-event"])
def test_handlers_as_the_sdk(is_async: bool, with_error: bool, rc: ModuleType) -> None:
    script = SCRIPT + ([ERROR] if with_error else [])
    ours = dispatch(rc, script, is_async)
    assert ours == dispatch(openai, script, is_async)
    assert ours["calls"][:2] == ["m:session.created", "all:session.created"]
    assert ours["calls"].count("once") == 1 and "dropped" not in ours["calls"]
    # an error event: the "event" handler is registered, so it is handled, not raised
    assert ours["outcome"] == "returned"


def test_error_event_without_handler_raises(rc: ModuleType) -> None:
    with RealtimeTestServer([ERROR], close_plan={0: (0, 1000)}) as server:
        client = rc.OpenAI(api_key="sk-h", websocket_base_url=server.url)
        with client.realtime.connect(call_id="rtc_h") as conn:
            with pytest.raises(rc.OpenAIError, match="WebSocket error"):
                conn.dispatch_events()


@pytest.mark.parametrize("module_name", ["openai", "realtime_calls"])
def test_send_queue_is_bounded(module_name: str, rc: ModuleType) -> None:
    module = openai if module_name == "openai" else rc
    client = module.OpenAI(api_key="sk-h", websocket_base_url="ws://127.0.0.1:9/v1")
    manager = client.realtime.connect(call_id="rtc_q", max_queue_size=64)
    manager.send({"type": "input_audio_buffer.clear"})
    with pytest.raises(Exception) as caught:
        manager.send({"type": "input_audio_buffer.append", "audio": "A" * 100})
    assert isinstance(caught.value, module.WebSocketQueueFullError)
    assert isinstance(caught.value, module.OpenAIError)
