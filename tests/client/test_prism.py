"""The client against Prism serving our OpenAPI document, with request
validation (``prism mock --errors``): each operation gets its documented
success status, sync and async.

Prism's multipart validator ignores per-part content types and rejects a JSON
``session`` part, so only the raw-SDP ``create`` is tested here; multipart
``create`` is tested against the local server (test_client_server.py).

Prism is pinned in ``package.json`` and installed by ``make test`` (``npm
ci``). In CI (``CI=true``) a missing Prism is a failure, elsewhere a skip.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import httpx2
import pytest

from .conftest import API_KEY, ROOT, free_port

PRISM = ROOT / "node_modules" / ".bin" / "prism"
GENERATED_SPEC = ROOT / "generated" / "openapi.json"
UPSTREAM_SUBSET = (
    ROOT.parent
    / "shared"
    / "upstream"
    / "openai-openapi-5162af9"
    / "realtime-calls-subset.yaml"
)
SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def spec_for_prism(tmp_dir: Path) -> Path:
    """``generated/openapi.json``, or until the generator has written it, a
    JSON copy of the upstream subset."""
    if GENERATED_SPEC.is_file():
        return GENERATED_SPEC
    yaml = pytest.importorskip("yaml")
    document = yaml.safe_load(UPSTREAM_SUBSET.read_text())
    path = tmp_dir / "openapi.json"
    path.write_text(json.dumps(document))
    return path


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Prism on a free localhost port; yield its base URL."""
    if not PRISM.exists():
        message = f"Prism is not installed ({PRISM}); run `make node` (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    spec = spec_for_prism(tmp_path_factory.mktemp("prism"))
    port = free_port()
    log_path = tmp_path_factory.mktemp("prism-log") / "prism.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                str(PRISM),
                "mock",
                "--errors",
                str(spec),
                "-p",
                str(port),
                "-h",
                "127.0.0.1",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited early:\n{log_path.read_text()}")
            try:
                httpx2.post(
                    f"{url}/realtime/calls/probe/hangup",
                    headers={"Authorization": "Bearer probe"},
                    timeout=2,
                )
                break
            except httpx2.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Prism did not start:\n{log_path.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


OPERATIONS: list[tuple[str, list[Any], dict[str, Any], int]] = [
    (
        "accept",
        ["rtc_prism"],
        {"type": "realtime", "model": "gpt-realtime", "instructions": "Be brief."},
        200,
    ),
    ("hangup", ["rtc_prism"], {}, 200),
    ("refer", ["rtc_prism"], {"target_uri": "tel:+14155550123"}, 200),
    ("reject", ["rtc_prism"], {"status_code": 486}, 200),
    ("reject", ["rtc_prism"], {}, 200),
    ("create", [], {"sdp": SDP}, 201),
]


@pytest.mark.parametrize("op,args,kwargs,status", OPERATIONS)
def test_sync_operations_succeed_against_prism(
    rc: ModuleType,
    prism_url: str,
    op: str,
    args: list[Any],
    kwargs: dict[str, Any],
    status: int,
) -> None:
    with rc.OpenAI(api_key=API_KEY, base_url=prism_url, max_retries=0) as client:
        raw = getattr(client.realtime.calls.with_raw_response, op)(*args, **kwargs)
        assert raw.status_code == status
        result = getattr(client.realtime.calls, op)(*args, **kwargs)
    if op == "create":
        assert isinstance(result, rc._response.CallCreateResponse)
        assert isinstance(result.text, str) and result.text
    else:
        assert result is None


@pytest.mark.parametrize("op,args,kwargs,status", OPERATIONS)
def test_async_operations_succeed_against_prism(
    rc: ModuleType,
    prism_url: str,
    op: str,
    args: list[Any],
    kwargs: dict[str, Any],
    status: int,
) -> None:
    async def main() -> Any:
        async with rc.AsyncOpenAI(
            api_key=API_KEY, base_url=prism_url, max_retries=0
        ) as client:
            raw = await getattr(client.realtime.calls.with_raw_response, op)(
                *args, **kwargs
            )
            assert raw.status_code == status
            return await getattr(client.realtime.calls, op)(*args, **kwargs)

    result = asyncio.run(main())
    if op == "create":
        assert result.text
    else:
        assert result is None


def test_prism_validates_requests(rc: ModuleType, prism_url: str) -> None:
    """Prism does check what we send: a wrong body or no key is refused."""
    with rc.OpenAI(api_key=API_KEY, base_url=prism_url, max_retries=0) as client:
        with pytest.raises(rc.UnprocessableEntityError):
            client.realtime.calls.refer(
                "rtc_prism", target_uri="x", extra_body={"target_uri": 5}
            )
        with pytest.raises(rc.AuthenticationError):
            client.realtime.calls.hangup(
                "rtc_prism", extra_headers={"Authorization": rc.omit}
            )
