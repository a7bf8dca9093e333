"""The reconnection policy of a realtime connection, exactly as SDK 3.51.0's: only when
``on_reconnecting`` is given; after close codes 1001, 1005, 1006, 1011, 1012, 1013,
1015; ``max_retries`` (5) attempts, each after ``initial_delay`` (0.5 s) doubling up to
``max_delay`` (8 s) times a jitter in [0.75, 1]; a message of application progress
resets the count. Messages sent while reconnecting are queued and sent once the new
socket is open."""

from __future__ import annotations

import dataclasses
import json
import random
from typing import TYPE_CHECKING, Callable, Optional, Union

from ._realtime_dispatch import parse_server_event
from ._realtime_events import RealtimeServerEvent
from ._realtime_handlers import EventHandlers, Handlers
from ._realtime_send import SendQueue
from ._realtime_url import log
from ._types import Headers, Query
from ._websocket_reconnection import (
    ReconnectingEvent,
    ReconnectingOverrides,
    is_recoverable_close,
)

if TYPE_CHECKING:
    from ._base_client import BaseClient

__all__ = [
    "DEFAULT_INITIAL_DELAY",
    "DEFAULT_MAX_DELAY",
    "DEFAULT_MAX_RETRIES",
    "ConnectionState",
    "OnReconnecting",
    "ReconnectTiming",
    "backoff_delay",
    "close_code",
]

DEFAULT_MAX_RETRIES = 5
DEFAULT_INITIAL_DELAY = 0.5
DEFAULT_MAX_DELAY = 8.0
JITTER_FLOOR = 0.75
"""The smallest factor the jitter applies to a delay (the SDK's ``0.75 + r * 0.25``)."""
ABNORMAL_CLOSURE = 1006
"""The code of a connection that ended without a close frame (RFC 6455 7.1.5)."""

OnReconnecting = Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]


@dataclasses.dataclass(frozen=True)
class ReconnectTiming:
    """How the wait before each attempt is drawn and slept. The defaults are the SDK's:
    ``jitter`` uniform in [0, 1), and a real wait that ``close()`` interrupts; a test
    injects both (``sleep`` is then called with each delay instead of waiting)."""

    jitter: Callable[[], float] = random.random
    sleep: Optional[Callable[[float], object]] = None


def backoff_delay(
    attempt: int,
    initial_delay: float,
    max_delay: float,
    jitter: Callable[[], float] = random.random,
) -> float:
    """The wait before attempt ``attempt`` (1-based)."""
    base: float = min(initial_delay * (2 ** (attempt - 1)), max_delay)
    return base * (JITTER_FLOOR + jitter() * (1 - JITTER_FLOOR))


def close_code(exc: BaseException) -> int:
    """The code the server closed with (``websockets``' ``rcvd``), else 1006."""
    rcvd = getattr(exc, "rcvd", None)
    code = getattr(rcvd, "code", None)
    return code if isinstance(code, int) else ABNORMAL_CLOSURE


def _progress(data: Union[str, bytes]) -> bool:
    """Whether a received message is application progress (resets the retry budget):
    a JSON object with a non-empty ``type`` other than ``error``."""
    try:
        value: object = json.loads(data)
    except (ValueError, RecursionError):
        return False
    kind = value.get("type") if isinstance(value, dict) else None
    return isinstance(kind, str) and bool(kind) and kind != "error"


class ConnectionState(EventHandlers):
    """What the sync and async connections share: reconnection settings and state."""

    def _init_state(
        self,
        *,
        client: BaseClient,
        on_reconnecting: Optional[OnReconnecting] = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        extra_query: Query = {},
        extra_headers: Headers = {},
        send_queue: Optional[SendQueue] = None,
        timing: Optional[ReconnectTiming] = None,
    ) -> None:
        self._client = client
        self._on_reconnecting = on_reconnecting
        self._max_retries = max_retries
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._extra_query = extra_query
        self._extra_headers = extra_headers
        self._send_queue = send_queue if send_queue is not None else SendQueue()
        self._timing = timing or ReconnectTiming()
        self._reconnect_attempt = 0
        self._intentionally_closed = False
        self._is_reconnecting = False
        self._handlers = Handlers()

    def _may_reconnect(self, exc: BaseException) -> Optional[int]:
        """The close code to reconnect after, or None when the policy says no."""
        if self._on_reconnecting is None or self._intentionally_closed:
            return None
        code = close_code(exc)
        return code if is_recoverable_close(code) else None

    def _attempts(self) -> range:
        return range(self._reconnect_attempt + 1, self._max_retries + 1)

    def _next_attempt(self, attempt: int, code: int) -> Optional[float]:
        """Ask ``on_reconnecting`` about ``attempt``: the delay, or None to give up."""
        assert self._on_reconnecting is not None
        self._reconnect_attempt = attempt
        delay = backoff_delay(
            attempt, self._initial_delay, self._max_delay, self._timing.jitter
        )
        event = ReconnectingEvent(
            attempt=attempt,
            max_attempts=self._max_retries,
            delay=delay,
            close_code=code,
            extra_query=self._extra_query,
            extra_headers=self._extra_headers,
        )
        try:
            result = self._on_reconnecting(event)
        except Exception:
            return None
        if result is not None:
            if result.get("abort"):
                return None
            if "extra_query" in result:
                self._extra_query = result["extra_query"]
            if "extra_headers" in result:
                self._extra_headers = result["extra_headers"]
        log.info(
            "Reconnecting to WebSocket API (attempt %d/%d) after %.1fs delay",
            attempt,
            self._max_retries,
            delay,
        )
        return delay

    @staticmethod
    def _flush_failed(
        close: Optional[Callable[[], object]], exc: BaseException
    ) -> bool:
        """After a failed flush on a new socket: close it; True to stop reconnecting
        (the socket was closed with a code that is not worth retrying), as the SDK."""
        if close is not None:
            try:
                close()
            except Exception:
                pass
        code = getattr(getattr(exc, "rcvd", None), "code", None)
        return isinstance(code, int) and not is_recoverable_close(code)

    def _note_received(self, message: Union[str, bytes]) -> None:
        if self._reconnect_attempt and _progress(message):
            self._reconnect_attempt = 0

    def parse_event(self, data: Union[str, bytes]) -> RealtimeServerEvent:
        """A raw message (``str`` or ``bytes``) as a server event; an unknown ``type``
        gives an `UnknownRealtimeServerEvent` (contract rule 4)."""
        return parse_server_event(data)
