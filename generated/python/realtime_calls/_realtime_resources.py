"""The helpers on a realtime connection, one method per client event
(``connection.session.update(...)``, ``connection.conversation.item.create(...)``, ...),
sync and async, as SDK 3.51.0's ``Realtime*Resource`` classes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Mapping, Union

from ._types import Omit, omit
from ._utils import cached_property, strip_omitted

if TYPE_CHECKING:
    from ._realtime_async import AsyncRealtimeConnection
    from ._realtime_sync import RealtimeConnection

__all__ = [
    "AsyncRealtimeConversationItemResource",
    "AsyncRealtimeConversationResource",
    "AsyncRealtimeInputAudioBufferResource",
    "AsyncRealtimeOutputAudioBufferResource",
    "AsyncRealtimeResponseResource",
    "AsyncRealtimeSessionResource",
    "BaseAsyncRealtimeConnectionResource",
    "BaseRealtimeConnectionResource",
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
]


def _event(kind: str, **fields: object) -> Dict[str, object]:
    return strip_omitted({"type": kind, **fields})


class BaseRealtimeConnectionResource:
    def __init__(self, connection: RealtimeConnection) -> None:
        self._connection = connection


class RealtimeSessionResource(BaseRealtimeConnectionResource):
    def update(
        self, *, session: Mapping[str, Any], event_id: Union[str, Omit] = omit
    ) -> None:
        """Update the session (``session.update``); answered by ``session.updated``."""
        self._connection.send(
            _event("session.update", session=session, event_id=event_id)
        )


class RealtimeResponseResource(BaseRealtimeConnectionResource):
    def create(
        self,
        *,
        event_id: Union[str, Omit] = omit,
        response: Union[Mapping[str, Any], Omit] = omit,
    ) -> None:
        """Start model inference (``response.create``)."""
        self._connection.send(
            _event("response.create", event_id=event_id, response=response)
        )

    def cancel(
        self, *, event_id: Union[str, Omit] = omit, response_id: Union[str, Omit] = omit
    ) -> None:
        """Cancel an in-progress response (``response.cancel``)."""
        self._connection.send(
            _event("response.cancel", event_id=event_id, response_id=response_id)
        )


class RealtimeInputAudioBufferResource(BaseRealtimeConnectionResource):
    def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.clear``."""
        self._connection.send(_event("input_audio_buffer.clear", event_id=event_id))

    def commit(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.commit``."""
        self._connection.send(_event("input_audio_buffer.commit", event_id=event_id))

    def append(self, *, audio: str, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.append`` (base64 audio)."""
        self._connection.send(
            _event("input_audio_buffer.append", audio=audio, event_id=event_id)
        )


class RealtimeConversationResource(BaseRealtimeConnectionResource):
    @cached_property
    def item(self) -> RealtimeConversationItemResource:
        return RealtimeConversationItemResource(self._connection)


class RealtimeConversationItemResource(BaseRealtimeConnectionResource):
    def delete(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.delete``."""
        self._connection.send(
            _event("conversation.item.delete", item_id=item_id, event_id=event_id)
        )

    def create(
        self,
        *,
        item: Mapping[str, Any],
        event_id: Union[str, Omit] = omit,
        previous_item_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.create``: add a message, function call or its output."""
        self._connection.send(
            _event(
                "conversation.item.create",
                item=item,
                event_id=event_id,
                previous_item_id=previous_item_id,
            )
        )

    def truncate(
        self,
        *,
        audio_end_ms: int,
        content_index: int,
        item_id: str,
        event_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.truncate``: cut an assistant message's audio."""
        self._connection.send(
            _event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )

    def retrieve(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.retrieve``."""
        self._connection.send(
            _event("conversation.item.retrieve", item_id=item_id, event_id=event_id)
        )


class RealtimeOutputAudioBufferResource(BaseRealtimeConnectionResource):
    def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``output_audio_buffer.clear`` (WebRTC/SIP): cut off the current audio."""
        self._connection.send(_event("output_audio_buffer.clear", event_id=event_id))


class BaseAsyncRealtimeConnectionResource:
    def __init__(self, connection: AsyncRealtimeConnection) -> None:
        self._connection = connection


class AsyncRealtimeSessionResource(BaseAsyncRealtimeConnectionResource):
    async def update(
        self, *, session: Mapping[str, Any], event_id: Union[str, Omit] = omit
    ) -> None:
        """Update the session (``session.update``); answered by ``session.updated``."""
        await self._connection.send(
            _event("session.update", session=session, event_id=event_id)
        )


class AsyncRealtimeResponseResource(BaseAsyncRealtimeConnectionResource):
    async def create(
        self,
        *,
        event_id: Union[str, Omit] = omit,
        response: Union[Mapping[str, Any], Omit] = omit,
    ) -> None:
        """Start model inference (``response.create``)."""
        await self._connection.send(
            _event("response.create", event_id=event_id, response=response)
        )

    async def cancel(
        self, *, event_id: Union[str, Omit] = omit, response_id: Union[str, Omit] = omit
    ) -> None:
        """Cancel an in-progress response (``response.cancel``)."""
        await self._connection.send(
            _event("response.cancel", event_id=event_id, response_id=response_id)
        )


class AsyncRealtimeInputAudioBufferResource(BaseAsyncRealtimeConnectionResource):
    async def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.clear``."""
        await self._connection.send(
            _event("input_audio_buffer.clear", event_id=event_id)
        )

    async def commit(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.commit``."""
        await self._connection.send(
            _event("input_audio_buffer.commit", event_id=event_id)
        )

    async def append(self, *, audio: str, event_id: Union[str, Omit] = omit) -> None:
        """``input_audio_buffer.append`` (base64 audio)."""
        await self._connection.send(
            _event("input_audio_buffer.append", audio=audio, event_id=event_id)
        )


class AsyncRealtimeConversationResource(BaseAsyncRealtimeConnectionResource):
    @cached_property
    def item(self) -> AsyncRealtimeConversationItemResource:
        return AsyncRealtimeConversationItemResource(self._connection)


class AsyncRealtimeConversationItemResource(BaseAsyncRealtimeConnectionResource):
    async def delete(self, *, item_id: str, event_id: Union[str, Omit] = omit) -> None:
        """``conversation.item.delete``."""
        await self._connection.send(
            _event("conversation.item.delete", item_id=item_id, event_id=event_id)
        )

    async def create(
        self,
        *,
        item: Mapping[str, Any],
        event_id: Union[str, Omit] = omit,
        previous_item_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.create``: add a message, function call or its output."""
        await self._connection.send(
            _event(
                "conversation.item.create",
                item=item,
                event_id=event_id,
                previous_item_id=previous_item_id,
            )
        )

    async def truncate(
        self,
        *,
        audio_end_ms: int,
        content_index: int,
        item_id: str,
        event_id: Union[str, Omit] = omit,
    ) -> None:
        """``conversation.item.truncate``: cut an assistant message's audio."""
        await self._connection.send(
            _event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )

    async def retrieve(
        self, *, item_id: str, event_id: Union[str, Omit] = omit
    ) -> None:
        """``conversation.item.retrieve``."""
        await self._connection.send(
            _event("conversation.item.retrieve", item_id=item_id, event_id=event_id)
        )


class AsyncRealtimeOutputAudioBufferResource(BaseAsyncRealtimeConnectionResource):
    async def clear(self, *, event_id: Union[str, Omit] = omit) -> None:
        """``output_audio_buffer.clear`` (WebRTC/SIP): cut off the current audio."""
        await self._connection.send(
            _event("output_audio_buffer.clear", event_id=event_id)
        )
