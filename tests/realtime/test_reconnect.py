"""Reconnection exactly as the SDK 3.51.0: only with ``on_reconnecting``; after close
codes 1001, 1005, 1006, 1011, 1012, 1013, 1015; ``max_retries`` attempts with backoff
``min(initial_delay * 2**(n-1), max_delay)`` times a jitter in [0.75, 1]; messages sent
while reconnecting are queued and sent on the new socket. Each case runs both clients
against the same real local server and compares what happened."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any, Dict, List, Optional, Tuple

import openai
import pytest
from openai.types import websocket_reconnection as sdk_policy

from realtime_calls import _realtime as ours_policy  # constants and pure functions

from .wsserver import RealtimeTestServer

HELLO = [{"type": "session.created", "event_id": "e1", "session": {"id": "s"}}]
CODES = [1000, 1001, 1006, 1008, 1011, 1012, 1013]


def test_recoverable_codes_are_the_sdks() -> None:
    assert ours_policy._RECOVERABLE_CLOSE_CODES == sdk_policy._RECOVERABLE_CLOSE_CODES
    assert ours_policy._RECOVERABLE_CLOSE_CODES == {
        1001,
        1005,
        1006,
        1011,
        1012,
        1013,
        1015,
    }


def test_backoff_bounds() -> None:
    for attempt, base in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0)]:
        delays = [ours_policy._backoff(attempt, 0.5, 8.0) for _ in range(200)]
        assert all(0.75 * base <= d <= base for d in delays)
        assert max(delays) - min(delays) > 0.05 * base  # jitter, not a constant


def scenario(
    module: Any, code: int, with_handler: bool, *, reject: int = 0, retries: int = 5
) -> Dict[str, Any]:
    """Connection 0 closes with ``code`` after the first frame; later ones send HELLO,
    wait for one frame and close normally. Returns what the client saw and the server
    received."""
    seen: List[Tuple[int, int, int]] = []
    delays: List[float] = []
    conn_ref: List[Any] = []

    def on_reconnecting(event: Any) -> Optional[Dict[str, Any]]:
        seen.append((event.attempt, event.max_attempts, event.close_code))
        delays.append(event.delay)
        if event.attempt == 1:
            # sent while reconnecting: queued, delivered on the new socket
            conn_ref[0].send({"type": "input_audio_buffer.commit"})
        return {"extra_query": {"resume": str(event.attempt)}}

    plan = {0: (1, code)}
    plan.update({i: (1, 1000) for i in range(1, 12)})
    result: Dict[str, Any] = {}
    with RealtimeTestServer(
        HELLO, close_plan=plan, reject_handshakes=range(2, 2 + reject)
    ) as server:
        client = module.OpenAI(
            api_key="sk-r",
            base_url="http://127.0.0.1:9/v1",
            websocket_base_url=server.url,
        )
        events: List[str] = []
        try:
            with client.realtime.connect(
                call_id="rtc_1",
                on_reconnecting=on_reconnecting if with_handler else None,
                initial_delay=0.01,
                max_delay=0.04,
                max_retries=retries,
            ) as conn:
                conn_ref.append(conn)
                conn.send({"type": "input_audio_buffer.clear"})
                for event in conn:
                    events.append(event.type)
            result["outcome"] = "returned"
        except Exception as exc:  # compared by class name across the two packages
            result["outcome"] = type(exc).__name__
        result["events"] = events
        result["reconnects"] = seen
        result["delays"] = delays
        result["frames"] = [[f["type"] for f in c.frames] for c in server.connections]
        result["queries"] = [dict(c.query) for c in server.connections]
    return result


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("with_handler", [True, False], ids=["handler", "none"])
def test_reconnection_as_the_sdk(code: int, with_handler: bool, rc: ModuleType) -> None:
    sdk = scenario(openai, code, with_handler)
    ours = scenario(rc, code, with_handler)
    delays_sdk, delays_ours = sdk.pop("delays"), ours.pop("delays")
    assert ours == sdk
    reconnected = with_handler and code in sdk_policy._RECOVERABLE_CLOSE_CODES
    assert len(ours["frames"]) == (2 if reconnected else 1)
    if reconnected:
        assert ours["reconnects"] == [(1, 5, code)]
        assert ours["frames"][1] == ["input_audio_buffer.commit"]
        assert ours["queries"][1] == {"call_id": "rtc_1", "resume": "1"}
        assert 0.0075 <= delays_ours[0] <= 0.01 and len(delays_sdk) == 1


def test_gives_up_after_max_retries_as_the_sdk(rc: ModuleType) -> None:
    sdk = scenario(openai, 1011, True, reject=10, retries=3)
    ours = scenario(rc, 1011, True, reject=10, retries=3)
    sdk.pop("delays"), ours.pop("delays")
    assert ours == sdk
    assert [r[0] for r in ours["reconnects"]] == [1, 2, 3]
    assert ours["outcome"] != "returned"


def test_async_reconnects_and_flushes_the_queue(rc: ModuleType) -> None:
    async def main() -> Dict[str, Any]:
        seen: List[int] = []
        plan = {0: (1, 1006), 1: (0, 1000)}
        with RealtimeTestServer(HELLO, close_plan=plan) as server:
            client = rc.AsyncOpenAI(api_key="sk-r", websocket_base_url=server.url)
            async with client.realtime.connect(
                call_id="rtc_2",
                on_reconnecting=lambda e: seen.append(e.close_code) or None,
                initial_delay=0.01,
            ) as conn:
                await conn.send({"type": "input_audio_buffer.clear"})
                types = [e.type async for e in conn]
            return {
                "types": types,
                "seen": seen,
                "connections": len(server.connections),
            }

    result = asyncio.run(main())
    assert result == {
        "types": ["session.created", "session.created"],
        "seen": [1006],
        "connections": 2,
    }


def scenario_async(module: Any, code: int, with_handler: bool) -> Dict[str, Any]:
    """`scenario` for the async clients (without the send from inside the handler)."""
    seen: List[Tuple[int, int, int]] = []

    def on_reconnecting(event: Any) -> None:
        seen.append((event.attempt, event.max_attempts, event.close_code))

    async def main(server: RealtimeTestServer) -> Dict[str, Any]:
        client = module.AsyncOpenAI(
            api_key="sk-r",
            base_url="http://127.0.0.1:9/v1",
            websocket_base_url=server.url,
        )
        events: List[str] = []
        outcome = "returned"
        try:
            async with client.realtime.connect(
                call_id="rtc_a",
                on_reconnecting=on_reconnecting if with_handler else None,
                initial_delay=0.01,
                max_delay=0.04,
            ) as conn:
                await conn.send({"type": "input_audio_buffer.clear"})
                async for event in conn:
                    events.append(event.type)
                    if len(events) == 2:
                        await conn.send({"type": "input_audio_buffer.commit"})
        except Exception as exc:
            outcome = type(exc).__name__
        return {"outcome": outcome, "events": events}

    plan = {0: (1, code), 1: (1, 1000)}
    with RealtimeTestServer(HELLO, close_plan=plan) as server:
        result = asyncio.run(main(server))
        result["reconnects"] = seen
        result["frames"] = [[f["type"] for f in c.frames] for c in server.connections]
    return result


@pytest.mark.parametrize("code", [1000, 1001, 1006, 1008, 1011])
@pytest.mark.parametrize("with_handler", [True, False], ids=["handler", "none"])
def test_async_reconnection_as_the_sdk(
    code: int, with_handler: bool, rc: ModuleType
) -> None:
    ours = scenario_async(rc, code, with_handler)
    assert ours == scenario_async(openai, code, with_handler)
    if with_handler and code in sdk_policy._RECOVERABLE_CLOSE_CODES:
        assert ours["frames"] == [
            ["input_audio_buffer.clear"],
            ["input_audio_buffer.commit"],
        ]
