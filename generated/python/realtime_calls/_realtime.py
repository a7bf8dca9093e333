"""`client.realtime.connect(...)`: the realtime WebSocket, sync and async, in one import.

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

Where each part lives: ``_realtime_connect`` (``connect``), ``_realtime_sync`` /
``_realtime_async`` (the connections and managers), ``_realtime_resources`` (the
helpers), ``_realtime_reconnect`` (the policy), ``_realtime_url`` (URL, headers,
options), ``_realtime_send`` (encoding, the send queue), ``_realtime_handlers``
(``on`` / ``off`` / ``once``), ``_realtime_dispatch`` (event type -> class) and
``_websocket_reconnection`` / ``_websocket_connection_options`` (the SDK's public
types, re-exported at its paths ``types.websocket_reconnection`` /
``types.websocket_connection_options``). The connection classes are public at the SDK's
path ``resources.realtime.realtime``.
"""

from __future__ import annotations

from ._realtime_async import AsyncRealtimeConnection, AsyncRealtimeConnectionManager
from ._realtime_connect import AsyncRealtimeConnect, RealtimeConnect
from ._realtime_dispatch import parse_server_event, register_server_event
from ._realtime_reconnect import OnReconnecting, ReconnectTiming
from ._realtime_resources import (
    AsyncRealtimeConversationItemResource,
    AsyncRealtimeConversationResource,
    AsyncRealtimeInputAudioBufferResource,
    AsyncRealtimeOutputAudioBufferResource,
    AsyncRealtimeResponseResource,
    AsyncRealtimeSessionResource,
    BaseAsyncRealtimeConnectionResource,
    BaseRealtimeConnectionResource,
    RealtimeConversationItemResource,
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
)
from ._realtime_send import ClientEvent
from ._realtime_sync import RealtimeConnection, RealtimeConnectionManager
from ._websocket_connection_options import (
    SyncWebSocketConnectionOptions,
    WebSocketConnectionOptions,
)
from ._websocket_reconnection import (
    ReconnectingEvent,
    ReconnectingOverrides,
    is_recoverable_close,
)

__all__ = [
    "AsyncRealtimeConnect",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "AsyncRealtimeConversationItemResource",
    "AsyncRealtimeConversationResource",
    "AsyncRealtimeInputAudioBufferResource",
    "AsyncRealtimeOutputAudioBufferResource",
    "AsyncRealtimeResponseResource",
    "AsyncRealtimeSessionResource",
    "BaseAsyncRealtimeConnectionResource",
    "BaseRealtimeConnectionResource",
    "ClientEvent",
    "OnReconnecting",
    "RealtimeConnect",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
    "ReconnectTiming",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "SyncWebSocketConnectionOptions",
    "WebSocketConnectionOptions",
    "is_recoverable_close",
    "parse_server_event",
    "register_server_event",
]
