"""What the sync and async connection managers share: the arguments of
``client.realtime.connect``, the send queue before the socket opens, the handlers
registered on the manager, and the target of each connection attempt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Union

from ._realtime_handlers import EventHandlers, Handlers
from ._realtime_reconnect import (
    DEFAULT_INITIAL_DELAY,
    DEFAULT_MAX_DELAY,
    DEFAULT_MAX_RETRIES,
    OnReconnecting,
    ReconnectTiming,
)
from ._realtime_send import (
    DEFAULT_MAX_QUEUE_BYTES,
    ClientEvent,
    SendQueue,
    encode_client_event,
)
from ._realtime_url import websocket_target
from ._types import Headers, Omit, Query, omit

if TYPE_CHECKING:
    from ._base_client import BaseClient

__all__ = ["ManagerBase"]


class ManagerBase(EventHandlers):
    """The state of a connection manager before (and across) its connection."""

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
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_BYTES,
        timing: Optional[ReconnectTiming] = None,
    ) -> None:
        """``timing``: how the waits between reconnection attempts are drawn and
        slept (tests inject it; `client.realtime.connect` leaves the default)."""
        self._call_id = call_id
        self._model = model
        self._extra_query = extra_query
        self._extra_headers = extra_headers
        self._options = websocket_connection_options
        self._on_reconnecting = on_reconnecting
        self._max_retries = max_retries
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._timing = timing or ReconnectTiming()
        self._send_queue = SendQueue(max_queue_size)
        self._handlers = Handlers()
        self._base_client = client

    def send(self, event: ClientEvent) -> None:
        """Queue a client event; it is sent as soon as the connection opens."""
        self._send_queue.enqueue(encode_client_event(self._base_client, event))

    def _connection_kwargs(self) -> Dict[str, Any]:
        return {
            "on_reconnecting": self._on_reconnecting,
            "max_retries": self._max_retries,
            "initial_delay": self._initial_delay,
            "max_delay": self._max_delay,
            "extra_query": self._extra_query,
            "extra_headers": self._extra_headers,
            "send_queue": self._send_queue,
            "timing": self._timing,
        }

    def _target(
        self, extra_query: Query, extra_headers: Headers
    ) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
        return websocket_target(
            self._base_client,
            call_id=self._call_id,
            model=self._model,
            extra_query=extra_query,
            extra_headers=extra_headers,
            options=self._options,
        )
