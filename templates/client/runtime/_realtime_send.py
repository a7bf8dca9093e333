"""What a realtime connection sends: client events encoded as the SDK encodes them
(after the checks of ``validate_requests=True``), and the queue of messages waiting
for an open socket."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Union

from ._exceptions import RequestValidationError, WebSocketQueueFullError
from ._realtime_events import RealtimeEvent, check_client_event
from ._utils import strip_omitted

if TYPE_CHECKING:
    from ._base_client import BaseClient

__all__ = ["DEFAULT_MAX_QUEUE_BYTES", "ClientEvent", "SendQueue", "encode_client_event"]

ClientEvent = Union[Mapping[str, Any], RealtimeEvent]
"""A client event: a mapping such as ``{"type": "response.create"}`` or an event object."""

DEFAULT_MAX_QUEUE_BYTES = 1_048_576
"""The SDK's ``max_queue_size``: bytes of messages held while no socket is open."""


def encode_client_event(client: BaseClient, event: ClientEvent) -> str:
    """A client event as the JSON text the SDK sends (``json.dumps`` defaults), after
    the checks of ``validate_requests=True`` (contract rule 4: what we send is closed).
    """
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


def _size(data: Union[str, bytes]) -> int:
    return len(data.encode("utf-8") if isinstance(data, str) else data)


class SendQueue:
    """Messages waiting for an open socket, bounded in bytes (as the SDK's)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_QUEUE_BYTES) -> None:
        self._items: List[Union[str, bytes]] = []
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    def enqueue(self, data: Union[str, bytes]) -> None:
        size = _size(data)
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
            self._bytes -= _size(data)
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
