"""A typed program written against the official SDK (`openai`); the test swaps the
imports for `realtime_calls`, type-checks both with mypy --strict and runs both against
one local server (OPENAI_BASE_URL), comparing what they print and send."""

from __future__ import annotations

import asyncio
import json

from openai import AsyncOpenAI, OpenAI
from openai.resources.realtime.realtime import AsyncRealtimeConnection
from openai.types.websocket_connection_options import WebSocketConnectionOptions
from openai.types.websocket_reconnection import ReconnectingEvent, ReconnectingOverrides


def on_reconnecting(event: ReconnectingEvent) -> ReconnectingOverrides | None:
    print("reconnecting", event.attempt, event.close_code, event.delay)
    if event.attempt > 3:
        return {"abort": True}
    return None


def run(call_id: str) -> list[str]:
    client = OpenAI()
    seen: list[str] = []
    manager = client.realtime.connect(call_id=call_id, on_reconnecting=on_reconnecting)
    manager.send({"type": "input_audio_buffer.clear"})
    with manager as connection:
        connection.session.update(
            session={"type": "realtime", "instructions": "Be brief."}
        )
        connection.response.create(response={"instructions": "Greet the caller."})
        for event in connection:
            seen.append(event.type)
            if event.type == "response.function_call_arguments.done":
                connection.conversation.item.create(
                    item={
                        "type": "function_call_output",
                        "call_id": event.call_id,
                        "output": json.dumps({"ok": True}),
                    }
                )
                connection.response.create()
            elif event.type == "response.done":
                connection.close()
        raw = connection.parse_event(b'{"type": "session.updated", "session": {}}')
        seen.append(raw.type)
    return seen


async def answer(conn: AsyncRealtimeConnection) -> list[str]:
    """Reads the first message raw, then every event until the response is done."""
    first = conn.parse_event(await conn.recv_bytes())
    seen: list[str] = [first.type]
    async for event in conn:
        seen.append(event.type)
        if event.type == "response.function_call_arguments.done":
            await conn.conversation.item.create(
                item={
                    "type": "function_call_output",
                    "call_id": event.call_id,
                    "output": "{}",
                }
            )
        elif event.type == "response.done":
            await conn.close()
    return seen


async def run_async(call_id: str) -> list[str]:
    client = AsyncOpenAI()
    options: WebSocketConnectionOptions = {"max_size": 1 << 20}
    async with client.realtime.connect(
        call_id=call_id,
        model="gpt-realtime",
        websocket_connection_options=options,
        extra_query={"trace": "t1"},
    ) as conn:
        await conn.input_audio_buffer.append(audio="AAAA")
        await conn.input_audio_buffer.commit()
        await conn.conversation.item.truncate(
            item_id="i", content_index=0, audio_end_ms=10
        )
        await conn.output_audio_buffer.clear()
        return await answer(conn)


if __name__ == "__main__":
    print(json.dumps([run("rtc_1"), asyncio.run(run_async("rtc_2"))]))
