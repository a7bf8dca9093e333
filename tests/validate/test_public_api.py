"""The generated package's own validation API (issue 14 item 6, contract rule 5):
`realtime_calls.validate(document, schema="calls.accept")` without callspec, and
`validate_requests=True` issuing each warning as a `RequestValidationWarning`."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rc() -> Any:
    return importlib.import_module("realtime_calls")


def test_validate_defaults_to_the_accept_body(rc: Any) -> None:
    assert rc.validate({"type": "realtime"}) == []
    findings = rc.validate({"type": "realtime", "output_modalities": ["text", "audio"]})
    assert [(f.severity, f.rule, f.path) for f in findings] == [
        ("error", "output-modalities-exclusive", ("output_modalities",))
    ]
    assert all(isinstance(f, rc.Finding) for f in findings)
    (warning,) = rc.validate(
        {"type": "realtime", "audio": {"output": {"voice": "marine"}}}
    )
    assert (warning.severity, warning.json_path) == ("warning", "$.audio.output.voice")


def test_validate_other_schemas(rc: Any) -> None:
    (f,) = rc.validate({"status_code": 200}, schema="calls.reject")
    assert (f.severity, f.rule) == ("error", "reject-status-code-range")
    assert rc.validate({"type": "server_vad"}, "ServerVad") == []
    assert rc.validate({"$schema": "x", "status_code": 486}, "calls.reject") == []
    with pytest.raises(KeyError):
        rc.validate({}, schema="calls.rejct")


def test_importing_the_package_does_not_load_the_validator() -> None:
    code = (
        "import sys, realtime_calls;"
        "print('realtime_calls._validation' in sys.modules);"
        "realtime_calls.Finding;"
        "print('realtime_calls._validation' in sys.modules)"
    )
    # `-S` with the paths as plain entries: no `.pth` file read, so a compiled build
    # `make compiled` put on this venv's path does not stand in for the module
    purelib = sysconfig.get_paths()["purelib"]
    path = os.pathsep.join([str(ROOT / "generated" / "python"), purelib])
    run = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert run.stdout.split() == ["False", "True"]


def test_validate_requests_warns_with_the_finding(rc: Any) -> None:
    import httpx2

    sent: list[Any] = []
    http = httpx2.Client(
        transport=httpx2.MockTransport(lambda r: sent.append(r) or httpx2.Response(200))
    )
    client = rc.OpenAI(
        api_key="sk-test", http_client=http, validate_requests=True, max_retries=0
    )
    with pytest.warns(rc.RequestValidationWarning) as caught:
        client.realtime.calls.accept(
            "call_1", type="realtime", audio={"output": {"voice": "marine"}}
        )
    (record,) = caught
    assert record.filename == __file__  # points at the caller
    assert record.message.finding.rule == "open-enum-near-miss"
    assert "$.audio.output.voice" in str(record.message)
    assert len(sent) == 1  # a warning does not stop the request
    assert issubclass(rc.RequestValidationWarning, UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error", rc.RequestValidationWarning)
        with pytest.raises(rc.RequestValidationWarning):
            client.realtime.calls.refer("call_1", target_uri="agent@example.com")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.realtime.calls.reject("call_1", status_code=486)  # no warning
    http.close()


def test_async_client_warns_at_the_callers_line(rc: Any) -> None:
    import asyncio

    import httpx2

    async def main() -> None:
        http = httpx2.AsyncClient(
            transport=httpx2.MockTransport(lambda r: httpx2.Response(200))
        )
        client = rc.AsyncOpenAI(
            api_key="sk-test", http_client=http, validate_requests=True, max_retries=0
        )
        with pytest.warns(rc.RequestValidationWarning) as caught:
            await client.realtime.calls.refer("call_1", target_uri="agent@example.com")
        (record,) = caught
        assert record.filename == __file__
        assert record.message.finding.rule == "refer-target-uri-scheme"
        await http.aclose()

    asyncio.run(main())
