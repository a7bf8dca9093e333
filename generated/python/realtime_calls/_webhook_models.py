"""Webhook event models: attribute access, dict round trips, dispatch by ``type``.

The base classes of the generated webhook event classes (``_webhook_events.py``,
generated from the ``webhooks:`` section of the spec) and their registry.

The models are plain objects over the received JSON (no pydantic: importing
this package stays cheap), open as contract rule 4 asks: unknown keys are kept
and readable as attributes, a missing optional field reads as ``None``, and an
event whose ``type`` is not registered comes back as `UnknownWebhookEvent`
(never an exception; the SDK mislabels such an event as one of its known
classes). ``model_dump()`` / ``to_dict()`` return the JSON as received,
``model_dump_json()`` / ``to_json()`` its text.
"""

from __future__ import annotations

import copy
import json
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    List,
    Mapping,
    Optional,
    Type,
    TypeVar,
)

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "UnknownWebhookEvent",
    "WEBHOOK_EVENTS",
    "WebhookEvent",
    "WebhookModel",
    "construct_webhook_event",
    "register_webhook_event",
]

_M = TypeVar("_M", bound="WebhookModel")
_MISSING = object()


def _raw(value: object) -> object:
    """The JSON value of ``value`` (models give their data)."""
    if isinstance(value, WebhookModel):
        return value._data
    if isinstance(value, (list, tuple)):
        return [_raw(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _raw(v) for k, v in value.items()}
    return value


def _drop_none(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


class WebhookModel:
    """An object of a webhook payload: the JSON object it was built from, read
    through attributes. Nested objects are models too (the class in
    ``__nested__`` for a known field, else a plain `WebhookModel`); arrays are
    lists of them."""

    __slots__ = ("_data",)

    __nested__: ClassVar[Dict[str, Type[WebhookModel]]] = {}
    """The model class of each object-valued field (lists: of each item)."""

    _data: Dict[str, object]

    def __init__(self, **fields: object) -> None:
        object.__setattr__(self, "_data", {k: _raw(v) for k, v in fields.items()})

    @classmethod
    def construct(cls, **fields: object) -> Self:
        """A model from keyword arguments, unchecked (as the SDK's ``construct``)."""
        return cls(**fields)

    model_construct = construct

    @classmethod
    def model_validate(cls, obj: Mapping[str, object]) -> Self:
        """A model over a JSON object (a ``dict``), which it copies."""
        if not isinstance(obj, Mapping):
            raise TypeError(f"expected a JSON object, got {type(obj).__name__}")
        model = cls.__new__(cls)
        object.__setattr__(model, "_data", copy.deepcopy(dict(obj)))
        return model

    @classmethod
    def _wrap(cls, data: Dict[str, object]) -> Self:
        model = cls.__new__(cls)
        object.__setattr__(model, "_data", data)
        return model

    if not TYPE_CHECKING:  # attributes are checked statically by the declarations

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            value = self._data.get(name, _MISSING)
            if value is _MISSING:
                if _declared(type(self), name):
                    return None  # an optional field that was not sent
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}"
                )
            return self._convert(name, value)

        def __setattr__(self, name: str, value: object) -> None:
            self._data[name] = _raw(value)

    def _convert(self, name: str, value: object) -> Any:
        nested = self.__nested__.get(name, WebhookModel)
        if isinstance(value, dict):
            return nested._wrap(value)
        if isinstance(value, list):
            return [nested._wrap(v) if isinstance(v, dict) else v for v in value]
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WebhookModel):
            return type(self) is type(other) and self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}={self._convert(k, v)!r}" for k, v in self._data.items()
        )
        return f"{type(self).__name__}({fields})"

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._data))

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the payload has (as pydantic's ``model_fields_set``)."""
        return set(self._data)

    @property
    def model_extra(self) -> Dict[str, object]:
        """The fields the payload has that this class does not declare."""
        return {k: v for k, v in self._data.items() if not _declared(type(self), k)}

    def model_dump(
        self, *, mode: str = "python", exclude_none: bool = False
    ) -> Dict[str, Any]:
        """The payload as a ``dict`` (a copy; JSON values only, so ``mode`` makes no
        difference). Fields not sent are not included."""
        data = copy.deepcopy(self._data)
        return _drop_none(data) if exclude_none else data  # type: ignore[return-value]

    def to_dict(
        self, *, mode: str = "python", exclude_none: bool = False
    ) -> Dict[str, Any]:
        """The payload as a ``dict`` (as the SDK's ``to_dict``)."""
        return self.model_dump(mode=mode, exclude_none=exclude_none)

    def model_dump_json(
        self, *, indent: Optional[int] = None, exclude_none: bool = False
    ) -> str:
        """The payload as JSON text."""
        return json.dumps(
            self.model_dump(exclude_none=exclude_none),
            indent=indent,
            ensure_ascii=False,
            separators=(",", ":") if indent is None else None,
        )

    def to_json(self, *, indent: Optional[int] = 2, exclude_none: bool = False) -> str:
        """The payload as JSON text, indented by 2 (as the SDK's ``to_json``)."""
        return self.model_dump_json(indent=indent, exclude_none=exclude_none)

    def __getstate__(self) -> Dict[str, object]:
        return self._data

    def __setstate__(self, state: Dict[str, object]) -> None:
        object.__setattr__(self, "_data", state)


def _declared(cls: type, name: str) -> bool:
    return any(name in getattr(c, "__annotations__", {}) for c in cls.__mro__)


class WebhookEvent(WebhookModel):
    """What every webhook event has: ``id``, ``created_at``, ``type``,
    ``data`` and ``object`` (always ``"event"``)."""

    __slots__ = ()

    __event_type__: ClassVar[Optional[str]] = None
    """The ``type`` this class stands for (``None``: the generic event)."""


class UnknownWebhookEvent(WebhookEvent):
    """An event whose ``type`` this package does not know (a newer upstream
    event): every field is readable, nothing is checked (contract rule 4)."""

    __slots__ = ()

    id: str
    created_at: int
    type: str
    data: Any
    object: Optional[str]


WEBHOOK_EVENTS: Dict[str, Type[WebhookEvent]] = {}
"""The event class of each ``type`` (`register_webhook_event` adds to it)."""


def register_webhook_event(cls: Type[_M]) -> Type[_M]:
    """Register an event class for its ``__event_type__`` (usable as a class
    decorator; a later registration for the same type replaces the earlier)."""
    event_type = getattr(cls, "__event_type__", None)
    if not isinstance(event_type, str) or not issubclass(cls, WebhookEvent):
        raise TypeError(f"{cls.__name__} is not a WebhookEvent with an __event_type__")
    WEBHOOK_EVENTS[event_type] = cls
    return cls


def construct_webhook_event(value: object) -> WebhookEvent:
    """The event for a decoded payload: the class registered for its ``type``,
    else `UnknownWebhookEvent`. Nothing is validated (an open model: contract
    rule 4); a payload that is not a JSON object is a ``TypeError``."""
    if not isinstance(value, dict):
        raise TypeError(
            f"a webhook payload is a JSON object, not {type(value).__name__}"
        )
    event_type = value.get("type")
    cls = WEBHOOK_EVENTS.get(event_type) if isinstance(event_type, str) else None
    return (cls or UnknownWebhookEvent)._wrap(value)
