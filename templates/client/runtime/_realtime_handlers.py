"""Event handlers of a realtime connection and its manager: ``on`` / ``off`` / ``once``
(as the SDK's ``EventHandlerRegistry``), ``"event"`` standing for every event."""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Optional, Tuple

from typing_extensions import Self

__all__ = ["EventHandlers", "Handlers"]


class Handlers:
    """Handlers by event type, each with whether it runs once."""

    def __init__(self) -> None:
        self._handlers: Dict[str, List[Tuple[Callable[..., Any], bool]]] = {}
        self._lock = threading.Lock()

    def add(self, kind: str, handler: Callable[..., Any], once: bool = False) -> None:
        with self._lock:
            self._handlers.setdefault(kind, []).append((handler, once))

    def remove(self, kind: str, handler: Callable[..., Any]) -> None:
        with self._lock:
            entries = self._handlers.get(kind, [])
            for index, (known, _) in enumerate(entries):
                if known == handler:
                    del entries[index]
                    break

    def take(self, kind: str) -> List[Callable[..., Any]]:
        """The handlers to call for one event of ``kind``; ``once`` ones are dropped."""
        with self._lock:
            entries = self._handlers.get(kind, [])
            self._handlers[kind] = [e for e in entries if not e[1]]
            return [handler for handler, _ in entries]

    def merge_into(self, other: Handlers) -> None:
        """Hand the manager's handlers to the connection it opened."""
        with self._lock:
            for kind, entries in self._handlers.items():
                for handler, once in entries:
                    other.add(kind, handler, once)
            self._handlers.clear()


def _register(
    handlers: Handlers,
    owner: Any,
    kind: str,
    handler: Optional[Callable[..., Any]],
    once: bool,
) -> Any:
    if handler is not None:
        handlers.add(kind, handler, once)
        return owner

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        handlers.add(kind, fn, once)
        return fn

    return decorator


class EventHandlers:
    """``on`` / ``off`` / ``once``, as the SDK's connections and managers have them."""

    _handlers: Handlers

    def on(self, event_type: str, handler: Optional[Callable[..., Any]] = None) -> Any:
        """Add a handler for ``event_type`` (``"event"``: every event); a method
        (returns ``self``) or, without ``handler``, a decorator."""
        return _register(self._handlers, self, event_type, handler, False)

    def off(self, event_type: str, handler: Callable[..., Any]) -> Self:
        """Remove a handler added with `on` / `once`."""
        self._handlers.remove(event_type, handler)
        return self

    def once(
        self, event_type: str, handler: Optional[Callable[..., Any]] = None
    ) -> Any:
        """As `on`, removed after its first call."""
        return _register(self._handlers, self, event_type, handler, True)
