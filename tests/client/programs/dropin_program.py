"""A typed program written against the official SDK (`openai`) only: its types at the
SDK's modules, `client.realtime.calls` (create, accept, refer, hangup, reject),
`client.webhooks.unwrap` and `client.realtime.connect`'s events. tests/client/
test_dropin_program.py runs it as written and with `openai` replaced by `realtime_calls`
in its imports (mypy --strict and a run against the same loopback servers).

Usage: python dropin_program.py BASE_URL WS_URL SECRET WEBHOOK_JSON_FILE
(the webhook file holds {"body": ..., "headers": {...}}); prints one JSON line.
"""

from __future__ import annotations

import json
import sys
from typing import Dict, List

from openai import OpenAI
from openai.types.realtime import (
    AudioTranscriptionParam,
    ConversationCreatedEvent,
    ConversationItemAdded,
    NoiseReductionType,
    RealtimeAudioConfigInputParam,
    RealtimeAudioConfigOutputParam,
    RealtimeAudioConfigParam,
    RealtimeAudioFormatsParam,
    RealtimeAudioInputTurnDetectionParam,
    RealtimeConversationItemFunctionCall,
    RealtimeFunctionToolParam,
    RealtimeReasoningEffort,
    RealtimeServerEvent,
    RealtimeToolsConfigUnionParam,
    RealtimeTruncationRetentionRatioParam,
    ResponseFunctionCallArgumentsDoneEvent,
)
from openai.types.realtime.conversation_created_event import Conversation
from openai.types.realtime.realtime_tools_config_union_param import (
    McpAllowedToolsMcpToolFilter,
)
from openai.types.realtime.session_update_event_param import SessionUpdateEventParam
from openai.types.responses import (
    ImageDetail,
    ResponseInputFileParam,
    ResponseInputImageParam,
    ResponseInputTextParam,
    ToolChoiceFunctionParam,
    ToolChoiceMcpParam,
    ToolChoiceOptions,
)
from openai.types.webhooks import (
    RealtimeCallIncomingWebhookEvent,
    UnwrapWebhookEvent,
)
from openai.types.webhooks.realtime_call_incoming_webhook_event import DataSipHeader
from openai.types.websocket_reconnection import ReconnectingEvent, ReconnectingOverrides

NOISE: NoiseReductionType = "near_field"
EFFORT: RealtimeReasoningEffort = "low"
DETAIL: ImageDetail = "auto"
OPTION: ToolChoiceOptions = "auto"


def session_config() -> RealtimeAudioConfigParam:
    fmt: RealtimeAudioFormatsParam = {"type": "audio/pcm", "rate": 24000}
    turns: RealtimeAudioInputTurnDetectionParam = {
        "type": "server_vad",
        "silence_duration_ms": 500,
    }
    transcription: AudioTranscriptionParam = {"model": "whisper-1", "language": "en"}
    audio_in: RealtimeAudioConfigInputParam = {
        "format": fmt,
        "noise_reduction": {"type": NOISE},
        "transcription": transcription,
        "turn_detection": turns,
    }
    audio_out: RealtimeAudioConfigOutputParam = {"voice": "marin", "speed": 1.0}
    return {"input": audio_in, "output": audio_out}


def tools() -> List[RealtimeToolsConfigUnionParam]:
    lookup: RealtimeFunctionToolParam = {
        "type": "function",
        "name": "lookup_order",
        "description": "Find an order",
        "parameters": {"type": "object", "properties": {}},
    }
    allowed: McpAllowedToolsMcpToolFilter = {"tool_names": ("search", "fetch")}
    return [
        lookup,
        {
            "type": "mcp",
            "server_label": "crm",
            "server_url": "https://crm.example.com/mcp",
            "allowed_tools": allowed,
        },
    ]


def prompt_parts() -> List[object]:
    text: ResponseInputTextParam = {"type": "input_text", "text": "hi"}
    image: ResponseInputImageParam = {"type": "input_image", "detail": DETAIL}
    file: ResponseInputFileParam = {"type": "input_file", "file_id": "file_1"}
    choice: ToolChoiceFunctionParam = {"type": "function", "name": "lookup_order"}
    mcp: ToolChoiceMcpParam = {"type": "mcp", "server_label": "crm"}
    return [text, image, file, choice, mcp]


def on_reconnecting(event: ReconnectingEvent) -> ReconnectingOverrides | None:
    return {"abort": True} if event.attempt > 1 else None


def describe(event: RealtimeServerEvent, out: Dict[str, List[str]]) -> None:
    out["events"].append(event.type)
    # the SDK labels an event of a type it does not know as its union's first member,
    # ConversationCreatedEvent: the type tells them apart
    if (
        isinstance(event, ConversationCreatedEvent)
        and event.type == "conversation.created"
    ):
        conversation: Conversation = event.conversation
        out["conversations"].append(str(conversation.id))
    if isinstance(event, ConversationItemAdded) and isinstance(
        event.item, RealtimeConversationItemFunctionCall
    ):
        out["functions"].append(event.item.name)
    if isinstance(event, ResponseFunctionCallArgumentsDoneEvent):
        out["calls"].append(event.call_id)


def main(base_url: str, ws_url: str, secret: str, webhook_file: str) -> None:
    client = OpenAI(
        api_key="sk-test",
        base_url=base_url,
        websocket_base_url=ws_url,
        webhook_secret=secret,
        max_retries=0,
    )
    with open(webhook_file, encoding="utf-8") as handle:
        delivery = json.load(handle)
    event: UnwrapWebhookEvent = client.webhooks.unwrap(
        delivery["body"], delivery["headers"]
    )
    out: Dict[str, List[str]] = {
        "webhook": [event.type],
        "events": [],
        "conversations": [],
        "functions": [],
        "calls": [],
    }
    call_id = "rtc_none"
    if isinstance(event, RealtimeCallIncomingWebhookEvent):
        call_id = event.data.call_id
        headers: List[DataSipHeader] = event.data.sip_headers
        out["webhook"] += [h.name for h in headers]
    if event.type == "realtime.call.incoming":
        out["webhook"].append(event.data.call_id)
    client.realtime.calls.accept(
        call_id,
        type="realtime",
        model="gpt-realtime",
        instructions="Be brief.",
        audio=session_config(),
        tools=tools(),
        tool_choice=OPTION,
        include=["item.input_audio_transcription.logprobs"],
        truncation=retention(),
        max_output_tokens="inf",
    )
    update: SessionUpdateEventParam = {
        "type": "session.update",
        "session": {"type": "realtime", "instructions": "Shorter."},
    }
    with client.realtime.connect(
        call_id=call_id, on_reconnecting=on_reconnecting
    ) as connection:
        connection.send(update)
        for server_event in connection:
            describe(server_event, out)
            if isinstance(server_event, ResponseFunctionCallArgumentsDoneEvent):
                connection.conversation.item.create(
                    item={
                        "type": "function_call_output",
                        "call_id": server_event.call_id,
                        "output": json.dumps({"ok": True}),
                    }
                )
    client.realtime.calls.refer(call_id, target_uri="tel:+14155550123")
    client.realtime.calls.reject(call_id, status_code=486)
    client.realtime.calls.hangup(call_id)
    answer = client.realtime.calls.create(
        sdp="v=0\r\n", session={"type": "realtime", "model": "gpt-realtime"}
    )
    out["answer"] = [answer.text]
    out["parts"] = [str(len(prompt_parts()))]
    print(json.dumps(out, sort_keys=True))


def retention() -> RealtimeTruncationRetentionRatioParam:
    return {"type": "retention_ratio", "retention_ratio": 0.5}


if __name__ == "__main__":
    main(*sys.argv[1:5])
