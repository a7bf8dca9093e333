"""Reconnection exactly as the SDK 3.51.0: only with ``on_reconnecting``; after close
codes 1001, 1005, 1006, 1011, 1012, 1013, 1015; ``max_retries`` attempts with backoff
``min(initial_delay * 2**(n-1), max_delay)`` times a jitter in [0.75, 1]; messages sent
while reconnecting are queued and sent on the new socket.

Every close code runs against a real local server (`RealtimeTestServer`) that closes
that way, sync and async, with the waits injected (`ReconnectTiming`: a fixed jitter,
sleeps recorded instead of slept) so the exact delays are asserted in no time; and each
case runs both our client and the SDK's against the same server and compares what
happened."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

import openai
import pytest
from openai.types import websocket_reconnection as sdk_policy

from realtime_calls.types import websocket_reconnection as ours_policy

from .wsserver import RealtimeTestServer

HELLO = [{"type": "session.created", "event_id": "e1", "session": {"id": "s"}}]
RECOVERABLE = {1001, 1005, 1006, 1011, 1012, 1013, 1015}
CODES = sorted(RECOVERABLE | {1000, 1008})
# The code the client reads: `websockets` refuses a 1015 close frame (RFC 6455 keeps
# it out of frames) as a protocol error, an abnormal closure; the SDK reads the same.
READ_AS = {1015: 1006}
JITTER = 0.5
FACTOR = 0.75 + JITTER * 0.25
BACKOFF = [0.5, 1.0, 2.0, 4.0, 8.0]  # the SDK's defaults: 0.5 s doubling to 8 s


def test_recoverable_codes_are_the_sdks() -> None:
    assert ours_policy._RECOVERABLE_CLOSE_CODES == sdk_policy._RECOVERABLE_CLOSE_CODES
    assert ours_policy._RECOVERABLE_CLOSE_CODES == RECOVERABLE
    for code in range(1000, 1016):
        assert ours_policy.is_recoverable_close(code) == (code in RECOVERABLE)


def test_the_types_module_is_the_sdks() -> None:
    """`realtime_calls.types.websocket_reconnection` defines what the SDK's does."""
    import dataclasses

    public = lambda m: {n for n in vars(m) if not n.startswith("_")}  # noqa: E731
    assert public(sdk_policy) - {
        "annotations",
        "dataclasses",
        "TypedDict",
        "Query",
        "Headers",
    } <= public(ours_policy)
    fields = lambda c: [(f.name, f.type) for f in dataclasses.fields(c)]  # noqa: E731
    assert fields(ours_policy.ReconnectingEvent) == fields(sdk_policy.ReconnectingEvent)
    assert ours_policy.ReconnectingEvent.__dataclass_params__.frozen  # type: ignore[attr-defined]
    keys = lambda t: {  # noqa: E731
        k: getattr(v, "__forward_arg__", v) for k, v in t.__annotations__.items()
    }
    assert keys(ours_policy.ReconnectingOverrides) == keys(
        sdk_policy.ReconnectingOverrides
    )
    assert ours_policy.ReconnectingOverrides.__total__ is False


def test_backoff_bounds(rt: ModuleType) -> None:
    from realtime_calls._realtime_reconnect import backoff_delay

    for attempt, base in enumerate(BACKOFF + [8.0], start=1):
        assert backoff_delay(attempt, 0.5, 8.0, lambda: 0.0) == 0.75 * base
        assert backoff_delay(attempt, 0.5, 8.0, lambda: 0.999999) == pytest.approx(base)
        delays = [backoff_delay(attempt, 0.5, 8.0) for _ in range(200)]
        assert all(0.75 * base <= d <= base for d in delays)
        assert max(delays) - min(delays) > 0.05 * base  # jitter, not a constant


def injected(
    rc: ModuleType,
    rt: ModuleType,
    server: RealtimeTestServer,
    is_async: bool,
    **kw: Any,
) -> Any:
    """A connection manager whose waits are recorded (``kw["sleeps"]``), not slept."""
    sleeps: List[float] = kw.pop("sleeps")
    timing = rt.ReconnectTiming(jitter=lambda: JITTER, sleep=sleeps.append)
    common = dict(
        call_id="rtc_1",
        extra_query={},
        extra_headers={},
        websocket_connection_options={},
        timing=timing,
        **kw,
    )
    if is_async:
        client = rc.AsyncOpenAI(api_key="sk-r", websocket_base_url=server.url)
        return rt.AsyncRealtimeConnectionManager(client=client, **common)
    client = rc.OpenAI(api_key="sk-r", websocket_base_url=server.url)
    return rt.RealtimeConnectionManager(client=client, **common)


def run_injected(
    rc: ModuleType,
    rt: ModuleType,
    code: int,
    is_async: bool,
    *,
    with_handler: bool = True,
    reject: int = 0,
) -> Dict[str, Any]:
    """Connection 0 closes with ``code`` after one frame; the next ones send HELLO and
    close normally after one frame; handshakes 2 .. 1 + ``reject`` get HTTP 503."""
    seen: List[Tuple[int, int, int, float]] = []
    sleeps: List[float] = []
    conn_ref: List[Any] = []
    sent_in_handler: List[Callable[[], Any]] = []

    def on_reconnecting(event: Any) -> Optional[Dict[str, Any]]:
        seen.append((event.attempt, event.max_attempts, event.close_code, event.delay))
        if event.attempt == 1:
            sent_in_handler.append(
                lambda: conn_ref[0].send({"type": "input_audio_buffer.commit"})
            )
            if not is_async:  # queued while reconnecting, sent on the new socket
                sent_in_handler.pop()()
        return {"extra_query": {"resume": str(event.attempt)}}

    plan = {0: (1, code), **{i: (1, 1000) for i in range(1, 12)}}
    result: Dict[str, Any] = {}
    with RealtimeTestServer(
        HELLO, close_plan=plan, reject_handshakes=range(2, 2 + reject)
    ) as server:
        manager = injected(
            rc,
            rt,
            server,
            is_async,
            sleeps=sleeps,
            on_reconnecting=on_reconnecting if with_handler else None,
        )
        events: List[str] = []

        async def drive_async() -> None:
            async with manager as conn:
                conn_ref.append(conn)
                await conn.send({"type": "input_audio_buffer.clear"})
                async for event in conn:
                    events.append(event.type)
                    while sent_in_handler:
                        await sent_in_handler.pop()()

        try:
            if is_async:
                asyncio.run(drive_async())
            else:
                with manager as conn:
                    conn_ref.append(conn)
                    conn.send({"type": "input_audio_buffer.clear"})
                    events.extend(event.type for event in conn)
            result["outcome"] = "returned"
        except Exception as exc:
            result["outcome"] = type(exc).__name__
        result.update(
            events=events,
            reconnects=seen,
            sleeps=sleeps,
            handshakes=server.handshakes,
            frames=[[f["type"] for f in c.frames] for c in server.connections],
            queries=[dict(c.query) for c in server.connections],
        )
    return result


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_each_close_code_against_a_real_server(
    code: int, is_async: bool, rc: ModuleType, rt: ModuleType
) -> None:
    result = run_injected(rc, rt, code, is_async)
    if code in RECOVERABLE:
        delay = BACKOFF[0] * FACTOR
        assert result["reconnects"] == [(1, 5, READ_AS.get(code, code), delay)]
        assert result["sleeps"] == [delay]
        assert result["frames"] == [
            ["input_audio_buffer.clear"],
            ["input_audio_buffer.commit"],
        ]
        assert result["queries"][1] == {"call_id": "rtc_1", "resume": "1"}
        assert result["events"] == ["session.created", "session.created"]
        assert result["outcome"] == "returned"
    else:
        assert result["reconnects"] == result["sleeps"] == []
        assert result["frames"] == [["input_audio_buffer.clear"]]
        assert result["outcome"] == (
            "returned" if code == 1000 else "ConnectionClosedError"
        )


@pytest.mark.parametrize("code", sorted(RECOVERABLE))
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_no_reconnection_without_on_reconnecting(
    code: int, is_async: bool, rc: ModuleType, rt: ModuleType
) -> None:
    result = run_injected(rc, rt, code, is_async, with_handler=False)
    assert result["handshakes"] == 1 and result["sleeps"] == []
    assert result["events"] == ["session.created"]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_five_attempts_with_doubling_backoff_then_gives_up(
    is_async: bool, rc: ModuleType, rt: ModuleType
) -> None:
    result = run_injected(rc, rt, 1011, is_async, reject=10)
    assert [r[:3] for r in result["reconnects"]] == [(n, 5, 1011) for n in range(1, 6)]
    assert result["sleeps"] == [base * FACTOR for base in BACKOFF]
    assert result["handshakes"] == 6  # the first connection and 5 refused attempts
    assert result["outcome"] != "returned"


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
        # each frame as parsed JSON (random event_ids aside), compared with the SDK's
        result["bodies"] = [
            [{k: v for k, v in f.items() if k != "event_id"} for f in c.frames]
            for c in server.connections
        ]
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
        assert ours["reconnects"] == [(1, 5, READ_AS.get(code, code))]
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
        # each frame as parsed JSON (random event_ids aside), compared with the SDK's
        result["bodies"] = [
            [{k: v for k, v in f.items() if k != "event_id"} for f in c.frames]
            for c in server.connections
        ]
    return result


@pytest.mark.parametrize("code", CODES)
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
