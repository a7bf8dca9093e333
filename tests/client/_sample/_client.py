"""`OpenAI` and `AsyncOpenAI` of the stand-in package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._utils import cached_property

if TYPE_CHECKING:
    from .resources.realtime import AsyncRealtime, Realtime

__all__ = ["AsyncOpenAI", "OpenAI"]


class OpenAI(SyncAPIClient):
    """Synchronous client."""

    @cached_property
    def realtime(self) -> Realtime:
        from .resources.realtime import Realtime

        return Realtime(self)


class AsyncOpenAI(AsyncAPIClient):
    """Asynchronous client."""

    @cached_property
    def realtime(self) -> AsyncRealtime:
        from .resources.realtime import AsyncRealtime

        return AsyncRealtime(self)
