"""``client.realtime.connect(...)``: the method the generated ``realtime`` resource
mixes in, with SDK 3.51.0's parameters and defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from ._realtime_async import AsyncRealtimeConnectionManager
from ._realtime_reconnect import (
    DEFAULT_INITIAL_DELAY,
    DEFAULT_MAX_DELAY,
    DEFAULT_MAX_RETRIES,
    OnReconnecting,
)
from ._realtime_send import DEFAULT_MAX_QUEUE_BYTES
from ._realtime_sync import RealtimeConnectionManager
from ._types import Headers, Omit, Query, omit
from ._websocket_connection_options import (
    SyncWebSocketConnectionOptions,
    WebSocketConnectionOptions,
)

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncRealtimeConnect", "RealtimeConnect"]


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
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_BYTES,
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
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_BYTES,
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
