"""Which class a received server event becomes, by its ``type``: the one place that
maps an event type to a class (`event_class`), so per-event classes plug in here
without touching the connection."""

from __future__ import annotations

import json
from typing import Dict, Type

from ._realtime_events import (
    SERVER_EVENT_TYPES,
    RealtimeServerEvent,
    UnknownRealtimeServerEvent,
)

__all__ = ["event_class", "parse_server_event", "register_server_event"]

_REGISTRY: Dict[str, Type[RealtimeServerEvent]] = {}


def register_server_event(type_name: str, cls: Type[RealtimeServerEvent]) -> None:
    """Make `parse_server_event` return ``cls`` for events of ``type_name``."""
    _REGISTRY[type_name] = cls


def event_class(type_name: object) -> Type[RealtimeServerEvent]:
    """The class of a server event whose ``type`` is ``type_name``: a registered one,
    the class generated for that type, the generic known-event class, or
    `UnknownRealtimeServerEvent` (contract rule 4)."""
    if isinstance(type_name, str):
        from ._realtime_models import SERVER_EVENT_CLASSES  # generated from the spec

        cls = _REGISTRY.get(type_name) or SERVER_EVENT_CLASSES.get(type_name)
        if cls is not None:
            return cls
        if type_name in SERVER_EVENT_TYPES:
            return RealtimeServerEvent
    return UnknownRealtimeServerEvent


def parse_server_event(data: str | bytes) -> RealtimeServerEvent:
    """One received WebSocket message as an event, dispatched by its ``type``."""
    value = json.loads(data)
    if not isinstance(value, dict):
        return UnknownRealtimeServerEvent({"type": None, "value": value})
    return event_class(value.get("type"))(value)
