"""The sync realtime connection and its manager (`OpenAI().realtime.connect(...)`)."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Union

from ._exceptions import OpenAIError, WebSocketConnectionClosedError
from ._realtime_events import RealtimeServerEvent
from ._realtime_manager import ManagerBase
from ._realtime_reconnect import ConnectionState
from ._realtime_resources import (
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
)
from ._realtime_send import ClientEvent, encode_client_event
from ._realtime_url import log
from ._types import Headers, Query
from ._websocket_connection_options import SyncWebSocketConnectionOptions

if TYPE_CHECKING:
    from websockets.sync.client import ClientConnection as WebSocketConnection

    from ._base_client import SyncAPIClient

__all__ = ["RealtimeConnection", "RealtimeConnectionManager"]


class RealtimeConnection(ConnectionState):
    """A live realtime WebSocket (sync)."""

    session: RealtimeSessionResource
    response: RealtimeResponseResource
    input_audio_buffer: RealtimeInputAudioBufferResource
    conversation: RealtimeConversationResource
    output_audio_buffer: RealtimeOutputAudioBufferResource

    def __init__(
        self,
        connection: WebSocketConnection,
        *,
        client: SyncAPIClient,
        make_ws: Optional[Callable[[Query, Headers], WebSocketConnection]] = None,
        **options: Any,
    ) -> None:
        """``options``: the reconnection settings of `connect` and the send queue."""
        self._connection = connection
        self._make_ws = make_ws
        self._init_state(client=client, **options)
        self._lock = threading.RLock()
        self._close_event = threading.Event()
        self.session = RealtimeSessionResource(self)
        self.response = RealtimeResponseResource(self)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self)
        self.conversation = RealtimeConversationResource(self)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self)

    def __iter__(self) -> Iterator[RealtimeServerEvent]:
        """Every server event until the connection closes (reconnecting if enabled)."""
        from websockets.exceptions import ConnectionClosed, ConnectionClosedOK

        while True:
            try:
                yield self.recv()
            except ConnectionClosed as exc:
                if not self._reconnect(exc):
                    unsent = self._send_queue.drain()
                    if unsent:
                        raise WebSocketConnectionClosedError(
                            "WebSocket connection closed with unsent messages",
                            unsent_messages=unsent,
                        ) from exc
                    if isinstance(exc, ConnectionClosedOK):
                        return
                    raise

    def recv(self) -> RealtimeServerEvent:
        """The next server event."""
        return self.parse_event(self.recv_bytes())

    def recv_bytes(self) -> bytes:
        """The next message as raw bytes (parse it with `parse_event`)."""
        from websockets.version import version

        if version.startswith("13."):
            # websockets 13's sync recv() always decodes text frames.
            received = self._connection.recv()
            message = (
                received.encode("utf-8") if isinstance(received, str) else received
            )
        else:
            message = self._connection.recv(decode=False)
        log.debug("Received WebSocket message: %i bytes", len(message))
        self._note_received(message)
        return message

    def send(self, event: ClientEvent) -> None:
        """Send a client event (queued while reconnecting)."""
        self.send_raw(encode_client_event(self._client, event))

    def send_raw(self, data: Union[str, bytes]) -> None:
        with self._lock:
            if not self._intentionally_closed and self._is_reconnecting:
                self._send_queue.enqueue(data)
                return
            if not self._intentionally_closed and self._send_queue:
                self._send_queue.enqueue(data)
                self._flush_send_queue()
                return
            connection = self._connection
        connection.send(data)

    def close(self, *, code: int = 1000, reason: str = "") -> None:
        self._close_event.set()
        with self._lock:
            self._intentionally_closed = True
            self._is_reconnecting = False
            connection = self._connection
        connection.close(code=code, reason=reason)

    def _flush_send_queue(self, *, raise_on_error: bool = False) -> None:
        """Send the queued messages; a message whose send fails is dropped and the
        failure logged (raised with ``raise_on_error``), as the SDK does."""
        try:
            while not self._intentionally_closed:
                data = self._send_queue.pop()
                if data is None:
                    return
                self._connection.send(data)
        except Exception:
            log.warning("Failed to flush send queue after reconnect")
            if raise_on_error:
                raise

    def _wait(self, delay: float) -> bool:
        """Wait ``delay`` seconds before an attempt; True when closed meanwhile."""
        if self._timing.sleep is not None:
            self._timing.sleep(delay)
            return self._intentionally_closed
        return self._close_event.wait(delay)

    def _reconnect(self, exc: BaseException) -> bool:
        code = self._may_reconnect(exc)
        if code is None or self._make_ws is None:
            return False
        with self._lock:
            if self._intentionally_closed:
                return False
            self._is_reconnecting = True
        try:
            for attempt in self._attempts():
                if self._intentionally_closed:
                    return False
                delay = self._next_attempt(attempt, code)
                if delay is None or self._wait(delay):
                    return False
                try:
                    connection = self._make_ws(self._extra_query, self._extra_headers)
                except Exception:
                    continue
                with self._lock:
                    if self._intentionally_closed:
                        connection.close()
                        return False
                    self._connection = connection
                    try:
                        self._flush_send_queue(raise_on_error=True)
                    except Exception as flush_exc:
                        if self._flush_failed(connection.close, flush_exc):
                            return False
                        continue
                    self._is_reconnecting = False
                log.info("Reconnected to WebSocket API")
                return True
            return False
        finally:
            with self._lock:
                self._is_reconnecting = False

    def dispatch_events(self) -> None:
        """Call the handlers for each event until the connection closes; an ``error``
        event without an ``error`` or ``event`` handler raises `OpenAIError`."""
        for event in self:
            specific = self._handlers.take(event.type)
            generic = self._handlers.take("event")
            if event.type == "error" and not specific and not generic:
                raise OpenAIError(f"WebSocket error: {event}")
            for handler in specific + generic:
                handler(event)


class RealtimeConnectionManager(ManagerBase):
    """Returned by `client.realtime.connect(...)`: a context manager opening a
    `RealtimeConnection` and closing it on exit; ``enter()`` opens without one."""

    _client: SyncAPIClient

    def __init__(
        self,
        *,
        client: SyncAPIClient,
        websocket_connection_options: SyncWebSocketConnectionOptions,
        **options: Any,
    ) -> None:
        super().__init__(
            client=client,
            websocket_connection_options=websocket_connection_options,
            **options,
        )
        self._client = client
        self._connection: Optional[RealtimeConnection] = None

    def __enter__(self) -> RealtimeConnection:
        ws = self._connect_ws(self._extra_query, self._extra_headers)
        try:
            self._connection = RealtimeConnection(
                ws,
                client=self._client,
                make_ws=self._connect_ws if self._on_reconnecting is not None else None,
                **self._connection_kwargs(),
            )
            self._handlers.merge_into(self._connection._handlers)
            self._connection._flush_send_queue()
        except BaseException:
            self._connection = None
            try:
                ws.close()
            except BaseException:
                pass
            raise
        return self._connection

    enter = __enter__

    def _connect_ws(
        self, extra_query: Query, extra_headers: Headers
    ) -> WebSocketConnection:
        try:
            from websockets.sync.client import connect
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise OpenAIError("`websockets` is needed for realtime.connect") from exc
        url, headers, options = self._target(extra_query, extra_headers)
        return connect(
            url, user_agent_header=None, additional_headers=headers, **options
        )

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                if exc is None:
                    raise
