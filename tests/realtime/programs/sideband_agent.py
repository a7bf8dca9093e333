"""A typed program written against the official SDK (`openai`); the test swaps the
imports for `realtime_calls` and type-checks both with mypy --strict."""

from __future__ import annotations

import asyncio
import json

from openai import AsyncOpenAI, OpenAI
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


async def run_async(call_id: str) -> int:
    client = AsyncOpenAI()
    count = 0
    async with client.realtime.connect(call_id=call_id, model="gpt-realtime") as conn:
        await conn.input_audio_buffer.append(audio="AAAA")
        await conn.input_audio_buffer.commit()
        await conn.conversation.item.truncate(
            item_id="i", content_index=0, audio_end_ms=10
        )
        await conn.output_audio_buffer.clear()
        async for event in conn:
            count += 1
            if event.type == "error":
                await conn.close()
        data: bytes = await conn.recv_bytes()
        count += len(data)
    return count


if __name__ == "__main__":
    print(run("rtc_1"), asyncio.run(run_async("rtc_1")))
