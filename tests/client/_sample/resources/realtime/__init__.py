"""The `realtime` resource."""

from .calls import AsyncCalls, Calls
from .realtime import AsyncRealtime, Realtime

__all__ = ["AsyncCalls", "AsyncRealtime", "Calls", "Realtime"]
