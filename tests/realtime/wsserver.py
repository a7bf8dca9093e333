"""A real WebSocket server on 127.0.0.1 for the realtime tests, in a thread of its own.

It records each connection's handshake and every frame it receives (parsed JSON),
sends a scripted list of server events when a connection opens, and can end a
connection after some frames with a close code (``1006``: no close frame, the TCP
connection is aborted; ``1005``: a close frame without a code; ``1015``: a raw frame). Bounded: every wait has a timeout; ``stop()`` closes all.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

ABNORMAL = 1006
# unmasked server close frames (FIN + opcode 8, payload length, payload)
RAW_CLOSE_FRAMES = {
    1005: b"\x88\x00",
    1015: b"\x88\x02" + (1015).to_bytes(2, "big"),
}


@dataclass
class Connection:
    path: str
    query: List[Tuple[str, str]]
    headers: Dict[str, str]
    frames: List[Any] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)


class RealtimeTestServer:
    def __init__(
        self,
        script: Optional[List[Dict[str, Any]]] = None,
        *,
        close_plan: Optional[Dict[int, Tuple[int, int]]] = None,
        reject_handshakes: Iterable[int] = (),
    ) -> None:
        """``script``: events sent on each new connection; ``close_plan``: connection
        index -> (frames to receive first, close code); ``reject_handshakes``: the
        handshakes (counted from 1) answered with HTTP 503."""
        self.script = list(script or [])
        self.close_plan = dict(close_plan or {})
        self.reject_handshakes = set(reject_handshakes)
        self.connections: List[Connection] = []
        self.handshakes = 0
        self.open = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Any = None
        self.port = 0
        self._frame = threading.Condition()

    def __enter__(self) -> RealtimeTestServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v1"

    async def _start(self) -> None:
        from websockets.asyncio.server import serve

        self._server = await serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._process_request,
            max_size=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            await asyncio.wait_for(self._server.wait_closed(), 10)

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(15)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    async def _process_request(self, connection: Any, request: Any) -> Any:
        self.handshakes += 1
        if self.handshakes in self.reject_handshakes:
            return connection.respond(503, "try later\n")
        return None

    async def _handle(self, ws: Any) -> None:
        split = urlsplit(ws.request.path)
        conn = Connection(
            path=split.path,
            query=parse_qsl(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in ws.request.headers.raw_items()},
        )
        index = len(self.connections)
        self.connections.append(conn)
        self.open += 1
        plan = self.close_plan.get(index)
        try:
            for event in self.script:
                await ws.send(json.dumps(event))
            if plan is not None and plan[0] == 0:
                await self._end(ws, plan[1])
                return
            async for message in ws:
                with self._frame:
                    conn.frames.append(json.loads(message))
                    self._frame.notify_all()
                if plan is not None and len(conn.frames) >= plan[0]:
                    await self._end(ws, plan[1])
                    return
        except Exception:
            pass
        finally:
            self.open -= 1
            conn.closed.set()

    @staticmethod
    async def _end(ws: Any, code: int) -> None:
        """Close with ``code`` as a server can: 1006 drops the TCP connection without
        a close frame; 1005 is a close frame without a code; 1015 (which RFC 6455
        forbids in a frame) is written raw, and the client answers it as a protocol
        error; the others are ordinary closing handshakes."""
        if code == ABNORMAL:
            ws.transport.abort()
        elif code in RAW_CLOSE_FRAMES:
            ws.transport.write(RAW_CLOSE_FRAMES[code])
            await asyncio.wait_for(ws.wait_closed(), 10)
        else:
            await ws.close(code, "planned")

    def wait_frames(self, count: int, timeout: float = 10.0) -> List[Any]:
        """Every frame received so far, once at least ``count`` have arrived."""
        with self._frame:
            self._frame.wait_for(
                lambda: sum(len(c.frames) for c in self.connections) >= count, timeout
            )
            return [f for c in self.connections for f in c.frames]
