"""`client.realtime.connect` against the official SDK 3.51.0's, on one real local server.

Both clients drive the same scenario (every helper of the connection, a message queued
before the socket opens, ``extra_query`` / ``extra_headers``, ``call_id`` and ``model``)
against `RealtimeTestServer` on 127.0.0.1: the frames the server receives must be equal
as parsed JSON (``event_id`` aside), the handshakes equal (path, query, headers but the
version-dependent ones), and our client must yield every server event, unknown types
included (contract rule 4: as a generic event; the SDK mislabels them, so that one is
left out of the comparison of types).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

from types import ModuleType

import openai
import pytest

from .wsserver import RealtimeTestServer

UNKNOWN = {"type": "call.quality_report", "event_id": "e9", "mos": 4.2}
SCRIPT: List[Dict[str, Any]] = [
    {"type": "session.created", "event_id": "e1", "session": {"id": "sess_1"}},
    UNKNOWN,
    {
        "type": "response.function_call_arguments.done",
        "event_id": "e2",
        "response_id": "r1",
        "item_id": "i1",
        "output_index": 0,
        "call_id": "fc_1",
        "name": "lookup_order",
        "arguments": '{"order_id": "A1"}',
    },
    {
        "type": "input_audio_buffer.dtmf_event_received",
        "event": "5",
        "received_at": 1733000000,
    },
]
FRAMES = 13  # what the scenario sends; the server then closes with 1000
IGNORED_HEADERS = {
    "user-agent",
    "x-stainless-package-version",
    "x-stainless-runtime-version",
    "sec-websocket-key",
    "host",
}
SESSION = {
    "type": "realtime",
    "instructions": "Be brief.",
    "audio": {"output": {"voice": "marin"}},
}


def make_client(module: Any, server: RealtimeTestServer, **kw: Any) -> Any:
    return module.OpenAI(
        api_key="sk-test-frames",
        base_url="http://127.0.0.1:9/v1",
        websocket_base_url=server.url,
        organization="org-1",
        **kw,
    )


def make_async_client(module: Any, server: RealtimeTestServer) -> Any:
    return module.AsyncOpenAI(
        api_key="sk-test-frames",
        base_url="http://127.0.0.1:9/v1",
        websocket_base_url=server.url,
        organization="org-1",
    )


def drive(client: Any) -> List[Any]:
    manager = client.realtime.connect(
        call_id="rtc_123",
        model="gpt-realtime",
        extra_query={"trace": "t1"},
        extra_headers={"X-Test": "yes", "OpenAI-Organization": "org-2"},
    )
    manager.send({"type": "input_audio_buffer.clear"})  # queued before the socket opens
    with manager as conn:
        conn.session.update(session=SESSION)
        conn.response.create(
            response={"instructions": "Say hi", "metadata": {"k": "v"}}
        )
        conn.response.cancel(response_id="resp_1")
        conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": "fc_1", "output": "{}"},
            previous_item_id="i0",
        )
        conn.conversation.item.delete(item_id="i1")
        conn.conversation.item.retrieve(item_id="i2", event_id="evt_mine")
        conn.conversation.item.truncate(
            item_id="i3", content_index=0, audio_end_ms=1500
        )
        conn.input_audio_buffer.append(audio="AAAA")
        conn.input_audio_buffer.commit()
        conn.input_audio_buffer.clear()
        conn.output_audio_buffer.clear()
        conn.send({"type": "response.create", "response": {"tool_choice": "none"}})
        return [event for event in conn]


async def drive_async(client: Any) -> List[Any]:
    manager = client.realtime.connect(
        call_id="rtc_123",
        model="gpt-realtime",
        extra_query={"trace": "t1"},
        extra_headers={"X-Test": "yes", "OpenAI-Organization": "org-2"},
    )
    manager.send({"type": "input_audio_buffer.clear"})
    async with manager as conn:
        await conn.session.update(session=SESSION)
        await conn.response.create(
            response={"instructions": "Say hi", "metadata": {"k": "v"}}
        )
        await conn.response.cancel(response_id="resp_1")
        await conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": "fc_1", "output": "{}"},
            previous_item_id="i0",
        )
        await conn.conversation.item.delete(item_id="i1")
        await conn.conversation.item.retrieve(item_id="i2", event_id="evt_mine")
        await conn.conversation.item.truncate(
            item_id="i3", content_index=0, audio_end_ms=1500
        )
        await conn.input_audio_buffer.append(audio="AAAA")
        await conn.input_audio_buffer.commit()
        await conn.input_audio_buffer.clear()
        await conn.output_audio_buffer.clear()
        await conn.send(
            {"type": "response.create", "response": {"tool_choice": "none"}}
        )
        return [event async for event in conn]


def run(module: Any, is_async: bool) -> Tuple[RealtimeTestServer, List[Any]]:
    with RealtimeTestServer(SCRIPT, close_plan={0: (FRAMES, 1000)}) as server:
        if is_async:
            events = asyncio.run(drive_async(make_async_client(module, server)))
        else:
            events = drive(make_client(module, server))
        assert server.connections[0].closed.wait(10)
    return server, events


def without_event_ids(frames: List[Any]) -> List[Any]:
    # the SDK would generate none here, but random event_ids are not part of the contract
    return [{k: v for k, v in f.items() if k != "event_id"} for f in frames]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_same_frames_handshake_and_events_as_the_sdk(
    is_async: bool, rc: ModuleType, rt_events: ModuleType
) -> None:
    sdk_server, sdk_events = run(openai, is_async)
    our_server, our_events = run(rc, is_async)
    assert len(sdk_server.connections) == len(our_server.connections) == 1
    sdk, ours = sdk_server.connections[0], our_server.connections[0]

    assert len(ours.frames) == FRAMES
    assert without_event_ids(ours.frames) == without_event_ids(sdk.frames)
    assert ours.frames[6]["event_id"] == "evt_mine"  # a caller's own id goes through

    assert ours.path == sdk.path == "/v1/realtime"
    assert ours.query == sdk.query
    assert dict(ours.query) == {
        "model": "gpt-realtime",
        "trace": "t1",
        "call_id": "rtc_123",
    }
    strip = lambda h: {
        k: v for k, v in h.items() if k not in IGNORED_HEADERS
    }  # noqa: E731
    assert strip(ours.headers) == strip(sdk.headers)
    assert ours.headers["authorization"] == "Bearer sk-test-frames"
    assert ours.headers["openai-organization"] == "org-2"

    # every server event, the unknown one as a generic event with all its keys
    assert [e.to_dict() for e in our_events] == SCRIPT
    assert isinstance(our_events[1], rt_events.UnknownRealtimeServerEvent)
    assert not isinstance(our_events[0], rt_events.UnknownRealtimeServerEvent)
    assert our_events[2].name == "lookup_order"
    assert our_events[2].model_dump() == SCRIPT[2]
    # the SDK's event types match ours but for the unknown one (it mislabels that)
    assert [e.type for i, e in enumerate(sdk_events) if i != 1] == [
        e.type for i, e in enumerate(our_events) if i != 1
    ]
    # ... as some unrelated member of its union (ConversationCreatedEvent in 3.51.0)
    assert sdk_events[1].type == UNKNOWN["type"]
    assert type(sdk_events[1]).__name__ != "UnknownRealtimeServerEvent"


def test_websocket_base_url_defaults_to_base_url_as_ws(rc: ModuleType) -> None:
    with RealtimeTestServer(SCRIPT[:1], close_plan={0: (0, 1000)}) as server:
        client = rc.OpenAI(
            api_key="sk-x", base_url=f"http://127.0.0.1:{server.port}/v1"
        )
        with client.realtime.connect(call_id="rtc_9") as conn:
            events = list(conn)
    assert [e.type for e in events] == ["session.created"]
    assert server.connections[0].path == "/v1/realtime"
    assert server.connections[0].query == [("call_id", "rtc_9")]


@pytest.mark.parametrize(
    "client_kw, connect_kw, suffix",
    [
        ({"default_query": {"a": "1", "b": "2"}}, {"extra_query": {"b": "3"}}, "/v1"),
        ({}, {"model": "gpt-realtime", "extra_query": {"x": ["1", "2"]}}, "/v1/"),
        ({}, {"call_id": "rtc_q"}, "/v1?region=eu"),
        (
            {"default_query": {"f": {"g": 1}, "keep": "k"}},
            {"extra_query": {"flag": True, "empty": None, "f": "2"}},
            "/v1",
        ),
        ({}, {"extra_headers": {"OpenAI-Beta": "realtime=v1", "X-Drop": "1"}}, "/v1"),
    ],
)
def test_same_handshake_as_the_sdk(
    client_kw: Dict[str, Any], connect_kw: Dict[str, Any], suffix: str, rc: ModuleType
) -> None:
    seen = []
    for module in (openai, rc):
        with RealtimeTestServer([], close_plan={0: (0, 1000)}) as server:
            client = module.OpenAI(
                api_key="sk-h",
                base_url="http://127.0.0.1:9/v1",
                websocket_base_url=f"ws://127.0.0.1:{server.port}{suffix}",
                **client_kw,
            )
            with client.realtime.connect(**connect_kw) as conn:
                assert list(conn) == []
            c = server.connections[0]
            headers = {k: v for k, v in c.headers.items() if k not in IGNORED_HEADERS}
            seen.append((c.path, c.query, headers))
    assert seen[1] == seen[0]
