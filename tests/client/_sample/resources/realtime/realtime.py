"""The `realtime` resource: only `calls` here."""

from __future__ import annotations

from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._utils import cached_property
from .calls import AsyncCalls, Calls


class Realtime(SyncAPIResource):
    """`client.realtime`."""

    @cached_property
    def calls(self) -> Calls:
        return Calls(self._client)


class AsyncRealtime(AsyncAPIResource):
    """`client.realtime` (async)."""

    @cached_property
    def calls(self) -> AsyncCalls:
        return AsyncCalls(self._client)
