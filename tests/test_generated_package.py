"""The generated client package imports, type-checks under `mypy --strict`, is black-stable,
and builds the requests the spec describes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generated" / "python" / "realtime_calls"


def test_package_imports_in_a_clean_interpreter() -> None:
    code = (
        "import sys, realtime_calls; "
        "from realtime_calls.types import RealtimeAudioConfigParam, McpAllowedToolsMcpToolFilter; "
        "assert 'httpx2' not in sys.modules, 'httpx2 must load lazily'; "
        "print(realtime_calls.OpenAI.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OpenAI"


def test_mypy_strict_passes_on_the_generated_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PACKAGE)],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_accepts_the_generated_code() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", str(PACKAGE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_typed_usage_type_checks(tmp_path: Path) -> None:
    """A user's code with a wrong literal is rejected by mypy; the right one is accepted."""
    good = tmp_path / "good.py"
    good.write_text(
        "from realtime_calls import OpenAI\n"
        "client = OpenAI(api_key='k')\n"
        "client.realtime.calls.accept('c', type='realtime', audio={'output': {'voice': 'marin'}},"
        " tools=[{'type': 'mcp', 'server_label': 's', 'server_url': 'https://x'}])\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from realtime_calls import OpenAI\n"
        "client = OpenAI(api_key='k')\n"
        "client.realtime.calls.accept('c', type='session')\n"
        "client.realtime.calls.reject('c', status_code='486')\n",
        encoding="utf-8",
    )
    env_path = str(PACKAGE.parent)
    ok = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(good)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    assert ok.returncode == 0, ok.stdout
    ko = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    assert ko.returncode == 1
    assert 'Argument "type"' in ko.stdout and 'Argument "status_code"' in ko.stdout


def _recording_client() -> tuple[object, list[httpx2.Request]]:
    from realtime_calls import OpenAI

    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if request.url.path.endswith("/realtime/calls"):
            return httpx2.Response(
                201,
                content=b"v=0\r\n",
                headers={
                    "Location": "/v1/realtime/calls/rtc_123",
                    "Content-Type": "application/sdp",
                },
            )
        return httpx2.Response(200)

    client = OpenAI(
        api_key="sk-test",
        base_url="http://127.0.0.1:9/v1",
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    return client, seen


def test_operations_build_the_requests_the_spec_describes() -> None:
    client, seen = _recording_client()
    calls = client.realtime.calls  # type: ignore[attr-defined]
    calls.accept("call_1", type="realtime", model="gpt-realtime", tracing=None)
    calls.hangup("call_1")
    calls.refer("call_1", target_uri="tel:+14155550123")
    calls.reject("call_1")
    answer = calls.create(sdp="v=0\r\n")
    methods_paths = [(r.method, r.url.path) for r in seen]
    assert methods_paths == [
        ("POST", "/v1/realtime/calls/call_1/accept"),
        ("POST", "/v1/realtime/calls/call_1/hangup"),
        ("POST", "/v1/realtime/calls/call_1/refer"),
        ("POST", "/v1/realtime/calls/call_1/reject"),
        ("POST", "/v1/realtime/calls"),
    ]
    assert json.loads(seen[0].content) == {
        "type": "realtime",
        "model": "gpt-realtime",
        "tracing": None,
    }
    assert seen[1].content == b""
    assert json.loads(seen[2].content) == {"target_uri": "tel:+14155550123"}
    assert json.loads(seen[3].content) == {}
    assert seen[4].headers["accept"] == "application/sdp"
    assert seen[0].headers["authorization"] == "Bearer sk-test"
    assert answer.call_id == "rtc_123"
    assert answer.text == "v=0\r\n"


def test_empty_call_id_is_rejected_before_any_request() -> None:
    client, seen = _recording_client()
    with pytest.raises(ValueError, match="call_id"):
        client.realtime.calls.hangup("")  # type: ignore[attr-defined]
    assert seen == []
