"""`client.realtime.connect(...)`: the realtime WebSocket, sync and async.

The same surface and behaviour as the official SDK 3.51.0
(``openai/resources/realtime/realtime.py`` and ``_websocket_connection.py``), contract
rule 5: the connection manager (a context manager, ``enter()``, ``send`` queued before
the socket opens, ``on`` / ``off`` / ``once``), the connection (``send``, ``recv``,
``recv_bytes``, ``parse_event``, iteration, ``close``, ``dispatch_events`` and the
``session`` / ``response`` / ``conversation.item`` / ``input_audio_buffer`` /
``output_audio_buffer`` helpers), the URL (``websocket_base_url`` or ``base_url`` as
ws/wss, ``/realtime``, ``model`` / ``extra_query`` / ``call_id``), the headers and the
reconnection policy: only when ``on_reconnecting`` is given, ``max_retries`` (5) attempts,
``initial_delay`` (0.5 s) doubling up to ``max_delay`` (8 s) times a jitter of 0.75-1.0,
after close codes 1001, 1005, 1006, 1011, 1012, 1013, 1015; messages sent while
reconnecting are queued (``max_queue_size`` bytes) and sent once the new socket is open.

Ours (contract rules 4, 5): an unknown server event type is returned as an
`UnknownRealtimeServerEvent`, and with ``validate_requests=True`` a client event is
checked before it is sent (closed keys; ``session.update``'s realtime ``session`` by
the generated ``calls.accept`` validator).

``websockets`` (``>=13,<16``, as the SDK) is imported only when a connection opens.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import threading
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    Union,
)

from typing_extensions import Self

from ._exceptions import (
    OpenAIError,
    RequestValidationError,
    WebSocketConnectionClosedError,
    WebSocketQueueFullError,
)
from ._realtime_events import (
    RealtimeEvent,
    RealtimeServerEvent,
    check_client_event,
    parse_server_event,
)
from ._types import Headers, Omit, Query, omit
from ._utils import cached_property, strip_omitted

if TYPE_CHECKING:
    import httpx2
    from websockets.asyncio.client import ClientConnection as AsyncWebSocketConnection
    from websockets.sync.client import ClientConnection as WebSocketConnection

    from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient

__all__ = [
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "SyncWebSocketConnectionOptions",
    "WebSocketConnectionOptions",
    "is_recoverable_close",
]

log: logging.Logger = logging.getLogger("realtime_calls.realtime")

ClientEvent = Union[Mapping[str, Any], RealtimeEvent]
"""A client event: a mapping such as ``{"type": "response.create"}`` or an event object."""


class SyncWebSocketConnectionOptions(TypedDict, total=False):
    """Options passed to ``websockets.sync.client.connect`` (as the SDK's)."""

    extensions: Optional[Sequence[Any]]
    subprotocols: Optional[Sequence[Any]]
    compression: Optional[str]
    max_size: Optional[int]
    max_queue: Union[int, None, Tuple[Optional[int], Optional[int]]]


class WebSocketConnectionOptions(SyncWebSocketConnectionOptions, total=False):
    """Options passed to ``websockets.asyncio.client.connect`` (as the SDK's)."""

    write_limit: Union[int, Tuple[int, Optional[int]]]


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """Passed to ``on_reconnecting`` before each reconnection attempt (as the SDK's)."""

    attempt: int
    max_attempts: int
    delay: float
    close_code: int
    extra_query: Query
    extra_headers: Headers


class ReconnectingOverrides(TypedDict, total=False):
    """What ``on_reconnecting`` may return: new query / headers, or ``abort``."""

    extra_query: Query
    extra_headers: Headers
    abort: bool


OnReconnecting = Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]

# RFC 6455 section 7.4.1, the SDK's set.
_RECOVERABLE_CLOSE_CODES = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})


def is_recoverable_close(code: int) -> bool:
    """Whether a close with this code is worth reconnecting after."""
    return code in _RECOVERABLE_CLOSE_CODES


def _backoff(attempt: int, initial_delay: float, max_delay: float) -> float:
    base: float = min(initial_delay * (2 ** (attempt - 1)), max_delay)
    return base * (0.75 + random.random() * 0.25)


def _close_code(exc: BaseException) -> int:
    rcvd = getattr(exc, "rcvd", None)
    code = getattr(rcvd, "code", None)
    return code if isinstance(code, int) else 1006


def _progress(data: Union[str, bytes]) -> bool:
    """Whether a received message is application progress (resets the retry budget):
    a JSON object with a non-empty ``type`` other than ``error``."""
    try:
        value: object = json.loads(data)
    except (ValueError, RecursionError):
        return False
    kind = value.get("type") if isinstance(value, dict) else None
    return isinstance(kind, str) and bool(kind) and kind != "error"


class _SendQueue:
    """Messages waiting for an open socket, bounded in bytes (as the SDK's)."""

    def __init__(self, max_bytes: int) -> None:
        self._items: List[Union[str, bytes]] = []
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    def enqueue(self, data: Union[str, bytes]) -> None:
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        with self._lock:
            if self._bytes + size > self._max_bytes:
                raise WebSocketQueueFullError("send queue is full, message discarded")
            self._items.append(data)
            self._bytes += size

    def pop(self) -> Optional[Union[str, bytes]]:
        with self._lock:
            if not self._items:
                return None
            data = self._items.pop(0)
            self._bytes -= len(data.encode("utf-8") if isinstance(data, str) else data)
            return data

    def drain(self) -> List[Union[str, bytes]]:
        with self._lock:
            items, self._items, self._bytes = self._items, [], 0
            return items

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class _Handlers:
    """Event handlers by type, ``"event"`` for every event (as the SDK's registry)."""

    def __init__(self) -> None:
        self._handlers: Dict[str, List[Tuple[Callable[..., Any], bool]]] = {}
        self._lock = threading.Lock()

    def add(self, kind: str, handler: Callable[..., Any], once: bool = False) -> None:
        with self._lock:
            self._handlers.setdefault(kind, []).append((handler, once))

    def remove(self, kind: str, handler: Callable[..., Any]) -> None:
        with self._lock:
            entries = self._handlers.get(kind, [])
            for index, (known, _) in enumerate(entries):
                if known == handler:
                    del entries[index]
                    break

    def take(self, kind: str) -> List[Callable[..., Any]]:
        with self._lock:
            entries = self._handlers.get(kind, [])
            self._handlers[kind] = [e for e in entries if not e[1]]
            return [handler for handler, _ in entries]

    def merge_into(self, other: _Handlers) -> None:
        with self._lock:
            for kind, entries in self._handlers.items():
                for handler, once in entries:
                    other.add(kind, handler, once)
            self._handlers.clear()


def _register(
    handlers: _Handlers,
    owner: Any,
    kind: str,
    handler: Optional[Callable[..., Any]],
    once: bool,
) -> Any:
    if handler is not None:
        handlers.add(kind, handler, once)
        return owner

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        handlers.add(kind, fn, once)
        return fn

    return decorator


def _encode(client: BaseClient, event: ClientEvent) -> str:
    """A client event as the JSON text the SDK sends (``json.dumps`` defaults), after
    the checks of ``validate_requests=True``."""
    if isinstance(event, RealtimeEvent):
        data: Dict[str, Any] = event.to_dict()
    else:
        data = strip_omitted(event)
    if client.validate_requests:
        problems = check_client_event(data)
        if problems:
            raise RequestValidationError(
                f"invalid {data.get('type')} client event: " + "; ".join(problems)
            )
        session = data.get("session")
        if (
            data.get("type") == "session.update"
            and isinstance(session, Mapping)
            and session.get("type") == "realtime"
        ):
            client._validate_request("calls.accept", session)
    return json.dumps(data)


def _ws_target(
    client: BaseClient,
    *,
    call_id: Union[str, Omit],
    model: Union[str, Omit],
    extra_query: Query,
    extra_headers: Headers,
    options: Mapping[str, Any],
) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
    """URL, headers and ``websockets`` options of a connection, built as the SDK does."""
    import httpx2

    from ._utils import stringify_items

    if not isinstance(call_id, Omit):
        extra_query = {**extra_query, "call_id": call_id}
    if client.websocket_base_url is not None:
        base = httpx2.URL(str(client.websocket_base_url))
    else:
        base = client.base_url
        base = base.copy_with(scheme="ws" if base.scheme == "http" else "wss")
    path, sep, query = base.raw_path.partition(b"?")
    url: httpx2.URL = base.copy_with(
        raw_path=path.rstrip(b"/") + b"/realtime" + sep + query
    )
    wanted: Dict[str, object] = {}
    if not isinstance(model, Omit):
        wanted["model"] = model
    wanted.update(extra_query)
    # As the SDK: defaults that a per-call key replaces are dropped (with their
    # `key[...]` forms), the rest keep the REST encoding (brackets); per-call values
    # repeat a key for each item of a sequence and send None as an empty value.
    prefixes = tuple(f"{key}[" for key in wanted)
    defaults = {k: v for k, v in client.default_query.items() if k not in wanted}
    params = httpx2.QueryParams(tuple(stringify_items(defaults))).merge(url.params)
    params = httpx2.QueryParams(
        [
            (key, value)
            for key, value in params.multi_items()
            if key not in wanted and not key.startswith(prefixes)
        ]
    )
    per_call: List[Tuple[str, str]] = []
    for key, value in wanted.items():
        if isinstance(value, Omit):
            continue
        if isinstance(value, (list, tuple)):
            for item in value:
                per_call += stringify_items({key: "" if item is None else item})
        else:
            per_call += stringify_items({key: "" if value is None else value})
    params = params.merge(httpx2.QueryParams(tuple(per_call)))
    url = url.copy_with(params=params)
    url = url.copy_with(
        scheme={"http": "ws", "https": "wss"}.get(url.scheme, url.scheme)
    )
    merged: Dict[str, Tuple[str, str]] = {}
    for mapping in (client.auth_headers, client.default_headers, extra_headers):
        for name, value in mapping.items():
            if isinstance(value, Omit):
                merged.pop(name.lower(), None)
            else:
                merged[name.lower()] = (name, value)
    headers = dict(merged.values())
    ws_options = dict(options)
    ws_options.setdefault("logger", _redacting_logger())
    ws_options.setdefault("max_size", None)
    if ws_options.get("max_size") is None:
        ws_options.setdefault("compression", None)
    log.debug("Connecting to WebSocket API")
    return str(url), headers, ws_options


class _EventHandlers:
    """``on`` / ``off`` / ``once``, as the SDK's connections and managers have them."""

    _handlers: _Handlers

    def on(self, event_type: str, handler: Optional[Callable[..., Any]] = None) -> Any:
        """Add a handler for ``event_type`` (``"event"``: every event); a method
        (returns ``self``) or, without ``handler``, a decorator."""
        return _register(self._handlers, self, event_type, handler, False)

    def off(self, event_type: str, handler: Callable[..., Any]) -> Self:
        """Remove a handler added with `on` / `once`."""
        self._handlers.remove(event_type, handler)
        return self

    def once(
        self, event_type: str, handler: Optional[Callable[..., Any]] = None
    ) -> Any:
        """As `on`, removed after its first call."""
        return _register(self._handlers, self, event_type, handler, True)


class _ManagerBase(_EventHandlers):
    """What the sync and async connection managers share."""

    def __init__(
        self,
        *,
        client: BaseClient,
        call_id: Union[str, Omit] = omit,
        model: Union[str, Omit] = omit,
        extra_query: Query,
        extra_headers: Headers,
        websocket_connection_options: Mapping[str, Any],
        on_reconnecting: Optional[OnReconnecting] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> None:
        self._call_id = call_id
        self._model = model
        self._extra_query = extra_query
        self._extra_headers = extra_headers
        self._options = websocket_connection_options
        self._on_reconnecting = on_reconnecting
        self._max_retries = max_retries
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._send_queue = _SendQueue(max_queue_size)
        self._handlers = _Handlers()
        self._base_client = client

    def send(self, event: ClientEvent) -> None:
        """Queue a client event; it is sent as soon as the connection opens."""
        self._send_queue.enqueue(_encode(self._base_client, event))

    def _connection_kwargs(self) -> Dict[str, Any]:
        return {
            "on_reconnecting": self._on_reconnecting,
            "max_retries": self._max_retries,
            "initial_delay": self._initial_delay,
            "max_delay": self._max_delay,
            "extra_query": self._extra_query,
            "extra_headers": self._extra_headers,
            "send_queue": self._send_queue,
        }

    def _target(
        self, extra_query: Query, extra_headers: Headers
    ) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
        return _ws_target(
            self._base_client,
            call_id=self._call_id,
            model=self._model,
            extra_query=extra_query,
            extra_headers=extra_headers,
            options=self._options,
        )


_SECRET_HEADERS = frozenset({"authorization", "api-key", "openai-api-key"})


class _RedactingLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """``websockets``' client logger with credentials redacted: at DEBUG it logs each
    handshake header, and the API key must never reach a log record (contract rule 5).
    """

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if (
            len(args) >= 2
            and isinstance(args[0], str)
            and args[0].lower() in _SECRET_HEADERS
        ):
            args = (args[0], "<redacted>", *args[2:])
        super().log(level, msg, *args, **kwargs)


def _redacting_logger() -> logging.LoggerAdapter:  # type: ignore[type-arg]
    return _RedactingLogger(logging.getLogger("websockets.client"), {})


class _ConnectionState(_EventHandlers):
    """What the sync and async connections share: reconnection settings and state."""

    def _init_state(
        self,
        *,
        client: BaseClient,
        on_reconnecting: Optional[OnReconnecting] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        extra_query: Query = {},
        extra_headers: Headers = {},
        send_queue: Optional[_SendQueue] = None,
    ) -> None:
        """Reconnection settings (as the SDK's defaults) and state."""
        if send_queue is None:
            send_queue = _SendQueue(1_048_576)
        self._client = client
        self._on_reconnecting = on_reconnecting
        self._max_retries = max_retries
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._extra_query = extra_query
        self._extra_headers = extra_headers
        self._send_queue = send_queue
        self._reconnect_attempt = 0
        self._intentionally_closed = False
        self._is_reconnecting = False
        self._handlers = _Handlers()

    def _next_attempt(
        self, attempt: int, close_code: int
    ) -> Optional[Tuple[float, ReconnectingEvent]]:
        """Ask ``on_reconnecting`` about ``attempt``; None to give up."""
        assert self._on_reconnecting is not None
        self._reconnect_attempt = attempt
        delay = _backoff(attempt, self._initial_delay, self._max_delay)
        event = ReconnectingEvent(
            attempt=attempt,
            max_attempts=self._max_retries,
            delay=delay,
            close_code=close_code,
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
        return delay, event

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


# -- sync -----------------------------------------------------------------------


class RealtimeConnection(_ConnectionState):
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
        self.send_raw(_encode(self._client, event))

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

    def _reconnect(self, exc: BaseException) -> bool:
        if (
            self._on_reconnecting is None
            or self._make_ws is None
            or self._intentionally_closed
        ):
            return False
        close_code = _close_code(exc)
        if not is_recoverable_close(close_code):
            return False
        with self._lock:
            if self._intentionally_closed:
                return False
            self._is_reconnecting = True
        try:
            for attempt in range(self._reconnect_attempt + 1, self._max_retries + 1):
                if self._intentionally_closed:
                    return False
                planned = self._next_attempt(attempt, close_code)
                if planned is None:
                    return False
                if self._close_event.wait(planned[0]):
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


class RealtimeConnectionManager(_ManagerBase):
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


# -- async ----------------------------------------------------------------------


class AsyncRealtimeConnection(_ConnectionState):
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
        await self.send_raw(_encode(self._client, event))

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

    async def _reconnect(self, exc: BaseException) -> bool:
        import asyncio

        if (
            self._on_reconnecting is None
            or self._make_ws is None
            or self._intentionally_closed
        ):
            return False
        close_code = _close_code(exc)
        if not is_recoverable_close(close_code):
            return False
        self._is_reconnecting = True
        try:
            for attempt in range(self._reconnect_attempt + 1, self._max_retries + 1):
                if self._intentionally_closed:
                    return False
                planned = self._next_attempt(attempt, close_code)
                if planned is None:
                    return False
                await asyncio.sleep(planned[0])
                if self._intentionally_closed:
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


class AsyncRealtimeConnectionManager(_ManagerBase):
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


def _event(kind: str, **fields: object) -> Dict[str, object]:
    return strip_omitted({"type": kind, **fields})


class BaseRealtimeConnectionResource:
    def __init__(self, connection: RealtimeConnection) -> None:
        self._connection = connection


class RealtimeSessionResource(BaseRealtimeConnectionResource):
    def update(
        self, *, session: Mapping[str, Any], event_id: Union[str, Omit] = omit
    ) -> None:
        """Update the session (``session.update``); answered by ``session.updated``."""
        self._connection.send(
            _event("session.update", session=session, event_id=event_id)
        )


class RealtimeResponseResource(BaseRealtimeConnectionResource):
    def create(
        self,
        *,
        event_id: Union[str, Omit] = omit,
        response: Union[Mapping[str, Any], Omit] = omit,
    ) -> None:
        """Start model inference (``response.create``)."""
        self._connection.send(
            _event("response.create", event_id=event_id, response=response)
        )

    def cancel(
        self, *, event_id: Union[str, Omit] = omit, response_id: Union[str, Omit] = omit
    ) -> None:
        """Cancel an in-progress response (``response.cancel``)."""
        self._connection.send(
            _event("response.cancel", event_id=event_id, response_id=response_id)
        )


class RealtimeInputAudioBufferResource(BaseRealtimeConnectionResource):
    def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.clear``."""
        self._connection.send(_event("input_audio_buffer.clear", event_id=event_id))

    def commit(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.commit``."""
        self._connection.send(_event("input_audio_buffer.commit", event_id=event_id))

    def append(self, *, audio: str, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.append`` (base64 audio)."""
        self._connection.send(
            _event("input_audio_buffer.append", audio=audio, event_id=event_id)
        )


class RealtimeConversationResource(BaseRealtimeConnectionResource):
    @cached_property
    def item(self) -> RealtimeConversationItemResource:
        return RealtimeConversationItemResource(self._connection)


class RealtimeConversationItemResource(BaseRealtimeConnectionResource):
    def delete(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.delete``."""
        self._connection.send(
            _event("conversation.item.delete", item_id=item_id, event_id=event_id)
        )

    def create(
        self,
        *,
        item: Mapping[str, Any],
        event_id: Union[str, Omit] = omit,
        previous_item_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.create``: add a message, function call or its output."""
        self._connection.send(
            _event(
                "conversation.item.create",
                item=item,
                event_id=event_id,
                previous_item_id=previous_item_id,
            )
        )

    def truncate(
        self,
        *,
        audio_end_ms: int,
        content_index: int,
        item_id: str,
        event_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.truncate``: cut an assistant message's audio."""
        self._connection.send(
            _event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )

    def retrieve(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.retrieve``."""
        self._connection.send(
            _event("conversation.item.retrieve", item_id=item_id, event_id=event_id)
        )


class RealtimeOutputAudioBufferResource(BaseRealtimeConnectionResource):
    def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``output_audio_buffer.clear`` (WebRTC/SIP): cut off the current audio."""
        self._connection.send(_event("output_audio_buffer.clear", event_id=event_id))


class BaseAsyncRealtimeConnectionResource:
    def __init__(self, connection: AsyncRealtimeConnection) -> None:
        self._connection = connection


class AsyncRealtimeSessionResource(BaseAsyncRealtimeConnectionResource):
    async def update(
        self, *, session: Mapping[str, Any], event_id: Union[str, Omit] = omit
    ) -> None:
        """Update the session (``session.update``); answered by ``session.updated``."""
        await self._connection.send(
            _event("session.update", session=session, event_id=event_id)
        )


class AsyncRealtimeResponseResource(BaseAsyncRealtimeConnectionResource):
    async def create(
        self,
        *,
        event_id: Union[str, Omit] = omit,
        response: Union[Mapping[str, Any], Omit] = omit,
    ) -> None:
        """Start model inference (``response.create``)."""
        await self._connection.send(
            _event("response.create", event_id=event_id, response=response)
        )

    async def cancel(
        self, *, event_id: Union[str, Omit] = omit, response_id: Union[str, Omit] = omit
    ) -> None:
        """Cancel an in-progress response (``response.cancel``)."""
        await self._connection.send(
            _event("response.cancel", event_id=event_id, response_id=response_id)
        )


class AsyncRealtimeInputAudioBufferResource(BaseAsyncRealtimeConnectionResource):
    async def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.clear``."""
        await self._connection.send(
            _event("input_audio_buffer.clear", event_id=event_id)
        )

    async def commit(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.commit``."""
        await self._connection.send(
            _event("input_audio_buffer.commit", event_id=event_id)
        )

    async def append(self, *, audio: str, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.append`` (base64 audio)."""
        await self._connection.send(
            _event("input_audio_buffer.append", audio=audio, event_id=event_id)
        )


class AsyncRealtimeConversationResource(BaseAsyncRealtimeConnectionResource):
    @cached_property
    def item(self) -> AsyncRealtimeConversationItemResource:
        return AsyncRealtimeConversationItemResource(self._connection)


class AsyncRealtimeConversationItemResource(BaseAsyncRealtimeConnectionResource):
    async def delete(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.delete``."""
        await self._connection.send(
            _event("conversation.item.delete", item_id=item_id, event_id=event_id)
        )

    async def create(
        self,
        *,
        item: Mapping[str, Any],
        event_id: Union[str, Omit] = omit,
        previous_item_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.create``: add a message, function call or its output."""
        await self._connection.send(
            _event(
                "conversation.item.create",
                item=item,
                event_id=event_id,
                previous_item_id=previous_item_id,
            )
        )

    async def truncate(
        self,
        *,
        audio_end_ms: int,
        content_index: int,
        item_id: str,
        event_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.truncate``: cut an assistant message's audio."""
        await self._connection.send(
            _event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )

    async def retrieve(
        self, *, item_id: str, event_id: Union[str, Omit] = omit
    ) -> None:
        """``conversation.item.retrieve``."""
        await self._connection.send(
            _event("conversation.item.retrieve", item_id=item_id, event_id=event_id)
        )


class AsyncRealtimeOutputAudioBufferResource(BaseAsyncRealtimeConnectionResource):
    async def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``output_audio_buffer.clear`` (WebRTC/SIP): cut off the current audio."""
        await self._connection.send(
            _event("output_audio_buffer.clear", event_id=event_id)
        )


# -- `client.realtime.connect` -----------------------------------------------------


class RealtimeConnect:
    """Mixed into the `realtime` resource: ``connect`` (sync)."""

    _client: SyncAPIClient

    def connect(
        self,
        *,
        call_id: Union[str, Omit] = omit,
        model: Union[str, Omit] = omit,
        extra_query: Query = {},
        extra_headers: Headers = {},
        websocket_connection_options: SyncWebSocketConnectionOptions = {},
        on_reconnecting: Optional[OnReconnecting] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> RealtimeConnectionManager:
        """Open the realtime WebSocket: ``call_id`` joins an existing call (the SIP
        sideband), ``model`` starts a new session. Use as a context manager."""
        return RealtimeConnectionManager(
            client=self._client,
            call_id=call_id,
            model=model,
            extra_query=extra_query,
            extra_headers=extra_headers,
            websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting,
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_queue_size=max_queue_size,
        )


class AsyncRealtimeConnect:
    """Mixed into the async `realtime` resource: ``connect``."""

    _client: AsyncAPIClient

    def connect(
        self,
        *,
        call_id: Union[str, Omit] = omit,
        model: Union[str, Omit] = omit,
        extra_query: Query = {},
        extra_headers: Headers = {},
        websocket_connection_options: WebSocketConnectionOptions = {},
        on_reconnecting: Optional[OnReconnecting] = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> AsyncRealtimeConnectionManager:
        """Open the realtime WebSocket: ``call_id`` joins an existing call (the SIP
        sideband), ``model`` starts a new session. Use as an async context manager."""
        return AsyncRealtimeConnectionManager(
            client=self._client,
            call_id=call_id,
            model=model,
            extra_query=extra_query,
            extra_headers=extra_headers,
            websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting,
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_queue_size=max_queue_size,
        )
