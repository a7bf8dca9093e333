"""The generated client against a hostile server on real localhost sockets: retries stay within
`max_retries`, time is bounded, no socket leaks, and the API key never shows."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import traceback
import urllib.request
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

import realtime_calls
from realtime_calls import AsyncOpenAI, OpenAI
from realtime_calls import _base_client

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "sk-callspec-reliability-SECRET-4f9c2a7e1b"
TIMEOUT = 0.4


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.fault_server"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    yield f"http://127.0.0.1:{port}"
    process.kill()
    process.wait()


def _control(server: str, path: str, method: str = "GET") -> Any:
    request = urllib.request.Request(
        server + path, method=method, data=b"" if method == "POST" else None
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def _sockets(server: str) -> int:
    """This process's open TCP sockets connected to `server`: counting every socket would
    count other tests' leftovers, which the garbage collector may close at any moment.
    """
    port = int(server.rsplit(":", 1)[1])
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[len("socket:[") : -1])
    count = 0
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            lines = open(table, encoding="ascii").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[9] in inodes:
                count += 1
    return count


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's backoff schedule, scaled down 50x so a storm of retries stays quick."""
    monkeypatch.setattr(_base_client, "INITIAL_RETRY_DELAY", 0.01)
    monkeypatch.setattr(_base_client, "MAX_RETRY_DELAY", 0.16)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx2", "httpcore2", "h11", "realtime_calls", _base_client.__name__):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _assert_no_key(*texts: object) -> None:
    for text in texts:
        assert API_KEY not in str(text), f"the API key leaked into: {str(text)[:300]}"
        assert API_KEY[8:] not in str(text)


def _assert_no_key_in(
    exc: BaseException | None,
    logs: pytest.LogCaptureFixture,
    client: Any,
    echoed: bool = False,
) -> None:
    """No key in the exception's text (str, repr, traceback, args, message), the response and
    request reprs, the client's repr, or any log record. When the server itself quotes the key
    back (`echoed`), its raw data (`exc.body`, its response headers in httpcore2's DEBUG log)
    is the server's and only the client-made text is checked."""
    texts: list[object] = [repr(client), str(client)]
    if exc is not None:
        texts += [
            str(exc),
            repr(exc),
            "".join(traceback.format_exception(exc)),
            exc.args,
        ]
        for attr in ("message", "response", "request") + (() if echoed else ("body",)):
            if hasattr(exc, attr):
                texts.append(repr(getattr(exc, attr)))
    if echoed:
        _assert_no_key(*texts)
        return
    for record in logs.records:
        texts += [record.getMessage(), record.args]
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    _assert_no_key(*texts)


# fault → (exception class name or None for success, attempts with max_retries=2)
FAULTS = {
    "reset_before_response": ("APIConnectionError", 3),
    "reset_mid_body": ("APIConnectionError", 3),
    "reset_mid_error_body": ("APIConnectionError", 3),
    "truncated": ("APIConnectionError", 3),
    "truncated_error": ("APIConnectionError", 3),
    "garbage_status": ("APIConnectionError", 3),
    "slow": ("APITimeoutError", 3),
    "slow_body": ("APITimeoutError", 3),
    "storm": ("InternalServerError", 3),
    "storm_then_ok": (None, 3),
    "not_json": ("BadRequestError", 1),
    "json_without_error": ("BadRequestError", 1),
    "error_not_object": ("BadRequestError", 1),
    "huge_error": ("BadRequestError", 1),
    "huge_not_json": ("BadRequestError", 1),
    "echo_key": ("AuthenticationError", 1),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_sync_client_under_fault(
    server: str, fault: str, fast_backoff: None, logs: pytest.LogCaptureFixture
) -> None:
    expected, attempts = FAULTS[fault]
    _control(server, "/_reset", "POST")
    before = _sockets(server)
    started = time.monotonic()
    caught: BaseException | None = None
    with OpenAI(
        api_key=API_KEY, base_url=server + "/v1", max_retries=2, timeout=TIMEOUT
    ) as client:
        try:
            client.realtime.calls.hangup(fault)
        except realtime_calls.OpenAIError as exc:
            caught = exc
        _assert_no_key_in(caught, logs, client, echoed=fault == "echo_key")
    elapsed = time.monotonic() - started
    assert _sockets(server) == before, "the client left sockets open"
    assert type(caught).__name__ == (expected or "NoneType"), repr(caught)
    assert _control(server, "/_counts").get(fault) == attempts
    # three attempts at most, each bounded by the timeout, plus the (scaled) backoff
    assert elapsed < 3 * TIMEOUT + 2.5, elapsed
    if fault.startswith("huge"):
        assert (
            isinstance(caught, realtime_calls.APIStatusError)
            and caught.status_code == 400
        )


@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_retries_stay_within_max_retries(
    server: str, fast_backoff: None, max_retries: int
) -> None:
    _control(server, "/_reset", "POST")
    with OpenAI(
        api_key=API_KEY,
        base_url=server + "/v1",
        max_retries=max_retries,
        timeout=TIMEOUT,
    ) as client:
        for fault in ("storm", "reset_before_response", "slow"):
            with pytest.raises(realtime_calls.OpenAIError):
                client.realtime.calls.hangup(fault)
    counts = _control(server, "/_counts")
    assert counts == {
        f: max_retries + 1 for f in ("storm", "reset_before_response", "slow")
    }


def test_default_backoff_is_bounded(server: str) -> None:
    """Unpatched: the SDK's own schedule (0.5 s, then 1 s, with jitter) for two retries."""
    _control(server, "/_reset", "POST")
    started = time.monotonic()
    with OpenAI(api_key=API_KEY, base_url=server + "/v1", timeout=TIMEOUT) as client:
        with pytest.raises(realtime_calls.APIConnectionError):
            client.realtime.calls.hangup("reset_before_response")
    elapsed = time.monotonic() - started
    assert _control(server, "/_counts") == {"reset_before_response": 3}
    assert 1.0 < elapsed < 4.0, elapsed


def test_many_failures_do_not_grow_the_pool(server: str, fast_backoff: None) -> None:
    before = _sockets(server)
    with OpenAI(
        api_key=API_KEY, base_url=server + "/v1", max_retries=1, timeout=TIMEOUT
    ) as client:
        for index in range(30):
            fault = ("reset_mid_body", "storm", "truncated", "not_json", "ok")[
                index % 5
            ]
            try:
                client.realtime.calls.hangup(fault)
            except realtime_calls.OpenAIError:
                pass
            assert (
                _sockets(server) - before <= 2
            ), "connections pile up while the client lives"
    assert _sockets(server) == before


ASYNC_FAULTS = [
    "reset_mid_body",
    "slow",
    "storm",
    "truncated",
    "echo_key",
    "storm_then_ok",
]


@pytest.mark.parametrize("fault", ASYNC_FAULTS)
async def test_async_client_under_fault(
    server: str, fault: str, fast_backoff: None, logs: pytest.LogCaptureFixture
) -> None:
    expected, attempts = FAULTS[fault]
    _control(server, "/_reset", "POST")
    before = _sockets(server)
    started = time.monotonic()
    caught: BaseException | None = None
    async with AsyncOpenAI(
        api_key=API_KEY, base_url=server + "/v1", max_retries=2, timeout=TIMEOUT
    ) as client:
        try:
            await client.realtime.calls.hangup(fault)
        except realtime_calls.OpenAIError as exc:
            caught = exc
        _assert_no_key_in(caught, logs, client, echoed=fault == "echo_key")
    assert time.monotonic() - started < 3 * TIMEOUT + 2.5
    assert _sockets(server) == before
    assert type(caught).__name__ == (expected or "NoneType"), repr(caught)
    assert _control(server, "/_counts").get(fault) == attempts


@pytest.mark.parametrize(
    "base_url, warns",
    [
        ("http://api.example.com/v1", True),
        ("http://10.0.0.7:8080/v1", True),
        ("http://[2001:db8::1]/v1", True),
        ("HTTP://API.EXAMPLE.COM/v1", True),
        ("http://127.0.0.1:9/v1", False),
        ("http://localhost:9/v1", False),
        ("http://[::1]:9/v1", False),
        ("https://api.example.com/v1", False),
    ],
)
def test_plain_http_to_a_remote_host_warns(
    base_url: str, warns: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """Only constructs clients: nothing is sent anywhere. Contract rule 5: the
    notice is a WARNING log record, never a `warnings.warn`."""
    caplog.set_level(logging.WARNING, logger="realtime_calls")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for cls in (OpenAI, AsyncOpenAI):
            client = cls(api_key=API_KEY, base_url=base_url)
            _assert_no_key(repr(client), str(client))
    assert not caught, [str(w.message) for w in caught]
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (len(messages) == 2) if warns else not messages, messages
    _assert_no_key(*messages)


def test_plain_http_warning_via_environment(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://api.example.com/v1")
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    caplog.set_level(logging.WARNING, logger="realtime_calls")
    client = OpenAI()
    assert any("http://" in r.getMessage() for r in caplog.records)
    _assert_no_key(repr(client))
