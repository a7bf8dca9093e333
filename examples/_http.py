"""A minimal asyncio HTTP/1.1 server for the examples (one request per connection).

Enough for a webhook endpoint and a local fake of OpenAI's REST endpoints, with no
dependency beyond the standard library. It reads the request line, the headers and a
``Content-Length`` body (bounded), calls the handler and closes the connection. It
tracks its open connections so that tests can check none leaks.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Dict, List, Tuple

Request = Tuple[str, str, Dict[str, str], bytes]  # method, target, headers, body
Response = Tuple[int, Dict[str, str], bytes]
Handler = Callable[[str, str, Dict[str, str], bytes], Awaitable[Response]]

MAX_BODY = 1 << 20
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 409: "Conflict"}


class HTTPServer:
    """``await HTTPServer(handler).start()``; ``port``; ``await close()``."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0):
        self.handler = handler
        self.host = host
        self.port = port
        self.open_connections = 0
        self.requests = 0
        self.incomplete = 0  # connections closed before a whole request arrived
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> HTTPServer:
        self._server = await asyncio.start_server(
            self._serve, self.host, self.port, backlog=4096
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.open_connections += 1
        try:
            try:
                request = await asyncio.wait_for(read_request(reader), 30)
            except (asyncio.IncompleteReadError, ConnectionError, ValueError):
                self.incomplete += 1
                return
            except asyncio.TimeoutError:
                self.incomplete += 1
                return
            self.requests += 1
            status, headers, body = await self.handler(*request)
            head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
            headers = {
                "content-length": str(len(body)),
                "connection": "close",
                **headers,
            }
            head += [f"{k}: {v}" for k, v in headers.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            try:
                await writer.drain()
            except ConnectionError:
                pass
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass
            self.open_connections -= 1


async def read_request(reader: asyncio.StreamReader) -> Request:
    line = (await reader.readuntil(b"\r\n")).decode("latin-1").rstrip("\r\n")
    method, target, _ = line.split(" ", 2)
    headers: Dict[str, str] = {}
    while True:
        raw = (await reader.readuntil(b"\r\n")).decode("latin-1").rstrip("\r\n")
        if not raw:
            break
        name, _, value = raw.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length > MAX_BODY:
        raise ValueError("body too large")
    body = await reader.readexactly(length) if length else b""
    return method, target, headers, body


async def post(
    host: str,
    port: int,
    target: str,
    headers: Dict[str, str],
    body: bytes,
    *,
    slow: float = 0.0,
    drop_after: int | None = None,
    timeout: float = 30.0,
) -> int | None:
    """POST with control over faults: ``slow`` pauses between the headers and the body,
    ``drop_after`` closes the connection after that many body bytes. The status, or
    None when the request was dropped or the connection failed."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head: List[str] = [f"POST {target} HTTP/1.1", f"host: {host}:{port}"]
        all_headers = {
            "content-type": "application/json",
            "content-length": str(len(body)),
            **headers,
        }
        head += [f"{k}: {v}" for k, v in all_headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        if slow:
            await writer.drain()
            await asyncio.sleep(slow)
        if drop_after is not None:
            writer.write(body[:drop_after])
            await writer.drain()
            return None
        writer.write(body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readuntil(b"\r\n"), timeout)
        await reader.read()  # the server closes the connection
        return int(status_line.split()[1])
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError):
        return None
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass
