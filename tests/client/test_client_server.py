"""The client against a real HTTP server on localhost: encoding, retries,
timeouts, errors, secrecy of the key. Sync and async (contract rule 5)."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict

import httpx2
import pytest

from .conftest import API_KEY, Action, ScriptedServer, respond

KINDS = ["sync", "async"]
SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def call(
    rc: ModuleType,
    kind: str,
    fn: Callable[[Any], Any],
    **client_kwargs: Any,
) -> Any:
    """Make a client of ``kind`` and run ``fn(client)`` (awaited if async)."""
    kwargs: Dict[str, Any] = {"api_key": API_KEY, **client_kwargs}
    if kind == "sync":
        with rc.OpenAI(**kwargs) as client:
            return fn(client)

    async def main() -> Any:
        async with rc.AsyncOpenAI(**kwargs) as client:
            return await fn(client)

    return asyncio.run(main())


# -- what the server receives -------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_operations_send_what_the_sdk_sends(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    base = server.base_url

    call(
        rc,
        kind,
        lambda c: c.realtime.calls.accept(
            "rtc_1", type="realtime", model="gpt-realtime", instructions=None
        ),
        base_url=base,
        organization="org_1",
        project="proj_1",
    )
    (req,) = server.received
    assert req.path == "/v1/realtime/calls/rtc_1/accept"
    assert req.headers["authorization"] == f"Bearer {API_KEY}"
    assert req.headers["openai-organization"] == "org_1"
    assert req.headers["openai-project"] == "proj_1"
    assert req.headers["accept"] == "*/*"
    assert req.headers["content-type"] == "application/json"
    assert req.headers["x-stainless-retry-count"] == "0"
    assert req.json() == {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": None,
    }

    server.set(Action())
    call(rc, kind, lambda c: c.realtime.calls.hangup("rtc_1"), base_url=base)
    (req,) = server.received
    assert req.path == "/v1/realtime/calls/rtc_1/hangup"
    assert req.body == b""
    assert "openai-organization" not in req.headers

    server.set(Action())
    call(rc, kind, lambda c: c.realtime.calls.reject("rtc_1"), base_url=base)
    assert server.received[0].body == b"{}"

    server.set(Action())
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.refer("rtc_1", target_uri="tel:+14155550123"),
        base_url=base,
    )
    assert server.received[0].json() == {"target_uri": "tel:+14155550123"}


@pytest.mark.parametrize("kind", KINDS)
def test_create_raw_sdp_and_call_id(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(
        respond(
            201,
            "v=0\r\nanswer\r\n",
            content_type="application/sdp",
            location="/v1/realtime/calls/rtc_abc%2F123",
        )
    )
    result = call(
        rc, kind, lambda c: c.realtime.calls.create(sdp=SDP), base_url=server.base_url
    )
    (req,) = server.received
    assert req.path == "/v1/realtime/calls"
    assert req.headers["content-type"] == "application/sdp"
    assert req.headers["accept"] == "application/sdp"
    assert req.body == SDP.encode()
    assert result.text == "v=0\r\nanswer\r\n"
    assert result.content == b"v=0\r\nanswer\r\n"
    assert result.read() == b"v=0\r\nanswer\r\n"
    assert result.status_code == 201
    assert result.call_id == "rtc_abc/123"


@pytest.mark.parametrize("kind", KINDS)
def test_create_multipart_parts(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(201, "v=0\r\n", location="/v1/realtime/calls/rtc_xyz"))
    session = {
        "type": "realtime",
        "instructions": "héllo",
        "tools": [{"type": "function"}],
    }
    result = call(
        rc,
        kind,
        lambda c: c.realtime.calls.create(
            sdp=SDP, session=session, extra_headers={"Content-Type": "text/plain"}
        ),
        base_url=server.base_url,
    )
    (req,) = server.received
    assert req.content_type.startswith("multipart/form-data; boundary=")
    parts = req.parts()
    assert [p.name for p in parts] == ["sdp", "session"]
    assert [p.content_type for p in parts] == ["application/sdp", "application/json"]
    assert [p.filename for p in parts] == [None, None]
    assert parts[0].data.decode() == SDP
    assert __import__("json").loads(parts[1].data) == session
    assert result.call_id == "rtc_xyz"


def test_create_without_location_has_no_call_id(
    rc: ModuleType, server: ScriptedServer
) -> None:
    server.set(respond(201, "v=0\r\n"))
    result = call(
        rc, "sync", lambda c: c.realtime.calls.create(sdp=SDP), base_url=server.base_url
    )
    assert result.call_id is None


@pytest.mark.parametrize("kind", KINDS)
def test_call_id_cannot_change_the_route(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.hangup("../files"),
        base_url=server.base_url,
    )
    assert server.received[0].path == "/v1/realtime/calls/..%2Ffiles/hangup"
    server.set(Action())
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.hangup("a?b#c%d é"),
        base_url=server.base_url,
    )
    assert server.received[0].path == "/v1/realtime/calls/a%3Fb%23c%25d%20%C3%A9/hangup"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("call_id", ["", "..", "."])
def test_bad_call_id_raises_before_sending(
    rc: ModuleType, server: ScriptedServer, kind: str, call_id: str
) -> None:
    with pytest.raises(ValueError):
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup(call_id),
            base_url=server.base_url,
        )
    assert server.received == []


@pytest.mark.parametrize("kind", KINDS)
def test_raw_response(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    server.set(respond(200, "", x_request_id="req_raw"))
    raw = call(
        rc,
        kind,
        lambda c: c.realtime.calls.with_raw_response.reject("rtc_1", status_code=486),
        base_url=server.base_url,
    )
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_raw"
    assert raw.request_id == "req_raw"
    assert raw.parse() is None
    assert raw.http_response.request.method == "POST"
    assert server.received[0].headers["x-stainless-raw-response"] == "true"
    assert server.received[0].json() == {"status_code": 486}

    server.set(respond(201, "v=0 answer", location="/v1/realtime/calls/rtc_9"))
    raw = call(
        rc,
        kind,
        lambda c: c.realtime.calls.with_raw_response.create(sdp=SDP),
        base_url=server.base_url,
    )
    assert raw.status_code == 201
    parsed = raw.parse()
    assert parsed.text == "v=0 answer"
    assert parsed.call_id == "rtc_9"


# -- retries ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_429_honours_retry_after_ms(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(
        respond(429, {"error": {"message": "slow down"}}, retry_after_ms="50"),
        respond(200),
    )
    call(rc, kind, lambda c: c.realtime.calls.hangup("rtc_1"), base_url=server.base_url)
    assert len(server.received) == 2
    assert [r.headers["x-stainless-retry-count"] for r in server.received] == ["0", "1"]
    (gap,) = server.gaps()
    # 50 ms asked; the default backoff would be at least 375 ms.
    assert 0.045 <= gap < 0.36


@pytest.mark.parametrize("kind", KINDS)
def test_retry_after_seconds(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    server.set(respond(503, retry_after="0.1"), respond(200))
    call(rc, kind, lambda c: c.realtime.calls.hangup("rtc_1"), base_url=server.base_url)
    (gap,) = server.gaps()
    assert 0.09 <= gap < 0.36


@pytest.mark.parametrize("kind", KINDS)
def test_503_then_200_uses_exponential_backoff(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(503, {"error": {"message": "busy"}}), respond(200))
    call(rc, kind, lambda c: c.realtime.calls.hangup("rtc_1"), base_url=server.base_url)
    assert len(server.received) == 2
    (gap,) = server.gaps()
    # 0.5 s minus up to 25 % jitter.
    assert 0.37 <= gap < 1.5


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [408, 409, 429, 500, 502])
def test_retryable_statuses_until_exhausted(
    rc: ModuleType, server: ScriptedServer, kind: str, status: int
) -> None:
    server.set(respond(status, {"error": {"message": "nope"}}, retry_after_ms="5"))
    with pytest.raises(rc.APIStatusError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert info.value.status_code == status
    assert len(server.received) == 3  # max_retries=2 by default
    assert [r.headers["x-stainless-retry-count"] for r in server.received] == [
        "0",
        "1",
        "2",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_x_should_retry_false_stops(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(503, {"error": {"message": "down"}}, x_should_retry="false"))
    with pytest.raises(rc.InternalServerError):
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert len(server.received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_x_should_retry_true_retries_a_400(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(400, x_should_retry="true", retry_after_ms="5"), respond(200))
    call(rc, kind, lambda c: c.realtime.calls.hangup("rtc_1"), base_url=server.base_url)
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_retry_after_beyond_limit_is_not_retried(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(429, {"error": {"message": "later"}}, retry_after="121"))
    with pytest.raises(rc.RateLimitError):
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert len(server.received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_no_retry_on_400(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    server.set(respond(400, {"error": {"message": "bad"}}))
    with pytest.raises(rc.BadRequestError):
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert len(server.received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_max_retries_zero_and_with_options(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(respond(500, retry_after_ms="5"))
    with pytest.raises(rc.InternalServerError):
        call(
            rc,
            kind,
            lambda c: c.with_options(max_retries=0).realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert len(server.received) == 1
    server.set(respond(500, retry_after_ms="5"))
    with pytest.raises(rc.InternalServerError):
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
            max_retries=4,
        )
    assert len(server.received) == 5


@pytest.mark.parametrize("kind", KINDS)
def test_dropped_connection_is_retried(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(Action(kind="drop"), respond(200))
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.hangup("rtc_1"),
        base_url=server.base_url,
        max_retries=1,
    )
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_dropped_connection_raises_connection_error(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(Action(kind="drop"))
    with pytest.raises(rc.APIConnectionError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
            max_retries=0,
        )
    assert not isinstance(info.value, rc.APITimeoutError)
    assert info.value.message == "Connection error."
    assert isinstance(info.value.request, httpx2.Request)
    assert len(server.received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_hang_past_timeout(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    server.set(Action(kind="hang", hang=2.0))
    with pytest.raises(rc.APITimeoutError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
            max_retries=0,
            timeout=0.2,
        )
    assert info.value.message == "Request timed out."
    assert isinstance(info.value, rc.APIConnectionError)
    assert len(server.received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_timeout_is_retried_and_per_call_timeout(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    server.set(Action(kind="hang", hang=2.0), respond(200))
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.hangup("rtc_1", timeout=0.2),
        base_url=server.base_url,
        max_retries=1,
    )
    assert len(server.received) == 2
    assert server.received[0].headers["x-stainless-read-timeout"] == "0.2"


# -- errors -------------------------------------------------------------------

ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status,cls_name", ERRORS)
def test_error_classes_and_fields(
    rc: ModuleType, server: ScriptedServer, kind: str, status: int, cls_name: str
) -> None:
    error = {
        "message": f"problem {status}",
        "type": "invalid_request_error",
        "param": "call_id",
        "code": 42,
    }
    server.set(respond(status, {"error": error}, x_request_id=f"req_{status}"))
    with pytest.raises(rc.APIStatusError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.accept("rtc_1", type="realtime"),
            base_url=server.base_url,
            max_retries=0,
        )
    exc = info.value
    assert type(exc) is getattr(rc, cls_name)
    assert isinstance(exc, rc.APIError) and isinstance(exc, rc.OpenAIError)
    assert exc.status_code == status
    assert exc.message == f"Error code: {status} - problem {status}"
    assert str(exc) == exc.message
    assert exc.body == error
    assert exc.code == "42"
    assert exc.param == "call_id"
    assert exc.type == "invalid_request_error"
    assert exc.request_id == f"req_{status}"
    assert exc.response.status_code == status
    assert exc.request.url.path == "/v1/realtime/calls/rtc_1/accept"


@pytest.mark.parametrize("kind", KINDS)
def test_non_json_error_body(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    server.set(respond(404, "  not here  ", content_type="text/plain"))
    with pytest.raises(rc.NotFoundError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert info.value.message == "Error code: 404"
    assert info.value.body == "not here"
    assert info.value.code is None and info.value.request_id is None


def test_error_without_message_field(rc: ModuleType, server: ScriptedServer) -> None:
    server.set(respond(422, {"detail": "x"}))
    with pytest.raises(rc.UnprocessableEntityError) as info:
        call(
            rc,
            "sync",
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    assert info.value.message == "Error code: 422"
    assert info.value.body == {"detail": "x"}


@pytest.mark.parametrize("kind", KINDS)
def test_api_key_never_leaks(
    rc: ModuleType, server: ScriptedServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.set(
        respond(401, {"error": {"message": f"Incorrect API key provided: {API_KEY}"}}),
    )
    with pytest.raises(rc.AuthenticationError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    texts = [
        str(info.value),
        repr(info.value),
        info.value.message,
        repr(info.value.request),
    ]
    server.set(respond(500, retry_after_ms="1"))
    with pytest.raises(rc.InternalServerError) as info2:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
        )
    server.set(Action(kind="drop"))
    with pytest.raises(rc.APIConnectionError) as info3:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.hangup("rtc_1"),
            base_url=server.base_url,
            max_retries=1,
        )
    for exc in (info2.value, info3.value):
        texts += [str(exc), repr(exc), repr(exc.__cause__)]
    if kind == "sync":
        client = rc.OpenAI(api_key=API_KEY, base_url=server.base_url)
    else:
        client = rc.AsyncOpenAI(api_key=API_KEY, base_url=server.base_url)
    texts += [repr(client), str(client)]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.args) for record in caplog.records]
    assert any("Retrying request" in t for t in texts)  # the logs were captured
    for text in texts:
        assert API_KEY not in text
        assert API_KEY[8:] not in text


# -- client configuration ----------------------------------------------------


def test_missing_api_key_message_names_only_what_exists(rc: ModuleType) -> None:
    """The SDK's message, less the options this client does not have
    (`workload_identity`, `admin_api_key`, `OPENAI_ADMIN_KEY`)."""
    import openai

    with pytest.raises(openai.OpenAIError) as sdk_info:
        openai.OpenAI()
    expected = (
        "Missing credentials. Please pass an `api_key`, or set the "
        "`OPENAI_API_KEY` environment variable."
    )
    sdk_message = str(sdk_info.value)
    assert sdk_message.startswith("Missing credentials. Please pass an `api_key`, ")
    assert "workload_identity" in sdk_message  # what we leave out, still there
    for cls in (rc.OpenAI, rc.AsyncOpenAI):
        with pytest.raises(rc.OpenAIError) as info:
            cls()
        assert str(info.value) == expected
        for absent in ("workload_identity", "admin_api_key", "OPENAI_ADMIN_KEY"):
            assert absent not in str(info.value)
            assert not hasattr(cls, absent)
        with pytest.raises(rc.OpenAIError):
            cls(api_key="")


@pytest.mark.parametrize("kind", KINDS)
def test_environment_variables(
    rc: ModuleType, server: ScriptedServer, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org_env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    if kind == "sync":
        rc.OpenAI().realtime.calls.hangup("rtc_1")
    else:
        asyncio.run(rc.AsyncOpenAI().realtime.calls.hangup("rtc_1"))
    headers = server.received[0].headers
    assert headers["authorization"] == "Bearer sk-from-env"
    assert headers["openai-organization"] == "org_env"
    assert headers["openai-project"] == "proj_env"


def test_defaults(rc: ModuleType) -> None:
    client = rc.OpenAI(api_key=API_KEY)
    assert str(client.base_url) == "https://api.openai.com/v1/"
    assert client.timeout == httpx2.Timeout(600, connect=5.0)
    assert client.max_retries == 2
    custom = httpx2.Client(timeout=12.0)
    assert rc.OpenAI(api_key=API_KEY, http_client=custom).timeout == httpx2.Timeout(
        12.0
    )
    with pytest.raises(TypeError):
        rc.OpenAI(api_key=API_KEY, http_client=httpx2.AsyncClient())
    with pytest.raises(ValueError):
        rc.OpenAI(api_key=API_KEY, max_retries=-1)


def test_plain_http_notice_is_logged_not_warned(
    rc: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    """Contract rule 5: a plain-http base_url to a non-loopback host is logged
    at WARNING (never `warnings.warn`), and not when the caller supplied the
    transport."""
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a `-W error` suite keeps working
        rc.OpenAI(api_key=API_KEY, base_url="http://api.example.com/v1")
        for cls in (rc.OpenAI, rc.AsyncOpenAI):
            cls(api_key=API_KEY, base_url="http://10.0.0.5:8080/v1")
    notices = [r for r in caplog.records if "plain http://" in r.getMessage()]
    assert len(notices) == 3
    assert {r.levelno for r in notices} == {logging.WARNING}
    assert all(r.name.startswith("realtime_calls") for r in notices)
    assert "http://api.example.com/v1/" in notices[0].getMessage()
    assert all(API_KEY not in r.getMessage() for r in caplog.records)

    caplog.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for base_url in (
            "http://127.0.0.1:9/v1",
            "http://localhost:9/v1",
            "http://[::1]:9/v1",
            "http://api.localhost/v1",
            "https://api.example.com/v1",
        ):
            rc.OpenAI(api_key=API_KEY, base_url=base_url)
        transport = httpx2.MockTransport(lambda request: httpx2.Response(200))
        rc.OpenAI(
            api_key=API_KEY,
            base_url="http://api.example.com/v1",
            http_client=httpx2.Client(transport=transport),
        )
        rc.AsyncOpenAI(
            api_key=API_KEY,
            base_url="http://api.example.com/v1",
            http_client=httpx2.AsyncClient(transport=transport),
        )
    assert not [r for r in caplog.records if "plain http://" in r.getMessage()]


def test_with_options_keeps_subclass_and_options(
    rc: ModuleType, server: ScriptedServer
) -> None:
    class MyClient(rc.OpenAI):  # type: ignore[name-defined,misc]
        pass

    client = MyClient(
        api_key=API_KEY,
        base_url=server.base_url,
        organization="org_1",
        default_headers={"X-Team": "a"},
    )
    copy = client.with_options(timeout=3.0, default_headers={"X-Extra": "b"})
    assert type(copy) is MyClient
    assert copy.timeout == 3.0 and client.timeout != 3.0
    assert copy._client is client._client  # shares the connection pool
    copy.realtime.calls.hangup("rtc_1")
    headers = server.received[0].headers
    assert headers["x-team"] == "a" and headers["x-extra"] == "b"
    assert headers["openai-organization"] == "org_1"
    assert headers["x-stainless-read-timeout"] == "3.0"


def test_close_and_context_manager(rc: ModuleType) -> None:
    http_client = httpx2.Client()
    with rc.OpenAI(api_key=API_KEY, http_client=http_client) as client:
        assert not client.is_closed()
    assert http_client.is_closed  # closed as the SDK closes it

    async def main() -> None:
        async_http = httpx2.AsyncClient()
        async with rc.AsyncOpenAI(api_key=API_KEY, http_client=async_http) as client:
            assert not client.is_closed()
        assert async_http.is_closed

    asyncio.run(main())


@pytest.mark.parametrize("kind", KINDS)
def test_extra_headers_query_body_and_omit(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.refer(
            "rtc_1",
            target_uri="sip:a@b",
            extra_headers={
                "X-Custom": "1",
                "OpenAI-Project": rc.omit,
                "Accept": "text/plain",
            },
            extra_query={"q": "1", "nested": {"a": [1, 2]}},
            extra_body={"extra": True, "target_uri": "sip:override@b"},
        ),
        base_url=server.base_url,
        project="proj_1",
        default_query={"dq": "x"},
    )
    req = server.received[0]
    assert (
        req.path
        == "/v1/realtime/calls/rtc_1/refer?dq=x&q=1&nested%5Ba%5D%5B%5D=1&nested%5Ba%5D%5B%5D=2"
    )
    assert req.headers["x-custom"] == "1"
    assert req.headers["accept"] == "text/plain"
    assert "openai-project" not in req.headers
    assert req.json() == {"target_uri": "sip:override@b", "extra": True}


@pytest.mark.parametrize("kind", KINDS)
def test_validate_requests(rc: ModuleType, server: ScriptedServer, kind: str) -> None:
    with pytest.raises(rc.RequestValidationError) as info:
        call(
            rc,
            kind,
            lambda c: c.realtime.calls.reject("rtc_1", status_code=200),
            base_url=server.base_url,
            validate_requests=True,
        )
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value.findings, list) and info.value.findings
    assert server.received == []
    # Off by default: the same call is sent.
    call(
        rc,
        kind,
        lambda c: c.realtime.calls.reject("rtc_1", status_code=200),
        base_url=server.base_url,
    )
    assert server.received[0].json() == {"status_code": 200}


def test_import_does_not_load_httpx2(rc_parent: Path) -> None:
    code = (
        "import sys, realtime_calls; realtime_calls.OpenAI; realtime_calls.AsyncOpenAI;"
        "bad = [m for m in ('httpx2', 'anyio', 'logging', 'json') if m in sys.modules];"
        "assert not bad, bad; print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(rc_parent)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
