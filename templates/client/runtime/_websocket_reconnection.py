"""What ``on_reconnecting`` receives and may return, and which close codes are worth a
reconnection: what SDK 3.51.0's ``openai.types.websocket_reconnection`` defines, same
names. Public at that path, ``realtime_calls.types.websocket_reconnection``; defined here,
beside the runtime that uses it, so the ``types`` package only re-exports."""

from __future__ import annotations

import dataclasses
from typing import TypedDict

from ._types import Headers, Query

__all__ = ["ReconnectingEvent", "ReconnectingOverrides", "is_recoverable_close"]


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """Information about a reconnection attempt, passed to ``on_reconnecting``."""

    attempt: int
    """Which retry attempt this is (1-based)."""

    max_attempts: int
    """Total attempts that will be made."""

    delay: float
    """Delay in seconds before this attempt connects."""

    close_code: int
    """The WebSocket close code that triggered reconnection."""

    extra_query: Query
    """The current query parameters."""

    extra_headers: Headers
    """The current headers."""


class ReconnectingOverrides(TypedDict, total=False):
    """What ``on_reconnecting`` may return to change the next attempt."""

    extra_query: Query
    """If given, the query parameters of the next connection."""

    extra_headers: Headers
    """If given, the headers of the next connection."""

    abort: bool
    """``True`` stops reconnecting."""


# RFC 6455 section 7.4.1: the codes after which the SDK reconnects. 1005 and 1015 are
# never sent in a close frame (a close without a code is read as 1005; 1015 is a TLS
# failure, which `websockets` reports as an abnormal closure, 1006).
_RECOVERABLE_CLOSE_CODES: frozenset[int] = frozenset(
    {
        1001,  # going away (server shutting down)
        1005,  # no status code
        1006,  # abnormal closure (network drop)
        1011,  # internal server error
        1012,  # service restart
        1013,  # try again later
        1015,  # TLS handshake failure
    }
)


def is_recoverable_close(code: int) -> bool:
    """Whether a close with this code is worth reconnecting after."""
    return code in _RECOVERABLE_CLOSE_CODES
