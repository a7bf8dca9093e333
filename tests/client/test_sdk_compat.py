"""Our client sends what the official SDK sends (contract rule 5).

For Hypothesis-generated arguments, both clients run the same operation over
an ``httpx2.MockTransport`` that answers the same scripted response; the
captured requests must be equal (method, path segments, query, headers, parsed
JSON body or multipart parts) and so must the outcome (return value, or the
exception's class and fields, and the number of attempts).
"""

from __future__ import annotations

import asyncio
import json
import string
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

import httpx2
import openai
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import API_KEY, parse_multipart

OMIT = "<<omit>>"
"""Stands for each library's own `omit` in generated header values."""

IGNORED_HEADERS = {"user-agent", "x-stainless-package-version", "content-length"}
"""Headers whose value may differ: our package's name and version, and the
length of a multipart body (its random boundary)."""

# -- strategies ---------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
json_objects = st.dictionaries(st.text(max_size=8), json_values, max_size=4)

call_ids = st.one_of(
    st.sampled_from(
        [
            "rtc_123",
            "../files",
            "..",
            ".",
            "%2e%2E",
            "a/b/c",
            "%",
            "100%",
            "é/ü",
            "a?b=c",
            "a#b",
            " ",
            "",
            "rtc_\u4e2d\u6587",
        ]
    ),
    st.text(max_size=12),
    st.text(alphabet="./%?#", min_size=1, max_size=5),
)

header_names = st.one_of(
    st.sampled_from(
        [
            "Accept",
            "Content-Type",
            "OpenAI-Organization",
            "OpenAI-Project",
            "X-Stainless-Lang",
        ]
    ),
    st.text(
        alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=10
    ).map(lambda s: "X-" + s),
)
header_values = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "-_./:;=*+", max_size=20),
    st.sampled_from(["application/json", "text/plain", "multipart/form-data", OMIT]),
)
extra_headers_st = st.none() | st.dictionaries(header_names, header_values, max_size=3)
query_values = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=4), max_size=2),
    st.dictionaries(st.text(min_size=1, max_size=4), st.text(max_size=4), max_size=2),
)
extra_query_st = st.none() | st.dictionaries(
    st.text(min_size=1, max_size=6), query_values, max_size=3
)
extra_body_st = st.none() | st.dictionaries(
    st.sampled_from(
        ["foo", "bar", "type", "instructions", "status_code", "target_uri"]
    ),
    json_values,
    max_size=2,
)
create_extra_body_st = st.none() | st.dictionaries(
    st.sampled_from(["foo", "bar", "session", "sdp"]),
    json_values | st.text(max_size=10),
    max_size=2,
)

tool = st.fixed_dictionaries(
    {"type": st.just("function"), "name": st.text(min_size=1, max_size=8)},
    optional={"description": st.text(max_size=10), "parameters": json_objects},
)
accept_fields: Dict[str, st.SearchStrategy[Any]] = {
    "model": st.sampled_from(["gpt-realtime", "gpt-realtime-mini"])
    | st.text(max_size=10),
    "instructions": st.none() | st.text(max_size=30),
    "max_output_tokens": st.integers(min_value=1, max_value=4096) | st.just("inf"),
    "output_modalities": st.lists(st.sampled_from(["text", "audio"]), max_size=2),
    "parallel_tool_calls": st.booleans(),
    "include": st.lists(st.just("item.input_audio_transcription.logprobs"), max_size=1),
    "prompt": st.none()
    | st.fixed_dictionaries(
        {"id": st.text(max_size=8)},
        optional={
            "variables": st.dictionaries(st.text(max_size=5), st.text(max_size=5))
        },
    ),
    "tracing": st.none()
    | st.just("auto")
    | st.fixed_dictionaries({}, optional={"workflow_name": st.text(max_size=8)}),
    "tools": st.lists(tool, max_size=2),
    "tool_choice": st.sampled_from(["auto", "none", "required"])
    | st.fixed_dictionaries({"type": st.just("function"), "name": st.text(max_size=6)}),
    "truncation": st.sampled_from(["auto", "disabled"])
    | st.fixed_dictionaries(
        {
            "type": st.just("retention_ratio"),
            "retention_ratio": st.floats(min_value=0, max_value=1),
        }
    ),
    "audio": st.fixed_dictionaries(
        {}, optional={"output": st.fixed_dictionaries({"voice": st.text(max_size=6)})}
    ),
    "reasoning": st.fixed_dictionaries({"effort": st.sampled_from(["low", "high"])}),
}
session_st = st.fixed_dictionaries(
    {"type": st.just("realtime")},
    optional={
        k: v
        for k, v in accept_fields.items()
        if k in ("model", "instructions", "tools")
    },
) | json_objects.map(lambda d: {"type": "realtime", **d})


timeouts = st.sampled_from([None, 5, 2.5, httpx2.Timeout(3.0, connect=1.0)])


@st.composite
def operations(draw: st.DrawFn) -> Tuple[str, List[Any], Dict[str, Any]]:
    """(operation name, positional args, keyword args)."""
    op = draw(st.sampled_from(["create", "accept", "hangup", "refer", "reject"]))
    kwargs: Dict[str, Any] = {}
    if op == "create":
        kwargs["sdp"] = draw(
            st.sampled_from(["v=0\r\n", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"])
            | st.text(max_size=20)
        )
        if draw(st.booleans()):
            kwargs["session"] = draw(session_st)
        extra_body = draw(create_extra_body_st)
    else:
        if op == "accept":
            kwargs["type"] = "realtime"
            chosen = draw(st.sets(st.sampled_from(sorted(accept_fields)), max_size=4))
            for name in sorted(chosen):
                kwargs[name] = draw(accept_fields[name])
        elif op == "refer":
            kwargs["target_uri"] = draw(
                st.sampled_from(["tel:+14155550123", "sip:agent@example.com"])
                | st.text(max_size=15)
            )
        elif op == "reject" and draw(st.booleans()):
            kwargs["status_code"] = draw(st.integers(min_value=-1000, max_value=1000))
        extra_body = draw(extra_body_st)
    if extra_body is not None:
        kwargs["extra_body"] = extra_body
    headers = draw(extra_headers_st)
    if headers is not None:
        kwargs["extra_headers"] = headers
    query = draw(extra_query_st)
    if query is not None:
        kwargs["extra_query"] = query
    if draw(st.booleans()):
        kwargs["timeout"] = draw(timeouts)
    args = [] if op == "create" else [draw(call_ids)]
    return op, args, kwargs


@st.composite
def scenarios(draw: st.DrawFn) -> Dict[str, Any]:
    """A client configuration, an operation and the server's answers."""
    op, args, kwargs = draw(operations())
    status = draw(
        st.sampled_from([200, 201, 400, 401, 403, 404, 409, 422, 429, 500, 503, 418])
    )
    error_body = draw(st.sampled_from(["json", "text", "empty"]) | st.just("json"))
    response_headers: Dict[str, str] = {
        "x-request-id": draw(st.text(string.ascii_letters, min_size=1, max_size=8))
    }
    if status >= 400:
        response_headers["retry-after-ms"] = "1"
        if draw(st.booleans()):
            response_headers["x-should-retry"] = draw(
                st.sampled_from(["true", "false"])
            )
    if op == "create" and status < 400:
        response_headers["location"] = "/v1/realtime/calls/" + draw(
            st.text(string.ascii_letters + "_%", min_size=1, max_size=10)
        )
    return {
        "op": op,
        "args": args,
        "kwargs": kwargs,
        "raw": draw(st.booleans()),
        "client": {
            "organization": draw(st.none() | st.text(string.ascii_letters, max_size=8)),
            "project": draw(st.none() | st.text(string.ascii_letters, max_size=8)),
            "max_retries": draw(st.integers(min_value=0, max_value=1)),
            "timeout": draw(st.none() | timeouts),
            "base_url": draw(
                st.sampled_from(
                    [
                        None,
                        "http://127.0.0.1:4010",
                        "http://127.0.0.1:4010/",
                        "https://example.test/v1",
                        "https://example.test/openai/v1/",
                        "http://localhost:8080/api",
                    ]
                )
            ),
            "default_query": draw(
                st.none()
                | st.dictionaries(st.text(max_size=4), query_values, max_size=2)
            ),
            "default_headers": draw(
                st.none()
                | st.dictionaries(
                    header_names, header_values.filter(lambda v: v != OMIT), max_size=2
                )
            ),
        },
        "status": status,
        "error_body": error_body,
        "response_headers": response_headers,
        "message": draw(st.text(max_size=20)),
    }


# -- running both clients -----------------------------------------------------


def responder(
    scenario: Dict[str, Any],
) -> Tuple[Callable[[httpx2.Request], httpx2.Response], List[httpx2.Request]]:
    """A MockTransport handler answering the scenario's response; it records
    the requests it is given."""
    seen: List[httpx2.Request] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        request.read()
        seen.append(request)
        status = scenario["status"]
        headers = dict(scenario["response_headers"])
        if status < 400:
            if scenario["op"] == "create":
                headers["content-type"] = "application/sdp"
                return httpx2.Response(
                    status, headers=headers, content=b"v=0\r\nanswer\r\n"
                )
            return httpx2.Response(status, headers=headers)
        kind = scenario["error_body"]
        if kind == "json":
            body = {
                "error": {
                    "message": scenario["message"],
                    "type": "invalid_request_error",
                    "param": None,
                    "code": "x",
                }
            }
            return httpx2.Response(status, headers=headers, json=body)
        if kind == "text":
            return httpx2.Response(
                status, headers=headers, content=scenario["message"].encode()
            )
        return httpx2.Response(status, headers=headers)

    return handle, seen


def with_omit(value: Any, omit: Any) -> Any:
    """Replace the OMIT marker by the library's `omit`."""
    if isinstance(value, dict):
        return {k: with_omit(v, omit) for k, v in value.items()}
    return omit if value == OMIT else value


def invoke(client: Any, scenario: Dict[str, Any], omit: Any) -> Any:
    calls = client.realtime.calls
    target = calls.with_raw_response if scenario["raw"] else calls
    kwargs = dict(scenario["kwargs"])
    if "extra_headers" in kwargs:
        kwargs["extra_headers"] = with_omit(kwargs["extra_headers"], omit)
    return getattr(target, scenario["op"])(*scenario["args"], **kwargs)


def outcome(
    result: Any = None, error: Optional[BaseException] = None
) -> Dict[str, Any]:
    """What a caller observes: the value, or the exception's class and fields."""
    if error is not None:
        out: Dict[str, Any] = {"error": type(error).__name__, "str": str(error)}
        for name in (
            "status_code",
            "body",
            "code",
            "param",
            "type",
            "request_id",
            "message",
        ):
            if hasattr(error, name):
                out[name] = getattr(error, name)
        return out
    if result is None:
        return {"result": None}
    if hasattr(result, "http_response"):  # raw response
        parsed = result.parse()
        return {
            "raw_status": result.status_code,
            "raw_request_id": result.headers.get("x-request-id"),
            "parsed": (
                None
                if parsed is None
                else (parsed.text, parsed.content, parsed.response.status_code)
            ),
        }
    return {
        "text": result.text,
        "content": result.content,
        "status": result.response.status_code,
    }


def normalize(request: httpx2.Request, user_headers: set[str]) -> Dict[str, Any]:
    """The parts of a request a server sees, in comparable form."""
    raw_path, _, _ = request.url.raw_path.partition(b"?")
    headers: Dict[str, str] = {}
    for name, value in request.headers.multi_items():
        lower = name.lower()
        if lower in IGNORED_HEADERS and lower not in user_headers:
            continue
        headers[lower] = value
    content_type = headers.get("content-type", "")
    body: Any = request.content
    if content_type.startswith("multipart/form-data"):
        headers["content-type"] = "multipart/form-data"
        parts = []
        for part in parse_multipart(content_type, request.content):
            data: Any = part.data
            if part.content_type == "application/json":
                data = json.loads(data)
            parts.append((part.name, part.content_type, part.filename, data))
        # Declared parts (with a content type) in order; plain form fields,
        # like JSON keys, in any order.
        typed = [p for p in parts if p[1] is not None]
        plain = sorted((p for p in parts if p[1] is None), key=repr)
        body = ("multipart", typed, plain)
    elif request.content:
        # Compared parsed whatever the content type: key order may differ.
        try:
            body = ("json", json.loads(request.content))
        except ValueError:
            pass
    return {
        "method": request.method,
        "origin": (request.url.scheme, request.url.host, request.url.port),
        "segments": raw_path.split(b"/"),
        "query": parse_qsl(request.url.query.decode(), keep_blank_values=True),
        "headers": headers,
        "body": body,
    }


def user_header_names(scenario: Dict[str, Any]) -> set[str]:
    names = set(scenario["kwargs"].get("extra_headers") or {})
    names |= set(scenario["client"]["default_headers"] or {})
    return {n.lower() for n in names}


def client_kwargs(scenario: Dict[str, Any]) -> Dict[str, Any]:
    cfg = scenario["client"]
    return {
        "api_key": API_KEY,
        "organization": cfg["organization"],
        "project": cfg["project"],
        "max_retries": cfg["max_retries"],
        "default_headers": cfg["default_headers"],
        "default_query": cfg.get("default_query"),
        "base_url": cfg.get("base_url"),
        **({"timeout": cfg["timeout"]} if cfg.get("timeout") is not None else {}),
    }


def run_sync(
    lib: Any, scenario: Dict[str, Any]
) -> Tuple[Dict[str, Any], List[httpx2.Request]]:
    handle, seen = responder(scenario)
    http_client = httpx2.Client(transport=httpx2.MockTransport(handle))
    client = lib.OpenAI(http_client=http_client, **client_kwargs(scenario))
    try:
        result = outcome(invoke(client, scenario, lib.omit))
    except Exception as exc:  # noqa: BLE001 - the outcome is compared
        result = outcome(error=exc)
    finally:
        client.close()
    return result, seen


def run_async(
    lib: Any, scenario: Dict[str, Any]
) -> Tuple[Dict[str, Any], List[httpx2.Request]]:
    handle, seen = responder(scenario)

    async def main() -> Dict[str, Any]:
        http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(handle))
        client = lib.AsyncOpenAI(http_client=http_client, **client_kwargs(scenario))
        try:
            return outcome(await invoke(client, scenario, lib.omit))
        except Exception as exc:  # noqa: BLE001 - the outcome is compared
            return outcome(error=exc)
        finally:
            await client.close()

    return asyncio.run(main()), seen


def assert_same(rc: ModuleType, scenario: Dict[str, Any], runner: Any) -> None:
    sdk_outcome, sdk_requests = runner(openai, scenario)
    our_outcome, our_requests = runner(rc, scenario)
    names = user_header_names(scenario)
    assert [normalize(r, names) for r in our_requests] == [
        normalize(r, names) for r in sdk_requests
    ]
    assert our_outcome == sdk_outcome


# -- the tests ----------------------------------------------------------------


def compat_settings(max_examples: int) -> settings:
    """Settings for the comparison tests (no deadline: the SDK is slow)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@compat_settings(500)
@given(scenario=scenarios())
def test_sync_requests_and_outcomes_match_sdk(
    rc: ModuleType, scenario: Dict[str, Any]
) -> None:
    assert_same(rc, scenario, run_sync)


@compat_settings(200)
@given(scenario=scenarios())
def test_async_requests_and_outcomes_match_sdk(
    rc: ModuleType, scenario: Dict[str, Any]
) -> None:
    assert_same(rc, scenario, run_async)


BASE = {
    "raw": False,
    "client": {
        "organization": "org",
        "project": None,
        "max_retries": 0,
        "default_headers": None,
    },
    "status": 200,
    "error_body": "json",
    "response_headers": {"x-request-id": "req_1"},
    "message": "m",
}


JULY_SESSION: Dict[str, Any] = {
    "model": "gpt-realtime-2.1",
    "tools": [
        {
            "type": "mcp",
            "server_label": "tunnelled",
            "tunnel_id": "tunnel_0123456789abcdef0123456789abcdef",
            "allowed_callers": ["direct", "programmatic"],
        }
    ],
    "prompt": {
        "id": "pmpt_1",
        "variables": {
            "city": {
                "type": "input_text",
                "text": "Paris",
                "prompt_cache_breakpoint": {"mode": "explicit"},
            },
            "doc": {"type": "input_file", "file_id": "file_1", "detail": "auto"},
        },
    },
}


@pytest.mark.parametrize(
    "op,args,kwargs",
    [
        ("hangup", ["rtc_1"], {}),
        ("reject", ["rtc_1"], {}),
        ("accept", ["rtc_1"], {"type": "realtime", "instructions": None}),
        ("refer", ["../x"], {"target_uri": "tel:+1"}),
        ("create", [], {"sdp": "v=0\r\n"}),
        (
            "create",
            [],
            {
                "sdp": "v=0\r\n",
                "session": {"type": "realtime", "model": "gpt-realtime"},
            },
        ),
        (
            "create",
            [],
            {"sdp": "v=0\r\n", "extra_body": {"foo": {"a": [1, True, None]}}},
        ),
        # the fields upstream 535f5dc added (issue 13)
        ("accept", ["rtc_1"], {"type": "realtime", **JULY_SESSION}),
        (
            "create",
            [],
            {"sdp": "v=0\r\n", "session": {"type": "realtime", **JULY_SESSION}},
        ),
    ],
)
@pytest.mark.parametrize("status", [200, 201, 404, 503])
def test_known_cases_match_sdk(
    rc: ModuleType, op: str, args: List[Any], kwargs: Dict[str, Any], status: int
) -> None:
    scenario = {**BASE, "op": op, "args": args, "kwargs": kwargs, "status": status}
    assert_same(rc, scenario, run_sync)
    assert_same(rc, scenario, run_async)


def test_the_comparison_can_fail(rc: ModuleType) -> None:
    """The harness notices a difference in the body and in a header."""
    one = {**BASE, "op": "reject", "args": ["rtc_1"], "kwargs": {"status_code": 486}}
    two = {**one, "kwargs": {"status_code": 487}}
    three = {**one, "kwargs": {"status_code": 486, "extra_headers": {"Accept": "x/y"}}}
    first = normalize(run_sync(openai, one)[1][0], set())
    assert normalize(run_sync(rc, two)[1][0], set()) != first
    assert normalize(run_sync(rc, three)[1][0], set()) != first
    assert normalize(run_sync(rc, one)[1][0], set()) == first


RETRY_HEADERS = [
    {},
    {"retry-after-ms": "1"},
    {"retry-after-ms": "0"},
    {"retry-after-ms": "-5"},
    {"retry-after-ms": "120000"},
    {"retry-after-ms": "120001"},
    {"retry-after-ms": "abc", "retry-after": "3"},
    {"retry-after": "0.5"},
    {"retry-after": "120"},
    {"retry-after": "121"},
    {"retry-after": "inf"},
    {"retry-after": "1e400"},
    {"retry-after": "nan"},
    {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"},
    {"retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"},
    {"retry-after": "garbage"},
    {"x-should-retry": "true"},
    {"x-should-retry": "false"},
    {"x-should-retry": "TRUE"},
    {"x-should-retry": "false", "retry-after-ms": "5"},
    {"x-should-retry": "true", "retry-after": "500"},
]


@pytest.mark.parametrize("headers", RETRY_HEADERS)
@pytest.mark.parametrize("status", [400, 401, 404, 408, 409, 422, 429, 500, 503, 599])
def test_retry_decisions_match_sdk(
    rc: ModuleType, headers: Dict[str, str], status: int
) -> None:
    """Whether to retry, and after how long, as the SDK decides."""
    import math

    ours = rc.OpenAI(api_key=API_KEY)
    sdk = openai.OpenAI(api_key=API_KEY)
    request = httpx2.Request(
        "POST", "https://api.openai.com/v1/realtime/calls/x/hangup"
    )
    response = httpx2.Response(status, headers=headers, request=request)
    assert ours._should_retry(response) == sdk._should_retry(response)
    our_after = ours._parse_retry_after_header(response.headers)
    sdk_after = sdk._parse_retry_after_header(response.headers)
    if sdk_after is None or math.isnan(sdk_after):
        assert our_after is None or math.isnan(our_after)
    else:
        assert our_after == pytest.approx(sdk_after, abs=2.0)
    options = openai._models.FinalRequestOptions.construct(method="post", url="/x")
    for remaining in (2, 1):
        mine = ours._calculate_retry_timeout(remaining, 2, response.headers)
        theirs = sdk._calculate_retry_timeout(remaining, options, response.headers)
        if sdk_after is not None and 0 < sdk_after <= 120 and not math.isnan(sdk_after):
            assert mine == pytest.approx(theirs, abs=2.0)
        else:  # backoff: 0.5 s doubling, minus up to 25 % jitter
            base = 0.5 * 2 ** (2 - remaining)
            assert 0.75 * base <= mine <= base
            assert 0.75 * base <= theirs <= base
