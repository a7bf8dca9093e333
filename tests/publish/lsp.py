"""A minimal Language Server Protocol client over stdio (JSON-RPC 2.0, Content-Length framing),
enough to drive yaml-language-server the way an editor does."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LspError(Exception):
    pass


class LspClient:
    def __init__(self, command: list[str], settings: dict[str, Any], cwd: Path) -> None:
        self.settings = settings
        self.proc = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[list[dict[str, Any]]]] = {}
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._stderr: list[bytes] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # ------------------------------------------------------------------ framing

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        with self._lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read_message(self) -> dict[str, Any] | None:
        assert self.proc.stdout is not None
        headers: dict[str, str] = {}
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return None
            line = line.rstrip(b"\r\n")
            if not line:
                break
            key, _, value = line.decode("ascii").partition(":")
            headers[key.strip().lower()] = value.strip()
        body = self.proc.stdout.read(int(headers["content-length"]))
        message: dict[str, Any] = json.loads(body)
        return message

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def _read_loop(self) -> None:
        while True:
            message = self._read_message()
            if message is None:
                return
            if "id" in message and ("result" in message or "error" in message):
                box = self._responses.get(message["id"])
                if box is not None:
                    box.put(message)
            elif "id" in message:  # a request from the server
                self._answer(message)
            else:
                if message.get("method") == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.diagnostics.setdefault(params["uri"], []).append(
                        params["diagnostics"]
                    )
                self.notifications.put(message)

    def _answer(self, request: dict[str, Any]) -> None:
        method = request.get("method")
        result: Any = None
        if method == "workspace/configuration":
            items = request["params"]["items"]
            result = [self._section(item.get("section")) for item in items]
        self._send({"id": request["id"], "result": result})

    def _section(self, section: str | None) -> Any:
        if not section:
            return self.settings
        value: Any = self.settings
        for part in section.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    # ------------------------------------------------------------------ API

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        box: queue.Queue[dict[str, Any]] = queue.Queue()
        self._responses[ident] = box
        self._send({"id": ident, "method": method, "params": params})
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise LspError(
                f"no reply to {method} within {timeout}s; stderr: {self.stderr()}"
            )
        if "error" in reply:
            raise LspError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")[-2000:]

    def initialize(self, root: Path) -> Any:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {"relatedInformation": True},
                        "completion": {
                            "completionItem": {"documentationFormat": ["markdown"]}
                        },
                    },
                },
                "initializationOptions": {},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return result

    def open(self, uri: str, text: str, language: str = "yaml") -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": 1,
                    "text": text,
                }
            },
        )

    def wait_for_diagnostics(
        self, uri: str, predicate: Any = bool, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """The first diagnostics published for `uri` that satisfy `predicate`."""
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            batches = self.diagnostics.get(uri, [])
            for batch in batches[seen:]:
                if predicate(batch):
                    return batch
            seen = len(batches)
            time.sleep(0.05)
        raise LspError(
            f"no matching diagnostics for {uri}: {self.diagnostics.get(uri)}"
        )

    def hover(self, uri: str, line: int, character: int) -> Any:
        return self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
            },
        )

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
