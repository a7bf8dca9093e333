"""SDK 3.51.0's ``openai.types.websocket_connection_options``, same names (defined in
the runtime's ``_websocket_connection_options``)."""

from .._websocket_connection_options import (
    SyncWebSocketConnectionOptions as SyncWebSocketConnectionOptions,
)
from .._websocket_connection_options import (
    WebSocketConnectionOptions as WebSocketConnectionOptions,
)
from .._websocket_connection_options import (
    WebsocketConnectionOptions as WebsocketConnectionOptions,
)

__all__ = [
    "SyncWebSocketConnectionOptions",
    "WebSocketConnectionOptions",
    "WebsocketConnectionOptions",
]
