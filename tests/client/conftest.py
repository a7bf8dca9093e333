"""Fixtures for the generated client's tests.

The package under test is ``generated/python/realtime_calls``;
``CALLSPEC_CLIENT=<dir>`` tests the ``realtime_calls`` package in ``<dir>``
instead (e.g. one generated into a temporary directory). Either way it is
imported as ``realtime_calls``.
"""

from __future__ import annotations

import email.parser
import email.policy
import importlib
import json
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED_PARENT = ROOT / "generated" / "python"

API_KEY = "sk-test-SECRET-0123456789abcdef"


def package_parent() -> Path:
    """The directory to put on ``sys.path`` so that ``realtime_calls`` is the
    package under test."""
    choice = os.environ.get("CALLSPEC_CLIENT")
    return Path(choice) if choice else GENERATED_PARENT


@pytest.fixture(scope="session")
def rc_parent() -> Path:
    """The directory holding the ``realtime_calls`` package under test."""
    return package_parent()


@pytest.fixture(scope="session")
def rc(rc_parent: Path) -> ModuleType:
    """The ``realtime_calls`` package under test, imported."""
    for name in [
        m
        for m in sys.modules
        if m == "realtime_calls" or m.startswith("realtime_calls.")
    ]:
        del sys.modules[name]
    sys.path.insert(0, str(rc_parent))
    importlib.invalidate_caches()
    module = importlib.import_module("realtime_calls")
    assert (
        Path(module.__file__ or "").resolve().parent
        == (rc_parent / "realtime_calls").resolve()
    )
    return module


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "OPENAI_ADMIN_KEY",
        "OPENAI_CUSTOM_HEADERS",
        "OPENAI_WEBHOOK_SECRET",
        "OPENAI_LOG",
    ):
        monkeypatch.delenv(name, raising=False)


# -- a scripted HTTP server on localhost ------------------------------------


@dataclass
class Part:
    """One part of a multipart/form-data body, as the server parsed it."""

    name: str
    content_type: Optional[str]
    filename: Optional[str]
    data: bytes


@dataclass
class Received:
    """A request as the server received it."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    at: float

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body)

    def parts(self) -> List[Part]:
        return parse_multipart(self.content_type, self.body)


def parse_multipart(content_type: str, body: bytes) -> List[Part]:
    """Parse a multipart/form-data body with the standard library."""
    assert content_type.startswith("multipart/form-data"), content_type
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts: List[Part] = []
    if not message.is_multipart():  # an empty form: only the closing boundary
        assert body.strip().endswith(b"--"), body
        return parts
    for part in message.iter_parts():
        disposition = part.get("content-disposition", "")
        assert str(disposition).startswith("form-data"), disposition
        parts.append(
            Part(
                name=part.get_param("name", header="content-disposition"),
                content_type=part.get("content-type"),
                filename=part.get_param("filename", header="content-disposition"),
                data=part.get_payload(decode=True) or b"",
            )
        )
    return parts


@dataclass
class Action:
    """What the server does with one request."""

    kind: str = "respond"  # respond | drop | hang
    status: int = 200
    headers: Dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    hang: float = 0.0


def respond(status: int = 200, body: Any = b"", **headers: str) -> Action:
    """A response; a dict/list body is sent as JSON."""
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
        hdrs.setdefault("content-type", "application/json")
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    return Action(status=status, headers=hdrs, body=data)


class ScriptedServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 that answers from a script.

    Each request takes the next `Action` (the last one repeats), and is
    recorded in `received`.
    """

    def __init__(self) -> None:
        self.received: List[Received] = []
        self.script: List[Action] = []
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.received.append(
                        Received(
                            method="POST",
                            path=self.path,
                            headers={k.lower(): v for k, v in self.headers.items()},
                            body=body,
                            at=time.monotonic(),
                        )
                    )
                    index = len(server.received) - 1
                    action = (
                        server.script[min(index, len(server.script) - 1)]
                        if server.script
                        else Action()
                    )
                if action.kind == "drop":
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                if action.kind == "hang":
                    server.stop_event.wait(action.hang)
                    self.close_connection = True
                    return
                self.send_response(action.status)
                for name, value in action.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(action.body)))
                self.end_headers()
                self.wfile.write(action.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def set(self, *actions: Action) -> None:
        """Replace the script and forget earlier requests."""
        with self._lock:
            self.script = list(actions)
            self.received = []

    def gaps(self) -> List[float]:
        """Seconds between consecutive requests."""
        times = [r.at for r in self.received]
        return [b - a for a, b in zip(times, times[1:])]

    def close(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def _server_instance() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def server(_server_instance: ScriptedServer) -> ScriptedServer:
    """The scripted server, reset to answer 200 with an empty body."""
    _server_instance.set(Action())
    return _server_instance


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def header_items(request: Any) -> List[Tuple[str, str]]:
    """An httpx2 request's headers as lower-cased (name, value) pairs."""
    return [(k.lower(), v) for k, v in request.headers.multi_items()]


def mypy_strict(program: Path, package_dir: Path) -> "subprocess.CompletedProcess[str]":
    """``mypy --strict`` on ``program`` with the package under test importable."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(package_dir)},
        cwd=program.parent,
    )
