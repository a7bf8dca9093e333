"""The async realtime connection and its manager (`AsyncOpenAI().realtime.connect(...)`)."""

from __future__ import annotations

from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Optional,
    Union,
)

from ._exceptions import OpenAIError, WebSocketConnectionClosedError
from ._realtime_events import RealtimeServerEvent
from ._realtime_manager import ManagerBase
from ._realtime_reconnect import ConnectionState
from ._realtime_resources import (
    AsyncRealtimeConversationResource,
    AsyncRealtimeInputAudioBufferResource,
    AsyncRealtimeOutputAudioBufferResource,
    AsyncRealtimeResponseResource,
    AsyncRealtimeSessionResource,
)
from ._realtime_send import ClientEvent, encode_client_event
from ._realtime_url import log
from ._types import Headers, Query
from ._websocket_connection_options import WebSocketConnectionOptions

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as AsyncWebSocketConnection

    from ._base_client import AsyncAPIClient

__all__ = ["AsyncRealtimeConnection", "AsyncRealtimeConnectionManager"]


class AsyncRealtimeConnection(ConnectionState):
    """A live realtime WebSocket (async)."""

    session: AsyncRealtimeSessionResource
    response: AsyncRealtimeResponseResource
    input_audio_buffer: AsyncRealtimeInputAudioBufferResource
    conversation: AsyncRealtimeConversationResource
    output_audio_buffer: AsyncRealtimeOutputAudioBufferResource

    def __init__(
        self,
        connection: AsyncWebSocketConnection,
        *,
        client: AsyncAPIClient,
        make_ws: Optional[
            Callable[[Query, Headers], Awaitable[AsyncWebSocketConnection]]
        ] = None,
        **options: Any,
    ) -> None:
        """``options``: the reconnection settings of `connect` and the send queue."""
        self._connection = connection
        self._make_ws = make_ws
        self._init_state(client=client, **options)
        self.session = AsyncRealtimeSessionResource(self)
        self.response = AsyncRealtimeResponseResource(self)
        self.input_audio_buffer = AsyncRealtimeInputAudioBufferResource(self)
        self.conversation = AsyncRealtimeConversationResource(self)
        self.output_audio_buffer = AsyncRealtimeOutputAudioBufferResource(self)

    async def __aiter__(self) -> AsyncIterator[RealtimeServerEvent]:
        """Every server event until the connection closes (reconnecting if enabled)."""
        from websockets.exceptions import ConnectionClosed, ConnectionClosedOK

        while True:
            try:
                yield await self.recv()
            except ConnectionClosed as exc:
                if not await self._reconnect(exc):
                    unsent = self._send_queue.drain()
                    if unsent:
                        raise WebSocketConnectionClosedError(
                            "WebSocket connection closed with unsent messages",
                            unsent_messages=unsent,
                        ) from exc
                    if isinstance(exc, ConnectionClosedOK):
                        return
                    raise

    async def recv(self) -> RealtimeServerEvent:
        """The next server event."""
        return self.parse_event(await self.recv_bytes())

    async def recv_bytes(self) -> bytes:
        """The next message as raw bytes (parse it with `parse_event`)."""
        message = await self._connection.recv(decode=False)
        log.debug("Received WebSocket message: %i bytes", len(message))
        self._note_received(message)
        return message

    async def send(self, event: ClientEvent) -> None:
        """Send a client event (queued while reconnecting)."""
        await self.send_raw(encode_client_event(self._client, event))

    async def send_raw(self, data: Union[str, bytes]) -> None:
        if not self._intentionally_closed and self._is_reconnecting:
            self._send_queue.enqueue(data)
            return
        if not self._intentionally_closed and self._send_queue:
            self._send_queue.enqueue(data)
            await self._flush_send_queue()
            return
        await self._connection.send(data)

    async def close(self, *, code: int = 1000, reason: str = "") -> None:
        self._intentionally_closed = True
        self._is_reconnecting = False
        await self._connection.close(code=code, reason=reason)

    async def _flush_send_queue(self, *, raise_on_error: bool = False) -> None:
        """Send the queued messages; a message whose send fails is dropped and the
        failure logged (raised with ``raise_on_error``), as the SDK does."""
        try:
            while not self._intentionally_closed:
                data = self._send_queue.pop()
                if data is None:
                    return
                await self._connection.send(data)
        except Exception:
            log.warning("Failed to flush send queue after reconnect")
            if raise_on_error:
                raise

    async def _wait(self, delay: float) -> bool:
        """Wait ``delay`` seconds before an attempt; True when closed meanwhile."""
        import asyncio

        if self._timing.sleep is not None:
            self._timing.sleep(delay)
        else:
            await asyncio.sleep(delay)
        return self._intentionally_closed

    async def _reconnect(self, exc: BaseException) -> bool:
        import asyncio

        code = self._may_reconnect(exc)
        if code is None or self._make_ws is None:
            return False
        self._is_reconnecting = True
        try:
            for attempt in self._attempts():
                if self._intentionally_closed:
                    return False
                delay = self._next_attempt(attempt, code)
                if delay is None or await self._wait(delay):
                    return False
                try:
                    connection = await self._make_ws(
                        self._extra_query, self._extra_headers
                    )
                except Exception:
                    continue
                if self._intentionally_closed:
                    await asyncio.shield(connection.close())
                    return False
                self._connection = connection
                try:
                    await self._flush_send_queue(raise_on_error=True)
                except Exception as flush_exc:
                    try:
                        await connection.close()
                    except Exception:
                        pass
                    if self._flush_failed(None, flush_exc):
                        return False
                    continue
                log.info("Reconnected to WebSocket API")
                return True
            return False
        finally:
            self._is_reconnecting = False

    async def dispatch_events(self) -> None:
        """Call the handlers for each event until the connection closes (coroutines
        are awaited); an ``error`` event without a handler raises `OpenAIError`."""
        import inspect

        async for event in self:
            specific = self._handlers.take(event.type)
            generic = self._handlers.take("event")
            if event.type == "error" and not specific and not generic:
                raise OpenAIError(f"WebSocket error: {event}")
            for handler in specific + generic:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result


class AsyncRealtimeConnectionManager(ManagerBase):
    """Returned by `client.realtime.connect(...)`: an async context manager opening an
    `AsyncRealtimeConnection` and closing it on exit; ``await enter()`` without one."""

    _client: AsyncAPIClient

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        websocket_connection_options: WebSocketConnectionOptions,
        **options: Any,
    ) -> None:
        super().__init__(
            client=client,
            websocket_connection_options=websocket_connection_options,
            **options,
        )
        self._client = client
        self._connection: Optional[AsyncRealtimeConnection] = None

    async def __aenter__(self) -> AsyncRealtimeConnection:
        ws = await self._connect_ws(self._extra_query, self._extra_headers)
        try:
            self._connection = AsyncRealtimeConnection(
                ws,
                client=self._client,
                make_ws=self._connect_ws if self._on_reconnecting is not None else None,
                **self._connection_kwargs(),
            )
            self._handlers.merge_into(self._connection._handlers)
            await self._connection._flush_send_queue()
        except BaseException:
            self._connection = None
            try:
                await ws.close()
            except BaseException:
                pass
            raise
        return self._connection

    enter = __aenter__

    async def _connect_ws(
        self, extra_query: Query, extra_headers: Headers
    ) -> AsyncWebSocketConnection:
        try:
            from websockets.asyncio.client import connect
            from websockets.exceptions import SecurityError
            from websockets.uri import parse_uri
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise OpenAIError("`websockets` is needed for realtime.connect") from exc

        class _SameOriginConnect(connect):
            """Keep the WebSocket's credentials on its origin (as the SDK)."""

            def process_redirect(self, exc: Exception) -> Union[Exception, str]:
                target = super().process_redirect(exc)
                if isinstance(target, str):
                    a, b = parse_uri(self.uri), parse_uri(target)
                    if (a.secure, a.host, a.port) != (b.secure, b.host, b.port):
                        return SecurityError(
                            "Cross-origin WebSocket redirects are not allowed"
                        )
                return target

        url, headers, options = self._target(extra_query, extra_headers)
        return await _SameOriginConnect(
            url, user_agent_header=None, additional_headers=headers, **options
        )

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        if self._connection is not None:
            try:
                await self._connection.close()
            except Exception:
                if exc is None:
                    raise


# -- the helpers on a connection (one per client event) ----------------------------
