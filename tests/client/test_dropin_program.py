"""Issue 15's first "done when": a typed program written against `openai` (types at the
SDK's modules, `client.realtime.calls`, `client.webhooks.unwrap`, the events of
`client.realtime.connect`) passes mypy --strict and runs after replacing `openai` by
`realtime_calls` in its imports, and sends the same requests.

The program (programs/dropin_program.py) is checked and run as written against the
official SDK too, which proves it is a valid SDK program; both runs drive the same
loopback HTTP and WebSocket servers, and what the servers receive must be equal.
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from ..conftest import ROOT
from ..realtime.wsserver import RealtimeTestServer

PROGRAM = Path(__file__).parent / "programs" / "dropin_program.py"
SECRET = "whsec_" + base64.b64encode(b"drop-in test secret").decode()
CALL_ID = "rtc_dropin"
SCRIPT: List[Dict[str, Any]] = [
    {
        "type": "conversation.created",
        "event_id": "ev_1",
        "conversation": {"id": "conv_1", "object": "realtime.conversation"},
    },
    {
        "type": "conversation.item.added",
        "event_id": "ev_2",
        "previous_item_id": None,
        "item": {
            "type": "function_call",
            "id": "item_1",
            "call_id": "fc_1",
            "name": "lookup_order",
            "arguments": "{}",
            "status": "completed",
            "object": "realtime.item",
        },
    },
    {"type": "call.quality_report", "event_id": "ev_3", "mos": 4.2},
    {
        "type": "response.function_call_arguments.done",
        "event_id": "ev_4",
        "response_id": "resp_1",
        "item_id": "item_1",
        "output_index": 0,
        "call_id": "fc_1",
        "name": "lookup_order",
        "arguments": "{}",
    },
]


def swapped() -> str:
    text = PROGRAM.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        if line.startswith(("from openai", "import openai")):
            line = line.replace("openai", "realtime_calls", 1)
        out.append(line)
    result = "".join(out)
    imports = [l for l in result.splitlines() if l.startswith(("from ", "import "))]
    assert not any("openai" in l for l in imports)
    assert result != text
    return result


def program(package: str, tmp_path: Path) -> Path:
    target = tmp_path / f"program_{package}.py"
    text = PROGRAM.read_text(encoding="utf-8")
    target.write_text(text if package == "openai" else swapped(), encoding="utf-8")
    return target


def _env() -> Dict[str, str]:
    env = dict(os.environ, MYPYPATH=str(ROOT / "generated" / "python"))
    env["PYTHONPATH"] = str(ROOT / "generated" / "python")
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_WEBHOOK_SECRET"):
        env.pop(key, None)
    return env


@pytest.mark.parametrize("package", ["openai", "realtime_calls"])
def test_program_type_checks(package: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
        + [str(program(package, tmp_path))],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


class _Recorder(BaseHTTPRequestHandler):
    requests: List[Tuple[str, str, Any]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        kind = (self.headers.get("content-type") or "").split(";")[0]
        parsed: Any = body.decode()
        if kind == "application/json":
            parsed = json.loads(body) if body else None
        elif kind == "multipart/form-data":
            message = email.parser.BytesParser().parsebytes(
                b"content-type: "
                + self.headers["content-type"].encode()
                + b"\r\n\r\n"
                + body
            )
            parsed = sorted(
                (
                    str(part.get_param("name", header="content-disposition")),
                    part.get_payload(decode=True).decode(),
                )  # type: ignore[union-attr]
                for part in message.get_payload()  # type: ignore[union-attr]
            )
        self.server.requests.append((self.path, kind, parsed))  # type: ignore[attr-defined]
        if self.path == "/v1/realtime/calls":
            answer = b"v=0\r\no=- answer\r\n"
            self.send_response(201)
            self.send_header("location", f"/v1/realtime/calls/{CALL_ID}")
            self.send_header("content-type", "application/sdp")
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            return
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()


def _http_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _webhook(tmp_path: Path) -> Path:
    body = json.dumps(
        {
            "object": "event",
            "id": "evt_1",
            "type": "realtime.call.incoming",
            "created_at": int(time.time()),
            "data": {
                "call_id": CALL_ID,
                "sip_headers": [{"name": "From", "value": "sip:+1415@example.com"}],
            },
        }
    )
    stamp = str(int(time.time()))
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"msg_1.{stamp}.{body}".encode(), hashlib.sha256).digest()
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": stamp,
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
    path = tmp_path / "webhook.json"
    path.write_text(json.dumps({"body": body, "headers": headers}), encoding="utf-8")
    return path


def _run(package: str, tmp_path: Path) -> Tuple[Dict[str, Any], List[Any], List[Any]]:
    webhook = _webhook(tmp_path)
    with RealtimeTestServer(SCRIPT, close_plan={0: (2, 1000)}) as ws:
        for http in _http_server():
            result = subprocess.run(
                [sys.executable, str(program(package, tmp_path))]
                + [f"http://127.0.0.1:{http.server_port}/v1", ws.url, SECRET]
                + [str(webhook)],
                capture_output=True,
                text=True,
                env=_env(),
                timeout=120,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            requests = list(http.requests)  # type: ignore[attr-defined]
        frames = [
            {k: v for k, v in f.items() if k != "event_id"}
            for c in ws.connections
            for f in c.frames
        ]
    return json.loads(result.stdout.strip().splitlines()[-1]), requests, frames


def test_program_runs_alike(tmp_path: Path) -> None:
    ours = _run("realtime_calls", tmp_path)
    sdk = _run("openai", tmp_path)
    assert ours == sdk
    out, requests, frames = ours
    assert out["webhook"] == ["realtime.call.incoming", "From", CALL_ID]
    assert out["conversations"] == ["conv_1"]
    assert out["functions"] == ["lookup_order"]
    assert out["calls"] == ["fc_1"]
    assert "call.quality_report" in out["events"]  # an unknown type, yielded
    assert [r[0] for r in requests] == [
        f"/v1/realtime/calls/{CALL_ID}/accept",
        f"/v1/realtime/calls/{CALL_ID}/refer",
        f"/v1/realtime/calls/{CALL_ID}/reject",
        f"/v1/realtime/calls/{CALL_ID}/hangup",
        "/v1/realtime/calls",
    ]
    assert [f["type"] for f in frames] == ["session.update", "conversation.item.create"]
