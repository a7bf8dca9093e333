"""SDK 3.51.0's ``openai.resources.realtime.realtime``, same names: the ``realtime``
resource with ``connect``, and the realtime connection's classes (a program written
against the SDK imports ``AsyncRealtimeConnection`` & co. from here)."""

from __future__ import annotations

from ..._realtime import (
    AsyncRealtimeConnection,
    AsyncRealtimeConnectionManager,
    AsyncRealtimeConversationItemResource,
    AsyncRealtimeConversationResource,
    AsyncRealtimeInputAudioBufferResource,
    AsyncRealtimeOutputAudioBufferResource,
    AsyncRealtimeResponseResource,
    AsyncRealtimeSessionResource,
    BaseAsyncRealtimeConnectionResource,
    BaseRealtimeConnectionResource,
    RealtimeConnection,
    RealtimeConnectionManager,
    RealtimeConversationItemResource,
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
)
from . import (
    AsyncRealtime,
    AsyncRealtimeWithRawResponse,
    Realtime,
    RealtimeWithRawResponse,
)

__all__ = [
    "AsyncRealtime",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "AsyncRealtimeConversationItemResource",
    "AsyncRealtimeConversationResource",
    "AsyncRealtimeInputAudioBufferResource",
    "AsyncRealtimeOutputAudioBufferResource",
    "AsyncRealtimeResponseResource",
    "AsyncRealtimeSessionResource",
    "AsyncRealtimeWithRawResponse",
    "BaseAsyncRealtimeConnectionResource",
    "BaseRealtimeConnectionResource",
    "Realtime",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
    "RealtimeWithRawResponse",
]
