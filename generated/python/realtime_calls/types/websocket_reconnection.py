"""SDK 3.51.0's ``openai.types.websocket_reconnection``, same names (defined in the
runtime's ``_websocket_reconnection``)."""

from .._websocket_reconnection import (
    _RECOVERABLE_CLOSE_CODES as _RECOVERABLE_CLOSE_CODES,
)
from .._websocket_reconnection import ReconnectingEvent as ReconnectingEvent
from .._websocket_reconnection import ReconnectingOverrides as ReconnectingOverrides
from .._websocket_reconnection import is_recoverable_close as is_recoverable_close

__all__ = ["ReconnectingEvent", "ReconnectingOverrides", "is_recoverable_close"]
