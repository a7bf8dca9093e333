"""Webhook events: attribute access, dict round trips, dispatch by ``type``.

TYPED LAYER WRITTEN BY HAND (issue 15), until the webhook types are generated.
The 15 event classes below are the ``webhooks:`` section of the upstream
document (``WebhookBatchCancelled`` ... ``WebhookResponseIncomplete``) under the
SDK's names (``BatchCancelledWebhookEvent``, ...); ``tests/webhooks`` checks them
against the upstream document (names, types, fields, required fields), so a
change upstream fails a test until this layer follows. Once the spec carries
the webhook schemas (the upstream slicing of issue 13), generated classes
replace them: any `WebhookModel` subclass with an ``__event_type__`` can be
registered with `register_webhook_event`.

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
    Union,
    get_args,
)

if TYPE_CHECKING:
    from typing_extensions import Literal, Self
else:
    try:
        from typing import Literal
    except ImportError:  # pragma: no cover
        from typing_extensions import Literal

__all__ = [
    "AnyWebhookEvent",
    "BatchCancelledWebhookEvent",
    "BatchCompletedWebhookEvent",
    "BatchExpiredWebhookEvent",
    "BatchFailedWebhookEvent",
    "EvalRunCanceledWebhookEvent",
    "EvalRunFailedWebhookEvent",
    "EvalRunSucceededWebhookEvent",
    "FineTuningJobCancelledWebhookEvent",
    "FineTuningJobFailedWebhookEvent",
    "FineTuningJobSucceededWebhookEvent",
    "RealtimeCallIncomingWebhookEvent",
    "RealtimeCallIncomingWebhookEventData",
    "RealtimeCallIncomingWebhookEventDataSipHeader",
    "ResponseCancelledWebhookEvent",
    "ResponseCompletedWebhookEvent",
    "ResponseFailedWebhookEvent",
    "ResponseIncompleteWebhookEvent",
    "UnknownWebhookEvent",
    "UnwrapWebhookEvent",
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


class RealtimeCallIncomingWebhookEventDataSipHeader(WebhookModel):
    """A header from the SIP Invite."""

    name: str
    """Name of the SIP Header."""

    value: str
    """Value of the SIP Header."""


class RealtimeCallIncomingWebhookEventData(WebhookModel):
    """Event data payload."""

    call_id: str
    """The unique ID of this call."""

    sip_headers: List[RealtimeCallIncomingWebhookEventDataSipHeader]
    """Headers from the SIP Invite."""

    __nested__ = {"sip_headers": RealtimeCallIncomingWebhookEventDataSipHeader}


class RealtimeCallIncomingWebhookEvent(WebhookEvent):
    """Sent when Realtime API Receives a incoming SIP call."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the model response was completed."""

    data: RealtimeCallIncomingWebhookEventData
    """Event data payload."""

    type: Literal["realtime.call.incoming"]
    """The type of the event. Always `realtime.call.incoming`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "realtime.call.incoming"
    __nested__ = {"data": RealtimeCallIncomingWebhookEventData}


class BatchCancelledWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the batch API request."""


class BatchCancelledWebhookEvent(WebhookEvent):
    """Sent when a batch API request has been cancelled."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the batch API request was cancelled."""

    data: BatchCancelledWebhookEventData
    """Event data payload."""

    type: Literal["batch.cancelled"]
    """The type of the event. Always `batch.cancelled`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "batch.cancelled"
    __nested__ = {"data": BatchCancelledWebhookEventData}


class BatchCompletedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the batch API request."""


class BatchCompletedWebhookEvent(WebhookEvent):
    """Sent when a batch API request has been completed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the batch API request was completed."""

    data: BatchCompletedWebhookEventData
    """Event data payload."""

    type: Literal["batch.completed"]
    """The type of the event. Always `batch.completed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "batch.completed"
    __nested__ = {"data": BatchCompletedWebhookEventData}


class BatchExpiredWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the batch API request."""


class BatchExpiredWebhookEvent(WebhookEvent):
    """Sent when a batch API request has expired."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the batch API request expired."""

    data: BatchExpiredWebhookEventData
    """Event data payload."""

    type: Literal["batch.expired"]
    """The type of the event. Always `batch.expired`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "batch.expired"
    __nested__ = {"data": BatchExpiredWebhookEventData}


class BatchFailedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the batch API request."""


class BatchFailedWebhookEvent(WebhookEvent):
    """Sent when a batch API request has failed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the batch API request failed."""

    data: BatchFailedWebhookEventData
    """Event data payload."""

    type: Literal["batch.failed"]
    """The type of the event. Always `batch.failed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "batch.failed"
    __nested__ = {"data": BatchFailedWebhookEventData}


class EvalRunCanceledWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the eval run."""


class EvalRunCanceledWebhookEvent(WebhookEvent):
    """Sent when an eval run has been canceled."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the eval run was canceled."""

    data: EvalRunCanceledWebhookEventData
    """Event data payload."""

    type: Literal["eval.run.canceled"]
    """The type of the event. Always `eval.run.canceled`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "eval.run.canceled"
    __nested__ = {"data": EvalRunCanceledWebhookEventData}


class EvalRunFailedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the eval run."""


class EvalRunFailedWebhookEvent(WebhookEvent):
    """Sent when an eval run has failed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the eval run failed."""

    data: EvalRunFailedWebhookEventData
    """Event data payload."""

    type: Literal["eval.run.failed"]
    """The type of the event. Always `eval.run.failed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "eval.run.failed"
    __nested__ = {"data": EvalRunFailedWebhookEventData}


class EvalRunSucceededWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the eval run."""


class EvalRunSucceededWebhookEvent(WebhookEvent):
    """Sent when an eval run has succeeded."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the eval run succeeded."""

    data: EvalRunSucceededWebhookEventData
    """Event data payload."""

    type: Literal["eval.run.succeeded"]
    """The type of the event. Always `eval.run.succeeded`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "eval.run.succeeded"
    __nested__ = {"data": EvalRunSucceededWebhookEventData}


class FineTuningJobCancelledWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the fine-tuning job."""


class FineTuningJobCancelledWebhookEvent(WebhookEvent):
    """Sent when a fine-tuning job has been cancelled."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the fine-tuning job was cancelled."""

    data: FineTuningJobCancelledWebhookEventData
    """Event data payload."""

    type: Literal["fine_tuning.job.cancelled"]
    """The type of the event. Always `fine_tuning.job.cancelled`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "fine_tuning.job.cancelled"
    __nested__ = {"data": FineTuningJobCancelledWebhookEventData}


class FineTuningJobFailedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the fine-tuning job."""


class FineTuningJobFailedWebhookEvent(WebhookEvent):
    """Sent when a fine-tuning job has failed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the fine-tuning job failed."""

    data: FineTuningJobFailedWebhookEventData
    """Event data payload."""

    type: Literal["fine_tuning.job.failed"]
    """The type of the event. Always `fine_tuning.job.failed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "fine_tuning.job.failed"
    __nested__ = {"data": FineTuningJobFailedWebhookEventData}


class FineTuningJobSucceededWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the fine-tuning job."""


class FineTuningJobSucceededWebhookEvent(WebhookEvent):
    """Sent when a fine-tuning job has succeeded."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the fine-tuning job succeeded."""

    data: FineTuningJobSucceededWebhookEventData
    """Event data payload."""

    type: Literal["fine_tuning.job.succeeded"]
    """The type of the event. Always `fine_tuning.job.succeeded`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "fine_tuning.job.succeeded"
    __nested__ = {"data": FineTuningJobSucceededWebhookEventData}


class ResponseCancelledWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the model response."""


class ResponseCancelledWebhookEvent(WebhookEvent):
    """Sent when a background response has been cancelled."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the model response was cancelled."""

    data: ResponseCancelledWebhookEventData
    """Event data payload."""

    type: Literal["response.cancelled"]
    """The type of the event. Always `response.cancelled`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "response.cancelled"
    __nested__ = {"data": ResponseCancelledWebhookEventData}


class ResponseCompletedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the model response."""


class ResponseCompletedWebhookEvent(WebhookEvent):
    """Sent when a background response has been completed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the model response was completed."""

    data: ResponseCompletedWebhookEventData
    """Event data payload."""

    type: Literal["response.completed"]
    """The type of the event. Always `response.completed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "response.completed"
    __nested__ = {"data": ResponseCompletedWebhookEventData}


class ResponseFailedWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the model response."""


class ResponseFailedWebhookEvent(WebhookEvent):
    """Sent when a background response has failed."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the model response failed."""

    data: ResponseFailedWebhookEventData
    """Event data payload."""

    type: Literal["response.failed"]
    """The type of the event. Always `response.failed`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "response.failed"
    __nested__ = {"data": ResponseFailedWebhookEventData}


class ResponseIncompleteWebhookEventData(WebhookModel):
    """Event data payload."""

    __slots__ = ()

    id: str
    """The unique ID of the model response."""


class ResponseIncompleteWebhookEvent(WebhookEvent):
    """Sent when a background response has been interrupted."""

    id: str
    """The unique ID of the event."""

    created_at: int
    """The Unix timestamp (in seconds) of when the model response was interrupted."""

    data: ResponseIncompleteWebhookEventData
    """Event data payload."""

    type: Literal["response.incomplete"]
    """The type of the event. Always `response.incomplete`."""

    object: Optional[Literal["event"]]
    """The object of the event. Always `event`."""

    __event_type__ = "response.incomplete"
    __nested__ = {"data": ResponseIncompleteWebhookEventData}


UnwrapWebhookEvent = Union[
    RealtimeCallIncomingWebhookEvent,
    BatchCancelledWebhookEvent,
    BatchCompletedWebhookEvent,
    BatchExpiredWebhookEvent,
    BatchFailedWebhookEvent,
    EvalRunCanceledWebhookEvent,
    EvalRunFailedWebhookEvent,
    EvalRunSucceededWebhookEvent,
    FineTuningJobCancelledWebhookEvent,
    FineTuningJobFailedWebhookEvent,
    FineTuningJobSucceededWebhookEvent,
    ResponseCancelledWebhookEvent,
    ResponseCompletedWebhookEvent,
    ResponseFailedWebhookEvent,
    ResponseIncompleteWebhookEvent,
]
"""What ``client.webhooks.unwrap`` is typed to return, as in the SDK: one class
per known event type, each with a ``Literal`` ``type`` so that
``if event.type == "realtime.call.incoming":`` narrows it. At run time an
unknown type comes back as `UnknownWebhookEvent` (contract rule 4), which this
union leaves out so that the narrowing keeps working: test for it with
``isinstance`` (or annotate with `AnyWebhookEvent`)."""

AnyWebhookEvent = Union[UnwrapWebhookEvent, UnknownWebhookEvent]
"""What ``unwrap`` can return at run time: a known event or `UnknownWebhookEvent`."""

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


for _cls in get_args(UnwrapWebhookEvent):
    register_webhook_event(_cls)


def construct_webhook_event(value: object) -> AnyWebhookEvent:
    """The event for a decoded payload: the class registered for its ``type``,
    else `UnknownWebhookEvent`. Nothing is validated (an open model: contract
    rule 4); a payload that is not a JSON object is a ``TypeError``."""
    if not isinstance(value, dict):
        raise TypeError(
            f"a webhook payload is a JSON object, not {type(value).__name__}"
        )
    event_type = value.get("type")
    cls = WEBHOOK_EVENTS.get(event_type) if isinstance(event_type, str) else None
    return (cls or UnknownWebhookEvent)._wrap(value)  # type: ignore[return-value]
