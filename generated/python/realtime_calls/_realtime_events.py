"""Events of the realtime WebSocket (`client.realtime.connect`): what the server sends
and what the client may send.

How events are represented: a server event is a `RealtimeServerEvent` (or, for a type
this package does not know, an `UnknownRealtimeServerEvent`), an object over the
parsed JSON with attribute access (``event.type``, ``event.item.call_id``),
``model_dump()`` / ``to_dict()`` / ``to_json()`` and equality with other events.
Which class an event becomes is decided in ``_realtime_dispatch.py``
(`register_server_event` maps a ``type`` value to a subclass).

The tables (`SERVER_EVENT_TYPES`, `CLIENT_EVENTS`) are generated from the spec's
``RealtimeServerEvent`` (46 members) and ``RealtimeClientEvent`` (11) unions into
``_realtime_event_tables.py`` (issue 16).

Contract rule 4: what we send is closed, what we receive is open. An unknown server
event type is never an error: it is returned as an `UnknownRealtimeServerEvent`
(the official SDK labels it as some other member of its union instead).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Dict, Iterator, List, Mapping, Optional, Tuple, Type

from ._realtime_event_tables import CLIENT_EVENTS, SERVER_EVENT_TYPES

__all__ = [
    "CLIENT_EVENTS",
    "RealtimeEvent",
    "RealtimeServerEvent",
    "SERVER_EVENT_TYPES",
    "UnknownRealtimeServerEvent",
    "check_client_event",
]


def _wrap(value: Any, nested: Any = None) -> Any:
    """A received JSON value with its objects wrapped: in the class ``nested`` names
    (a class, or ``((class, {key: constant}), ...)`` for a union: the first member
    none of whose constants the value contradicts: received objects are open and may
    leave keys out), else a plain `RealtimeEvent`."""
    if isinstance(value, dict):
        cls: Type[RealtimeEvent] = RealtimeEvent
        if isinstance(nested, type):
            cls = nested
        elif nested is not None:
            for member, consts in nested:
                if all(value.get(k, v) == v for k, v in consts.items()):
                    cls = member
                    break
        return cls(value)
    if isinstance(value, list):
        return [_wrap(item, nested) for item in value]
    return value


class RealtimeEvent:
    """A JSON object with attribute access; nested objects are wrapped the same way.

    The parsed JSON is kept as received (every key, known or not) and returned by
    `model_dump` / `to_dict`. A missing key reads as ``None`` through attribute access,
    as an unset optional field of the SDK's models does.
    """

    __slots__ = ("_data",)

    __nested__: ClassVar[Dict[str, Any]] = {}
    """The class of each object-valued field (generated event classes set it)."""

    def __init__(
        self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any
    ) -> None:
        object.__setattr__(self, "_data", {**(data or {}), **fields})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        data: Dict[str, Any] = object.__getattribute__(self, "_data")
        return _wrap(data.get(name), type(self).__nested__.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._data[key], type(self).__nested__.get(key))

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[Tuple[str, Any]]:
        return iter(self._data.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RealtimeEvent):
            return type(self) is type(other) and self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self._data.items())
        return f"{type(self).__name__}({fields})"

    def model_dump(self, *, exclude_unset: bool = True) -> Dict[str, Any]:
        """The event as plain JSON data (a deep copy)."""
        copied: Dict[str, Any] = json.loads(json.dumps(self._data))
        return copied

    def to_dict(self) -> Dict[str, Any]:
        """The event as plain JSON data (same as `model_dump`)."""
        return self.model_dump()

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self._data, indent=indent)


class RealtimeServerEvent(RealtimeEvent):
    """A server event of a type this package knows (see `SERVER_EVENT_TYPES`)."""

    __slots__ = ()

    @property
    def type(self) -> str:
        return str(self._data.get("type"))


class UnknownRealtimeServerEvent(RealtimeServerEvent):
    """A server event whose ``type`` this package does not know (contract rule 4):
    returned as is, every key kept, rather than failing or being mislabelled."""

    __slots__ = ()


def check_client_event(event: Mapping[str, Any]) -> List[str]:
    """Problems with a client event's own keys (closed, contract rule 4): an unknown
    ``type``, a missing required key or an unknown key. Empty when it is fine."""
    type_name = event.get("type")
    spec = CLIENT_EVENTS.get(type_name) if isinstance(type_name, str) else None
    if spec is None:
        known = ", ".join(sorted(CLIENT_EVENTS))
        return [f"$.type: unknown client event type {type_name!r} (known: {known})"]
    required, allowed = spec
    problems = [f"$: missing required key {k!r}" for k in sorted(required - set(event))]
    problems += [
        f"$.{k}: unknown key {k!r} for {type_name}" for k in event if k not in allowed
    ]
    return problems
