"""`OpenAI(validate_requests=True)` raises before any request is sent."""

from __future__ import annotations

import importlib
from typing import Any

import pytest


@pytest.fixture
def client_and_requests() -> tuple[Any, Any, list[Any]]:
    import httpx2

    rc = importlib.import_module("realtime_calls")
    sent: list[Any] = []

    def handler(request: Any) -> Any:
        sent.append(request)
        if request.url.path.endswith("/realtime/calls"):
            return httpx2.Response(
                201, text="v=0\r\n", headers={"Location": "/v1/realtime/calls/rtc_1"}
            )
        return httpx2.Response(200)

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    return (
        rc,
        rc.OpenAI(
            api_key="sk-test", http_client=http, validate_requests=True, max_retries=0
        ),
        sent,
    )


def test_invalid_accept_raises_before_sending(
    client_and_requests: tuple[Any, Any, list[Any]],
) -> None:
    rc, client, sent = client_and_requests
    with pytest.raises(rc.RequestValidationError) as info:
        client.realtime.calls.accept(
            "call_1",
            type="realtime",
            audio={"input": {"turn_detection": {"type": "server_vad", "threshold": 3}}},
        )
    assert sent == []
    (finding,) = info.value.findings
    assert finding.json_path == "$.audio.input.turn_detection.threshold"
    assert finding.rule == "maximum"


def test_rules_beyond_types_raise_too(
    client_and_requests: tuple[Any, Any, list[Any]],
) -> None:
    rc, client, sent = client_and_requests
    with pytest.raises(rc.RequestValidationError):
        client.realtime.calls.reject("call_1", status_code=200)
    with pytest.raises(rc.RequestValidationError):
        client.realtime.calls.accept(
            "call_1", type="realtime", output_modalities=["text", "audio"]
        )
    with pytest.raises(rc.RequestValidationError):
        client.realtime.calls.create(sdp="o=- 1", session={"type": "realtime"})
    assert sent == []


def test_valid_requests_and_warnings_are_sent(
    client_and_requests: tuple[Any, Any, list[Any]],
) -> None:
    rc, client, sent = client_and_requests
    with pytest.warns(rc.RequestValidationWarning):
        client.realtime.calls.accept(
            "call_1", type="realtime", audio={"output": {"voice": "marine"}}
        )
    with pytest.warns(rc.RequestValidationWarning):
        client.realtime.calls.refer(
            "call_1", target_uri="agent@example.com"
        )  # a warning only
    client.realtime.calls.reject("call_1", status_code=486)
    assert [r.url.path for r in sent] == [
        "/v1/realtime/calls/call_1/accept",
        "/v1/realtime/calls/call_1/refer",
        "/v1/realtime/calls/call_1/reject",
    ]


def test_off_by_default() -> None:
    import httpx2

    rc = importlib.import_module("realtime_calls")
    sent: list[Any] = []
    http = httpx2.Client(
        transport=httpx2.MockTransport(lambda r: sent.append(r) or httpx2.Response(200))
    )
    client = rc.OpenAI(api_key="sk-test", http_client=http, max_retries=0)
    client.realtime.calls.reject("call_1", status_code=200)
    assert len(sent) == 1
