"""Options passed through to ``websockets``' ``connect``: what SDK 3.51.0's
``openai.types.websocket_connection_options`` defines, same names. Public at that path,
``realtime_calls.types.websocket_connection_options``; defined here, beside the runtime
that uses it, so the ``types`` package only re-exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence, Tuple, TypedDict, Union

from typing_extensions import TypeAlias

if TYPE_CHECKING:
    from websockets import Subprotocol
    from websockets.extensions import ClientExtensionFactory

__all__ = [
    "SyncWebSocketConnectionOptions",
    "WebSocketConnectionOptions",
    "WebsocketConnectionOptions",
]


class SyncWebSocketConnectionOptions(TypedDict, total=False):
    """Options of ``websockets.sync.client.connect``."""

    extensions: Optional[Sequence[ClientExtensionFactory]]
    """Supported extensions, in the order in which they should be negotiated."""

    subprotocols: Optional[Sequence[Subprotocol]]
    """Supported subprotocols, in decreasing preference."""

    compression: Optional[str]
    """With unlimited messages (``max_size=None``, the default) compression defaults to
    ``None``; with a finite ``max_size`` ``websockets`` enables permessage-deflate."""

    max_size: Optional[int]
    """Maximum size of incoming messages in bytes; ``None`` disables the limit."""

    max_queue: Union[int, None, Tuple[Optional[int], Optional[int]]]
    """High-water mark (or (high, low) marks) of the received-frames buffer; for sync
    connections this needs websockets >= 14."""


class WebSocketConnectionOptions(SyncWebSocketConnectionOptions, total=False):
    """Options of ``websockets.asyncio.client.connect``."""

    write_limit: Union[int, Tuple[int, Optional[int]]]
    """High-water mark (or (high, low) marks) of the write buffer in bytes."""


# The SDK keeps the pre-rename spelling importable.
WebsocketConnectionOptions: TypeAlias = WebSocketConnectionOptions
